/**
 * Whether `go mod graph` can be known to succeed without running it: every go.mod file of the requirement
 * graph is in the module cache (so go would need no network), and no go/toolchain line asks for a newer Go
 * than the one in use (go would stop with a toolchain error). Conservative: anything unexpected says "no",
 * and the caller runs go.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseGoMod } from '../gomod/parse.ts';
import type { Spanned } from '../gomod/types.ts';
import type { ModVersion } from './chain.ts';
import { escapeCasePath } from './modcache.ts';

/** Compares "1.21", "1.21.3", "1.22rc1" numerically (pre-releases sort before the release). */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string): number[] => {
    const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta)(\d+))?/.exec(v.replace(/^go/, ''));
    if (!m) return [0, 0, 0, 0, 0];
    const pre = m[4] ? (m[4] === 'beta' ? 0 : 1) : 2;
    return [+m[1], +(m[2] ?? 0), +(m[3] ?? 0), pre, +(m[5] ?? 0)];
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

export interface GoLines {
  go?: Spanned;
  toolchain?: Spanned;
}

export async function cachedGraphComplete(
  gomodcache: string,
  roots: ModVersion[],
  files: GoLines[],
  goVersion: string | undefined,
  maxModules = 20_000,
): Promise<boolean> {
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
    if (seen.size > maxModules) return false;
    let text: string;
    try {
      text = await readFile(
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
    } catch {
      return false;
    }
    const parsed = parseGoMod(text);
    if (parsed.errors.length > 0) return false;
    for (const r of parsed.require) queue.push({ path: r.path.value, version: r.version.value });
  }
  return true;
}
