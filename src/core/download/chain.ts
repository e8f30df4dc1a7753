/**
 * Dependency chains: which direct requirement pulls in a failing module.
 *
 * Two sources: the go command's own "requires" chain in a module-graph error
 *   go: A@v1 requires
 *   	B@v2 requires
 *   	C@v3: reading …: 404 Not Found
 * and, to find every direct requirement that leads to the failing module (go names only one path), a walk
 * over the go.mod files already in the module cache (no process, no network).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseGoMod } from '../gomod/parse.ts';
import { escapeCasePath } from './modcache.ts';

export interface ModVersion {
  path: string;
  version: string;
}

export interface RequiresChain {
  /** "A@v1", "B@v2", "C@v3": from the first module go names to the failing one. */
  chain: string[];
  /** The failing module (the chain's last element). */
  failing: ModVersion;
  /** The error after "C@v3: ". */
  error: string;
}

const ELEM = /^(\S+?)@(\S+?)(?: \(replaced by [^)]*\))?( requires|: )/;

/** Splits "path@version" (the last "@"). */
export function splitModVersion(s: string): ModVersion | undefined {
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return undefined;
  return { path: s.slice(0, at), version: s.slice(at + 1) };
}

/**
 * Finds the first module error in go's stderr (decoded, "go: " prefixes allowed) and returns its chain; a
 * single "M@V: error" gives a chain of one.
 */
export function parseRequiresChain(stderr: string): RequiresChain | undefined {
  const lines = stderr.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i].replace(/^go: /, '');
    let m = ELEM.exec(first);
    if (!m) continue;
    const chain: string[] = [];
    let rest = first;
    let j = i;
    while (m && m[3] === ' requires') {
      chain.push(`${m[1]}@${m[2]}`);
      j++;
      if (j >= lines.length) return undefined;
      rest = lines[j].replace(/^\t/, '');
      m = ELEM.exec(rest);
    }
    if (!m) continue;
    chain.push(`${m[1]}@${m[2]}`);
    const errStart = rest.indexOf(': ', m[1].length + m[2].length);
    const errLines = [rest.slice(errStart + 2), ...lines.slice(j + 1).filter((l) => l.startsWith('\t'))];
    return { chain, failing: { path: m[1], version: m[2] }, error: errLines.join('\n') };
  }
  return undefined;
}

async function cachedRequires(gomodcache: string, mv: ModVersion): Promise<ModVersion[] | undefined> {
  try {
    const text = await readFile(
      join(
        gomodcache,
        'cache',
        'download',
        escapeCasePath(mv.path),
        '@v',
        `${escapeCasePath(mv.version)}.mod`,
      ),
      'utf8',
    );
    return parseGoMod(text).require.map((r) => ({ path: r.path.value, version: r.version.value }));
  } catch {
    return undefined;
  }
}

/**
 * For each direct requirement, the shortest chain through cached go.mod files that reaches `target` (by path;
 * any version when `target.version` is empty). Directs that do not reach it are absent. Bounded: at most
 * `limit` go.mod files are read.
 */
export async function chainsTo(
  gomodcache: string,
  directs: ModVersion[],
  target: ModVersion,
  limit = 2000,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const key = (m: ModVersion): string => `${m.path}@${m.version}`;
  const matches = (m: ModVersion): boolean =>
    m.path === target.path && (target.version === '' || m.version === target.version);
  const memo = new Map<string, ModVersion[] | undefined>();
  let reads = 0;
  for (const d of directs) {
    if (matches(d)) {
      out.set(key(d), [key(d)]);
      continue;
    }
    const prev = new Map<string, string>();
    const queue: ModVersion[] = [d];
    const seen = new Set([key(d)]);
    let found: string | undefined;
    while (queue.length > 0 && found === undefined) {
      const cur = queue.shift()!;
      const k = key(cur);
      if (!memo.has(k)) {
        if (reads++ >= limit) break;
        memo.set(k, await cachedRequires(gomodcache, cur));
      }
      for (const r of memo.get(k) ?? []) {
        const rk = key(r);
        if (seen.has(rk)) continue;
        seen.add(rk);
        prev.set(rk, k);
        if (matches(r)) {
          found = rk;
          break;
        }
        queue.push(r);
      }
    }
    if (found !== undefined) {
      const chain = [found];
      let p = prev.get(found);
      while (p !== undefined) {
        chain.unshift(p);
        p = prev.get(p);
      }
      out.set(key(d), chain);
    }
  }
  return out;
}
