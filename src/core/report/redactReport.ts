/**
 * The last line of defence before a report leaves the engine: every string goes through redact(), and every
 * known secret value (URL passwords of GOPROXY/GOSUMDB/proxy variables, .netrc passwords, GOAUTH command
 * arguments) is replaced wherever it appears, even in a form redact() would not recognise.
 */
import { REDACTED, redact } from '../redact.ts';
import type { Report } from './model.ts';

/** Secret strings in an environment: passwords and token-like user names of URLs in proxy/GOPROXY values. */
export function envSecrets(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const name of [
    'GOPROXY',
    'GOSUMDB',
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'ALL_PROXY',
  ]) {
    const v = env[name];
    if (!v) continue;
    for (const m of v.matchAll(/(?:^|[\s,|]|:\/\/)([^\s/@,|:]*):([^\s/@,|]+)@/g)) {
      out.push(m[2]);
      try {
        out.push(decodeURIComponent(m[2]));
      } catch {
        // keep the raw form only
      }
    }
    for (const m of v.matchAll(/:\/\/([A-Za-z0-9_.~-]{20,})@/g)) out.push(m[1]);
  }
  return out;
}

function scrub(s: string, secrets: string[]): string {
  let out = redact(s);
  for (const x of secrets) if (out.includes(x)) out = out.split(x).join(REDACTED);
  return out;
}

function walk(v: unknown, secrets: string[]): unknown {
  if (typeof v === 'string') return scrub(v, secrets);
  if (Array.isArray(v)) return v.map((x) => walk(x, secrets));
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = walk(x, secrets);
    return o;
  }
  return v;
}

/** A redacted deep copy of `report`. Secrets shorter than 4 characters are not scrubbed (too common). */
export function redactReport(report: Report, secrets: string[] = []): Report {
  const list = [...new Set(secrets.filter((s) => s.length >= 4 && s !== REDACTED))].sort(
    (a, b) => b.length - a.length,
  );
  return walk(report, list) as Report;
}
