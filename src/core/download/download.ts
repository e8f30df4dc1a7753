/**
 * Step 4 of the check: download what the cache does not hold. `go mod download -json -x path@version …`
 * (explicit arguments, so every module gets its own JSON object; with no arguments go stops at the first graph
 * error and prints no JSON), or first, for many modules, the bulk strategy (bulk.ts). Each module's error goes
 * to its require lines; a fatal error (plain text, no JSON) to the module it names or the go line.
 */
import { classify } from '../classify/index.ts';
import type { RunResult } from '../run/runner.ts';
import { fatalModule } from './attribute.ts';
import { bulkFirst } from './bulk.ts';
import { markGraphOk, noteRead, type CheckContext } from './context.ts';
import { adoptEarly } from './early.ts';
import { cutShort, finishedRun } from './finished.ts';
import { downloadArgs } from './goFiles.ts';
import { BATCH_FAILURE_EXIT, downloadErrorFinding } from './errorFinding.ts';
import { decodeModDownload, type ModDownloadJson } from './jsonStream.ts';
import { hangFinding } from './hang.ts';
import { openOperations, parseTrace } from './trace.ts';
import type { BatchHang, Target } from './types.ts';

export interface DownloadOutcome {
  /** False when go is missing, stopped, or stopped on a go/toolchain/config problem: the graph would say the same. */
  graphWorthRunning: boolean;
  /** The bulk run loaded the whole graph: no graph run needed. */
  graphProven: boolean;
}

/**
 * Downloads `pending`. With `confirmLate` (few modules: go starts before the stamped entries are confirmed),
 * the entries found changed meanwhile (rare) get a download of their own afterwards.
 */
export async function downloadPending(
  ctx: CheckContext,
  pendingIn: Target[],
  confirmLate?: () => Promise<Target[]>,
): Promise<DownloadOutcome> {
  const state: DownloadOutcome = { graphWorthRunning: true, graphProven: false };
  let pending = pendingIn;
  if (pending.length === 0 || ctx.opts.offline) return state;
  if (ctx.opts.prefetched) pending = fromBatch(ctx, pending, ctx.opts.prefetched, state);
  if (pending.length === 0) {
    const late = confirmLate ? await confirmLate() : [];
    pendingIn.push(...late);
    if (late.length > 0) await explicitDownload(ctx, late, state);
    return state;
  }
  if (bulkFirst(ctx.world, pending.length) && (await bulkDownload(ctx, pending, state))) return state;
  if (!confirmLate) {
    await explicitDownload(ctx, pending, state);
    return state;
  }
  const first = explicitDownload(ctx, [...pending], state);
  const late = await confirmLate();
  await first;
  if (late.length > 0) {
    pendingIn.push(...late);
    if (!ctx.go.runs.some(cutShort)) await explicitDownload(ctx, late, state);
  }
  return state;
}

/**
 * Failures a batch across roots already found (batch.ts), attributed as if this check had run go; a batch that
 * go did not finish (the timeout) gives the hang finding without a new wait. Returns the targets still pending.
 */
function fromBatch(
  ctx: CheckContext,
  pending: Target[],
  batched: ReadonlyMap<string, ModDownloadJson | BatchHang>,
  state: DownloadOutcome,
): Target[] {
  const rest: Target[] = [];
  for (const tg of pending) {
    const p = batched.get(`${tg.path}@${tg.version}`);
    if (!p) rest.push(tg);
    else if (!('hang' in p)) attributeObjects(ctx, [p], BATCH_FAILURE_EXIT);
    else {
      ctx.out.toTarget(hangFinding(p.hang, openOperations(parseTrace(p.hang.stderr)), ctx.timeoutMs), tg);
      state.graphWorthRunning = false;
    }
  }
  return rest;
}

/**
 * Many modules: first what `go mod download` does without arguments. Returns true when that settled everything
 * (all downloaded and the graph proven, or go missing or stopped); false when the explicit arguments and the
 * graph load must say which require is to blame.
 */
async function bulkDownload(ctx: CheckContext, pending: Target[], state: DownloadOutcome): Promise<boolean> {
  const r = await ctx.go.run(['mod', 'download', '-json', '-x']);
  const end = finishedRun(r, ctx.out, {
    candidates: pending,
    otherwise: 'go-line-if-open',
    timeoutMs: ctx.timeoutMs,
  });
  if (end !== 'exited') {
    state.graphWorthRunning = false;
    return true;
  }
  const objs = r.exitCode === 0 ? decodeModDownload(r.stdout) : [];
  const seen = new Set(objs.filter((o) => o.Error === undefined).map((o) => `${o.Path}@${o.Version ?? ''}`));
  if (r.exitCode !== 0 || !pending.every((tg) => seen.has(`${tg.path}@${tg.version}`))) return false;
  // Every pending module downloaded, and go loaded the whole module graph before it did.
  for (const tg of pending) tg.status = 'ok';
  state.graphProven = true;
  markGraphOk(ctx);
  noteRead(
    ctx,
    objs.filter((o) => o.Version).map((o) => ({ path: o.Path, version: o.Version! })),
  );
  return true;
}

/** The run for one batch: an early run when it started this very batch, else a run of its own. */
async function batchRun(ctx: CheckContext, keys: string[]): Promise<RunResult> {
  const args = downloadArgs(keys);
  const early = adoptEarly(ctx.early, ctx.world, keys);
  if (!early) {
    // go must be done with the folder before another run rewrites the copy.
    if (ctx.early && !ctx.early.used) {
      ctx.early.used = true;
      await ctx.early.run;
    }
    return ctx.go.run(args);
  }
  const r = await early.run;
  // A failure before any module's JSON in a module of its own may come from the rest of the files: not trusted.
  if (early.alone && r.exitCode !== 0 && !cutShort(r) && decodeModDownload(r.stdout).length === 0)
    return ctx.go.run(args);
  return r;
}

async function explicitDownload(ctx: CheckContext, batch: Target[], state: DownloadOutcome): Promise<void> {
  const r = await batchRun(
    ctx,
    batch.map((tg) => `${tg.path}@${tg.version}`),
  );
  if (
    finishedRun(r, ctx.out, { candidates: batch, otherwise: 'candidates', timeoutMs: ctx.timeoutMs }) !==
    'exited'
  ) {
    state.graphWorthRunning = false;
    return;
  }
  const objs = decodeModDownload(r.stdout);
  attributeObjects(ctx, objs, r.exitCode);
  if (objs.length === 0 && r.exitCode !== 0) fatalDownload(ctx, r, state);
}

/** go's JSON object per module: done, or its error on the module's require lines. */
function attributeObjects(ctx: CheckContext, objs: ModDownloadJson[], exitCode: number | undefined): void {
  for (const o of objs) {
    const tg = ctx.targets.get(`${o.Path}@${o.Version ?? ''}`) ?? ctx.targets.of(o.Path, o.Version);
    if (!tg) continue;
    if (o.Error === undefined) {
      if (tg.status === 'unknown') tg.status = 'ok';
      continue;
    }
    const f = downloadErrorFinding(o, exitCode, ctx.opts.goVersion);
    if (f) ctx.out.toTarget({ ...f, module: f.module ?? o.Path, version: f.version ?? o.Version }, tg);
  }
}

/** A fatal error: plain text, no JSON (go.sum mismatch, go line, GOFLAGS, …). */
function fatalDownload(ctx: CheckContext, r: RunResult, state: DownloadOutcome): void {
  const trace = parseTrace(r.stderr);
  const fs = classify({
    stderr: trace.messages,
    trace: trace.traceLines.join('\n'),
    exitCode: r.exitCode,
    goVersion: ctx.opts.goVersion,
  });
  for (const f of fs) {
    const named = fatalModule(trace.messages, f);
    const tg = named ? ctx.targets.of(named.path, named.version) : undefined;
    if (tg) ctx.out.toTarget(f, tg);
    else ctx.out.goLineOrLoose(f);
  }
  state.graphWorthRunning = !ctx.out.findings.some(
    (f) => f.category === 'toolchain' || f.category === 'config',
  );
}
