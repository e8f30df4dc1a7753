/**
 * Step 7 of the check: the findings and the result. Every step attributed its findings as it went
 * (attribute.ts); a producer that looks at the loaded files rather than at go's output (a go.sum consistency
 * check, say) is a FindingStep and joins the list below, so its findings are attributed and cached like the
 * rest. Then the module statuses, and what later checks may reuse (deferred until this result is published).
 */
import { missingSumFindings } from '../gosum/step.ts';
import type { CheckContext } from './context.ts';
import { entryStamps } from './moduleFacts.ts';
import type { AttributedFinding, CheckResult, ModuleStatus } from './types.ts';

/** Findings from the loaded files (ctx.world) and the targets' statuses; pure, no process. */
export type FindingStep = (ctx: CheckContext) => AttributedFinding[];

/** The producers that run after go's steps, in order. */
const FINDING_STEPS: FindingStep[] = [missingSumFindings];

export function assembleResult(ctx: CheckContext): CheckResult {
  const { opts, gomodcache } = ctx;
  const targets = ctx.targets.list;
  for (const step of FINDING_STEPS) ctx.out.findings.push(...step(ctx));
  const cache = opts.cache;
  cache?.later(() => {
    for (const tg of targets)
      if (tg.status === 'ok' || tg.status === 'cached')
        cache.setKnownComplete(gomodcache, tg.path, tg.version);
      else cache.setUnsettled(gomodcache, tg.path, tg.version);
  });
  const modules: ModuleStatus[] = targets.map((tg) => {
    const m: ModuleStatus = { path: tg.path, version: tg.version, status: tg.status };
    if (tg.findings[0]) m.finding = tg.findings[0];
    return m;
  });
  const result: CheckResult = { findings: ctx.out.findings, modules, runs: ctx.go.runs, fromCache: false };
  if (ctx.vendor) result.vendored = true;
  const canceled = ctx.go.runs.some((r) => r.canceled);
  if (cache && !canceled) cache.later(() => cache.setResult(ctx.keys.result, result));
  save(ctx, result);
  return result;
}

/**
 * Keeps the result on disk (saved.ts) when it can be proven again from what it read: not vendored (vendor/ is
 * not in the key), nothing provisional, every go run of its own a success, a graph verdict it noted (saved.ts
 * retries failures only through a batch, so a check with failures of its own is not kept).
 */
function save(ctx: CheckContext, result: CheckResult): void {
  const { saved, facts, prefetched } = ctx.opts;
  if (!saved || !ctx.read || ctx.vendor || ctx.graphUntracked) return;
  if (ctx.go.runs.some((r) => r.exitCode !== 0 || r.timedOut || r.canceled)) return;
  if (result.findings.some((f) => f.provisional)) return;
  for (const tg of ctx.targets.list)
    if (tg.status === 'ok' || tg.status === 'cached') ctx.read.set(tg.path, tg.version);
  saved.record(ctx.keys.result, result, ctx.read, entryStamps(facts, ctx.gomodcache), prefetched);
}
