/**
 * Faults the harness servers can be told to commit, switchable while a test runs, per module,
 * version and route. Each server asks its table before answering and lets `respond()` shape the
 * answer (status, auth challenge, hang, slow drip, reset, broken or altered content).
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { sendText } from './http.ts';

export type Fault =
  /** Any status with a text/plain body (so go prints "server response:"); Retry-After for 429/503. */
  | { kind: 'status'; status: number; body?: string; contentType?: string; retryAfter?: number }
  /** Basic authentication required: 401 + WWW-Authenticate unless these credentials are sent. */
  | { kind: 'basic-auth'; user: string; password: string }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Answer normally, but only after this many milliseconds (a slow proxy that does answer). */
  | { kind: 'delay'; ms: number }
  /** Answer with the full Content-Length but send the body slowly. */
  | { kind: 'drip'; bytesPerSecond: number }
  /** Send the headers and half the body, then reset the connection (TCP RST). */
  | { kind: 'reset-mid-body' }
  /** A zip cut in half (no central directory): "zip: not a valid zip file". */
  | { kind: 'truncate-zip' }
  /** A zip whose file data is damaged (the CRC no longer matches). */
  | { kind: 'corrupt-zip' }
  /** Well-formed content that differs from the fixture (so it does not match go.sum). */
  | { kind: 'alter-content' };

export type Route =
  | 'list'
  | 'info'
  | 'mod'
  | 'zip'
  | 'latest'
  | 'lookup'
  | 'tile'
  | 'info/refs'
  | 'upload-pack'
  | 'go-get'
  | 'supported'
  | '*';

export interface FaultMatch {
  module?: string;
  version?: string;
  route?: Route;
}

export interface FaultTable {
  /** Installs (or with `undefined`, removes) the fault for this match. */
  set(match: FaultMatch, fault: Fault | undefined): void;
  /** Removes every fault. */
  clear(): void;
  /** The fault for a request: the most specific match wins, then the latest one set. */
  find(request: { module?: string; version?: string; route: Route }): Fault | undefined;
}

function key(m: FaultMatch): string {
  return JSON.stringify([m.module ?? null, m.version ?? null, m.route && m.route !== '*' ? m.route : null]);
}

export function createFaultTable(): FaultTable {
  const entries = new Map<string, { match: FaultMatch; fault: Fault }>();
  return {
    set(match, fault) {
      const k = key(match);
      entries.delete(k);
      if (fault) entries.set(k, { match, fault });
    },
    clear() {
      entries.clear();
    },
    find(r) {
      let best: { score: number; fault: Fault } | undefined;
      for (const { match, fault } of entries.values()) {
        if (match.module !== undefined && match.module !== r.module) continue;
        if (match.version !== undefined && match.version !== r.version) continue;
        const route = match.route && match.route !== '*' ? match.route : undefined;
        if (route !== undefined && route !== r.route) continue;
        const score =
          (match.module !== undefined ? 4 : 0) + (match.version !== undefined ? 2 : 0) + (route ? 1 : 0);
        if (!best || score >= best.score) best = { score, fault };
      }
      return best?.fault;
    },
  };
}

/** Whether the request carries these basic credentials. */
export function hasBasicAuth(req: IncomingMessage, user: string, password: string): boolean {
  const h = req.headers.authorization ?? '';
  const m = /^Basic\s+(\S+)$/i.exec(h);
  if (!m) return false;
  return Buffer.from(m[1], 'base64').toString('utf8') === `${user}:${password}`;
}

/** A 401 challenge, as servers that want basic credentials send it. */
export function sendAuthChallenge(res: ServerResponse, realm = 'harness'): void {
  res.setHeader('WWW-Authenticate', `Basic realm="${realm}"`);
  sendText(res, 401, '401 Unauthorized: credentials required\n');
}

export interface Content {
  status?: number;
  body: Buffer | string;
  contentType: string;
  /** Content that differs from the real one, for `alter-content` (default: body + a comment line). */
  altered?: () => Buffer;
}

/** Damages a zip's file data in place (a copy), so that extraction or hashing hits a CRC error. */
export function corruptZip(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  // Local file headers start with PK\3\4; damage the data right after the first header's name.
  if (out.readUInt32LE(0) === 0x04034b50) {
    const nameLen = out.readUInt16LE(26);
    const extraLen = out.readUInt16LE(28);
    const size = out.readUInt32LE(18);
    const start = 30 + nameLen + extraLen;
    for (let i = start; i < start + Math.max(1, size); i++) out[i] ^= 0x5a;
  } else {
    out[Math.floor(out.length / 2)] ^= 0xff;
  }
  return out;
}

/**
 * Answers `req` with `content`, committing `fault` if one is given. Returns nothing; for `hang` the
 * response is simply never ended (the server's close() destroys the socket).
 */
export function respond(
  req: IncomingMessage,
  res: ServerResponse,
  fault: Fault | undefined,
  content: Content,
): void {
  let body = typeof content.body === 'string' ? Buffer.from(content.body) : content.body;
  const status = content.status ?? 200;
  const send = (b: Buffer): void => {
    res.writeHead(status, { 'Content-Type': content.contentType, 'Content-Length': b.length });
    res.end(b);
  };
  if (!fault) return send(body);
  switch (fault.kind) {
    case 'status': {
      const text = fault.body ?? `${fault.status} ${STATUS_CODES[fault.status] ?? 'Error'}\n`;
      if (fault.retryAfter !== undefined) res.setHeader('Retry-After', String(fault.retryAfter));
      res.writeHead(fault.status, {
        'Content-Type': fault.contentType ?? 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
      return;
    }
    case 'basic-auth':
      if (hasBasicAuth(req, fault.user, fault.password)) return send(body);
      return sendAuthChallenge(res);
    case 'hang':
      return;
    case 'delay': {
      const timer = setTimeout(() => send(body), fault.ms);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'drip': {
      res.writeHead(status, { 'Content-Type': content.contentType, 'Content-Length': body.length });
      const chunk = Math.max(1, Math.floor(fault.bytesPerSecond / 10));
      let off = 0;
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write(body.subarray(off, off + chunk));
        off += chunk;
        if (off >= body.length) {
          clearInterval(timer);
          res.end();
        }
      }, 100);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'reset-mid-body': {
      res.writeHead(status, { 'Content-Type': content.contentType, 'Content-Length': body.length });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
        const sock = req.socket;
        if ('resetAndDestroy' in sock && typeof sock.resetAndDestroy === 'function') sock.resetAndDestroy();
        else sock.destroy();
      });
      return;
    }
    case 'truncate-zip':
      body = body.subarray(0, Math.floor(body.length / 2));
      return send(body);
    case 'corrupt-zip':
      return send(corruptZip(body));
    case 'alter-content':
      return send(content.altered ? content.altered() : Buffer.concat([body, Buffer.from('\n// altered\n')]));
  }
}
