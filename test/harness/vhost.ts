/**
 * Name-based virtual hosting for the test world: one TLS listener (443 in the namespace) whose
 * SNICallback hands out a test-CA certificate for whatever name the client asked for, and one plain
 * HTTP listener (80), both dispatching by the Host header to the harness handlers
 * (proxy.golang.org → module proxy, sum.golang.org → checksum database, github.com → git, …).
 *
 * Each name can be given a TLS mode to reproduce certificate failures with a real handshake:
 * `expired`, `wrongHost` (certificate for another name) or `untrusted` (unknown authority).
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { IssueOptions, TestCA } from './ca.ts';
import { listenServer, sendText, type Handler, type Listening } from './http.ts';

export type TlsMode = 'ok' | 'expired' | 'wrongHost' | 'untrusted';

export interface VirtualHost {
  handler: Handler;
  /** Default 'ok'. */
  tls?: TlsMode;
}

export interface VHostServer {
  https: Listening;
  http: Listening;
  /** Adds or replaces a virtual host (name is case-insensitive, without port). */
  set(name: string, vhost: VirtualHost): void;
  unset(name: string): void;
  /** The handler serving a name, if any. */
  handlerFor(name: string): Handler | undefined;
  /** Names currently served. */
  names(): string[];
  /** Every request seen: scheme, Host and path. */
  readonly requests: { scheme: 'http' | 'https'; host: string; path: string }[];
  close(): Promise<void>;
}

export interface VHostOptions {
  ca: TestCA;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (ephemeral); 443 in the namespace. */
  httpsPort?: number;
  /** Default 0 (ephemeral); 80 in the namespace. */
  httpPort?: number;
}

function tlsOptions(mode: TlsMode): IssueOptions {
  if (mode === 'expired') return { expired: true };
  if (mode === 'wrongHost') return { wrongHost: true };
  if (mode === 'untrusted') return { untrusted: true };
  return {};
}

/** The host name of a Host header ("a.b:443" → "a.b", "[::1]:80" → "::1"). */
export function hostOnly(header: string | undefined): string {
  const h = (header ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

export async function startVHosts(opts: VHostOptions): Promise<VHostServer> {
  const table = new Map<string, VirtualHost>();
  const contexts = new Map<string, tls.SecureContext>();
  const requests: VHostServer['requests'] = [];
  const bindHost = opts.host ?? '127.0.0.1';

  function contextFor(name: string): tls.SecureContext {
    const mode = table.get(name)?.tls ?? 'ok';
    const key = `${mode} ${name}`;
    let ctx = contexts.get(key);
    if (!ctx) {
      ctx = tls.createSecureContext(opts.ca.issue([name], tlsOptions(mode)));
      contexts.set(key, ctx);
    }
    return ctx;
  }

  function dispatch(scheme: 'http' | 'https'): Handler {
    return (req, res) => {
      const host = hostOnly(req.headers.host);
      requests.push({ scheme, host, path: req.url ?? '/' });
      const vhost = table.get(host);
      if (!vhost) return sendText(res, 404, `no such virtual host: ${host}\n`);
      vhost.handler(req, res);
    };
  }

  // Clients that connect by IP address send no SNI: they get a certificate for the address.
  const fallback = opts.ca.issue([bindHost, 'localhost']);
  const httpsServer = https.createServer(
    {
      ...fallback,
      SNICallback: (servername, cb) => {
        try {
          cb(null, contextFor(servername.toLowerCase()));
        } catch (e) {
          cb(e as Error);
        }
      },
    },
    dispatch('https'),
  );
  const httpServer = http.createServer(dispatch('http'));
  const httpsL = await listenServer(httpsServer, {
    host: bindHost,
    port: opts.httpsPort ?? 0,
    scheme: 'https',
  });
  const httpL = await listenServer(httpServer, { host: bindHost, port: opts.httpPort ?? 0, scheme: 'http' });

  return {
    https: httpsL,
    http: httpL,
    set(name, vhost) {
      table.set(name.toLowerCase(), vhost);
    },
    unset(name) {
      table.delete(name.toLowerCase());
    },
    handlerFor: (name) => table.get(name.toLowerCase())?.handler,
    names: () => [...table.keys()],
    requests,
    async close() {
      await Promise.all([httpsL.close(), httpL.close()]);
    },
  };
}
