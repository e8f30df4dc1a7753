/**
 * Step 5 of the check: the module graph. `go mod graph` reveals what explicit downloads miss: a dependency of a
 * dependency that fails, a module that declares another path, go/toolchain line problems. It is not run when
 * the graph is known to be fine already, by one of three strategies:
 *
 * - every target was a cache hit and the graph was fine before for the same go.mod files and environment;
 * - trustCachedGraph (callers without a long-lived cache, such as the CLI): every go.mod of the graph is in
 *   the module cache and no go/toolchain line needs a newer go (cachedGraph.ts);
 * - extension: one require changed after a good graph for the same files otherwise, and the new requires'
 *   graphs are complete in the module cache (graphOkByExtension);
 * - beside failures (in a batch across roots): only direct requires failed, on their own downloads, and every
 *   other graph is complete in the module cache (graphKnownBesideFailures): go would stop at one of them.
 *
 * A failure goes to the direct require it concerns, or for a transitive one to every direct require that
 * reaches it, with the chain (chain.ts).
 */
import { classify } from '../classify/index.ts';
import type { Finding } from '../classify/types.ts';
import type { RunResult } from '../run/runner.ts';
import { cachedGraphComplete } from './cachedGraph.ts';
import { chainsTo, parseRequiresChain, splitModVersion } from './chain.ts';
import { markGraphOk, noteRead, type CheckContext } from './context.ts';
import type { DownloadOutcome } from './download.ts';
import { finishedRun } from './finished.ts';
import { parseTrace } from './trace.ts';
import { versionAtLeast } from './util.ts';

export async function moduleGraph(ctx: CheckContext, d: DownloadOutcome, allCached: boolean): Promise<void> {
  if (d.graphProven) return;
  // A verdict from the module cache's go.mod files is proven again by a saved result only when they were read
  // through the batch's facts (noted); one kept in memory never is.
  const walked = (): void => void (ctx.graphUntracked ||= !ctx.opts.facts);
  if (allCached && (await graphKnownOk(ctx))) return walked();
  if (await graphOkByExtension(ctx, d)) return void (ctx.graphUntracked = true);
  if (await graphKnownBesideFailures(ctx, d)) return walked();
  ctx.graphUntracked = true;
  if (!d.graphWorthRunning || ctx.opts.offline) return;
  const r = await ctx.go.run(['mod', 'graph', ...(versionAtLeast(ctx.opts.goVersion, 1, 21) ? ['-x'] : [])]);
  const hang = { candidates: ctx.targets.list, otherwise: 'go-line' as const, timeoutMs: ctx.timeoutMs };
  if (finishedRun(r, ctx.out, hang) !== 'exited') return;
  if (r.exitCode !== 0) return attributeGraphFailure(ctx, r);
  markGraphOk(ctx);
  noteRead(ctx, graphNodes(r.stdout));
  ctx.graphUntracked = false;
}

/** The module@versions `go mod graph` printed (each line: a module and one it requires; the main one bare). */
export function graphNodes(stdout: string): { path: string; version: string }[] {
  const out: { path: string; version: string }[] = [];
  for (const line of stdout.split('\n'))
    for (const node of line.trim().split(' ')) {
      const at = node.lastIndexOf('@');
      if (at > 0) out.push({ path: node.slice(0, at), version: node.slice(at + 1) });
    }
  return out;
}

async function graphKnownOk(ctx: CheckContext): Promise<boolean> {
  const { opts, world } = ctx;
  if (opts.cache?.graphOk(ctx.keys.graph) === true) {
    ctx.graphUntracked = true;
    return true;
  }
  if (opts.trustCachedGraph !== true) return false;
  const files = [...world.mods.map((m) => m.parsed), ...(world.work ? [world.work.parsed] : [])];
  return cachedGraphComplete(ctx.gomodcache, ctx.targets.list, files, opts.goVersion, opts.facts?.goMod);
}

/**
 * One require changed (say, to a new version) after a graph run succeeded for the same files otherwise: when
 * every new require downloaded, its whole requirement graph is in the module cache with matching module paths
 * and no go line above the running go (cachedGraph.ts), and nothing is replaced, go mod graph would succeed, so
 * it is not run. The requires of earlier good graphs keep their verdict (their go.mod files were all loaded).
 */
async function graphOkByExtension(ctx: CheckContext, d: DownloadOutcome): Promise<boolean> {
  const { opts, world } = ctx;
  const targets = ctx.targets.list;
  if (!opts.cache || !d.graphWorthRunning || ctx.out.findings.length > 0 || world.mode !== 'module')
    return false;
  if (targets.some((tg) => tg.status !== 'ok' && tg.status !== 'cached')) return false;
  if (world.mods.some((m) => m.parsed.replace.length > 0 || m.parsed.exclude.length > 0)) return false;
  const known = opts.cache.okRoots(ctx.keys.roots);
  if (!known) return false;
  const fresh = targets.filter((tg) => !known.has(`${tg.path}@${tg.version}`));
  if (fresh.length > 20) return false;
  const ok = await cachedGraphComplete(
    ctx.gomodcache,
    fresh,
    [world.mods[0].parsed],
    opts.goVersion,
    opts.facts?.goMod,
  );
  if (ok) markGraphOk(ctx);
  return ok;
}

/**
 * Every finding is a direct require's own download failure, every other target is in the module cache with its
 * whole graph (and no go line above the running go), nothing is replaced or excluded: go mod graph would stop at
 * one of the failed requires and say nothing new (a separate cause shows once that one is fixed). Saves a go
 * run per failing root, the usual case of a warm restart.
 */
async function graphKnownBesideFailures(ctx: CheckContext, d: DownloadOutcome): Promise<boolean> {
  const { world } = ctx;
  const targets = ctx.targets.list;
  const failed = targets.filter((tg) => tg.status === 'failed');
  // Only for failures a batch across roots found (a single root's check still runs the graph, which can name
  // a second cause of the same require).
  const batched = ctx.opts.prefetched;
  if (!d.graphWorthRunning || failed.length === 0 || !batched) return false;
  if (failed.some((tg) => !batched.has(`${tg.path}@${tg.version}`))) return false;
  const own = new Set(failed.flatMap((tg) => tg.findings));
  if (ctx.out.findings.some((f) => !own.has(f))) return false;
  const rest = targets.filter((tg) => tg.status === 'ok' || tg.status === 'cached');
  if (rest.length + failed.length !== targets.length) return false;
  if (world.mods.some((m) => m.parsed.replace.length > 0 || m.parsed.exclude.length > 0)) return false;
  if (world.work && world.work.parsed.replace.length > 0) return false;
  const files = [...world.mods.map((m) => m.parsed), ...(world.work ? [world.work.parsed] : [])];
  return cachedGraphComplete(ctx.gomodcache, rest, files, ctx.opts.goVersion, ctx.opts.facts?.goMod);
}

async function attributeGraphFailure(ctx: CheckContext, r: RunResult): Promise<void> {
  const { messages, traceLines } = parseTrace(r.stderr);
  const parsed = parseRequiresChain(messages);
  const [f0] = classify({
    stderr: messages,
    trace: traceLines.join('\n'),
    exitCode: r.exitCode,
    goVersion: ctx.opts.goVersion,
  });
  if (!f0) return;
  const failing = parsed?.failing ?? (f0.module ? { path: f0.module, version: f0.version ?? '' } : undefined);
  const f: Finding = { ...f0 };
  if (!failing) return ctx.out.goLineOrLoose(f);
  f.module ??= failing.path;
  f.version ??= failing.version;
  const direct = ctx.targets.get(`${failing.path}@${failing.version}`);
  if (direct && (!parsed || parsed.chain.length === 1)) {
    // Its own download failed already: what the graph says about the same version follows from that (an
    // invalid version is unknown to the checksum database too), so it would be a second diagnostic for one
    // cause. A separate cause shows on the next run, once this one is fixed.
    if (direct.findings.length === 0) ctx.out.toTarget(f, direct);
    return;
  }
  // Transitive: every direct requirement that reaches the failing module, with its chain.
  const directs = ctx.targets.list.map((tg) => ({ path: tg.path, version: tg.version }));
  const chains = await chainsTo(ctx.gomodcache, directs, failing);
  if (chains.size === 0 && parsed && parsed.chain.length > 0) {
    const head = splitModVersion(parsed.chain[0]);
    const tg = head ? ctx.targets.of(head.path, head.version) : undefined;
    if (tg) chains.set(`${tg.path}@${tg.version}`, parsed.chain);
  }
  if (chains.size === 0)
    return ctx.out.attach({ ...f, chain: parsed?.chain ?? f.chain }, ctx.out.goLineSite());
  for (const [key, chain] of chains) {
    const tg = ctx.targets.get(key);
    if (tg) ctx.out.toTarget({ ...f, chain }, tg);
  }
}
