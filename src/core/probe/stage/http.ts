/** The HTTP stage (the cheap request, as go sends it) and the auth stage (what the answer says of credentials). */
import type net from 'node:net';
import { t } from '../../l10n.ts';
import type { HttpInfo, StageResult } from '../../report/model.ts';
import { redactedUrl } from '../proxyEnv.ts';
import type { EndpointProbeInput } from './types.ts';
import { forwardingRefused } from './proxy.ts';
import type { EndpointRun, EndpointTarget } from './run.ts';
import { basic, readHead, type ResponseHead } from './wire.ts';

/** The request as the report shows it, and the proxy's credentials from its URL (sent as go sends them). */
export function requestInfo(target: EndpointTarget): { http: HttpInfo; proxyAuth?: string } {
  const { url, proxy } = target;
  const http: HttpInfo = {
    method: 'GET',
    url: redactedUrl(url),
    ...(proxy ? { via: redactedUrl(proxy.url) } : {}),
    credentials: [],
  };
  const proxyAuth =
    proxy && proxy.url.username !== '' ? basic(proxy.url.username, proxy.url.password) : undefined;
  if (proxyAuth) http.credentials!.push('proxy-url');
  return { http, proxyAuth };
}

/** The request line and headers of the probe's GET (absolute-form through a plain-HTTP proxy). */
export function requestText(
  target: EndpointTarget,
  userAuth: string | undefined,
  proxyAuth: string | undefined,
): string {
  const { url, https, proxy } = target;
  const path = url.pathname + url.search;
  const requestTarget = proxy && !https ? url.href.replace(/\/\/[^@/]*@/, '//') : path || '/';
  return (
    `GET ${requestTarget} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: gomod-doctor-probe\r\n` +
    'Accept: */*\r\nConnection: close\r\n' +
    (userAuth && https ? `Authorization: ${userAuth}\r\n` : '') +
    (proxy && !https && proxyAuth ? `Proxy-Authorization: ${proxyAuth}\r\n` : '') +
    '\r\n'
  );
}

/** How the HTTP stage reads an answer that is not a server failure. */
export function answerVerdict(status: number, statusText: string): Pick<StageResult, 'status' | 'summary'> {
  return {
    status:
      status >= 400 && status !== 401 && status !== 403 && status !== 404 && status !== 410
        ? 'warning'
        : 'ok',
    summary:
      status === 404 || status === 410
        ? t('{0} {1}: the server answers (the module is not known there)', status, statusText)
        : `${status} ${statusText}`,
  };
}

/** The answer's head, or undefined when the request or the answer ended the probe (recorded). */
export async function httpStage(
  run: EndpointRun,
  target: EndpointTarget,
  sock: net.Socket,
  http: HttpInfo,
  proxyAuth: string | undefined,
): Promise<ResponseHead | undefined> {
  const { url, https, proxy } = target;
  const credentials: EndpointProbeInput['credentials'] = run.input.credentials;
  const userAuth = credentials ? basic(credentials.user, credentials.password) : undefined;
  if (credentials && https) http.credentials!.push(credentials.kind);
  const r = await run.run('http', run.input.timeouts.httpMs, t('GET {0}', redactedUrl(url)), async () => {
    const head = readHead(sock);
    sock.write(requestText(target, userAuth, proxyAuth));
    return head;
  });
  if (!r.ok) {
    run.stage('http').http = http;
    return undefined;
  }
  const { status, statusText } = r.value;
  http.status = status;
  http.statusText = statusText;
  const hs = run.stage('http');
  hs.http = http;
  if (proxy && !https && forwardingRefused(run, proxy, r.value, r.t0)) {
    hs.status = 'skipped';
    run.input.onStage();
    return undefined;
  }
  if (status >= 500 || status === 429) {
    run.refuse(hs, `${status} ${statusText}`, r.t0, http);
    run.input.onStage();
    return undefined;
  }
  Object.assign(hs, answerVerdict(status, statusText));
  if ((status === 404 || status === 410) && run.probe.kind === 'sumdb') {
    run.refuse(hs, `${status} ${statusText}`, r.t0, http);
    run.input.onStage();
    return undefined;
  }
  run.input.onStage();
  return r.value;
}

/** The auth stage: a 401 or 403 names the credentials refused (or their absence); anything else passes. */
export function authStage(run: EndpointRun, head: ResponseHead, http: HttpInfo): void {
  const { status, statusText, headers } = head;
  const as = run.stage('auth');
  if (status === 401 || status === 403) {
    const challenge = headers.get('www-authenticate')?.split(/\s/)[0];
    if (challenge) http.challenge = challenge;
    const sent = (http.credentials ?? []).filter((c) => c !== 'proxy-url');
    run.refuse(
      as,
      sent.length > 0
        ? t('{0} {1}: the credentials from {2} were refused', status, statusText, sent.join(', '))
        : t('{0} {1}: credentials are needed and none were sent', status, statusText),
      Date.now(),
    );
    as.ms = 0;
    run.input.onStage();
    return;
  }
  as.status = 'ok';
  as.ms = 0;
  as.summary =
    (http.credentials ?? []).length > 0
      ? t('accepted (credentials from {0})', http.credentials!.join(', '))
      : t('no credentials needed');
  run.probe.summary = t('{0} answers: {1} {2}', run.probe.host, status, statusText);
  run.input.onStage();
}
