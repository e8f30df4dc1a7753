/**
 * Batches across roots: the check units of a workspace (the planner's CheckUnits) that share the effective
 * environment (the same go binary and every variable but GOWORK: GOPROXY, GOPRIVATE/GONOPROXY/GONOSUMDB,
 * GOFLAGS, GOINSECURE, GOAUTH, NETRC, GOMODCACHE …) download together: one go process (a few for hundreds of
 * modules), in a module of its own, for the distinct module@versions none of them has in the module cache; then each unit is checked as usual,
 * finding the downloaded modules in the cache (verified against its own go.sum) and the failures attributed to
 * its own require lines from that one run. Per-unit work stays where it is truly per unit: the go.sum check,
 * the module graph, go lines and replacements.
 *
 * A warm restart of a monorepo (everything cached but a few missing modules) costs one go process instead of
 * one or two per root. While the batch's go waits on a request, each unit it serves hears the early word on its
 * own lines (batchWaiting.ts); a batch stopped by the timeout is told on the modules go waited on, and what go
 * never reached behind them is fetched by one more run. The language server calls prefetchGroup itself (its
 * roots' checks go through its scheduler); checkUnits does both steps for a caller without one.
 */
import { resolve } from 'node:path';
import type { RunResult } from '../run/runner.ts';
import type { VendorMode } from '../workspace/vendor.ts';
import { CheckCache } from './cache.ts';
import type { ModVersion } from './chain.ts';
import { checkModule } from './check.ts';
import { GoFiles, downloadArgs } from './goFiles.ts';
import { classifyBatchFailures } from './errorFinding.ts';
import { decodeModDownload, type ModDownloadJson } from './jsonStream.ts';
import { checkKeys, sortedEnv } from './keys.ts';
import { lastModuleOf } from './lastModule.ts';
import { loadWorld } from './load.ts';
import { cacheZipExists } from './modcache.ts';
import { openOperations, parseTrace } from './trace.ts';
import { batchWatcher, type WaitingUnit } from './batchWaiting.ts';
import { ModuleFacts } from './moduleFacts.ts';
import { sumFields } from '../gosum/index.ts';
import { TargetSet } from './targets.ts';
import type { AttributedFinding, BatchHang, CheckOptions, CheckResult } from './types.ts';
import { forEachLimit, gomodcacheOf } from './util.ts';
import { vendorOf } from './vendored.ts';

/** One unit to check: its folder and its whole environment (the planner's unit.env applied). */
export interface BatchUnit {
  dir: string;
  env: Record<string, string>;
  vendor?: VendorMode;
  /**
   * Early word on a hang, for this unit: while the batch's go waits on a request for one of its requires (and
   * later while its own check's go waits), provisional findings on its require lines; see CheckOptions.onWaiting.
   */
  onWaiting?: (findings: AttributedFinding[]) => void;
}

export type BatchOptions = Omit<
  CheckOptions,
  'dir' | 'env' | 'vendor' | 'prefetched' | 'onWaiting' | 'facts' | 'loaded'
> & {
  /** Units checked at once after the batch download (mostly reads of the module cache by then). Default 2. */
  concurrency?: number;
};

/** The failures of a batch download by `path@version` (CheckOptions.prefetched). */
export type Prefetched = Map<string, ModDownloadJson | BatchHang>;

/**
 * What the saved results (saved.ts) of a batch's units said of a failure, by `path@version`: the hash of go's
 * words and the module its finding offers other versions of ('' for none); undefined where two units disagree.
 */
export type SavedFailures = Map<string, { hash: string; changeVersion: string } | undefined>;

/** A group's batch download (prefetchGroup). */
export interface GroupPrefetch {
  failed: Prefetched;
  runs: RunResult[];
  loaded: ReadonlyMap<BatchUnit, WaitingUnit>;
  /** What the units' saved results said of their failures (read before go ran). */
  savedFailures: SavedFailures;
}

export interface BatchResult {
  /** In the order of the units. */
  results: CheckResult[];
  /** The batch downloads (one per group of units sharing an environment). */
  runs: RunResult[];
}

export async function checkUnits(units: BatchUnit[], opts: BatchOptions): Promise<BatchResult> {
  const own = opts.cache ? undefined : new CheckCache();
  const cache = opts.cache ?? own!;
  const results: CheckResult[] = new Array<CheckResult>(units.length);
  const runs: RunResult[] = [];
  try {
    for (const group of groupByEnv(units, opts.goBin)) {
      // What the units share of the module cache, read once for all (partly while the batch's go runs).
      const facts = new ModuleFacts(opts.gomodcache ?? gomodcacheOf(group[0].env));
      const batch = await prefetchGroup(group, { ...opts, cache }, facts);
      runs.push(...batch.runs);
      await forEachLimit(group, opts.concurrency ?? 2, async (u) => {
        const o: CheckOptions = { ...opts, cache, dir: u.dir, env: u.env, prefetched: batch.failed, facts };
        const loaded = batch.loaded.get(u);
        if (loaded) o.loaded = loaded;
        if (u.vendor) o.vendor = u.vendor;
        if (u.onWaiting) o.onWaiting = u.onWaiting;
        results[units.indexOf(u)] = await checkModule(o);
      });
    }
  } finally {
    own?.dispose();
  }
  return { results, runs };
}

/**
 * What decides whether two units can share a batch: the go binary and the whole environment but GOWORK (it only
 * says which files go reads). Units with different keys must not share a batch.
 */
export function batchKey(goBin: string, env: Record<string, string>): string {
  return JSON.stringify([goBin, sortedEnv(env).filter(([k]) => k !== 'GOWORK')]);
}

/** Units by go binary and environment (batchKey). */
export function groupByEnv<U extends { env: Record<string, string> }>(units: U[], goBin: string): U[][] {
  const groups = new Map<string, U[]>();
  for (const u of units) {
    const key = batchKey(goBin, u.env);
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  return [...groups.values()];
}

/** What a group's units need, as loadGroup found it. */
interface GroupNeeds {
  /** path@version the module cache lacks (the batch's download). */
  keys: Set<string>;
  /** What they need that the module cache has and that is worth reading ahead (ModuleFacts.prime). */
  present: ModVersion[];
  /** path@version needed by a unit without a saved result to try: its failures are classified at once. */
  eager: Set<string> | undefined;
  /** The units' go.sum texts. */
  sumTexts: Set<string>;
  loaded: Map<BatchUnit, WaitingUnit>;
  savedFailures: SavedFailures;
}

/**
 * What a group's units need that the module cache lacks (keys), what they need that it has (present), their
 * go.sum lines, and each loaded unit. A unit whose saved result (saved.ts) still holds for every entry it read
 * needs nothing read ahead: only its failures are tried again, and its check compares them with the saved ones.
 */
function loadGroup(
  group: BatchUnit[],
  opts: BatchOptions,
  gomodcache: string,
  facts?: ModuleFacts,
): GroupNeeds {
  const wanted = new Map<string, ModVersion>();
  const ahead = new Set<string>();
  const sums = new Set<string>();
  const loaded = new Map<BatchUnit, WaitingUnit>();
  const savedFailures: SavedFailures = new Map();
  let candidates = 0;
  for (const u of group) {
    const dir = resolve(u.dir);
    const world = loadWorld(dir, u.env, opts.overrides, opts.cache?.lastModule(dir));
    if (!world || world.mods.some((m) => m.parsed.errors.length > 0)) continue;
    // The unit's own check reads the files again but takes this parse (the last one, for the same text).
    if (opts.cache && world.mode === 'module') opts.cache.setLastModule(dir, lastModuleOf(world));
    if ((u.vendor ?? vendorOf({ ...opts, dir: u.dir, env: u.env }, u.dir, world)).vendored) continue;
    // A result kept for the same files and environment: the unit's check returns it without go. (A new
    // server keeps none: its keys, three hashes a unit, are then not computed at all without saved results.)
    const kept = opts.cache && !opts.force && !opts.cache.results.empty ? opts.cache : undefined;
    const trySaved = facts && !opts.force && opts.saved && !opts.saved.empty ? opts.saved : undefined;
    const keys = kept || trySaved ? checkKeys(world, opts.goBin, opts.goVersion, u.env) : undefined;
    if (keys && kept?.getResult(keys.result)) continue;
    const saved = keys && trySaved?.candidate(keys.result, facts!.stamp.bind(facts));
    if (saved) {
      candidates++;
      noteSavedFailures(savedFailures, trySaved!.failuresOf(keys.result));
    }
    const targets = new TargetSet(world);
    for (const tg of targets.list) {
      const k = `${tg.path}@${tg.version}`;
      wanted.set(k, tg);
      if (!saved) ahead.add(k);
    }
    for (const text of world.sums.values()) sums.add(text);
    const onWaiting = u.onWaiting ? { onWaiting: u.onWaiting } : {};
    loaded.set(u, { world, targets, env: u.env, ...(keys ? { keys } : {}), ...onWaiting });
  }
  // What to fetch: a module whose .zip is missing (one stat per distinct module). A partial or disagreeing
  // entry is the unit's own check's to find (it verifies every entry against its go.sum) and its own go run's.
  const keys = new Set<string>();
  const present: ModVersion[] = [];
  for (const [k, tg] of wanted)
    if (!cacheZipExists(gomodcache, tg.path, tg.version)) keys.add(k);
    else if (ahead.has(k)) present.push(tg);
  return { keys, present, eager: candidates > 0 ? ahead : undefined, sumTexts: sums, loaded, savedFailures };
}

/** A saved result's failures into `into` (a file older than their third field says nothing). */
function noteSavedFailures(into: SavedFailures, failures: readonly [string, string, string?][]): void {
  for (const [k, hash, changeVersion] of failures) {
    if (changeVersion === undefined) continue;
    const seen = into.get(k);
    if (!into.has(k)) into.set(k, { hash, changeVersion });
    else if (seen && (seen.hash !== hash || seen.changeVersion !== changeVersion)) into.set(k, undefined);
  }
}

/**
 * The module@versions a group's units (one environment: groupByEnv) need and the module cache lacks,
 * downloaded by one go run (a few for hundreds); returns the failures by path@version (a success is in the
 * module cache now, for each unit to confirm) and the runs. While go waits on a request, the units it serves
 * hear about it (BatchUnit.onWaiting); `opts.signal` stops the runs. With `facts`, the entries the units need
 * that go is not downloading are read while it runs (ModuleFacts.prime).
 */
export async function prefetchGroup(
  group: BatchUnit[],
  opts: BatchOptions,
  facts?: ModuleFacts,
): Promise<GroupPrefetch> {
  const failed: Prefetched = new Map();
  const runs: RunResult[] = [];
  const env = group[0]?.env ?? {};
  const gomodcache = opts.gomodcache ?? gomodcacheOf(env);
  const { keys, present, eager, sumTexts, loaded, savedFailures } = loadGroup(group, opts, gomodcache, facts);
  if (keys.size === 0 || opts.offline) return { failed, runs, loaded, savedFailures };
  const list = [...keys].sort();
  const sums = agreedSumLines(new Set(list.map((k) => k.slice(0, k.lastIndexOf('@')))), sumTexts);
  const watcher = batchWatcher([...loaded.values()], opts.waitNoticeMs ?? 10_000);
  // Each run's private module, written before any run starts: once go runs, it takes the cores from us.
  const prepare = (keysOf: string[], dir: string): GoFiles => {
    const o = { ...opts, dir, env, timeoutMs: opts.timeoutMs ?? 120_000 };
    const go = new GoFiles(watcher ? { ...o, watcher } : o);
    go.writeAlone({ mod: 'module gmd.invalid/batch\n', sum: chunkSums(keysOf, sums) });
    return go;
  };
  // The go.mod files of what each run downloaded, read while the other runs go on (the roots' graphs need them).
  const reads: Promise<void>[] = [];
  const download = async (go: GoFiles, keysOf: string[], last: boolean): Promise<string[]> => {
    try {
      const r = await go.runAloneWritten(downloadArgs(keysOf));
      runs.push(r);
      const unreached = settle(r, keysOf, failed, last, facts, opts.goVersion, eager);
      if (facts) reads.push(facts.prime(keysOf.filter((k) => !failed.has(k)).map(splitKey), false));
      return unreached;
    } finally {
      go.release();
    }
  };
  const downloads = (async (): Promise<void> => {
    try {
      // go resolves explicit arguments one after another (a request each before any download): many of them
      // go to a few processes at once, each in a folder of its own (the module cache takes concurrent ones).
      const chunks = chunked(list, Math.min(MAX_PARALLEL, group.length, Math.ceil(list.length / MIN_CHUNK)));
      const gos = chunks.map((keysOf, i) => prepare(keysOf, group[i].dir));
      const unreached = await Promise.all(chunks.map((keysOf, i) => download(gos[i], keysOf, false)));
      // What a stopped run never reached (go waited on another module before it): once more without what it
      // waited on, so a unit is not told of a wait that was not its own; a second stop means the server hangs
      // for everything, and what is left is told of it.
      const rest = unreached.flat();
      if (rest.length > 0 && !opts.signal?.aborted) await download(prepare(rest, group[0].dir), rest, true);
    } finally {
      watcher?.dispose();
    }
  })();
  await Promise.all([downloads, facts?.prime(present)]);
  await Promise.all(reads);
  return { failed, runs, loaded, savedFailures };
}

/**
 * A batch run's failures into `failed` (and what it downloaded into `facts`); returns the modules it never
 * reached when go was stopped by the timeout (waiting on another module), after marking those it waited on as
 * hangs (all of them on the last run, or when the trace names none of them).
 */
function settle(
  r: RunResult,
  keysOf: string[],
  failed: Prefetched,
  last: boolean,
  facts: ModuleFacts | undefined,
  goVersion: string | undefined,
  eager: ReadonlySet<string> | undefined,
): string[] {
  const objs = decodeModDownload(r.stdout);
  facts?.learnDownloads(objs);
  classifyBatchFailures(
    eager ? objs.filter((o) => eager.has(`${o.Path}@${o.Version ?? ''}`)) : objs,
    goVersion,
  );
  for (const o of objs) if (o.Error !== undefined) failed.set(`${o.Path}@${o.Version ?? ''}`, o);
  if (!r.timedOut) return [];
  const seen = new Set(objs.map((o) => `${o.Path}@${o.Version ?? ''}`));
  const unreached = keysOf.filter((k) => !seen.has(k));
  const ops = openOperations(parseTrace(r.stderr)).filter((op) => op.module);
  const waitedOn = (k: string): boolean =>
    ops.some((op) => k === `${op.module}@${op.version}` || (!op.version && k.startsWith(`${op.module}@`)));
  const matched = last ? [] : unreached.filter(waitedOn);
  const hung = matched.length === 0 ? unreached : matched;
  for (const k of hung) failed.set(k, { hang: r });
  return unreached.filter((k) => !hung.includes(k));
}

/** Up to this many go processes for one batch, each with at least MIN_CHUNK modules. */
const MAX_PARALLEL = 4;
const MIN_CHUNK = 128;

const splitKey = (k: string): ModVersion => {
  const at = k.lastIndexOf('@');
  return { path: k.slice(0, at), version: k.slice(at + 1) };
};

function chunked<T>(items: T[], n: number): T[][] {
  const parts = Math.max(1, n);
  return Array.from({ length: parts }, (_, i) => items.filter((_, j) => j % parts === i)).filter(
    (c) => c.length > 0,
  );
}

/**
 * The go.sum lines of `paths` every unit agrees on: a module whose lines differ between units (one of them is
 * wrong) is left out, so the batch neither fails it for the units that are right nor passes it for the one
 * that is not (each unit's own check compares the downloaded module with its own go.sum).
 */
export function agreedSumLines(paths: ReadonlySet<string>, sums: Iterable<string>): Map<string, string> {
  // The roots of a monorepo share most of their lines: each distinct line is parsed once.
  const lines = new Set<string>();
  for (const text of sums) for (const line of text.split('\n')) lines.add(line);
  const byModule = new Map<string, Set<string>>();
  for (const line of lines) {
    const [path, version, hash] = sumFields(line);
    if (!hash || !paths.has(path)) continue;
    const k = `${path} ${version}`;
    byModule.set(k, (byModule.get(k) ?? new Set()).add(hash));
  }
  const out = new Map<string, string>();
  for (const [k, hashes] of byModule) {
    if (hashes.size !== 1) continue;
    const path = k.slice(0, k.indexOf(' '));
    out.set(path, `${out.get(path) ?? ''}${k} ${[...hashes][0]}\n`);
  }
  return out;
}

/** The agreed go.sum lines (agreedSumLines) of the module paths of `keys` (path@version), each path once. */
export function chunkSums(keys: readonly string[], sums: ReadonlyMap<string, string>): string {
  const paths = new Set(keys.map((k) => k.slice(0, k.lastIndexOf('@'))));
  let out = '';
  for (const p of paths) out += sums.get(p) ?? '';
  return out;
}
