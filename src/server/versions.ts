/**
 * The versions a module has, for the change-version quick fix (`go list -m -versions`, outside any module so no
 * file is written), in one go process for all the modules of a root's findings, or of a batch across roots's
 * failures, that offer that fix (a warm restart of a monorepo would otherwise run one per root).
 */
import { rm } from 'node:fs/promises';
import type { Prefetched, SavedFailures } from '../core/download/batch.ts';
import { failureHash } from '../core/download/saved.ts';
import { decodeJsonStream } from '../core/download/jsonStream.ts';
import { downloadErrorFinding } from '../core/download/errorFinding.ts';
import { checkPath } from '../core/gomod/modpath.ts';
import { run } from '../core/run/runner.ts';
import { makeTempDir } from '../core/run/watchdog.ts';

/** The module paths of `objs` (go list -m -json objects) with their versions; [] for a module go failed on. */
function versionsOf(objs: unknown[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const o of objs as { Path?: unknown; Versions?: unknown; Error?: unknown }[]) {
    if (typeof o?.Path !== 'string') continue;
    const vs = o.Error === undefined && Array.isArray(o.Versions) ? o.Versions : [];
    out.set(
      o.Path,
      vs.filter((v): v is string => typeof v === 'string'),
    );
  }
  return out;
}

/**
 * The versions of `modules` by module path, from one go process (`-e`: a module go fails on gets [] and does
 * not stop the others). A module go did not answer for is left out (its root's check asks on its own).
 */
export async function listVersionsOf(
  goBin: string,
  env: Record<string, string>,
  modules: string[],
  signal?: AbortSignal,
): Promise<Map<string, string[]>> {
  // A module path from go.mod reaches go's command line only valid, after "--" (issue 18).
  const valid = modules.filter((m) => checkPath(m) === undefined);
  if (valid.length === 0) return new Map();
  const dir = makeTempDir('versions');
  try {
    const r = await run([goBin, 'list', '-m', '-e', '-versions', '-json', '--', ...valid], {
      env: { ...env, GOFLAGS: '', GOWORK: 'off' },
      cwd: dir,
      timeoutMs: 30_000,
      maxOutputBytes: 4 * 1024 * 1024,
      ...(signal ? { signal } : {}),
    });
    return r.timedOut || r.canceled ? new Map() : versionsOf(decodeJsonStream(r.stdout));
  } catch {
    return new Map();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The modules of a batch's failures whose finding offers to change the version. A failure whose unit's saved
 * result holds the same words of go's says which (`saved`); the classifier says for the others.
 */
export function changeVersionModules(
  failed: Prefetched,
  goVersion: string | undefined,
  saved?: SavedFailures,
): string[] {
  const out = new Set<string>();
  for (const [k, p] of failed) {
    if ('hang' in p) continue;
    const known = saved?.get(k);
    if (known && failureHash(failed, k) === known.hash) {
      if (known.changeVersion) out.add(known.changeVersion);
      continue;
    }
    // The same classification (exit code 1, as the roots' checks attribute a batch's failure) is reused by them.
    const f = downloadErrorFinding(p, 1, goVersion);
    if (f?.fixes.includes('change-version')) out.add(f.module ?? p.Path);
  }
  return [...out];
}
