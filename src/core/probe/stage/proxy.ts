/**
 * The forward-proxy stage. For an https target it is the CONNECT tunnel (after TLS to the proxy itself when the
 * proxy is https); for an http target the proxy forwards the request, so its verdict is read from the answer.
 */
import net from 'node:net';
import tls from 'node:tls';
import { t } from '../../l10n.ts';
import type { HttpInfo } from '../../report/model.ts';
import { redactedUrl, type ProxyChoice } from '../proxyEnv.ts';
import type { EndpointRun, EndpointTarget } from './run.ts';
import { once, readHead, type ResponseHead } from './wire.ts';

/** The socket to go on with (a tunnel for https), or undefined when the proxy stage failed (recorded). */
export async function proxyStage(
  run: EndpointRun,
  target: EndpointTarget,
  proxy: ProxyChoice,
  sock: net.Socket,
  http: HttpInfo,
  proxyAuth: string | undefined,
): Promise<net.Socket | undefined> {
  if (proxy.url.protocol.startsWith('socks')) {
    run.refuse(
      run.stage('proxy'),
      t('SOCKS proxies are not probed ({0})', redactedUrl(proxy.url)),
      Date.now(),
    );
    run.probe.category = 'http-proxy';
    run.input.onStage();
    return undefined;
  }
  if (proxy.url.protocol === 'https:') {
    const ts = await proxyTls(run, target, sock);
    if (!ts) return undefined;
    sock = ts;
  }
  if (target.https && !(await openTunnel(run, target, proxy, sock, http, proxyAuth))) return undefined;
  return sock;
}

/** TLS to an https proxy itself, verified like go verifies it. */
async function proxyTls(
  run: EndpointRun,
  target: EndpointTarget,
  sock: net.Socket,
): Promise<tls.TLSSocket | undefined> {
  const { connectHost } = target;
  const r = await run.run(
    'proxy',
    run.input.timeouts.tlsMs,
    t('TLS to the proxy {0}', connectHost),
    async (onCleanup) => {
      const ts = tls.connect({
        socket: sock,
        host: connectHost,
        servername: net.isIP(connectHost) ? undefined : connectHost,
        ca: run.input.trust.ca,
        rejectUnauthorized: true,
      });
      onCleanup(() => ts.destroy());
      await once(ts, 'secureConnect');
      return ts;
    },
  );
  return r.ok ? r.value : undefined;
}

/** The CONNECT tunnel to an https target; false when the proxy refused it or did not answer (recorded). */
async function openTunnel(
  run: EndpointRun,
  target: EndpointTarget,
  proxy: ProxyChoice,
  sock: net.Socket,
  http: HttpInfo,
  proxyAuth: string | undefined,
): Promise<boolean> {
  const dest = `${target.url.hostname}:${target.targetPort}`;
  const r = await run.run(
    'proxy',
    run.input.timeouts.httpMs,
    t('CONNECT {0} through the proxy', dest),
    async () => {
      const head = readHead(sock);
      sock.write(
        `CONNECT ${dest} HTTP/1.1\r\nHost: ${dest}\r\nUser-Agent: gomod-doctor-probe\r\n` +
          (proxyAuth ? `Proxy-Authorization: ${proxyAuth}\r\n` : '') +
          '\r\n',
      );
      return head;
    },
  );
  if (!r.ok) return false;
  const s = run.stage('proxy');
  const { status, statusText, headers } = r.value;
  if (status !== 200) {
    const challenge = headers.get('proxy-authenticate')?.split(/\s/)[0];
    run.refuse(
      s,
      status === 407
        ? t('the proxy wants credentials: {0} {1}', status, statusText)
        : t('the proxy refused the tunnel: {0} {1}', status, statusText),
      r.t0,
    );
    s.http = {
      method: 'CONNECT',
      url: dest,
      status,
      statusText,
      via: http.via,
      ...(challenge ? { challenge } : {}),
    };
    run.input.onStage();
    return false;
  }
  s.status = 'ok';
  s.summary = t('tunnel to {0} opened by {1}', dest, redactedUrl(proxy.url));
  run.input.onStage();
  return true;
}

/** A plain-HTTP proxy's verdict, read from the forwarded answer: true when it wanted credentials (recorded). */
export function forwardingRefused(
  run: EndpointRun,
  proxy: ProxyChoice,
  head: ResponseHead,
  t0: number,
): boolean {
  const ps = run.stage('proxy');
  if (head.status === 407) {
    run.refuse(ps, t('the proxy wants credentials: {0} {1}', head.status, head.statusText), t0);
    return true;
  }
  ps.status = 'ok';
  ps.summary = t('request forwarded by {0}', redactedUrl(proxy.url));
  return false;
}
