/**
 * A throw-away certificate authority for the test world, built with the openssl command line.
 *
 * `createTestCA(dir)` makes a root CA (trusted by the go command through SSL_CERT_FILE, and by git
 * through GIT_SSL_CAINFO) and a second, never-trusted CA. `issue(hosts)` returns a PEM certificate
 * and key valid for every given DNS name or IP address; variants produce the three TLS failures the
 * scenarios need: `expired` (validity ended yesterday), `wrongHost` (valid only for another name)
 * and `untrusted` (signed by the CA nobody trusts → "unknown authority").
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface IssueOptions {
  /** Validity ended before now: "certificate has expired or is not yet valid". */
  expired?: boolean;
  /** Valid only for a name that is not one of `hosts`: "certificate is valid for …, not …". */
  wrongHost?: boolean;
  /** Signed by a CA that is not in caCertPath: "certificate signed by unknown authority". */
  untrusted?: boolean;
}

export interface IssuedCert {
  /** PEM certificate followed by nothing else (the root is not included, as in real servers). */
  cert: string;
  /** PEM private key. */
  key: string;
}

export interface TestCA {
  /** PEM file holding the trusted root: give it to go as SSL_CERT_FILE and to git as GIT_SSL_CAINFO. */
  caCertPath: string;
  /** PEM file of the untrusted CA (for tests that want to trust it on purpose). */
  untrustedCaCertPath: string;
  /** A certificate for the given names/IPs; the same arguments return the same cached certificate. */
  issue(hosts: string[], opts?: IssueOptions): IssuedCert;
}

/** The name a `wrongHost` certificate is valid for. */
export const WRONG_HOST_NAME = 'wrong-host.invalid';

const DAY_MS = 24 * 60 * 60 * 1000;

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** openssl ca date format: YYYYMMDDHHMMSSZ. */
function caDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}

function makeRoot(dir: string, name: string, cn: string): void {
  mkdirSync(join(dir, name, 'newcerts'), { recursive: true });
  writeFileSync(join(dir, name, 'index.txt'), '');
  writeFileSync(join(dir, name, 'serial'), '1000\n');
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${name}/ca.key`,
      '-out',
      `${name}/ca.pem`,
      '-days',
      '3650',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  writeFileSync(
    join(dir, name, 'ca.cnf'),
    [
      '[ ca ]',
      'default_ca = testca',
      '[ testca ]',
      `dir = ${join(dir, name)}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir/newcerts',
      'serial = $dir/serial',
      'default_md = sha256',
      'policy = policy_any',
      'unique_subject = no',
      'copy_extensions = none',
      '[ policy_any ]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
}

/** Creates the CAs under `dir` (which must exist or be creatable). */
export function createTestCA(dir: string): Promise<TestCA> {
  mkdirSync(dir, { recursive: true });
  makeRoot(dir, 'root', 'Go Module Doctor Test Root CA');
  makeRoot(dir, 'untrusted', 'Untrusted Test CA');
  const cache = new Map<string, IssuedCert>();
  let counter = 0;

  function issue(hosts: string[], opts: IssueOptions = {}): IssuedCert {
    if (hosts.length === 0) throw new Error('issue: at least one host name is needed');
    const cacheKey = JSON.stringify([hosts, !!opts.expired, !!opts.wrongHost, !!opts.untrusted]);
    const cached = cache.get(cacheKey);
    if (cached) return cached;
    const names = opts.wrongHost ? [WRONG_HOST_NAME] : hosts;
    const ca = opts.untrusted ? 'untrusted' : 'root';
    const id = `leaf${++counter}`;
    const san = names.map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
    writeFileSync(
      join(dir, `${id}.ext`),
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${san}`,
        '',
      ].join('\n'),
    );
    openssl(
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        `${id}.key`,
        '-out',
        `${id}.csr`,
        '-subj',
        `/CN=${names[0]}`,
      ],
      dir,
    );
    const now = Date.now();
    const [start, end] = opts.expired
      ? [now - 30 * DAY_MS, now - DAY_MS]
      : [now - DAY_MS, now + 365 * DAY_MS];
    openssl(
      [
        'ca',
        '-batch',
        '-notext',
        '-config',
        `${ca}/ca.cnf`,
        '-cert',
        `${ca}/ca.pem`,
        '-keyfile',
        `${ca}/ca.key`,
        '-in',
        `${id}.csr`,
        '-out',
        `${id}.pem`,
        '-startdate',
        caDate(start),
        '-enddate',
        caDate(end),
        '-extfile',
        `${id}.ext`,
      ],
      dir,
    );
    const issued = {
      cert: readFileSync(join(dir, `${id}.pem`), 'utf8'),
      key: readFileSync(join(dir, `${id}.key`), 'utf8'),
    };
    cache.set(cacheKey, issued);
    return issued;
  }

  return Promise.resolve({
    caCertPath: join(dir, 'root/ca.pem'),
    untrustedCaCertPath: join(dir, 'untrusted/ca.pem'),
    issue,
  });
}
