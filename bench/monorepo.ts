/**
 * Monorepo figures (issue 16): the engine over many module roots, through the workspace planner and the
 * batches across roots (src/core/download/batch.ts), against bare `go mod download` run root after root, in
 * one run (the sources of the modules and the places of the module caches: plainFigures).
 *
 * The universe: ROOTS module roots (100; 20 in --quick), each requiring 30 of 540 flat modules and one
 * module of its own that does not exist (so every root has one failure, as in the issue's measurements). Bare
 * go runs on copies without the missing module (it would stop there before downloading anything).
 *   - plain: every root a module of its own. Cold (empty module cache) and warm restart (a fresh CheckCache,
 *     everything cached but the missing modules): the engine's wall time over all roots / bare go's; the go
 *     processes; duplicate findings (0) and the true failure count (one per root);
 *   - go.work: 30 of the roots under one go.work: the findings, one per cause (0 duplicates, 30 failures);
 *   - vendored: 20 roots with vendor/ (go mod vendor), checked with GOPROXY=off: no finding, one go list -m
 *     per root, no download;
 *   - one changed require: the engine's own time (from the call to the result, minus go's own runs) with a
 *     CheckCache, for one root whose require moves to a new version.
 * Run alone: `node --import tsx bench/monorepo.ts [--quick]`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkUnits } from '../src/core/download/batch.ts';
import { CheckCache, checkModule, type AttributedFinding } from '../src/core/download/check.ts';
import { run } from '../src/core/run/runner.ts';
import { SavedResults } from '../src/core/download/saved.ts';
import { planWorkspace } from '../src/core/workspace/planner.ts';
import { startProxyProcess } from './proxyProcess.ts';
import type { BuiltFixtures } from '../test/harness/fixtures.ts';
import { defaultToolchain, sandbox, type Sandbox, type Toolchain } from '../test/helpers/go.ts';
import { plainFigureSet } from './monoFigures.ts';
import {
  bareRootByRoot,
  flushDisk,
  memoryFolder,
  oneGoRun,
  median,
  sides,
  PER_ROOT,
  rootRequires,
  withMonoWorld,
  writeFileMirror,
  writeGoWorkspace,
  writeRoot,
  writeVendoredRoot,
  type MonoResult,
} from './monoUniverse.ts';

export type { MonoFigure, MonoResult } from './monoUniverse.ts';

const now = (): number => performance.now();
const keyOf = (r: { path: string; version: string }): string => `${r.path}@${r.version}`;

function duplicates(findings: AttributedFinding[]): number {
  const keys = findings.map((f) => `${f.file}:${f.range.start.line}:${f.category}`);
  return keys.length - new Set(keys).size;
}

interface Ctx {
  tc: Toolchain;
  sb: Sandbox;
  goVersion: string;
  env: Record<string, string>;
  work: string;
  fx: BuiltFixtures;
  log: (m: string) => void;
}

/**
 * The engine over `dirs` as a new process would check them: a new CheckCache, and (with `savedFile`) the results
 * an earlier process saved there (core saved.ts), written back after the time is taken. The time runs from the
 * workspace plan of the folders (its go.work lookups and vendoring decisions) to the last result.
 */
async function engineOver(
  ctx: Ctx,
  dirs: string[],
  gomodcache: string,
  savedFile?: string,
): Promise<{ ms: number; procs: number; findings: AttributedFinding[] }> {
  const s = now();
  const plan = await planWorkspace(dirs.map((dir) => ({ dir, env: ctx.env })));
  const units = plan.units.map((u) => ({
    dir: u.dir,
    env: { ...ctx.env, ...u.env, GOMODCACHE: gomodcache },
    vendor: u.vendor,
  }));
  const saved = savedFile ? new SavedResults(savedFile, 'en') : undefined;
  const { results, runs } = await checkUnits(units, {
    goBin: ctx.tc.bin,
    goVersion: ctx.goVersion,
    gomodcache,
    timeoutMs: 600_000,
    ...(saved ? { saved } : {}),
  });
  const ms = now() - s;
  // Written once the results are out, as the language server does (its diagnostics are published first).
  const w = now();
  saved?.save();
  const writeMs = now() - w;
  const procs = runs.length + results.reduce((a, r) => a + r.runs.length, 0);
  ctx.log(
    `  engine over ${units.length} units: ${ms.toFixed(0)} ms, of which the batch download ${runs.map((r) => r.durationMs).join('+')} ms; ${results.filter((r) => r.fromCache).length} results saved by an earlier process; saved file written after in ${writeMs.toFixed(0)} ms`,
  );
  return { ms, procs, findings: results.flatMap((r) => r.findings) };
}

/**
 * Both sides cold then warm over the first ten roots, not counted: the proxy process, the go binary's pages and
 * the engine's code start cold, and whichever side went first in the first pair paid for that.
 */
async function warmUp(ctx: Ctx, bare: string[], dirs: string[], via: Via): Promise<void> {
  const id = via.id;
  const caches = [join(via.caches, `mc${id}-warmup-go`), join(via.caches, `mc${id}-warmup-ours`)];
  for (let round = 0; round < 2; round++) {
    await bareRootByRoot(ctx, bare.slice(0, 10), caches[0]);
    await engineOver(ctx, dirs.slice(0, 10), caches[1], join(ctx.work, `saved${id}-warmup`, 'results.json'));
  }
  // The caches stay until the end (see plainPairs).
}

/** Where the plain figures' modules come from and where their module caches are: ids and labels say which. */
interface Via {
  /** '' file:// mirror, caches in memory (the issue's setup); '.disk' the same on disk; '.http' the proxy. */
  id: string;
  label: string;
  /** The folder of the pairs' module caches. */
  caches: string;
  /** Whether the time targets apply (see plainFigures). */
  targets: boolean;
}

/**
 * The plain figures three times, each pair also timing go's own download of the distinct modules in one process
 * (the floor: the same downloads without bare go's hundred starts). First on a file:// mirror (the issue's own
 * setup: no proxy process competes for the two cores, as a remote proxy would not) with the module caches in
 * memory, where that floor is what it was where the issue set its targets ("about 0.2x here"): the time targets
 * apply there. Then the same on this disk, ext4 without a journal, where each file created after many deletions
 * scans the recently deleted inodes; then from a proxy process on loopback, caches in memory, whose serving
 * takes the cores from go. Those two are reported with their floors (bench/README.md), without the time targets.
 */
async function plainFigures(ctx: Ctx, roots: number, pairs: number, out: MonoResult): Promise<void> {
  const mirror = join(ctx.work, 'mirror');
  writeFileMirror(ctx.fx, mirror);
  const memory = memoryFolder(`gmd-bench-mono-${process.pid}`);
  const inMemory = memory ? 'module caches in memory' : 'module caches on disk: no tmpfs with 1 GB free here';
  const fileCtx = { ...ctx, env: { ...ctx.env, GOPROXY: `file://${mirror}` } };
  const caches = memory?.dir ?? ctx.work;
  try {
    await plainPairs(fileCtx, roots, pairs, out, {
      id: '',
      label: `file:// mirror, ${inMemory}`,
      caches,
      targets: true,
    });
    const disk = {
      id: '.disk',
      label: 'file:// mirror, module caches on disk',
      caches: ctx.work,
      targets: false,
    };
    await plainPairs(fileCtx, roots, pairs, out, disk);
    const proxy = await startProxyProcess(join(ctx.work, 'proxy'));
    try {
      const http = { id: '.http', label: `loopback HTTP proxy, ${inMemory}`, caches, targets: false };
      await plainPairs({ ...ctx, env: { ...ctx.env, GOPROXY: proxy.url } }, roots, pairs, out, http);
    } finally {
      await proxy.close();
    }
  } finally {
    memory?.done();
  }
}

async function plainPairs(ctx: Ctx, roots: number, pairs: number, out: MonoResult, via: Via): Promise<void> {
  const dirs = Array.from({ length: roots }, (_, i) => join(ctx.work, 'plain', `r${i}`));
  dirs.forEach((d, i) => writeRoot(d, i, ctx.fx));
  // Bare go stops at a root's missing module before it downloads anything: its copies leave that module out,
  // so it does the whole download work of each root.
  const bare = Array.from({ length: roots }, (_, i) => join(ctx.work, 'plain-go', `r${i}`));
  bare.forEach((d, i) => writeRoot(d, i, ctx.fx, false));
  await warmUp(ctx, bare, dirs, via);
  // What bare go downloads, for go's own download of it in one process (the floor of the cold figure).
  const distinct = [...new Set(bare.flatMap((_, i) => rootRequires(i).slice(0, PER_ROOT)).map(keyOf))];
  // Each pair's engine keeps its results where the next process (its warm restart) finds them.
  const saved = (p: number): string => join(ctx.work, `saved${via.id}-${p}`, 'results.json');
  const cold: number[] = [];
  const floor: number[] = [];
  const warm: number[] = [];
  let procs = { cold: 0, warm: 0 };
  let dup = 0;
  let failures = 0;
  for (let p = 0; p < pairs; p++) {
    const caches = [join(via.caches, `mc${via.id}-go-${p}`), join(via.caches, `mc${via.id}-ours-${p}`)];
    const goFirst = p % 2 === 0;
    const [goCold, oursCold] = await sides(
      goFirst,
      () => bareRootByRoot(ctx, bare, caches[0]),
      () => engineOver(ctx, dirs, caches[1], saved(p)),
    );
    const [goWarm, oursWarm] = await sides(
      goFirst,
      () => bareRootByRoot(ctx, bare, caches[0]),
      () => engineOver(ctx, dirs, caches[1], saved(p)),
    );
    flushDisk();
    const oneCache = join(via.caches, `mc${via.id}-one-${p}`);
    const oneRun = await oneGoRun(ctx, join(ctx.work, `floor${via.id}-${p}`), distinct, oneCache);
    cold.push(oursCold.ms / goCold);
    floor.push(oneRun / goCold);
    warm.push(oursWarm.ms / goWarm);
    procs = { cold: oursCold.procs, warm: oursWarm.procs };
    dup = duplicates(oursWarm.findings) + duplicates(oursCold.findings);
    failures = oursWarm.findings.length;
    ctx.log(
      `monorepo plain ${roots} roots, ${via.label}, pair ${p + 1}: cold ours ${oursCold.ms.toFixed(0)} / go ${goCold.toFixed(0)} ms (one go run ${oneRun.toFixed(0)} ms), warm restart ours ${oursWarm.ms.toFixed(0)} / go ${goWarm.toFixed(0)} ms, go processes ${oursCold.procs} cold, ${oursWarm.procs} warm`,
    );
    // Each pair's caches stay until the whole work folder goes, after the last figure: removing the thousands
    // of files of a cold cache slowed the file creation of the runs after it for minutes, both sides' but the
    // parallel downloads' most (bench/README.md).
  }
  out.figures.push(...plainFigureSet(via, roots, { cold, floor, warm, procs, dup, failures }));
  out.details[`plain${via.id}`] = { cold, floor, warm, procs };
}

async function workFigures(ctx: Ctx, roots: number, out: MonoResult): Promise<void> {
  const base = join(ctx.work, 'gowork');
  writeGoWorkspace(base, roots, ctx.fx);
  const r = await engineOver(ctx, [base], join(ctx.work, 'mc-work'));
  ctx.log(
    `monorepo go.work ${roots} roots: ${r.findings.length} findings, ${duplicates(r.findings)} duplicates, ${r.procs} go processes, ${r.ms.toFixed(0)} ms`,
  );
  out.figures.push(
    {
      id: `mono.work.duplicates.${roots}`,
      label: `go.work monorepo duplicate findings, ${roots} roots`,
      unit: 'count',
      value: duplicates(r.findings),
      target: 0,
      cmp: 'eq',
    },
    {
      id: `mono.work.failures.${roots}`,
      label: `go.work monorepo failures found (true count ${roots}), ${roots} roots`,
      unit: 'count',
      value: r.findings.length,
      target: roots,
      cmp: 'eq',
    },
  );
}

async function vendorFigures(ctx: Ctx, roots: number, out: MonoResult): Promise<void> {
  const dirs: string[] = [];
  for (let i = 0; i < roots; i++) {
    const d = join(ctx.work, 'vendored', `r${i}`);
    await writeVendoredRoot(ctx, d, i, join(ctx.work, 'mc-vendor'));
    dirs.push(d);
  }
  const offline = { ...ctx, env: { ...ctx.env, GOPROXY: 'off' } };
  const r = await engineOver(offline, dirs, join(ctx.work, 'mc-empty'));
  ctx.log(
    `monorepo vendored ${roots} roots offline: ${r.findings.length} findings, ${r.procs} go processes, ${r.ms.toFixed(0)} ms`,
  );
  out.figures.push(
    {
      id: `mono.vendor.findings.${roots}`,
      label: `Vendored roots offline, findings, ${roots} roots`,
      unit: 'count',
      value: r.findings.length,
      target: 0,
      cmp: 'eq',
    },
    {
      id: `mono.vendor.ms.${roots}`,
      label: `Vendored roots offline, wall time, ${roots} roots`,
      unit: 'ms',
      value: r.ms,
      note: `${r.procs} go list -m, no download`,
    },
  );
}

/** The engine's own time for one changed require: the call's wall time minus go's own runs. */
async function changeFigure(ctx: Ctx, reps: number, out: MonoResult): Promise<void> {
  const d = join(ctx.work, 'change');
  const reqs = rootRequires(0).slice(0, PER_ROOT);
  mkdirSync(d, { recursive: true });
  const gomod = (v: string): string =>
    `module bench.test/change\n\ngo 1.21\n\nrequire (\n${reqs.map((x, j) => `\t${x.path} ${j === 0 ? v : x.version}\n`).join('')})\n`;
  writeFileSync(
    join(d, 'go.sum'),
    // With the lines of the versions the require moves to (else: "missing go.sum entry", rightly).
    [
      ...reqs.flatMap((x) => ctx.fx.goSumLines(x.path, x.version)),
      ...Array.from({ length: reps }, (_, i) => ctx.fx.goSumLines(reqs[0].path, `v1.0.${i + 1}`)).flat(),
    ].join('\n') + '\n',
  );
  const cache = new CheckCache();
  const gomodcache = join(ctx.work, 'mc-change');
  const opts = {
    goBin: ctx.tc.bin,
    dir: d,
    env: { ...ctx.env, GOMODCACHE: gomodcache },
    goVersion: ctx.goVersion,
    gomodcache,
    cache,
    timeoutMs: 600_000,
  };
  writeFileSync(join(d, 'go.mod'), gomod('v1.0.0'));
  await checkModule(opts);
  const own: number[] = [];
  for (let i = 1; i <= reps; i++) {
    writeFileSync(join(d, 'go.mod'), gomod(`v1.0.${i}`));
    const s = now();
    const r = await checkModule(opts);
    const total = now() - s;
    if (r.findings.length > 0) throw new Error(`change check failed: ${JSON.stringify(r.findings[0])}`);
    own.push(Math.max(0, total - r.runs.reduce((a, x) => a + x.durationMs, 0)));
    cache.flush();
  }
  cache.dispose();
  out.figures.push({
    id: 'mono.change.ownMs',
    label: `One changed require, the engine's own time (minus go's run), ${PER_ROOT} requires`,
    unit: 'ms',
    value: median(own),
    spread: [Math.min(...own), Math.max(...own)],
    n: own.length,
    target: 2,
    cmp: 'le',
    note: 'runs overlap the engine work, so this is wall time outside go',
  });
}

export async function measureMonorepo(o: {
  quick: boolean;
  tc: Toolchain;
  log: (m: string) => void;
}): Promise<MonoResult> {
  const roots = o.quick ? 20 : 100;
  const sb = sandbox(o.tc);
  const work = join(tmpdir(), `gmd-bench-mono-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const out: MonoResult = { figures: [], details: {} };
  try {
    await withMonoWorld(o.tc, sb, work, async (w) => {
      const goVersion = (await run([o.tc.bin, 'env', 'GOVERSION'], { env: w.env, timeoutMs: 30_000 })).stdout
        .trim()
        .replace(/^go/, '');
      const ctx: Ctx = { ...w, goVersion, work, log: o.log };
      await plainFigures(ctx, roots, o.quick ? 1 : 6, out);
      await workFigures(ctx, Math.min(30, roots), out);
      await vendorFigures(ctx, o.quick ? 5 : 20, out);
      await changeFigure(ctx, o.quick ? 6 : 12, out);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
    sb.cleanup();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const r = await measureMonorepo({
    quick,
    tc: defaultToolchain(),
    log: (m) => process.stderr.write(`${m}\n`),
  });
  for (const f of r.figures)
    process.stdout.write(
      `${f.label}: ${f.unit === 'ratio' ? f.value.toFixed(3) : Math.round(f.value * 100) / 100}${f.target !== undefined ? ` (target ${f.cmp === 'eq' ? '=' : '≤'} ${f.target})` : ''}\n`,
    );
}
