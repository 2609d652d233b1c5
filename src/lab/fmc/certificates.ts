// The lab FMC's TLS identity: a private CA generated at start and a server certificate it signs for 127.0.0.1 and
// localhost. node:crypto makes keys but cannot issue X.509 certificates, so the `openssl` binary issues them (it is
// on every Debian CI image); everything lives in a private temporary directory removed before this returns.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM texts of the lab FMC's CA and of the server certificate and key it presents. */
export interface FmcCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** Run openssl; a missing binary or a refusal becomes an Error naming the step. */
async function openssl(args: string[], step: string): Promise<void> {
  try {
    await run('openssl', args, { timeout: 30_000 });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`lab FMC: openssl could not ${step}: ${detail}`, { cause: err });
  }
}

/** Issue a fresh CA and a server certificate (EC P-256, 2 days) whose subjectAltName is IP 127.0.0.1 and DNS localhost. */
export async function issueFmcCertificates(): Promise<FmcCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'firemend-lab-fmc-'));
  const p = (name: string): string => join(dir, name);
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    // 1. The CA: self-signed, allowed to sign certificates only.
    await openssl(
      ['req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '2', '-subj', '/O=firemend lab/CN=firemend lab FMC CA',
        '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
      'create the CA',
    );
    // 2. The server key and request.
    await openssl(['req', '-new', ...ec, '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/O=firemend lab/CN=127.0.0.1'], 'create the server key');
    // 3. The CA signs it for 127.0.0.1 and localhost, server authentication only, with a random serial.
    await writeFile(
      p('server.ext'),
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
    );
    await openssl(
      ['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-set_serial', `0x${randomBytes(12).toString('hex')}`,
        '-days', '2', '-sha256', '-extfile', p('server.ext'), '-out', p('server.pem')],
      'sign the server certificate',
    );
    const [caPem, certPem, keyPem] = await Promise.all([readFile(p('ca.pem'), 'utf8'), readFile(p('server.pem'), 'utf8'), readFile(p('server.key'), 'utf8')]);
    return { caPem, certPem, keyPem };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
