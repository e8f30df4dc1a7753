/**
 * A checksum database the go command really verifies: an Ed25519 key of its own, the fixture
 * modules' go.sum lines as records of a Merkle tree (the transparent-log hashing of RFC 6962 as
 * golang.org/x/mod/sumdb/tlog does it), a signed tree note, and the endpoints `/latest`,
 * `/lookup/M@V` and `/tile/8/L/NNN[.p/W]` (and `/tile/8/data/...`).
 *
 * Faults: route 'lookup' (per module/version), 'tile', 'latest' take any Fault, e.g. the 404/410
 * text/plain answers the public database gives for private paths. `setRecord` replaces a record's
 * lines (content that disagrees with the real download produces go's checksum-server SECURITY
 * ERROR). Changing records changes the tree: use a fresh client cache (GOPATH/pkg/sumdb and
 * GOMODCACHE/cache/download/sumdb) after a change, or go reports a misbehaving server.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFaultTable, respond, type FaultTable } from './faults.ts';
import { unescapePath, type BuiltModule } from './fixtures.ts';
import { sendText, type Handler } from './http.ts';

export interface SumDBOptions {
  /** The database name: a host[/path], e.g. "sum.golang.org" or "sum.test". */
  name: string;
  modules: BuiltModule[];
  faults?: FaultTable;
}

export interface SumDB {
  handler: Handler;
  /** `<name>+<hash>+<key>`: GOSUMDB="<verifierKey> <url>". */
  verifierKey: string;
  faults: FaultTable;
  /** Replaces (or adds) the record for path@version with these go.sum lines. */
  setRecord(path: string, version: string, lines: string[]): void;
  /** Current tree size (number of records). */
  size(): number;
  /** Every request path seen, in order. */
  requests: string[];
}

const TILE_HEIGHT = 8;
const TILE_WIDTH = 1 << TILE_HEIGHT;

const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
/** tlog.RecordHash. */
export const recordHash = (data: Buffer): Buffer => sha256(Buffer.from([0]), data);
/** tlog.NodeHash. */
export const nodeHash = (left: Buffer, right: Buffer): Buffer => sha256(Buffer.from([1]), left, right);

/** Merkle tree over leaf hashes, with complete-subtree hashes memoized by (level, index). */
export class MerkleTree {
  private readonly memo = new Map<string, Buffer>();
  constructor(private readonly leaves: Buffer[]) {}

  get size(): number {
    return this.leaves.length;
  }

  /** Hash of the complete subtree at `level` covering leaves [index·2^level, (index+1)·2^level). */
  subtree(level: number, index: number): Buffer {
    if (level === 0) return this.leaves[index];
    const k = `${level}/${index}`;
    let h = this.memo.get(k);
    if (!h) {
      h = nodeHash(this.subtree(level - 1, 2 * index), this.subtree(level - 1, 2 * index + 1));
      this.memo.set(k, h);
    }
    return h;
  }

  /** Hash of leaves [start, start+n) (n >= 1), RFC 6962 MTH. */
  private range(start: number, n: number): Buffer {
    if (n === 1) return this.leaves[start];
    let k = 1;
    while (k * 2 < n) k *= 2;
    const level = Math.log2(k);
    const left = start % k === 0 ? this.subtree(level, start / k) : this.range(start, k);
    return nodeHash(left, this.range(start + k, n - k));
  }

  root(): Buffer {
    if (this.leaves.length === 0) return sha256();
    return this.range(0, this.leaves.length);
  }
}

interface Tile {
  level: number | 'data';
  n: number;
  width: number;
}

/** Parses "8/L/x001/234[.p/W]" (after "tile/"); undefined when malformed. */
export function parseTilePath(p: string): Tile | undefined {
  const m = /^(\d+)\/(data|\d+)\/((?:x\d{3}\/)*\d{3})(?:\.p\/(\d+))?$/.exec(p);
  if (!m || +m[1] !== TILE_HEIGHT) return undefined;
  const n = m[3].split('/').reduce((acc, part) => acc * 1000 + Number(part.replace('x', '')), 0);
  const width = m[4] === undefined ? TILE_WIDTH : Number(m[4]);
  if (width < 1 || width > TILE_WIDTH || (m[4] !== undefined && width === TILE_WIDTH)) return undefined;
  return { level: m[2] === 'data' ? 'data' : Number(m[2]), n, width };
}

/** A note signer: Ed25519 key, verifier key text, and the "— name sig" line. */
export function createNoteSigner(name: string): { verifierKey: string; sign(text: string): string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const pub = Buffer.from(jwk.x ?? '', 'base64url');
  const keyBytes = Buffer.concat([Buffer.from([1]), pub]);
  const hash = sha256(Buffer.from(name + '\n'), keyBytes).subarray(0, 4);
  const verifierKey = `${name}+${hash.toString('hex')}+${keyBytes.toString('base64')}`;
  const key: KeyObject = privateKey;
  return {
    verifierKey,
    sign(text: string): string {
      const sig = sign(null, Buffer.from(text), key);
      return `${text}\n\u2014 ${name} ${Buffer.concat([hash, sig]).toString('base64')}\n`;
    },
  };
}

export function createSumDB(opts: SumDBOptions): SumDB {
  const faults = opts.faults ?? createFaultTable();
  const signer = createNoteSigner(opts.name);
  const requests: string[] = [];
  const records: { path: string; version: string; text: string }[] = [];
  for (const m of opts.modules) {
    if (records.some((r) => r.path === m.path && r.version === m.version)) continue;
    records.push({
      path: m.path,
      version: m.version,
      text: `${m.path} ${m.version} ${m.h1}\n${m.path} ${m.version}/go.mod ${m.modH1}\n`,
    });
  }
  let cache: { tree: MerkleTree; note: string } | undefined;
  const state = (): { tree: MerkleTree; note: string } => {
    if (!cache) {
      const tree = new MerkleTree(records.map((r) => recordHash(Buffer.from(r.text))));
      const note = signer.sign(`go.sum database tree\n${tree.size}\n${tree.root().toString('base64')}\n`);
      cache = { tree, note };
    }
    return cache;
  };

  const text = 'text/plain; charset=utf-8';

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://sumdb.invalid').pathname;
    requests.push(path);
    if (path === '/latest') {
      return respond(req, res, faults.find({ route: 'latest' }), { body: state().note, contentType: text });
    }
    if (path.startsWith('/lookup/')) {
      let key: string;
      try {
        key = decodeURIComponent(path.slice('/lookup/'.length));
      } catch {
        return sendText(res, 400, 'bad request\n');
      }
      const at = key.lastIndexOf('@');
      const mod = at > 0 ? unescapePath(key.slice(0, at)) : undefined;
      const ver = at > 0 ? unescapePath(key.slice(at + 1)) : undefined;
      if (mod === undefined || ver === undefined)
        return sendText(res, 400, `invalid module@version ${key}\n`);
      const fault = faults.find({ module: mod, version: ver, route: 'lookup' });
      const id = records.findIndex((r) => r.path === mod && r.version === ver);
      if (id < 0 && !fault)
        return sendText(res, 404, `not found: ${mod}@${ver}: invalid version: unknown revision ${ver}\n`);
      const { note } = state();
      const body = id < 0 ? '' : `${id}\n${records[id].text}\n${note}`;
      return respond(req, res, fault, { body, contentType: text });
    }
    if (path.startsWith('/tile/')) {
      const tile = parseTilePath(path.slice('/tile/'.length));
      if (!tile) return sendText(res, 400, 'invalid tile syntax\n');
      const { tree } = state();
      const fault = faults.find({ route: 'tile' });
      const first = tile.n * TILE_WIDTH;
      if (tile.level === 'data') {
        if (first + tile.width > records.length) return sendText(res, 404, 'file does not exist\n');
        const body = records
          .slice(first, first + tile.width)
          .map((r) => r.text + '\n')
          .join('');
        return respond(req, res, fault, { body, contentType: text });
      }
      const level = tile.level * TILE_HEIGHT;
      if ((first + tile.width) * 2 ** level > tree.size) return sendText(res, 404, 'file does not exist\n');
      const hashes: Buffer[] = [];
      for (let i = 0; i < tile.width; i++) hashes.push(tree.subtree(level, first + i));
      return respond(req, res, fault, {
        body: Buffer.concat(hashes),
        contentType: 'application/octet-stream',
      });
    }
    sendText(res, 404, 'not found\n');
  }

  return {
    handler: handle,
    verifierKey: signer.verifierKey,
    faults,
    requests,
    size: () => records.length,
    setRecord(path, version, lines) {
      const t = lines.map((l) => l.replace(/\n$/, '') + '\n').join('');
      const r = records.find((x) => x.path === path && x.version === version);
      if (r) r.text = t;
      else records.push({ path, version, text: t });
      cache = undefined;
    },
  };
}
