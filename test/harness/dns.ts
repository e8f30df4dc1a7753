/**
 * A small authoritative-for-everything DNS responder for the private network namespace.
 *
 * Go's pure resolver (and glibc, for git) read /etc/resolv.conf, which the namespace points at
 * 127.0.0.1:53. Each name has a behaviour that can be switched while the world runs:
 *   - `{ a, aaaa }`  answers from the table (an empty answer is NOERROR/NODATA);
 *   - `nxdomain`     → go: "lookup H on 127.0.0.1:53: no such host";
 *   - `servfail`     → go: "lookup H on 127.0.0.1:53: server misbehaving";
 *   - `silent`       → no reply at all → go: "… read udp …: i/o timeout" (after resolv.conf's timeout).
 * Names that are not in the table get the default behaviour (NXDOMAIN unless changed).
 * Packets are parsed and built here (RFC 1035, questions and A/AAAA answers only); UDP and TCP.
 */
import dgram from 'node:dgram';
import net from 'node:net';

export type DnsBehaviour =
  | { kind: 'answer'; a?: string[]; aaaa?: string[] }
  | { kind: 'nxdomain' }
  | { kind: 'servfail' }
  | { kind: 'refused' }
  | { kind: 'silent' };

export const answer = (a: string[], aaaa: string[] = []): DnsBehaviour => ({ kind: 'answer', a, aaaa });
export const NXDOMAIN: DnsBehaviour = { kind: 'nxdomain' };
export const SERVFAIL: DnsBehaviour = { kind: 'servfail' };
export const SILENT: DnsBehaviour = { kind: 'silent' };

export interface DnsQuery {
  name: string;
  type: number;
  transport: 'udp' | 'tcp';
  rcode: number | 'none';
}

export interface DnsServer {
  host: string;
  port: number;
  /** Sets one name's behaviour (case-insensitive; a trailing dot is ignored). */
  set(name: string, behaviour: DnsBehaviour): void;
  /** Removes a name from the table: it gets the default behaviour again. */
  unset(name: string): void;
  /** The behaviour for names not in the table. */
  setDefault(behaviour: DnsBehaviour): void;
  /** Every question received, oldest first. */
  readonly queries: DnsQuery[];
  close(): Promise<void>;
}

export const TYPE_A = 1;
export const TYPE_AAAA = 28;
const CLASS_IN = 1;
const RCODE = { noerror: 0, servfail: 2, nxdomain: 3, refused: 5 } as const;

export interface ParsedQuestion {
  id: number;
  flags: number;
  name: string;
  type: number;
  qclass: number;
  /** The raw question section (name + type + class), echoed back in the response. */
  questionBytes: Buffer;
}

/** Parses the header and first question of a query; undefined when malformed. */
export function parseQuery(msg: Buffer): ParsedQuestion | undefined {
  if (msg.length < 12) return undefined;
  const id = msg.readUInt16BE(0);
  const flags = msg.readUInt16BE(2);
  const qdcount = msg.readUInt16BE(4);
  if (qdcount < 1 || (flags & 0x8000) !== 0) return undefined;
  const labels: string[] = [];
  let off = 12;
  for (;;) {
    if (off >= msg.length) return undefined;
    const len = msg[off];
    if (len === 0) {
      off += 1;
      break;
    }
    if ((len & 0xc0) !== 0 || off + 1 + len > msg.length) return undefined; // no compression in questions
    labels.push(msg.toString('latin1', off + 1, off + 1 + len));
    off += 1 + len;
  }
  if (off + 4 > msg.length) return undefined;
  const type = msg.readUInt16BE(off);
  const qclass = msg.readUInt16BE(off + 2);
  return {
    id,
    flags,
    name: labels.join('.').toLowerCase(),
    type,
    qclass,
    questionBytes: msg.subarray(12, off + 4),
  };
}

function ipv4Bytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map((p) => Number(p)));
}

function ipv6Bytes(ip: string): Buffer {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** Builds a response to `q` with the given rcode and A/AAAA records (all with TTL 1 s). */
export function buildResponse(
  q: ParsedQuestion,
  rcode: number,
  records: { type: number; ip: string }[],
): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id, 0);
  // QR=1, opcode copied, AA=1, RD copied, RA=1, rcode.
  const flags = 0x8000 | (q.flags & 0x7800) | 0x0400 | (q.flags & 0x0100) | 0x0080 | (rcode & 0xf);
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  const answers = records.map((r) => {
    const data = r.type === TYPE_A ? ipv4Bytes(r.ip) : ipv6Bytes(r.ip);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    rr.writeUInt16BE(r.type, 2);
    rr.writeUInt16BE(CLASS_IN, 4);
    rr.writeUInt32BE(1, 6);
    rr.writeUInt16BE(data.length, 10);
    return Buffer.concat([rr, data]);
  });
  return Buffer.concat([header, q.questionBytes, ...answers]);
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Starts the responder on UDP and TCP (default 127.0.0.1:53; port 0 = ephemeral, same for both). */
export async function startDns(
  opts: { host?: string; port?: number; table?: Record<string, DnsBehaviour> } = {},
): Promise<DnsServer> {
  const host = opts.host ?? '127.0.0.1';
  const table = new Map<string, DnsBehaviour>();
  for (const [k, v] of Object.entries(opts.table ?? {})) table.set(normalize(k), v);
  let fallback: DnsBehaviour = NXDOMAIN;
  const queries: DnsQuery[] = [];

  function respond(msg: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined {
    const q = parseQuery(msg);
    if (!q) return undefined;
    const b = table.get(q.name) ?? fallback;
    let rcode: number | 'none';
    let records: { type: number; ip: string }[] = [];
    switch (b.kind) {
      case 'silent':
        rcode = 'none';
        break;
      case 'nxdomain':
        rcode = RCODE.nxdomain;
        break;
      case 'servfail':
        rcode = RCODE.servfail;
        break;
      case 'refused':
        rcode = RCODE.refused;
        break;
      case 'answer':
        rcode = RCODE.noerror;
        if (q.qclass === CLASS_IN && q.type === TYPE_A)
          records = (b.a ?? []).map((ip) => ({ type: TYPE_A, ip }));
        if (q.qclass === CLASS_IN && q.type === TYPE_AAAA)
          records = (b.aaaa ?? []).map((ip) => ({ type: TYPE_AAAA, ip }));
        break;
    }
    queries.push({ name: q.name, type: q.type, transport, rcode });
    return rcode === 'none' ? undefined : buildResponse(q, rcode, records);
  }

  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    const out = respond(msg, 'udp');
    if (out) udp.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(opts.port ?? 53, host, () => {
      udp.off('error', reject);
      resolve();
    });
  });
  const port = udp.address().port;

  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const len = buf.readUInt16BE(0);
        const out = respond(buf.subarray(2, 2 + len), 'tcp');
        buf = buf.subarray(2 + len);
        if (out) {
          const lenBuf = Buffer.alloc(2);
          lenBuf.writeUInt16BE(out.length, 0);
          sock.write(Buffer.concat([lenBuf, out]));
        }
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, host, () => {
      tcp.off('error', reject);
      resolve();
    });
  });

  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    set: (name, behaviour) => void table.set(normalize(name), behaviour),
    unset: (name) => void table.delete(normalize(name)),
    setDefault: (behaviour) => {
      fallback = behaviour;
    },
    queries,
    close() {
      closing ??= Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => {
          tcp.close(() => resolve());
          for (const s of sockets) s.destroy();
        }),
      ]).then(() => undefined);
      return closing;
    },
  };
}
