/**
 * One GET of a small text document (a checksum database lookup) the way go's client would make it: through
 * HTTPS_PROXY/HTTP_PROXY unless NO_PROXY or loopback, trusting the roots go trusts (SSL_CERT_FILE, …).
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { proxyFor } from '../probe/proxyEnv.ts';
import { trustStoreFor } from '../probe/trust.ts';

export interface FetchResult {
  status?: number;
  body: string;
  error?: string;
}

const MAX_BYTES = 256 * 1024;

function collect(res: http.IncomingMessage, done: (r: FetchResult) => void): void {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (d: string) => {
    if (body.length < MAX_BYTES) body += d;
  });
  res.on('end', () => done({ status: res.statusCode, body }));
  res.on('error', (e) => done({ body, error: e.message }));
}

export function fetchText(url: string, env: Record<string, string>, timeoutMs: number): Promise<FetchResult> {
  const target = new URL(url);
  const proxy = proxyFor(target, env);
  const ca = trustStoreFor(env).ca;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: FetchResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => done({ body: '', error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    const fail = (e: Error): void => done({ body: '', error: e.message });
    if (!proxy) {
      const mod = target.protocol === 'https:' ? https : http;
      mod.get(target, { ...(ca ? { ca } : {}) }, (res) => collect(res, done)).on('error', fail);
      return;
    }
    const auth = proxy.url.username
      ? {
          'Proxy-Authorization': `Basic ${Buffer.from(`${decodeURIComponent(proxy.url.username)}:${decodeURIComponent(proxy.url.password)}`).toString('base64')}`,
        }
      : {};
    if (target.protocol === 'http:') {
      http
        .get(
          {
            host: proxy.url.hostname,
            port: proxy.url.port || 80,
            path: target.href,
            headers: { ...auth, host: target.host },
          },
          (res) => collect(res, done),
        )
        .on('error', fail);
      return;
    }
    const port = target.port || '443';
    http
      .request({
        host: proxy.url.hostname,
        port: proxy.url.port || 80,
        method: 'CONNECT',
        path: `${target.hostname}:${port}`,
        headers: auth,
      })
      .on('connect', (res, socket) => {
        if (res.statusCode !== 200)
          return done({ body: '', error: `proxy answered CONNECT with ${res.statusCode}` });
        const secure = tls.connect({ socket, servername: target.hostname, ...(ca ? { ca } : {}) });
        https.get(target, { createConnection: () => secure }, (r) => collect(r, done)).on('error', fail);
      })
      .on('error', fail)
      .end();
  });
}
