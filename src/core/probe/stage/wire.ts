/** Socket-level helpers of the endpoint probe: time limits, one-shot events and HTTP response heads. */
import type net from 'node:net';
import { t } from '../../l10n.ts';

/** A stage's own failure: its status says whether it failed or hung. */
export class StageError extends Error {
  constructor(
    readonly status: 'failed' | 'timeout',
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Runs `fn` with a time limit (the smaller of `ms` and the deadline), a cancel signal, and a cleanup. */
export function limited<T>(
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

export function errText(e: unknown): { message: string; code?: string } {
  if (e instanceof StageError) return { message: e.message, code: e.code };
  const err = e as NodeJS.ErrnoException;
  return { message: err?.message ?? String(e), code: err?.code };
}

export function once(sock: net.Socket, ok: string): Promise<void> {
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

export interface ResponseHead {
  status: number;
  statusText: string;
  headers: Map<string, string>;
}

/** Reads an HTTP response head (status line + headers) from a socket; the rest is ignored. */
export function readHead(sock: net.Socket): Promise<ResponseHead> {
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

export const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${decodeURIComponent(user)}:${decodeURIComponent(password)}`).toString('base64')}`;
