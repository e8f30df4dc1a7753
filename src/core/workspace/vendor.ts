/**
 * Whether go builds a main module (or a workspace) from its vendor folder instead of the module cache, by the
 * go command's rules (modload's default build mode):
 *
 * - `-mod=vendor` in GOFLAGS: vendor; `-mod=mod` or `-mod=readonly`: never.
 * - Otherwise, module mode: a `vendor` folder beside go.mod and a go line of 1.14 or later (absent counts
 *   as older).
 * - Workspace mode: a `vendor` folder beside go.work whose modules.txt was written for a workspace
 *   (`## workspace`), with a go of 1.22 or later running (older go never vendors a workspace); a module's own
 *   vendor folder is ignored in workspace mode.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareGoVersions } from '../download/cachedGraph.ts';

/** Why go does or does not build from vendor/ (shown in the status and hover). */
export type VendorReason =
  | 'goflags-vendor'
  | 'goflags-other'
  | 'go-line'
  | 'go-line-too-old'
  | 'workspace-vendor'
  | 'workspace-not-vendored'
  | 'no-vendor-dir';

export interface VendorMode {
  vendored: boolean;
  reason: VendorReason;
  /** The vendor folder that applies (absolute), when there is one. */
  dir?: string;
}

/** The `-mod` value GOFLAGS sets (`-mod=x` or `--mod=x`), if any; the last one wins, as go's flag parsing does. */
export function modFlag(goflags: string | undefined): string | undefined {
  let out: string | undefined;
  for (const f of (goflags ?? '').split(/\s+/)) {
    const m = /^--?mod=(.*)$/.exec(f);
    if (m) out = m[1];
  }
  return out;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Whether vendor/modules.txt was written by `go work vendor` (go marks it `## workspace`). */
export function modulesTxtIsForWorkspace(vendorDir: string): boolean {
  try {
    return /^## workspace\s*$/m.test(readFileSync(join(vendorDir, 'modules.txt'), 'utf8'));
  } catch {
    return false;
  }
}

export interface VendorInput {
  /** The folder of go.mod (module mode) or of go.work (workspace mode). */
  dir: string;
  mode: 'module' | 'workspace';
  /** The go line of that go.mod or go.work. */
  goLine?: string;
  /** GOFLAGS of the effective environment. */
  goflags?: string;
  /** The running go's version ("1.23.4"); unknown counts as new enough. */
  goVersion?: string;
}

export function vendorMode(i: VendorInput): VendorMode {
  const flag = modFlag(i.goflags);
  const dir = join(i.dir, 'vendor');
  const has = isDir(dir);
  if (flag === 'vendor') return { vendored: true, reason: 'goflags-vendor', dir };
  if (flag !== undefined && flag !== '') return { vendored: false, reason: 'goflags-other' };
  if (!has) return { vendored: false, reason: 'no-vendor-dir' };
  if (i.mode === 'workspace') {
    const goOk = !i.goVersion || compareGoVersions(i.goVersion, '1.22') >= 0;
    return goOk && modulesTxtIsForWorkspace(dir)
      ? { vendored: true, reason: 'workspace-vendor', dir }
      : { vendored: false, reason: 'workspace-not-vendored', dir };
  }
  if (!i.goLine || compareGoVersions(i.goLine, '1.14') < 0)
    return { vendored: false, reason: 'go-line-too-old', dir };
  return { vendored: true, reason: 'go-line', dir };
}
