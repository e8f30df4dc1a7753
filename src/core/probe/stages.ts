/**
 * One endpoint probed stage by stage, the way go's HTTP client reaches it:
 *
 *   DNS (all addresses) → TCP connect → [forward proxy: CONNECT] → TLS handshake → HTTP request → auth
 *
 * Each stage has its own time limit and stops at the overall deadline; a cancelled signal stops everything.
 * When a forward proxy applies, DNS and TCP concern the proxy (go never resolves the target itself then), the
 * proxy stage is the CONNECT tunnel (https) or the proxy's answer (http), and TLS is end to end through the
 * tunnel. Credentials are sent as go would send them (URL user info, then .netrc), and only their kind is
 * recorded.
 */
import { X509Certificate } from 'node:crypto';
import { promises as dnsPromises } from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import type { Category } from '../categories.ts';
import { t } from '../l10n.ts';
import type { HttpInfo, ProbeResult, ProbeStageId, StageResult, TlsInfo } from '../report/model.ts';
import { redactedUrl, type ProxyChoice } from './proxyEnv.ts';
import { interceptionVerdict, type TrustStore } from './trust.ts';

/** A resolver: every address of a name. Tests inject one pointed at the harness DNS responder. */
export type LookupFn = (host: string) => Promise<string[]>;

export const defaultLookup: LookupFn = async (host) =>
  (await dnsPromises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export interface StageTimeouts {
  dnsMs: number;
  tcpMs: number;
  tlsMs: number;
  httpMs: number;
  gitMs: number;
}

export const DEFAULT_STAGE_TIMEOUTS: StageTimeouts = {
  dnsMs: 5_000,
  tcpMs: 5_000,
  tlsMs: 5_000,
  httpMs: 10_000,
  gitMs: 10_000,
};

export interface EndpointProbeInput {
  /** The URL to request (its path is the cheap request). */
  url: URL;
  proxy?: ProxyChoice;
  /** Basic credentials go would send, with their kind ('url' or 'netrc'). */
  credentials?: { user: string; password: string; kind: string };
  trust: TrustStore;
  lookup: LookupFn;
  timeouts: StageTimeouts;
  /** Epoch ms after which nothing new starts and every wait ends. */
  deadline: number;
  signal?: AbortSignal;
  /** Called after each stage (the probe object is updated in place). */
  onStage: () => void;
}

class StageError extends Error {
  constructor(
    readonly status: 'failed' | 'timeout',
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Runs `fn` with a time limit (the smaller of `ms` and the deadline), a cancel signal, and a cleanup. */
function limited<T>(
  ms: number,
  deadline: number,
  signal: AbortSignal | undefined,
  what: string,
  fn: (onCleanup: (c: () => void) => void) => Promise<T>,
): Promise<T> {
  const budget = Math.max(0, Math.min(ms, deadline - Date.now()));
  const cleanups: (() => void)[] = [];
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (f: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      f();
    };
    const timer = setTimeout(
      () =>
        finish(() => {
          for (const c of cleanups) c();
          reject(
            new StageError('timeout', t('{0}: no answer within {1} s', what, Math.round(budget / 100) / 10)),
          );
        }),
      budget,
    );
    const onAbort = (): void =>
      finish(() => {
        for (const c of cleanups) c();
        reject(new StageError('failed', t('cancelled')));
      });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    fn((c) => cleanups.push(c)).then(
      (v) => finish(() => resolve(v)),
      (e: unknown) =>
        finish(() => {
          for (const c of cleanups) c();
          reject(e instanceof Error ? e : new Error(String(e)));
        }),
    );
  });
}

function errText(e: unknown): { message: string; code?: string } {
  if (e instanceof StageError) return { message: e.message, code: e.code };
  const err = e as NodeJS.ErrnoException;
  return { message: err?.message ?? String(e), code: err?.code };
}

function once(sock: net.Socket, ok: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onOk = (): void => {
      sock.off('error', onErr);
      resolve();
    };
    const onErr = (e: Error): void => {
      sock.off(ok, onOk);
      reject(e);
    };
    sock.once(ok, onOk);
    sock.once('error', onErr);
  });
}

/** Reads an HTTP response head (status line + headers) from a socket; the rest is ignored. */
function readHead(
  sock: net.Socket,
): Promise<{ status: number; statusText: string; headers: Map<string, string> }> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > 64 * 1024) fail(new Error('response head too large'));
        return;
      }
      cleanup();
      const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
      const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/.exec(lines[0] ?? '');
      if (!m)
        return reject(new Error(`not an HTTP response: ${JSON.stringify((lines[0] ?? '').slice(0, 60))}`));
      const headers = new Map<string, string>();
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
      }
      resolve({ status: Number(m[1]), statusText: m[2], headers });
    };
    const onEnd = (): void => fail(new Error(t('the connection was closed before an answer')));
    const fail = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const cleanup = (): void => {
      sock.off('data', onData);
      sock.off('end', onEnd);
      sock.off('close', onEnd);
      sock.off('error', fail);
    };
    sock.on('data', onData);
    sock.once('end', onEnd);
    sock.once('close', onEnd);
    sock.once('error', fail);
  });
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${decodeURIComponent(user)}:${decodeURIComponent(password)}`).toString('base64')}`;

/** The category a failed or hung stage stands for. */
export function categoryOfStage(
  stage: ProbeStageId,
  status: 'failed' | 'timeout',
  http?: HttpInfo,
  kind?: ProbeResult['kind'],
): Category {
  if (stage === 'proxy') return status === 'timeout' ? 'timeout' : 'http-proxy';
  if (status === 'timeout') return stage === 'dns' ? 'dns' : 'timeout';
  switch (stage) {
    case 'dns':
      return 'dns';
    case 'tcp':
      return 'connect';
    case 'tls':
      return 'tls';
    case 'auth':
      return 'auth';
    case 'git':
      return 'vcs';
    case 'http': {
      const s = http?.status;
      if (s !== undefined && (s === 404 || s === 410) && kind === 'sumdb') return 'sumdb';
      if (s !== undefined && s >= 500) return kind === 'sumdb' ? 'sumdb' : 'server';
      if (s === 429) return 'server';
      return 'server';
    }
  }
}

/**
 * Probes one endpoint, filling `probe.stages` as it goes. Never throws; a failed or hung stage ends the probe
 * and marks the stages after it as skipped.
 */
export async function probeEndpoint(probe: ProbeResult, input: EndpointProbeInput): Promise<void> {
  const { url, proxy, timeouts, deadline, signal } = input;
  const https = url.protocol === 'https:';
  const targetPort = Number(url.port || (https ? 443 : 80));
  const viaProxy = proxy !== undefined;
  const connectHost = viaProxy
    ? proxy.url.hostname.replace(/^\[|\]$/g, '')
    : url.hostname.replace(/^\[|\]$/g, '');
  const connectPort = viaProxy
    ? Number(proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80))
    : targetPort;
  const plan: ProbeStageId[] = ['dns', 'tcp'];
  if (viaProxy) plan.push('proxy');
  if (https) plan.push('tls');
  plan.push('http', 'auth');
  probe.stages = plan.map((id) => ({ id, status: 'pending', summary: '' }));
  probe.state = 'running';
  const started = Date.now();
  const stage = (id: ProbeStageId): StageResult => probe.stages.find((s) => s.id === id)!;
  const sockets: net.Socket[] = [];
  const fail = (s: StageResult, e: unknown, t0: number, http?: HttpInfo): void => {
    const { message, code } = errText(e);
    s.status = e instanceof StageError ? e.status : 'failed';
    s.ms = Date.now() - t0;
    s.summary = code && !message.includes(code) ? `${message} (${code})` : message;
    probe.failedStage = s.id;
    probe.category = categoryOfStage(s.id, s.status === 'timeout' ? 'timeout' : 'failed', http, probe.kind);
    probe.summary =
      s.status === 'timeout'
        ? t('{0} hung at the {1} stage: {2}', probe.host, s.id.toUpperCase(), s.summary)
        : t('{0} failed at the {1} stage: {2}', probe.host, s.id.toUpperCase(), s.summary);
    for (const x of probe.stages) if (x.status === 'pending') x.status = 'skipped';
  };
  const run = async <T>(
    id: ProbeStageId,
    ms: number,
    what: string,
    fn: (onCleanup: (c: () => void) => void) => Promise<T>,
  ): Promise<{ ok: true; value: T; t0: number } | { ok: false }> => {
    const s = stage(id);
    const t0 = Date.now();
    try {
      const value = await limited(ms, deadline, signal, what, fn);
      s.ms = Date.now() - t0;
      return { ok: true, value, t0 };
    } catch (e) {
      fail(s, e, t0);
      return { ok: false };
    } finally {
      input.onStage();
    }
  };

  try {
    // DNS
    let addresses: string[];
    if (net.isIP(connectHost) !== 0) {
      addresses = [connectHost];
      const s = stage('dns');
      s.status = 'ok';
      s.ms = 0;
      s.addresses = addresses;
      s.summary = t('{0} is an IP address: nothing to resolve', connectHost);
      input.onStage();
    } else {
      const r = await run('dns', timeouts.dnsMs, t('DNS lookup of {0}', connectHost), () =>
        input.lookup(connectHost),
      );
      if (!r.ok) return;
      addresses = r.value;
      const s = stage('dns');
      if (addresses.length === 0) {
        fail(s, new StageError('failed', t('{0} has no addresses', connectHost)), r.t0);
        input.onStage();
        return;
      }
      s.status = 'ok';
      s.addresses = addresses;
      s.summary = viaProxy
        ? t('proxy {0} → {1}', connectHost, addresses.join(', '))
        : t('{0} → {1}', connectHost, addresses.join(', '));
      input.onStage();
    }

    // TCP: each address in turn, within the stage's time.
    const tcp = await run(
      'tcp',
      timeouts.tcpMs,
      t('TCP connect to {0}:{1}', connectHost, connectPort),
      async (onCleanup) => {
        const errors: string[] = [];
        for (const addr of addresses) {
          const sock = net.connect({ host: addr, port: connectPort });
          sockets.push(sock);
          onCleanup(() => sock.destroy());
          try {
            await once(sock, 'connect');
            return { sock, addr };
          } catch (e) {
            sock.destroy();
            errors.push(errText(e).message);
          }
        }
        throw new StageError('failed', errors.join('; '));
      },
    );
    if (!tcp.ok) return;
    let sock: net.Socket = tcp.value.sock;
    {
      const s = stage('tcp');
      s.status = 'ok';
      s.address = `${tcp.value.addr}:${connectPort}`;
      s.summary = t('connected to {0}', s.address);
      input.onStage();
    }

    // Forward proxy
    const http: HttpInfo = {
      method: 'GET',
      url: redactedUrl(url),
      ...(viaProxy ? { via: redactedUrl(proxy.url) } : {}),
      credentials: [],
    };
    const proxyAuth =
      viaProxy && proxy.url.username !== '' ? basic(proxy.url.username, proxy.url.password) : undefined;
    if (proxyAuth) http.credentials!.push('proxy-url');
    if (viaProxy && proxy.url.protocol.startsWith('socks')) {
      const s = stage('proxy');
      fail(
        s,
        new StageError('failed', t('SOCKS proxies are not probed ({0})', redactedUrl(proxy.url))),
        Date.now(),
      );
      probe.category = 'http-proxy';
      input.onStage();
      return;
    }
    if (viaProxy && proxy.url.protocol === 'https:') {
      const r = await run(
        'proxy',
        timeouts.tlsMs,
        t('TLS to the proxy {0}', connectHost),
        async (onCleanup) => {
          const ts = tls.connect({
            socket: sock,
            host: connectHost,
            servername: net.isIP(connectHost) ? undefined : connectHost,
            ca: input.trust.ca,
            rejectUnauthorized: true,
          });
          onCleanup(() => ts.destroy());
          await once(ts, 'secureConnect');
          return ts;
        },
      );
      if (!r.ok) return;
      sock = r.value;
    }
    if (viaProxy && https) {
      const target = `${url.hostname}:${targetPort}`;
      const r = await run('proxy', timeouts.httpMs, t('CONNECT {0} through the proxy', target), async () => {
        const head = readHead(sock);
        sock.write(
          `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\nUser-Agent: gomod-doctor-probe\r\n` +
            (proxyAuth ? `Proxy-Authorization: ${proxyAuth}\r\n` : '') +
            '\r\n',
        );
        return head;
      });
      if (!r.ok) return;
      const s = stage('proxy');
      const { status, statusText, headers } = r.value;
      if (status !== 200) {
        const challenge = headers.get('proxy-authenticate')?.split(/\s/)[0];
        fail(
          s,
          new StageError(
            'failed',
            status === 407
              ? t('the proxy wants credentials: {0} {1}', status, statusText)
              : t('the proxy refused the tunnel: {0} {1}', status, statusText),
          ),
          r.t0,
        );
        s.http = {
          method: 'CONNECT',
          url: target,
          status,
          statusText,
          via: http.via,
          ...(challenge ? { challenge } : {}),
        };
        input.onStage();
        return;
      }
      s.status = 'ok';
      s.summary = t('tunnel to {0} opened by {1}', target, redactedUrl(proxy.url));
      input.onStage();
    }

    // TLS
    if (https) {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const r = await run('tls', timeouts.tlsMs, t('TLS handshake with {0}', host), async (onCleanup) => {
        const ts = tls.connect({
          socket: sock,
          host,
          servername: net.isIP(host) ? undefined : host,
          ca: input.trust.ca,
          rejectUnauthorized: false,
          // The chain is judged by `authorized`, the name separately (describeTls), so each failure is named.
          checkServerIdentity: () => undefined,
          ALPNProtocols: ['http/1.1'],
        });
        onCleanup(() => ts.destroy());
        await once(ts, 'secureConnect');
        return ts;
      });
      if (!r.ok) return;
      const ts = r.value;
      sock = ts;
      const s = stage('tls');
      const info = describeTls(ts, host, input.trust.source);
      s.tls = info;
      if (!info.trusted || !info.hostMatch) {
        const why = !info.trusted
          ? t('certificate not trusted: {0} (issuer: {1})', info.verifyError ?? '?', issuerText(info))
          : t('certificate is not valid for {0} (it is for {1})', host, info.subjectCN ?? '?');
        fail(s, new StageError('failed', why), r.t0);
        s.tls = info;
        input.onStage();
        return;
      }
      s.status = 'ok';
      s.summary = t(
        '{0}, issued by {1}, valid until {2}',
        info.protocol ?? 'TLS',
        issuerText(info),
        info.validTo ?? '?',
      );
      input.onStage();
    }

    // HTTP
    const path = url.pathname + url.search;
    const userAuth = input.credentials
      ? basic(input.credentials.user, input.credentials.password)
      : undefined;
    if (input.credentials && https) http.credentials!.push(input.credentials.kind);
    const requestTarget = viaProxy && !https ? url.href.replace(/\/\/[^@/]*@/, '//') : path || '/';
    const r = await run('http', timeouts.httpMs, t('GET {0}', redactedUrl(url)), async () => {
      const head = readHead(sock);
      sock.write(
        `GET ${requestTarget} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: gomod-doctor-probe\r\n` +
          'Accept: */*\r\nConnection: close\r\n' +
          (userAuth && https ? `Authorization: ${userAuth}\r\n` : '') +
          (viaProxy && !https && proxyAuth ? `Proxy-Authorization: ${proxyAuth}\r\n` : '') +
          '\r\n',
      );
      return head;
    });
    if (!r.ok) {
      stage('http').http = http;
      return;
    }
    const { status, statusText, headers } = r.value;
    http.status = status;
    http.statusText = statusText;
    const hs = stage('http');
    hs.http = http;
    if (viaProxy && !https) {
      const ps = stage('proxy');
      if (status === 407) {
        fail(
          ps,
          new StageError('failed', t('the proxy wants credentials: {0} {1}', status, statusText)),
          r.t0,
        );
        hs.status = 'skipped';
        input.onStage();
        return;
      }
      ps.status = 'ok';
      ps.summary = t('request forwarded by {0}', redactedUrl(proxy.url));
    }
    if (status >= 500 || status === 429) {
      fail(hs, new StageError('failed', `${status} ${statusText}`), r.t0, http);
      input.onStage();
      return;
    }
    hs.status =
      status >= 400 && status !== 401 && status !== 403 && status !== 404 && status !== 410
        ? 'warning'
        : 'ok';
    hs.summary =
      status === 404 || status === 410
        ? t('{0} {1}: the server answers (the module is not known there)', status, statusText)
        : `${status} ${statusText}`;
    if ((status === 404 || status === 410) && probe.kind === 'sumdb') {
      fail(hs, new StageError('failed', `${status} ${statusText}`), r.t0, http);
      input.onStage();
      return;
    }
    input.onStage();

    // Auth
    const as = stage('auth');
    if (status === 401 || status === 403) {
      const challenge = headers.get('www-authenticate')?.split(/\s/)[0];
      if (challenge) http.challenge = challenge;
      const sent = (http.credentials ?? []).filter((c) => c !== 'proxy-url');
      fail(
        as,
        new StageError(
          'failed',
          sent.length > 0
            ? t('{0} {1}: the credentials from {2} were refused', status, statusText, sent.join(', '))
            : t('{0} {1}: credentials are needed and none were sent', status, statusText),
        ),
        Date.now(),
      );
      as.ms = 0;
      input.onStage();
      return;
    }
    as.status = 'ok';
    as.ms = 0;
    as.summary =
      (http.credentials ?? []).length > 0
        ? t('accepted (credentials from {0})', http.credentials!.join(', '))
        : t('no credentials needed');
    probe.summary = t('{0} answers: {1} {2}', probe.host, status, statusText);
    input.onStage();
  } finally {
    for (const s of sockets) s.destroy();
    probe.durationMs = Date.now() - started;
  }
}

function issuerText(i: TlsInfo): string {
  return [i.issuerCN, i.issuerO].filter((x) => x).join(', ') || '?';
}

function field(dn: string, key: string): string | undefined {
  for (const line of dn.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0 && line.slice(0, i) === key) return line.slice(i + 1);
  }
  return undefined;
}

function describeTls(ts: tls.TLSSocket, host: string, trustSource: string): TlsInfo {
  const peer = ts.getPeerCertificate(true);
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let cur: tls.DetailedPeerCertificate | undefined = peer;
  while (cur && cur.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    try {
      chain.push(new X509Certificate(cur.raw));
    } catch {
      break;
    }
    cur = cur.issuerCertificate;
  }
  const leaf = chain[0];
  const identityError = peer && peer.raw ? tls.checkServerIdentity(host, peer) : new Error('no certificate');
  const verifyErr = ts.authorizationError as unknown;
  const verifyError =
    verifyErr instanceof Error
      ? ((verifyErr as NodeJS.ErrnoException).code ?? verifyErr.message)
      : typeof verifyErr === 'string'
        ? verifyErr
        : undefined;
  const info: TlsInfo = {
    protocol: ts.getProtocol() ?? undefined,
    hostMatch: identityError === undefined,
    trusted: ts.authorized,
    trustStore: trustSource,
  };
  if (verifyError) info.verifyError = verifyError;
  if (leaf) {
    info.subjectCN = field(leaf.subject, 'CN');
    info.issuerCN = field(leaf.issuer, 'CN');
    info.issuerO = field(leaf.issuer, 'O');
    info.validFrom = new Date(leaf.validFrom).toISOString();
    info.validTo = new Date(leaf.validTo).toISOString();
    // The chain as the server sent it (a verified chain may end in the trusted root itself).
    info.interception = interceptionVerdict(chain.map((c) => ({ subject: c.subject, issuer: c.issuer })));
  }
  return info;
}
