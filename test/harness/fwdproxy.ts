/**
 * A forward HTTP proxy for HTTPS_PROXY / HTTP_PROXY. `CONNECT host:port` is answered 200 and the
 * tunnel's TLS is terminated here with a certificate for `host` (from `certFor`, e.g. the test CA),
 * so the decrypted requests go to `route(host, port)`; plain absolute-URI requests
 * (`GET http://host/path`) go to the same router. Options: Proxy-Authorization (407 with
 * Proxy-Authenticate) and faults switchable at run time: refuse CONNECT with 403 or 502, accept and
 * hang, close at once.
 */
import http from 'node:http';
import type net from 'node:net';
import tls from 'node:tls';
import { listenServer, sendText, type Handler, type Listening } from './http.ts';

export type ProxyMode = 'ok' | 'refuse-403' | 'bad-gateway-502' | 'hang' | 'close';

export interface ForwardProxyOptions {
  certFor(host: string): { cert: string; key: string };
  /** The handler for a target; undefined answers 502. */
  route(host: string, port: number): Handler | undefined;
  auth?: { user: string; password: string };
}

export interface ForwardProxy {
  /** The proxy server (not yet listening); `listen()` starts it the harness way. */
  server: http.Server;
  listen(opts?: { host?: string; port?: number }): Promise<Listening>;
  setMode(m: ProxyMode): void;
  setAuth(a?: { user: string; password: string }): void;
  /** CONNECT targets seen ("host:port"), in order. */
  connects: string[];
  /** Requests dispatched through the proxy: "METHOD scheme://host:port/path". */
  requests: string[];
}

const REASONS: Record<Exclude<ProxyMode, 'ok' | 'hang' | 'close'>, string> = {
  'refuse-403': '403 Forbidden',
  'bad-gateway-502': '502 Bad Gateway',
};

function splitHostPort(s: string, defPort: number): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s) ?? /^([^:]+)(?::(\d+))?$/.exec(s);
  if (!m) return { host: s, port: defPort };
  return { host: m[1], port: m[2] ? Number(m[2]) : defPort };
}

export function createForwardProxy(opts: ForwardProxyOptions): ForwardProxy {
  let mode: ProxyMode = 'ok';
  let auth = opts.auth;
  const connects: string[] = [];
  const requests: string[] = [];
  const targets = new WeakMap<net.Socket, { host: string; port: number }>();

  const authorized = (req: http.IncomingMessage): boolean => {
    if (!auth) return true;
    const m = /^Basic\s+(\S+)$/i.exec(req.headers['proxy-authorization'] ?? '');
    return !!m && Buffer.from(m[1], 'base64').toString('utf8') === `${auth.user}:${auth.password}`;
  };

  // Requests that arrive decrypted through a CONNECT tunnel.
  const inner = http.createServer((req, res) => {
    const t = targets.get(req.socket);
    if (!t) return sendText(res, 502, 'no tunnel target\n');
    requests.push(`${req.method} https://${t.host}:${t.port}${req.url}`);
    const h = opts.route(t.host, t.port);
    if (!h) return sendText(res, 502, `no route to ${t.host}:${t.port}\n`);
    h(req, res);
  });

  // Plain proxy requests with an absolute URI.
  const server = http.createServer((req, res) => {
    if (!authorized(req)) {
      res.setHeader('Proxy-Authenticate', 'Basic realm="proxy"');
      return sendText(res, 407, 'proxy authentication required\n');
    }
    if (mode === 'hang') return;
    if (mode === 'close') return void req.socket.destroy();
    if (mode !== 'ok') return sendText(res, parseInt(REASONS[mode], 10), `${REASONS[mode]}\n`);
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      return sendText(res, 400, 'a proxy request needs an absolute URI\n');
    }
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    requests.push(`${req.method} ${url.protocol}//${host}:${port}${url.pathname}${url.search}`);
    const h = opts.route(host, port);
    if (!h) return sendText(res, 502, `no route to ${host}:${port}\n`);
    req.url = url.pathname + url.search;
    h(req, res);
  });

  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const target = req.url ?? '';
    connects.push(target);
    if (!authorized(req)) {
      socket.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\n' +
          'Content-Length: 0\r\nConnection: close\r\n\r\n',
      );
      return;
    }
    if (mode === 'hang') return;
    if (mode === 'close') return void socket.destroy();
    if (mode !== 'ok') {
      socket.end(`HTTP/1.1 ${REASONS[mode]}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    const { host, port } = splitHostPort(target, 443);
    if (!opts.route(host, port)) {
      socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    let context: tls.SecureContext;
    try {
      context = tls.createSecureContext(opts.certFor(host));
    } catch {
      socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
    secure.on('error', () => socket.destroy());
    targets.set(secure, { host, port });
    inner.emit('connection', secure);
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  return {
    server,
    listen: (o = {}) => listenServer(server, o),
    setMode(m) {
      mode = m;
    },
    setAuth(a) {
      auth = a;
    },
    connects,
    requests,
  };
}
