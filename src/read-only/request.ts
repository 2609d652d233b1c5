// The read-only rule for REST requests (`api:` actions): only GET reads. Used by validate on the playbook and
// by an httpapi connection's check-mode guard on the request as sent.
import type { HttpMethod } from '../connections/connection.js';
import { readOnly, refused, type Verdict } from './verdict.js';

/** Is a request with this method free of changes? */
export function classifyRequest(method: HttpMethod | string): Verdict {
  return method === 'GET' ? readOnly('GET only reads') : refused(`method ${method} may change the device (only GET is read-only)`);
}
