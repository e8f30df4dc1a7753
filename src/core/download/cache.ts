/**
 * What the check keeps between calls, as the stores it is made of:
 *
 * - ResultStore: whole results, keyed by the files' contents and the environment (failures expire: a network
 *   problem may go away by itself);
 * - EntryStore: module cache entries found complete (the stamp that proves them unchanged, and a hint of which
 *   path@version were complete or could not be downloaded, for the early strategies);
 * - GraphStore: module-graph verdicts by go.mod files + environment, and the requires of good graphs;
 * - ShadowStore: one private folder per root for go's copy of the files;
 * - the last parse of each main module (lastModule.ts).
 *
 * CheckCache holds one of each and keeps its former methods, so callers need not know the split.
 */
import { existsSync, rmSync } from 'node:fs';
import { makeTempDir } from '../run/watchdog.ts';
import type { LastModule } from './lastModule.ts';
import type { CheckResult } from './types.ts';

const MAX_KEYS = 50_000;

/**
 * Results are kept as JSON text: a result is plain data, and its text costs a third of a structured clone to
 * make (every check stores one; few are ever read back).
 */
export class ResultStore {
  private readonly results = new Map<string, { at: number; failed: boolean; json: string }>();

  constructor(private readonly opts: { failureTtlMs?: number; maxEntries?: number } = {}) {}

  get(key: string, now = Date.now()): CheckResult | undefined {
    const e = this.results.get(key);
    if (!e) return undefined;
    if (e.failed && now - e.at > (this.opts.failureTtlMs ?? 5 * 60_000)) {
      this.results.delete(key);
      return undefined;
    }
    return JSON.parse(e.json) as CheckResult;
  }

  set(key: string, result: CheckResult, now = Date.now()): void {
    const failed =
      result.findings.length > 0 || result.modules.some((m) => m.status !== 'ok' && m.status !== 'cached');
    this.results.delete(key);
    this.results.set(key, { at: now, failed, json: JSON.stringify({ ...result, runs: [] }) });
    const max = this.opts.maxEntries ?? 200;
    while (this.results.size > max) this.results.delete(this.results.keys().next().value!);
  }

  /** Whether any result is kept (a lookup in an empty store need not compute its key). */
  get empty(): boolean {
    return this.results.size === 0;
  }

  clear(): void {
    this.results.clear();
  }
}

/** Module cache entries, by `gomodcache\0path@version` (and go.sum lines for the stamps). */
export class EntryStore {
  private readonly stamps = new Map<string, string>();
  private readonly complete = new Set<string>();
  private readonly unsettledSet = new Set<string>();

  stamp(key: string): string | undefined {
    return this.stamps.get(key);
  }

  setStamp(key: string, stamp: string): void {
    if (this.stamps.size >= MAX_KEYS) this.stamps.clear();
    this.stamps.set(key, stamp);
  }

  knownComplete(key: string): boolean {
    return this.complete.has(key);
  }

  setKnownComplete(key: string): void {
    if (this.complete.size >= MAX_KEYS) this.complete.clear();
    this.complete.add(key);
    this.unsettledSet.delete(key);
  }

  unsettled(key: string): boolean {
    return this.unsettledSet.has(key);
  }

  setUnsettled(key: string): void {
    if (this.unsettledSet.size >= MAX_KEYS) this.unsettledSet.clear();
    this.unsettledSet.add(key);
  }

  clear(): void {
    this.stamps.clear();
    this.complete.clear();
  }
}

export class GraphStore {
  private readonly ok = new Set<string>();
  private readonly roots = new Map<string, Set<string>>();

  graphOk(key: string): boolean {
    return this.ok.has(key);
  }

  setGraphOk(key: string): void {
    this.ok.add(key);
  }

  okRoots(key: string): ReadonlySet<string> | undefined {
    return this.roots.get(key);
  }

  addOkRoots(key: string, roots: { path: string; version: string }[]): void {
    const set = this.roots.get(key) ?? new Set<string>();
    if (set.size > MAX_KEYS) set.clear();
    for (const r of roots) set.add(`${r.path}@${r.version}`);
    this.roots.set(key, set);
  }

  clear(): void {
    this.ok.clear();
    this.roots.clear();
  }
}

/** Shadow folders still to remove when the process exits (a language server stopped without shutdown). */
const removeAtExit = new Set<string>();
process.once('exit', () => {
  for (const d of removeAtExit) rmSync(d, { recursive: true, force: true });
});

/**
 * One private folder (mode 0700) per module root for go's copy of the files, kept between checks: making and
 * removing a folder costs milliseconds on a slow file system, on every check that runs go.
 */
export class ShadowStore {
  private readonly shadows = new Map<string, { dir: string; busy: boolean }>();

  /** Undefined while another check holds it (the caller makes a temporary one). Give it back with release. */
  borrow(root: string): string | undefined {
    let sh = this.shadows.get(root);
    if (sh?.busy) return undefined;
    if (!sh || !existsSync(sh.dir)) {
      sh = { dir: makeTempDir('check'), busy: false };
      this.shadows.set(root, sh);
      removeAtExit.add(sh.dir);
    }
    sh.busy = true;
    return sh.dir;
  }

  release(root: string): void {
    const sh = this.shadows.get(root);
    if (sh) sh.busy = false;
  }

  dispose(): void {
    for (const sh of this.shadows.values()) {
      rmSync(sh.dir, { recursive: true, force: true });
      removeAtExit.delete(sh.dir);
    }
    this.shadows.clear();
  }
}

/** Results, cache entries, graph verdicts, shadow folders and last parses, kept between checks. */
export class CheckCache {
  readonly results: ResultStore;
  readonly entries = new EntryStore();
  readonly graphs = new GraphStore();
  readonly shadows = new ShadowStore();
  private readonly lastModules = new Map<string, LastModule>();
  /** Bookkeeping a check leaves for later checks (see later()). */
  private deferred: (() => void)[] = [];

  /** Failures are kept `failureTtlMs` (default 5 minutes): a network problem may go away by itself. */
  constructor(opts: { failureTtlMs?: number; maxEntries?: number } = {}) {
    this.results = new ResultStore(opts);
  }

  /**
   * Runs `fn` once the check that calls it has returned (its result is published first), at the latest when the
   * next check starts (checkModule calls flush()).
   */
  later(fn: () => void): void {
    this.deferred.push(fn);
    if (this.deferred.length === 1) setImmediate(() => this.flush());
  }

  flush(): void {
    const fns = this.deferred;
    this.deferred = [];
    for (const fn of fns) fn();
  }

  getResult(key: string, now = Date.now()): CheckResult | undefined {
    return this.results.get(key, now);
  }

  setResult(key: string, result: CheckResult, now = Date.now()): void {
    this.results.set(key, result, now);
  }

  /** The stamp (see cacheEntryStamp) of a module cache entry found complete and agreeing with go.sum. */
  cachedEntry(key: string): string | undefined {
    return this.entries.stamp(key);
  }

  setCachedEntry(key: string, stamp: string): void {
    this.entries.setStamp(key, stamp);
  }

  /**
   * Whether path@version was found complete in this module cache before: a hint only (the stamps decide),
   * which lets a check start go on the requires that are new before it confirms the others.
   */
  knownComplete(gomodcache: string, path: string, version: string): boolean {
    return this.entries.knownComplete(`${gomodcache}\0${path}@${version}`);
  }

  setKnownComplete(gomodcache: string, path: string, version: string): void {
    this.entries.setKnownComplete(`${gomodcache}\0${path}@${version}`);
  }

  /** A module a check could not download or did not get to: its next download waits for the files' check. */
  setUnsettled(gomodcache: string, path: string, version: string): void {
    this.entries.setUnsettled(`${gomodcache}\0${path}@${version}`);
  }

  unsettled(gomodcache: string, path: string, version: string): boolean {
    return this.entries.unsettled(`${gomodcache}\0${path}@${version}`);
  }

  lastModule(root: string): LastModule | undefined {
    return this.lastModules.get(root);
  }

  setLastModule(root: string, m: LastModule): void {
    this.lastModules.set(root, m);
  }

  borrowShadow(root: string): string | undefined {
    return this.shadows.borrow(root);
  }

  releaseShadow(root: string): void {
    this.shadows.release(root);
  }

  /** Removes the kept folders (when the server shuts down; also done at process exit). */
  dispose(): void {
    this.shadows.dispose();
  }

  /** Requires (path@version) that were part of a successful graph run, by the files' other contents. */
  okRoots(key: string): ReadonlySet<string> | undefined {
    return this.graphs.okRoots(key);
  }

  addOkRoots(key: string, roots: { path: string; version: string }[]): void {
    this.graphs.addOkRoots(key, roots);
  }

  graphOk(key: string): boolean {
    return this.graphs.graphOk(key);
  }

  setGraphOk(key: string): void {
    this.graphs.setGraphOk(key);
  }

  clear(): void {
    this.results.clear();
    this.graphs.clear();
    this.entries.clear();
  }
}
