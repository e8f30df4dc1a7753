/**
 * Which forward proxy the go command would use for a URL: the rules of golang.org/x/net/http/httpproxy,
 * which go's HTTP client follows.
 *
 * - HTTPS_PROXY (or https_proxy) for https URLs, HTTP_PROXY (or http_proxy) for http URLs; the upper-case
 *   spelling wins when both are set and non-empty.
 * - A proxy value without a scheme means http://.
 * - Requests to localhost and loopback addresses never use a proxy.
 * - NO_PROXY (or no_proxy): comma- or space-separated; `*` disables proxies; an IP or CIDR matches addresses;
 *   `example.com` matches the name and its subdomains, `.example.com` and `*.example.com` only subdomains; an
 *   entry with `:port` matches only that port.
 */
import { BlockList, isIP } from 'node:net';

export interface ProxyChoice {
  /** The proxy URL, parsed (may carry user:password). */
  url: URL;
  /** The variable it came from. */
  variable: string;
}

function getAny(env: Record<string, string | undefined>, names: string[]): { name: string; value: string } {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v !== '') return { name: n, value: v };
  }
  return { name: names[0], value: '' };
}

/** Parses a proxy variable's value as go does: no scheme → http://. */
export function parseProxyValue(value: string): URL | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  try {
    const u = new URL(v);
    if (['http:', 'https:', 'socks5:', 'socks5h:'].includes(u.protocol) && u.hostname !== '') return u;
  } catch {
    // fall through: no scheme
  }
  try {
    return new URL(`http://${v}`);
  } catch {
    return undefined;
  }
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}

function splitHostPort(entry: string): { host: string; port: string } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (m) return { host: m[1], port: m[2] ?? '' };
  const parts = entry.split(':');
  if (parts.length === 2 && /^\d+$/.test(parts[1])) return { host: parts[0], port: parts[1] };
  return { host: entry, port: '' };
}

/** Does the NO_PROXY list exempt `host` (no brackets) on `port`? */
export function noProxyMatches(noProxy: string, host: string, port: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      const [net, bits] = entry.split('/');
      const fam = isIP(net);
      if (fam !== 0 && isIP(h) === fam) {
        const bl = new BlockList();
        try {
          bl.addSubnet(net, Number(bits), fam === 4 ? 'ipv4' : 'ipv6');
          if (bl.check(h, fam === 4 ? 'ipv4' : 'ipv6')) return true;
        } catch {
          // an invalid CIDR matches nothing
        }
      }
      continue;
    }
    const { host: eh, port: ep } = splitHostPort(entry);
    if (ep !== '' && ep !== port) continue;
    if (isIP(eh) !== 0) {
      if (eh === h) return true;
      continue;
    }
    let name = eh;
    let matchHost = false;
    if (name.startsWith('*.')) name = name.slice(1);
    if (!name.startsWith('.')) {
      matchHost = true;
      name = '.' + name;
    }
    if ((matchHost && h === name.slice(1)) || h.endsWith(name)) return true;
  }
  return false;
}

/** The proxy go would use for `target`, or undefined for a direct connection. */
export function proxyFor(target: URL, env: Record<string, string | undefined>): ProxyChoice | undefined {
  if (isLoopback(target.hostname)) return undefined;
  const https = target.protocol === 'https:';
  const chosen = https
    ? getAny(env, ['HTTPS_PROXY', 'https_proxy'])
    : getAny(env, ['HTTP_PROXY', 'http_proxy']);
  if (chosen.value === '') return undefined;
  const port = target.port !== '' ? target.port : https ? '443' : '80';
  const noProxy = getAny(env, ['NO_PROXY', 'no_proxy']).value;
  if (noProxyMatches(noProxy, target.hostname, port)) return undefined;
  const url = parseProxyValue(chosen.value);
  return url ? { url, variable: chosen.name } : undefined;
}

/** A URL with its password (or a token-like user name) replaced, for display. */
export function redactedUrl(u: URL): string {
  const c = new URL(u.href);
  if (c.password !== '') c.password = 'xxxxx';
  else if (c.username.length >= 20) c.username = 'xxxxx';
  return c.pathname === '/' && c.search === '' && c.hash === '' ? c.href.slice(0, -1) : c.href;
}
