/**
 * The roots a TLS probe trusts: the ones the go command would use, so that the probe fails where go fails.
 *
 * On Linux and the BSDs go reads SSL_CERT_FILE and SSL_CERT_DIR when set, otherwise the first system bundle
 * that exists. On macOS and Windows go asks the platform verifier, which Node cannot; the probe then uses
 * Node's bundled roots and says so.
 *
 * And a heuristic: does an issuer look like a TLS-intercepting proxy or security product?
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';

export interface TrustStore {
  /** PEM roots; undefined = Node's bundled roots. */
  ca?: string[];
  /** Where they came from, for the report. */
  source: string;
}

/** The bundles go's crypto/x509 looks for on Linux, in its order. */
const LINUX_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
const LINUX_DIRS = ['/etc/ssl/certs', '/etc/pki/tls/certs'];

function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function readPemFile(p: string): string[] {
  try {
    return splitPem(readFileSync(p, 'utf8'));
  } catch {
    return [];
  }
}

function readPemDir(dir: string): string[] {
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    try {
      if (statSync(p).isFile()) out.push(...readPemFile(p));
    } catch {
      // unreadable entries are skipped, as go does
    }
  }
  return out;
}

export function trustStoreFor(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): TrustStore {
  if (platform === 'darwin' || platform === 'win32') {
    return { source: 'node (go uses the system verifier on this platform)' };
  }
  const file = env.SSL_CERT_FILE ?? '';
  const dirs = (env.SSL_CERT_DIR ?? '').split(':').filter((d) => d !== '');
  if (file !== '' || dirs.length > 0) {
    const ca = [...(file !== '' ? readPemFile(file) : []), ...dirs.flatMap(readPemDir)];
    const parts = [
      file !== '' ? `SSL_CERT_FILE=${file}` : '',
      dirs.length > 0 ? `SSL_CERT_DIR=${dirs.join(':')}` : '',
    ]
      .filter((s) => s !== '')
      .join(', ');
    return { ca, source: parts };
  }
  for (const f of LINUX_BUNDLES) {
    const ca = readPemFile(f);
    if (ca.length > 0) return { ca, source: f };
  }
  for (const d of LINUX_DIRS) {
    const ca = readPemDir(d);
    if (ca.length > 0) return { ca, source: d };
  }
  return { source: 'node' };
}

/** Products known to intercept TLS (corporate proxies, endpoint security, antivirus). */
const INTERCEPTORS = [
  'zscaler',
  'netskope',
  'fortinet',
  'fortigate',
  'palo alto',
  'paloalto',
  'blue coat',
  'bluecoat',
  'symantec web',
  'cisco umbrella',
  'opendns',
  'forcepoint',
  'websense',
  'sophos',
  'kaspersky',
  'avast',
  'avg ',
  'eset',
  'bitdefender',
  'mcafee web gateway',
  'skyhigh',
  'check point',
  'checkpoint',
  'barracuda',
  'watchguard',
  'sonicwall',
  'untangle',
  'mitmproxy',
  'charles proxy',
  'fiddler',
  'burp',
  'squid',
  'cloudflare gateway',
  'iboss',
  'menlo security',
  'lightspeed',
  'securly',
  'contentkeeper',
];

let publicSubjects: Set<string> | undefined;

/** Subjects of Node's bundled (public) roots, as "CN=…\nO=…" strings. */
function publicRootSubjects(): Set<string> {
  if (!publicSubjects) {
    publicSubjects = new Set<string>();
    for (const pem of tls.rootCertificates) {
      try {
        publicSubjects.add(new X509Certificate(pem).subject);
      } catch {
        // skip an unparsable root
      }
    }
  }
  return publicSubjects;
}

export interface ChainCert {
  subject: string;
  issuer: string;
}

/**
 * Is the chain's top issuer one of Node's public roots, or a known interception product?
 * `chain` is leaf first, as sent by the server (subject/issuer in OpenSSL's "CN=…\nO=…" form).
 */
export function interceptionVerdict(chain: ChainCert[]): { suspected: boolean; reason: string } {
  const names = chain
    .flatMap((c) => [c.subject, c.issuer])
    .join('\n')
    .toLowerCase();
  const vendor = INTERCEPTORS.find((v) => names.includes(v));
  if (vendor) return { suspected: true, reason: `issuer names a TLS-inspecting product (${vendor.trim()})` };
  const top = chain[chain.length - 1];
  if (!top) return { suspected: false, reason: 'no certificate' };
  const roots = publicRootSubjects();
  if (roots.has(top.issuer) || roots.has(top.subject)) {
    return { suspected: false, reason: 'issued under a public root' };
  }
  return { suspected: true, reason: 'the issuer is not one of the public root authorities' };
}
