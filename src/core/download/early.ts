/**
 * Strategies that start go before the rest of the check, for the usual edit (one require changed):
 *
 * - quickStart: when only require versions changed since the last check (lastModule.ts), go starts on the
 *   new versions before the files are parsed (never where go builds from vendor/: nothing is downloaded there);
 * - freshStart: otherwise, right after the parse, go starts on the requires the cache has never seen complete,
 *   before the other cache entries are confirmed;
 * - a module of its own (aloneModule): a download of a few modules runs in a module holding only the main
 *   module's module, go, toolchain and godebug lines and those modules' go.sum lines. What go does for
 *   `go mod download path@version` depends on nothing more, and go does not load, and write back the go.sum
 *   of, the whole module (for 232 requires that is a tenth of go's time).
 *
 * The download step adopts an early run when its batch is the same (see download.ts), else waits for it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalVersion } from '../gomod/versions.ts';
import { workFileOf } from '../workspace/goWork.ts';
import type { RunResult } from '../run/runner.ts';
import { BULK_MIN_PENDING } from './bulk.ts';
import type { CheckCache } from './cache.ts';
import { downloadArgs, type AloneModule, type GoFiles } from './goFiles.ts';
import { aloneHeader, changedRequires } from './lastModule.ts';
import { readText } from './load.ts';
import { cacheZipExists } from './modcache.ts';
import { downloadTarget, findReplace } from './targets.ts';
import type { CheckOptions, World } from './types.ts';
import { vendorOfFile } from './vendored.ts';

/**
 * The requires of a module (not a workspace), after replacements, that the cache has never seen complete and
 * whose `.zip` is not in the module cache: what a download must fetch. Undefined when one has a `.zip` (its
 * full check decides) or when there are too many for an explicit download.
 */
function newRequires(world: World, cache: CheckCache, gomodcache: string): string[] | undefined {
  if (world.mode !== 'module') return undefined;
  const mod = world.mods[0].parsed;
  const out = new Set<string>();
  for (const req of mod.require) {
    if (req.path.value === mod.module?.value) continue;
    const r =
      mod.replace.length > 0 ? findReplace(mod.replace, req.path.value, req.version.value) : undefined;
    const target = downloadTarget(r, req.path.value, req.version.value);
    if (!target) continue;
    const { path, version } = target;
    if (cache.knownComplete(gomodcache, path, version)) continue;
    if (cacheZipExists(gomodcache, path, version)) return undefined;
    out.add(`${path}@${version}`);
    if (out.size >= BULK_MIN_PENDING) return undefined;
  }
  return [...out];
}

/**
 * The go.mod and go.sum of a module of its own for downloading `keys` (path@version), or undefined when the
 * main module's other lines could change the outcome (an exclude) or a version is not canonical.
 */
export function aloneModule(world: World, keys: string[]): AloneModule | undefined {
  const header = aloneHeader(world);
  if (header === undefined) return undefined;
  const paths = new Set<string>();
  for (const k of keys) {
    const at = k.lastIndexOf('@');
    const v = k.slice(at + 1);
    if (at <= 0 || canonicalVersion(v) !== v) return undefined;
    paths.add(k.slice(0, at));
  }
  return { mod: header, sum: sumLinesOf(paths, world.sums.values()) };
}

export interface Early {
  /** What the run downloads and from which files (see earlyKey). */
  key: string;
  /** path@version of the modules it downloads. */
  keys: string[];
  run: Promise<RunResult>;
  used: boolean;
  alone: boolean;
}

function earlyKey(keys: string[], alone: AloneModule | undefined): string {
  return [keys.join(' '), alone ? 'alone' : 'copy', alone?.mod ?? '', alone?.sum ?? ''].join('\0');
}

/** The go.sum lines of the modules `paths` (found by search: a go.sum of a large module has thousands). */
export function sumLinesOf(paths: ReadonlySet<string>, sums: Iterable<string>): string {
  let out = '';
  const sorted = [...paths].sort();
  for (const text of sums) {
    for (const p of sorted) {
      for (let i = text.indexOf(p); i >= 0;) {
        const start = text.lastIndexOf('\n', i - 1) + 1;
        const next = text.charCodeAt(i + p.length);
        if ((next === 32 || next === 9) && text.slice(start, i).trim() === '') {
          let end = text.indexOf('\n', i);
          if (end < 0) end = text.length;
          out += text.slice(start, end) + '\n';
          i = text.indexOf(p, end);
        } else {
          i = text.indexOf(p, i + 1);
        }
      }
    }
  }
  return out;
}

function startDownload(go: GoFiles, keys: string[], alone: AloneModule | undefined): Early {
  const args = downloadArgs(keys);
  return {
    key: earlyKey(keys, alone),
    keys,
    run: alone ? go.runAlone(args, alone) : go.run(args),
    used: false,
    alone: !!alone,
  };
}

/**
 * The edit the cache saw last with only require versions changed (each to a canonical version of a module that
 * is not replaced, not complete in the module cache and not known to fail): that download starts before the
 * files are parsed.
 */
export function quickStart(
  opts: CheckOptions,
  dir: string,
  gomodcache: string,
  go: GoFiles,
): Early | undefined {
  const cache = opts.cache;
  const last = cache?.lastModule(dir);
  if (!cache || !last?.header || opts.offline) return undefined;
  const workPath = workFileOf(dir, opts.env);
  if (workPath !== undefined && (opts.overrides?.has(workPath) || existsSync(workPath))) return undefined;
  const modPath = join(dir, 'go.mod');
  const text = opts.overrides?.get(modPath) ?? readText(modPath);
  const changed = text === undefined ? undefined : changedRequires(last, text);
  if (!changed) return undefined;
  // Only versions changed, so the go line is the last parse's: where go builds from vendor/, no download.
  if (vendorOfFile(opts, dir, 'module', last.parsed).vendored) return undefined;
  for (const c of changed) {
    if (cache.knownComplete(gomodcache, c.path, c.version)) return undefined;
    if (cache.unsettled(gomodcache, c.path, c.version)) return undefined;
    if (cacheZipExists(gomodcache, c.path, c.version)) return undefined;
  }
  const sum = readText(join(dir, 'go.sum'));
  const paths = new Set(changed.map((c) => c.path));
  return startDownload(
    go,
    changed.map((c) => `${c.path}@${c.version}`),
    { mod: last.header, sum: sumLinesOf(paths, sum === undefined ? [] : [sum]) },
  );
}

/** After the parse: go starts on the requires never seen complete in the module cache (a few of them). */
export function freshStart(
  opts: CheckOptions,
  world: World,
  gomodcache: string,
  go: GoFiles,
): Early | undefined {
  if (!opts.cache || opts.offline) return undefined;
  const fresh = newRequires(world, opts.cache, gomodcache);
  if (!fresh || fresh.length === 0 || fresh.length >= BULK_MIN_PENDING) return undefined;
  return startDownload(go, fresh, aloneModule(world, fresh));
}

/** The run of an early download, when the download step's batch is the one it started (else undefined). */
export function adoptEarly(early: Early | undefined, world: World, keys: string[]): Early | undefined {
  if (!early || early.used || early.key !== earlyKey(keys, aloneModule(world, keys))) return undefined;
  early.used = true;
  return early;
}
