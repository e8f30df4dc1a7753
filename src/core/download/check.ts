/**
 * Checks that everything a go.mod (or a go.work and its modules) requires can be downloaded, and attributes
 * every failure to the line that causes it. The check is a pipeline; each step is a file of its own:
 *
 * 1. load.ts: the files (an unsaved buffer stands in for its file; the usual edit patches the last parse).
 * 2. targets.ts: the plan: every require, after replacements, is a target `path@version` with its lines.
 * 3. confirm.ts: the module cache: a complete entry that agrees with go.sum costs no process.
 * 4. download.ts: `go mod download -json -x` for the rest (bulk.ts for many modules at once).
 * 5. graph.ts: `go mod graph`, unless the graph is known to be fine.
 * 6. attribute.ts: each finding on its require line, a transitive one on every direct require that pulls it in.
 * 7. result.ts: the findings and module statuses, and what later checks reuse.
 *
 * Around them: goFiles.ts runs go on private copies of the files (the user's are never written); finished.ts
 * is the one handler for a finished go run (go missing, timed out, canceled); early.ts holds the strategies
 * that start go before steps 2-3 for the usual edit; vendored.ts replaces steps 3-5 where go builds from
 * vendor/; waiting.ts gives early word on a request that hangs; cache.ts holds what is kept between checks.
 */
import { resolve } from 'node:path';
import { Attribution } from './attribute.ts';
import { bulkFirst } from './bulk.ts';
import { CacheConfirmation, fileEntryReader } from './confirm.ts';
import type { CheckContext } from './context.ts';
import { downloadPending } from './download.ts';
import { freshStart, quickStart, type Early } from './early.ts';
import { GoFiles } from './goFiles.ts';
import { moduleGraph } from './graph.ts';
import { checkKeys } from './keys.ts';
import { lastModuleOf } from './lastModule.ts';
import { loadWorld } from './load.ts';
import { entryStamps, noting } from './moduleFacts.ts';
import { assembleResult } from './result.ts';
import { TargetSet } from './targets.ts';
import type { CheckOptions, CheckResult, World } from './types.ts';
import { gomodcacheOf } from './util.ts';
import { checkVendored, vendorOf } from './vendored.ts';
import { WaitWatcher } from './waiting.ts';

export { absolutizeGoWork } from './goFiles.ts';
export { BULK_MIN_PENDING } from './bulk.ts';
export { CheckCache } from './cache.ts';
export { hangFinding } from './hang.ts';
export { changedRequires, lastModuleOf, patchedParse, type LastModule } from './lastModule.ts';
export { sumLinesOf } from './early.ts';
export { gomodcacheOf } from './util.ts';
export type * from './types.ts';

export async function checkModule(options: CheckOptions): Promise<CheckResult> {
  options.cache?.flush();
  // A check that may be saved notes what it reads of the module cache (its saved result depends on that).
  const read = options.saved ? new Map<string, string>() : undefined;
  const opts = read && options.facts ? { ...options, facts: noting(options.facts, read) } : options;
  const dir = resolve(opts.dir);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const gomodcache = opts.gomodcache ?? gomodcacheOf(opts.env);
  const out: { ctx?: CheckContext } = {};
  const watcher = waitWatcher(opts, () => out.ctx);
  const go = new GoFiles({
    goBin: opts.goBin,
    dir,
    env: opts.env,
    timeoutMs,
    signal: opts.signal,
    cache: opts.cache,
    watcher,
  });
  // The usual edit changes one require's version: go starts on it before anything else when it can.
  // (Not in a batch across roots: the batch downloaded what is new already.)
  let early: Early | undefined = opts.prefetched ? undefined : quickStart(opts, dir, gomodcache, go);
  try {
    const world = opts.loaded?.world ?? loadWorld(dir, opts.env, opts.overrides, opts.cache?.lastModule(dir));
    if (!world) return skipped('no-module');
    if (world.mods.some((m) => m.parsed.errors.length > 0) || (world.work?.parsed.errors.length ?? 0) > 0)
      return skipped('syntax');
    go.world = world;
    // (A batch's load set it already.)
    if (opts.cache && world.mode === 'module' && !opts.loaded)
      opts.cache.setLastModule(dir, lastModuleOf(world));
    const keys = opts.loaded?.keys ?? checkKeys(world, opts.goBin, opts.goVersion, opts.env);
    const hit = opts.cache && !opts.force ? opts.cache.getResult(keys.result) : undefined;
    if (hit) return { ...hit, runs: [], fromCache: true };
    // Where go builds from vendor/ nothing is downloaded: the vendoring decision comes before any early go.
    const vendor = vendorOf(opts, dir, world);
    const saved = vendor.vendored ? undefined : savedResult(opts, keys.result, gomodcache);
    if (saved) return saved;
    if (!opts.prefetched && !vendor.vendored) early ??= freshStart(opts, world, gomodcache, go);
    const targets = opts.loaded?.targets ?? new TargetSet(world);
    out.ctx = {
      ...{ opts, dir, timeoutMs, gomodcache, world, keys, targets, go, early },
      out: new Attribution(world, targets),
      vendor: vendor.vendored ? vendor : undefined,
      ...(read ? { read } : {}),
    };
    await (out.ctx.vendor ? checkVendored(out.ctx) : downloadAndGraph(out.ctx, world));
    return assembleResult(out.ctx);
  } finally {
    watcher?.dispose();
    // go must be done with the folder before it is removed or lent again.
    if (early && !early.used) await early.run;
    go.release();
  }
}

/** The result saved by an earlier process for these files, when nothing it depends on changed (saved.ts). */
function savedResult(opts: CheckOptions, key: string, gomodcache: string): CheckResult | undefined {
  if (!opts.saved || opts.force) return undefined;
  const r = opts.saved.lookup(key, entryStamps(opts.facts, gomodcache), opts.prefetched);
  if (!r) return undefined;
  const cache = opts.cache;
  if (cache) cache.later(() => cache.setResult(key, r));
  return { ...r, fromCache: true };
}

function skipped(why: 'syntax' | 'no-module'): CheckResult {
  return { findings: [], modules: [], runs: [], fromCache: false, skipped: why };
}

/** Steps 3 to 5: confirm the cache, download the rest, then the module graph. */
async function downloadAndGraph(ctx: CheckContext, world: World): Promise<void> {
  // In a batch across roots: the batch's facts, else the files synchronously (nothing else waits then).
  const reader = ctx.opts.facts ?? fileEntryReader(ctx.gomodcache, ctx.opts.prefetched !== undefined);
  const confirm = new CacheConfirmation(world, ctx.targets.list, ctx.gomodcache, ctx.opts.cache, reader);
  const pending = await confirm.confirmUnverified(new Set(ctx.early?.keys));
  // Few new modules (one require changed): go starts on them before the stamps are confirmed, which takes a
  // few milliseconds for hundreds of requires; a changed entry (rare) gets a download of its own afterwards.
  const overlap = pending.length > 0 && !ctx.opts.offline && !bulkFirst(world, pending.length);
  if (!overlap) pending.push(...(await confirm.confirmStamped()));
  const d = await downloadPending(ctx, pending, overlap ? () => confirm.confirmStamped() : undefined);
  await moduleGraph(ctx, d, pending.length === 0);
}

/** The early word on a hang (CheckOptions.onWaiting), attributed once the targets are known. */
function waitWatcher(opts: CheckOptions, ctx: () => CheckContext | undefined): WaitWatcher | undefined {
  const onWaiting = opts.onWaiting;
  if (!onWaiting) return undefined;
  return new WaitWatcher({
    noticeMs: opts.waitNoticeMs ?? 10_000,
    report: (ws) => {
      const c = ctx();
      const fs = ws.length === 0 || !c ? [] : c.out.provisional(ws, opts.env);
      if (ws.length === 0 || fs.length > 0) onWaiting(fs);
    },
  });
}
