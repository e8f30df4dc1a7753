/**
 * Whether `go mod graph` can be known to succeed without running it: every go.mod file of the requirement
 * graph is in the module cache (so go would need no network), and no go/toolchain line asks for a newer Go
 * than the one in use (go would stop with a toolchain error). Conservative: anything unexpected says "no",
 * and the caller runs go.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseGoMod } from '../gomod/parse.ts';
import { sumFields } from '../gosum/index.ts';
import type { GoModFile, Spanned } from '../gomod/types.ts';
import type { ModVersion } from './chain.ts';
import { escapeCasePath } from './modcache.ts';

/** Go versions parsed for compareGoVersions: a graph walk compares the same few go lines thousands of times. */
const parsedGoVersions = new Map<string, number[]>();

function parseGoVersion(v: string): number[] {
  let out = parsedGoVersions.get(v);
  if (out) return out;
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta)(\d+))?/.exec(v.replace(/^go/, ''));
  const pre = m?.[4] ? (m[4] === 'beta' ? 0 : 1) : 2;
  out = m ? [+m[1], +(m[2] ?? 0), +(m[3] ?? 0), pre, +(m[5] ?? 0)] : [0, 0, 0, 0, 0];
  if (parsedGoVersions.size >= 1000) parsedGoVersions.clear();
  parsedGoVersions.set(v, out);
  return out;
}

/** Compares "1.21", "1.21.3", "1.22rc1" numerically (pre-releases sort before the release). */
export function compareGoVersions(a: string, b: string): number {
  const x = parseGoVersion(a);
  const y = parseGoVersion(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

export interface GoLines {
  go?: Spanned;
  toolchain?: Spanned;
}

/** A module's go.mod in the module cache, parsed; undefined when it cannot be read or does not parse. */
export type GoModReader = (mv: ModVersion) => GoModFile | undefined;

export function cachedGraphComplete(
  gomodcache: string,
  roots: ModVersion[],
  files: GoLines[],
  goVersion: string | undefined,
  readGoMod: GoModReader = (mv) => readCachedGoMod(gomodcache, mv),
): Promise<boolean> {
  return Promise.resolve(cachedGraphCompleteSync(roots, files, goVersion, readGoMod));
}

/**
 * Synchronous: usually a handful of small files (one changed require), each read otherwise a thread-pool round
 * trip.
 */
export function readCachedGoMod(gomodcache: string, mv: ModVersion): GoModFile | undefined {
  const file = join(
    gomodcache,
    'cache',
    'download',
    escapeCasePath(mv.path),
    '@v',
    `${escapeCasePath(mv.version)}.mod`,
  );
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseGoMod(text);
  return parsed.errors.length > 0 ? undefined : parsed;
}

const MAX_MODULES = 20_000;

function cachedGraphCompleteSync(
  roots: ModVersion[],
  files: GoLines[],
  goVersion: string | undefined,
  readGoMod: GoModReader,
): boolean {
  if (!goVersion || !/^\d/.test(goVersion)) return false;
  for (const f of files) {
    if (f.go && compareGoVersions(f.go.value, goVersion) > 0) return false;
    if (f.toolchain && f.toolchain.value !== 'default' && compareGoVersions(f.toolchain.value, goVersion) > 0)
      return false;
  }
  const seen = new Set<string>();
  const queue: ModVersion[] = [...roots];
  while (queue.length > 0) {
    const mv = queue.pop()!;
    const key = `${mv.path}@${mv.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > MAX_MODULES) return false;
    const parsed = readGoMod(mv);
    if (!parsed) return false;
    // go stops on a go.mod that declares another path, or (1.21+) needs a newer go than the one running.
    if (parsed.module?.value !== mv.path) return false;
    if (parsed.go && compareGoVersions(parsed.go.value, goVersion) > 0) return false;
    for (const r of parsed.require) queue.push({ path: r.path.value, version: r.version.value });
  }
  return true;
}

/** The go.sum hash ("h1:") of a go.mod file as go computes it (dirhash Hash1 over the one file). */
export function goModH1(_path: string, _version: string, data: Buffer | string): string {
  const fileHash = createHash('sha256').update(data).digest('hex');
  // dirhash names the one file "go.mod" (go's modfetch goModSum), whatever the module and version.
  const summary = `${fileHash}  go.mod\n`;
  return `h1:${createHash('sha256').update(summary).digest('base64')}`;
}

/**
 * Whether the go.sum / go.work.sum texts agree with what the module cache holds for path@version: every
 * go.sum line for it (the zip's and the go.mod's) must equal the cache's hash. No line agrees trivially (go
 * may then consult the checksum database; the fast path does not). A disagreement means go would report a
 * checksum mismatch, so the module must not be treated as a cache hit.
 */
/** goSumAgrees with synchronous reads (see cacheEntryCompleteSync). */
export function goSumAgreesSync(
  gomodcache: string,
  path: string,
  version: string,
  sums: Iterable<string>,
): boolean {
  const { zipLines, modLines } = sumLinesFor(path, version, sums);
  if (zipLines.length === 0 && modLines.length === 0) return true;
  const vdir = join(gomodcache, 'cache', 'download', escapeCasePath(path), '@v');
  try {
    if (zipLines.length > 0) {
      const zh = readFileSync(join(vdir, `${escapeCasePath(version)}.ziphash`), 'utf8').trim();
      if (zipLines.some((h) => h !== zh)) return false;
    }
    if (modLines.length > 0) {
      const h = goModH1(path, version, readFileSync(join(vdir, `${escapeCasePath(version)}.mod`)));
      if (modLines.some((x) => x !== h)) return false;
    }
  } catch {
    return false;
  }
  return true;
}

/**
 * goSumAgrees against hashes already read: the entry's `.ziphash` and (asked only when go.sum has a line for it)
 * its go.mod's h1.
 */
export function sumAgrees(
  path: string,
  version: string,
  sums: Iterable<string>,
  zipHash: string,
  modH1: () => string | undefined,
): boolean {
  const { zipLines, modLines } = sumLinesFor(path, version, sums);
  if (zipLines.some((h) => h !== zipHash)) return false;
  if (modLines.length === 0) return true;
  const h = modH1();
  return modLines.every((x) => x === h);
}

/** The go.sum hashes for path@version's zip and for its go.mod. */
function sumLinesFor(
  path: string,
  version: string,
  sums: Iterable<string>,
): { zipLines: string[]; modLines: string[] } {
  const zipLines: string[] = [];
  const modLines: string[] = [];
  for (const text of sums) {
    for (const line of text.split('\n')) {
      const f = sumFields(line);
      if (f.length !== 3 || f[0] !== path) continue;
      if (f[1] === version) zipLines.push(f[2]);
      else if (f[1] === `${version}/go.mod`) modLines.push(f[2]);
    }
  }
  return { zipLines, modLines };
}

export async function goSumAgrees(
  gomodcache: string,
  path: string,
  version: string,
  sums: Iterable<string>,
): Promise<boolean> {
  const { zipLines, modLines } = sumLinesFor(path, version, sums);
  if (zipLines.length === 0 && modLines.length === 0) return true;
  const vdir = join(gomodcache, 'cache', 'download', escapeCasePath(path), '@v');
  try {
    if (zipLines.length > 0) {
      const zh = (await readFile(join(vdir, `${escapeCasePath(version)}.ziphash`), 'utf8')).trim();
      if (zipLines.some((h) => h !== zh)) return false;
    }
    if (modLines.length > 0) {
      const h = goModH1(path, version, await readFile(join(vdir, `${escapeCasePath(version)}.mod`)));
      if (modLines.some((x) => x !== h)) return false;
    }
  } catch {
    return false;
  }
  return true;
}
