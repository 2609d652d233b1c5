// A throw-away CA and a server certificate for 127.0.0.1/localhost, made with openssl in a temp directory, plus
// a second CA that signed nothing we serve (for "untrusted certificate" tests).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPki {
  dir: string;
  /** PEM of the CA that signed the server certificate. */
  caFile: string;
  /** PEM of a CA that signed nothing here. */
  otherCaFile: string;
  key: Buffer;
  cert: Buffer;
  /** Signed by the CA, but for fmc.example.com only (a host-name mismatch at 127.0.0.1). */
  wrongName: { key: Buffer; cert: Buffer };
  cleanup(): Promise<void>;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Make the CAs and the server certificate (SAN IP:127.0.0.1, DNS:localhost). */
export async function makeTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'firemend-pki-'));
  const p = (f: string): string => join(dir, f);
  await run('openssl', ['req', '-x509', ...EC, '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '2', '-subj', '/CN=firemend test CA']);
  await run('openssl', ['req', '-x509', ...EC, '-keyout', p('other.key'), '-out', p('other.pem'), '-days', '2', '-subj', '/CN=firemend other CA']);
  await run('openssl', ['req', ...EC, '-keyout', p('srv.key'), '-out', p('srv.csr'), '-subj', '/CN=127.0.0.1']);
  await writeFile(p('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await run('openssl', ['x509', '-req', '-in', p('srv.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('srv.pem'), '-days', '2', '-extfile', p('ext.cnf')]);
  await run('openssl', ['req', ...EC, '-keyout', p('wrong.key'), '-out', p('wrong.csr'), '-subj', '/CN=fmc.example.com']);
  await writeFile(p('wrong.cnf'), 'subjectAltName=DNS:fmc.example.com\n');
  await run('openssl', ['x509', '-req', '-in', p('wrong.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('wrong.pem'), '-days', '2', '-extfile', p('wrong.cnf')]);
  return {
    dir,
    wrongName: { key: await readFile(p('wrong.key')), cert: await readFile(p('wrong.pem')) },
    caFile: p('ca.pem'),
    otherCaFile: p('other.pem'),
    key: await readFile(p('srv.key')),
    cert: await readFile(p('srv.pem')),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
