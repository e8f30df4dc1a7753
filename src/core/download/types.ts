/**
 * The check's public types (its options and result) and the shapes its steps pass along: the files as loaded
 * (World) and the downloads they call for (Target: one module@version and every line that needs it).
 */
import type { Finding } from '../classify/types.ts';
import type { GoModFile, GoWorkFile, Range } from '../gomod/types.ts';
import type { RunResult } from '../run/runner.ts';
import type { VendorMode } from '../workspace/vendor.ts';
import type { CheckCache } from './cache.ts';
import type { ModVersion } from './chain.ts';
import type { CheckKeys } from './keys.ts';
import type { ModDownloadJson } from './jsonStream.ts';
import type { FactsReader } from './moduleFacts.ts';
import type { SavedResults } from './saved.ts';
import type { TargetSet } from './targets.ts';

export type AttributedFinding = Finding & {
  /** Absolute path of the go.mod or go.work the finding is attached to. */
  file: string;
  /** The require's path..version, the replace target, or the go/toolchain line. */
  range: Range;
  requirePath?: string;
  /** Set on an early word while go still runs (see CheckOptions.onWaiting): the final result replaces it. */
  provisional?: true;
  /** How long the request a provisional finding names has waited so far. */
  waitedMs?: number;
};

export type ModuleStatusKind = 'ok' | 'failed' | 'cached' | 'unknown';

export interface ModuleStatus {
  path: string;
  version: string;
  /**
   * 'cached': complete in the module cache, no process needed; 'ok': downloaded; 'failed': it or a module it
   * pulls in failed; 'unknown': go stopped (timeout, cancellation, a fatal error) before reporting on it.
   */
  status: ModuleStatusKind;
  finding?: AttributedFinding;
}

export interface CheckResult {
  findings: AttributedFinding[];
  modules: ModuleStatus[];
  runs: RunResult[];
  /** True when the whole result came from the result cache (no process, no file of the cache read). */
  fromCache: boolean;
  /** Set when go builds these modules from vendor/: nothing was downloaded, vendor/modules.txt was checked. */
  vendored?: boolean;
  /** Set when nothing was run because a file does not parse (the parser's diagnostics say why). */
  skipped?: 'syntax' | 'no-module';
}

export interface CheckOptions {
  goBin: string;
  /** A module root (has go.mod) or a workspace root (has go.work). */
  dir: string;
  /** The environment go runs with (see buildEnv). */
  env: Record<string, string>;
  /** Per go process. Default 120 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** "1.23.5": selects version-dependent flags (`go mod graph -x` needs 1.21+). */
  goVersion?: string;
  /** The effective GOMODCACHE (go env -json); default: derived from env like go does. */
  gomodcache?: string;
  /** Results and module-graph verdicts kept between calls. */
  cache?: CheckCache;
  /**
   * Contents to use instead of the files on disk, by absolute path (unsaved editor buffers): the main go.mod in
   * module mode, or the go.work in workspace mode. The files on disk are never written either way.
   */
  overrides?: ReadonlyMap<string, string>;
  /** Ignore a cached result (the fast path and the graph cache still apply). */
  force?: boolean;
  /** Run no go process: modules not complete in the module cache stay 'unknown' (not checked). */
  offline?: boolean;
  /**
   * When every require is complete in the module cache, skip `go mod graph` if the graph's go.mod files are
   * all in the cache too and no go/toolchain line needs a newer Go (see cachedGraph.ts); for callers without a
   * long-lived CheckCache, such as the CLI.
   */
  trustCachedGraph?: boolean;
  /**
   * Early word on a hang: while go runs, whenever one of its requests has waited `waitNoticeMs` or more, called
   * about once a second with provisional findings (category timeout, `provisional: true`) on the require lines
   * they serve; called once with [] when nothing waits any more. The result replaces them.
   */
  onWaiting?: (findings: AttributedFinding[]) => void;
  /** Default 10000. */
  waitNoticeMs?: number;
  /** go's vendoring mode for this root (the planner's CheckUnit.vendor); default: by go's rules. */
  vendor?: VendorMode;
  /**
   * Failed downloads already run for several roots at once (batch.ts), by `path@version`: a pending target
   * found here is attributed from it without a go run of its own (and no early download starts).
   */
  prefetched?: ReadonlyMap<string, ModDownloadJson | BatchHang>;
  /** The module cache as a batch across roots read it once for all its units (moduleFacts.ts). */
  facts?: FactsReader;
  /**
   * Results kept on disk between processes (saved.ts): a check returns the saved one when nothing it depends on
   * changed, and saves its own when it can be proven again (see saved.ts). The caller writes the file
   * (SavedResults.save).
   */
  saved?: SavedResults;
  /**
   * The batch's own load of this root's files and its plan, made just before (batch.ts): the check takes them
   * instead of reading and planning again. Only for a check that follows its batch at once.
   */
  loaded?: { world: World; targets: TargetSet; keys?: CheckKeys };
}

/** A batch download that go did not finish (stopped by the timeout): what it was waiting for, from its trace. */
export interface BatchHang {
  hang: RunResult;
}

/** A line that needs a target: a require (or the replace that supplies it). */
export interface Site {
  file: string;
  range: Range;
  requirePath: string;
}

export interface Target extends ModVersion {
  sites: Site[];
  status: ModuleStatusKind;
  findings: AttributedFinding[];
}

export interface LoadedFile {
  path: string;
  text: string;
  parsed: GoModFile;
}

export interface World {
  mode: 'module' | 'workspace';
  /** go.mod files (the main module, or every used module). */
  mods: LoadedFile[];
  work?: { path: string; text: string; parsed: GoWorkFile };
  /** go.sum / go.work.sum contents (for the result key), by absolute path. */
  sums: Map<string, string>;
}

export const span = (a: Range, b: Range): Range => ({ start: a.start, end: b.end });
export const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
