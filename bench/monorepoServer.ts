/**
 * Monorepo figures through the language server (issue 16), as a user gets them: the built server
 * (dist/server.cjs, started with the client's Node flags and environment) on a workspace folder of many module
 * roots, and a plain LSP client that initializes with the folder, answers workspace/configuration, records every
 * publishDiagnostics and status notification, and waits until the status says idle (and stays so).
 *
 * On the universe of bench/monorepo.ts (bench/monoUniverse.ts): ROOTS roots (100; 20 in --quick), each requiring
 * 30 of 540 flat modules and one missing module of its own.
 *   - plain: cold (empty module cache) and warm restart (a new server process, everything cached but the missing
 *     modules), server start → idle against bare `go mod download` root after root (ratios, pair by pair); go
 *     processes (a logging `go` first on PATH); peak RSS (VmHWM of the server process); duplicate diagnostics
 *     (same uri, range, category); failures (one per root) in the diagnostics and in the status; idle at the end;
 *   - go.work: 30 of the roots under one go.work (20 in --quick): duplicates 0, 30 failures, idle;
 *   - vendored: 20 roots with vendor/ (5 in --quick), GOPROXY=off: no diagnostic, idle.
 * Every figure's note carries the load average when it was taken (the machine is shared).
 * Needs dist/server.cjs (run.ts builds it first). Alone: `node --import tsx bench/monorepoServer.ts [--quick]`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StatusParams } from '../src/shared/protocol.ts';
import { defaultToolchain, sandbox, type Toolchain } from '../test/helpers/go.ts';
import { startLsp, type PublishedDiagnostics, type TestLspClient } from '../test/helpers/lspClient.ts';
import {
  bareRootByRoot,
  median,
  PER_ROOT,
  UNGUARDED,
  withMonoWorld,
  writeGoWorkspace,
  writeRoot,
  writeVendoredRoot,
  type MonoFigure,
  type MonoResult,
  type MonoWorld,
} from './monoUniverse.ts';
import { startProxyProcess } from './proxyProcess.ts';
import {
  abandon,
  countLines,
  descendants,
  duplicateDiagnostics,
  errorDiagnostics,
  goWrapper,
  killAll,
  linesFrom,
  processKinds,
  procStatus,
  shippedServerEnv,
  untilIdle,
} from './serverBench.ts';

const now = (): number => performance.now();
const load1 = (): number => Math.round(loadavg()[0] * 100) / 100;
const serverBundle = new URL('../dist/server.cjs', import.meta.url).pathname;
/** Servers running now, killed (with their go processes) if the benchmark is interrupted. */
const live = new Set<TestLspClient>();

interface Ctx extends MonoWorld {
  work: string;
  wrapDir: string;
  goLog: string;
  timeoutMs: number;
  log: (m: string) => void;
}

/** What one server run, start to idle, showed. */
interface ServerRun {
  /** Server process start → the idle status that stayed. */
  ms: number;
  /** Start → the answer to initialize, and → the first 'running' status (ms). */
  phases: { initialized: number; running: number };
  procs: string[];
  peakMB: number;
  status: StatusParams;
  /** The last list published for each uri (each publish replaces the one before). */
  shown: PublishedDiagnostics[];
  publishes: number;
  load: number;
}

/** Starts the server on `folder` with `gomodcache`, waits until it is idle, and records what it showed. */
async function serverOver(
  ctx: Ctx,
  folder: string,
  gomodcache: string,
  envOver: Record<string, string> = {},
  storageDir?: string,
): Promise<ServerRun> {
  const l0 = countLines(ctx.goLog);
  const env = shippedServerEnv({ ...ctx.env, ...envOver }, ctx.wrapDir, { GOMODCACHE: gomodcache });
  const s = now();
  const store = storageDir ? { storageDir } : {};
  const c = await startLsp({ env, workspace: folder, cwd: folder, settings: {}, ...store });
  const initialized = now() - s;
  live.add(c);
  let running = NaN;
  // When the first check starts (woken by the status that says so; it ends with the idle wait).
  void c
    .waitForStatus((all) => all.some((x) => (x as StatusParams).state === 'running'), ctx.timeoutMs)
    .then(
      () => (running = now() - s),
      () => undefined,
    );
  let finished = false;
  try {
    const at = await untilIdle(c, Date.now() + ctx.timeoutMs, folder);
    const peakMB = procStatus(c.child.pid!, 'VmHWM') ?? NaN;
    const status = c.statuses.at(-1) as StatusParams;
    const latest = new Map(c.published.map((p) => [p.uri, p]));
    finished = true;
    return {
      ms: at - s,
      phases: { initialized, running },
      procs: linesFrom(ctx.goLog, l0).map((l) => l.slice(0, 120)),
      peakMB,
      status,
      shown: [...latest.values()],
      publishes: c.published.length,
      load: load1(),
    };
  } finally {
    if (finished) await c.close();
    else await abandon(c);
    live.delete(c);
  }
}

const countFigure = (id: string, label: string, value: number, target: number, note: string): MonoFigure => ({
  id,
  label,
  unit: 'count',
  value,
  target,
  cmp: 'eq',
  note,
});

/** The figures every workspace shape reports: duplicates, failures (diagnostics and status), idle at the end. */
function outcomeFigures(key: string, label: string, r: ServerRun, failures: number): MonoFigure[] {
  const at = `load ${r.load}`;
  return [
    countFigure(
      `monoLsp.${key}.duplicates`,
      `Server duplicate diagnostics, ${label}`,
      duplicateDiagnostics(r.shown),
      0,
      at,
    ),
    countFigure(
      `monoLsp.${key}.failures`,
      `Server failures shown (true count ${failures}), ${label}`,
      errorDiagnostics(r.shown),
      failures,
      `${r.publishes} publishes; ${at}`,
    ),
    countFigure(
      `monoLsp.${key}.statusFailures`,
      `Server status problem count (true count ${failures}), ${label}`,
      r.status.failures,
      failures,
      `status roots ${r.status.roots}, vendored ${r.status.vendoredRoots ?? 0}; ${at}`,
    ),
    countFigure(
      `monoLsp.${key}.idle`,
      `Server status idle at the end (1 = idle), ${label}`,
      r.status.state === 'idle' ? 1 : 0,
      1,
      `${r.status.detail}; ${at}`,
    ),
  ];
}

interface PlainRuns {
  cold: number[];
  warm: number[];
  last: { cold?: ServerRun; warm?: ServerRun };
  go: { cold: number[]; warm: number[] };
  peak: number;
}

/** One pair: cold then warm restart, the server's and bare go's, in `order`. */
async function plainPair(
  ctx: Ctx,
  dirs: { ours: string; bare: string[] },
  p: number,
  runs: PlainRuns,
): Promise<void> {
  const mc = { go: join(ctx.work, `mc-go-${p}`), ours: join(ctx.work, `mc-srv-${p}`) };
  const t: Record<string, number> = {};
  const side = async (who: 'go' | 'ours', phase: 'cold' | 'warm'): Promise<void> => {
    // Each side on a flushed disk: the other side's writes are not paid by this one.
    execFileSync('sync');
    if (who === 'go') t[`go.${phase}`] = await bareRootByRoot(ctx, dirs.bare, mc.go);
    else {
      // The client's global storage, where the cold start keeps results for the warm restart (as VS Code's).
      const r = await serverOver(ctx, dirs.ours, mc.ours, {}, join(ctx.work, `storage-${p}`));
      runs.last[phase] = r;
      runs.peak = Math.max(runs.peak, r.peakMB);
      t[`ours.${phase}`] = r.ms;
    }
  };
  const order: ('go' | 'ours')[] = p % 2 === 0 ? ['go', 'ours'] : ['ours', 'go'];
  for (const phase of ['cold', 'warm'] as const) for (const who of order) await side(who, phase);
  for (const phase of ['cold', 'warm'] as const) {
    runs[phase].push(t[`ours.${phase}`] / t[`go.${phase}`]);
    runs.go[phase].push(t[`go.${phase}`]);
  }
  // The caches stay until the work folder goes, after the last figure (as in bench/monorepo.ts).
  const { cold, warm } = runs.last as Required<PlainRuns['last']>;
  ctx.log(
    `monorepo server ${dirs.bare.length} roots pair ${p + 1} (load ${load1()}): cold ${cold.ms.toFixed(0)} / go ${t['go.cold'].toFixed(0)} ms, warm restart ${warm.ms.toFixed(0)} / go ${t['go.warm'].toFixed(0)} ms; go processes cold ${processKinds(cold.procs)}; warm ${processKinds(warm.procs)}; peak RSS ${cold.peakMB.toFixed(1)}/${warm.peakMB.toFixed(1)} MB; warm restart initialized at ${warm.phases.initialized.toFixed(0)} ms, first check at ${warm.phases.running.toFixed(0)} ms`,
  );
}

function ratioFigure(id: string, label: string, xs: number[], target: number, note: string): MonoFigure {
  return {
    ...UNGUARDED,
    id,
    label,
    unit: 'ratio',
    value: median(xs),
    spread: [Math.min(...xs), Math.max(...xs)],
    n: xs.length,
    target,
    cmp: 'le',
    note: `${note}; ${UNGUARDED.note}`,
  };
}

/**
 * The plain figures, both sides fetching from the proxy in a process of its own (bench/proxyProcess.ts), as the
 * engine figures do: no side's work delays the proxy's answers.
 */
async function plainFigures(ctx: Ctx, roots: number, pairs: number, out: MonoResult): Promise<void> {
  const proxy = await startProxyProcess(join(ctx.work, 'proxy'));
  try {
    await plainPairs({ ...ctx, env: { ...ctx.env, GOPROXY: proxy.url } }, roots, pairs, out);
  } finally {
    await proxy.close();
  }
}

async function plainPairs(ctx: Ctx, roots: number, pairs: number, out: MonoResult): Promise<void> {
  const ours = join(ctx.work, 'plain');
  for (let i = 0; i < roots; i++) writeRoot(join(ours, `r${i}`), i, ctx.fx);
  // Bare go's copies leave each root's missing module out (go would stop there before downloading anything),
  // outside the server's folder.
  const bare = Array.from({ length: roots }, (_, i) => join(ctx.work, 'plain-go', `r${i}`));
  bare.forEach((d, i) => writeRoot(d, i, ctx.fx, false));
  const runs: PlainRuns = { cold: [], warm: [], last: {}, go: { cold: [], warm: [] }, peak: 0 };
  for (let p = 0; p < pairs; p++) await plainPair(ctx, { ours, bare }, p, runs);
  const { cold, warm } = runs.last as Required<PlainRuns['last']>;
  const label = `${roots} roots, ${PER_ROOT + 1} requires each (plain)`;
  const ms = (xs: number[]): string => `${median(xs).toFixed(0)} ms`;
  out.figures.push(
    ratioFigure(
      `monoLsp.cold.ratio.${roots}`,
      `Server cold start → idle / go mod download root by root, ${label}`,
      runs.cold,
      0.4,
      `server ${cold.ms.toFixed(0)} ms, go ${ms(runs.go.cold)}; load ${cold.load}`,
    ),
    ratioFigure(
      `monoLsp.warm.ratio.${roots}`,
      `Server warm restart → idle / go mod download root by root, ${label}`,
      runs.warm,
      0.15,
      `server ${warm.ms.toFixed(0)} ms, go ${ms(runs.go.warm)}; load ${warm.load}`,
    ),
    ...(['cold', 'warm'] as const).map((phase) => ({
      id: `monoLsp.${phase}.procs.${roots}`,
      label: `Server ${phase === 'cold' ? 'cold start' : 'warm restart'}, go processes, ${label}`,
      unit: 'count' as const,
      value: runs.last[phase]!.procs.length,
      note: processKinds(runs.last[phase]!.procs),
    })),
    {
      id: `monoLsp.rss.peak.${roots}`,
      label: `Server peak RSS (VmHWM), cold and warm restart, ${label}`,
      unit: 'MB',
      value: runs.peak,
      target: 120,
      cmp: 'le',
      note: `the highest of ${pairs * 2} server runs; load ${warm.load}`,
    },
    ...outcomeFigures(`plain.${roots}`, label, warm, roots),
  );
  // Each kind of go invocation once (its first 120 characters); the diagnostics are in the figures.
  const brief = (r: ServerRun): unknown => ({ ...r, shown: undefined, procs: [...new Set(r.procs)] });
  out.details.plain = { ...runs, last: { cold: brief(cold), warm: brief(warm) } };
}

async function workFigures(ctx: Ctx, roots: number, out: MonoResult): Promise<void> {
  const base = join(ctx.work, 'gowork');
  writeGoWorkspace(base, roots, ctx.fx);
  const r = await serverOver(ctx, base, join(ctx.work, 'mc-work'));
  ctx.log(
    `monorepo server go.work ${roots} roots (load ${r.load}): ${errorDiagnostics(r.shown)} diagnostics, ${duplicateDiagnostics(r.shown)} duplicates, status ${r.status.state} ${r.status.failures} problems, ${processKinds(r.procs)}, ${r.ms.toFixed(0)} ms`,
  );
  out.figures.push(...outcomeFigures(`work.${roots}`, `${roots} roots under one go.work`, r, roots));
  out.details.work = { ms: r.ms, procs: r.procs, peakMB: r.peakMB, load: r.load };
}

async function vendorFigures(ctx: Ctx, roots: number, out: MonoResult): Promise<void> {
  const base = join(ctx.work, 'vendored');
  for (let i = 0; i < roots; i++)
    await writeVendoredRoot(ctx, join(base, `r${i}`), i, join(ctx.work, 'mc-vendor'));
  const r = await serverOver(ctx, base, join(ctx.work, 'mc-empty'), { GOPROXY: 'off' });
  ctx.log(
    `monorepo server vendored ${roots} roots offline (load ${r.load}): ${errorDiagnostics(r.shown)} diagnostics, status ${r.status.state} vendored ${r.status.vendoredRoots ?? 0}, ${processKinds(r.procs)}, ${r.ms.toFixed(0)} ms`,
  );
  out.details.vendor = { ms: r.ms, procs: r.procs, load: r.load };
  const label = `${roots} vendored roots offline (GOPROXY=off)`;
  out.figures.push(
    ...outcomeFigures(`vendor.${roots}`, label, r, 0),
    countFigure(
      `monoLsp.vendor.${roots}.vendoredRoots`,
      `Server status roots building from vendor/, ${label}`,
      r.status.vendoredRoots ?? 0,
      roots,
      `load ${r.load}`,
    ),
    countFigure(
      `monoLsp.vendor.${roots}.downloads`,
      `Server go mod download processes, ${label}`,
      r.procs.filter((l) => l.startsWith('mod download')).length,
      0,
      `go builds these from vendor/: nothing to download; load ${r.load}`,
    ),
    {
      id: `monoLsp.vendor.${roots}.ms`,
      label: `Server start → idle, ${label}`,
      unit: 'ms',
      value: r.ms,
      note: `${processKinds(r.procs)}; load ${r.load}`,
    },
  );
}

export async function measureMonorepoServer(o: {
  quick: boolean;
  tc: Toolchain;
  log: (m: string) => void;
  /** How long one server run may take to reach idle before the benchmark stops with an error. */
  timeoutMs?: number;
}): Promise<MonoResult> {
  if (!existsSync(serverBundle))
    throw new Error(`${serverBundle} is missing: build it first (node scripts/build.mjs --production)`);
  const roots = o.quick ? 20 : 100;
  const sb = sandbox(o.tc);
  const work = join(tmpdir(), `gmd-bench-monolsp-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const out: MonoResult = { figures: [], details: { loadAtStart: load1() } };
  // Interrupted: no server or go process outlives the benchmark, and its folders go.
  const interrupted = (sig: NodeJS.Signals): void => {
    for (const c of live) if (c.child.pid) killAll([...descendants(c.child.pid), c.child.pid]);
    rmSync(work, { recursive: true, force: true });
    sb.cleanup();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    await withMonoWorld(o.tc, sb, work, async (w) => {
      const goLog = join(work, 'go-invocations.log');
      const wrapDir = goWrapper(join(work, 'wrap'), o.tc.bin, goLog);
      const ctx: Ctx = { ...w, work, wrapDir, goLog, timeoutMs: o.timeoutMs ?? 900_000, log: o.log };
      await plainFigures(ctx, roots, o.quick ? 1 : 4, out);
      await workFigures(ctx, Math.min(30, roots), out);
      await vendorFigures(ctx, o.quick ? 5 : 20, out);
    });
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    rmSync(work, { recursive: true, force: true });
    sb.cleanup();
  }
  out.details.loadAtEnd = load1();
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await measureMonorepoServer({
    quick: process.argv.includes('--quick'),
    tc: defaultToolchain(),
    log: (m) => process.stderr.write(`${m}\n`),
  });
  for (const f of r.figures)
    process.stdout.write(
      `${f.label}: ${f.unit === 'ratio' ? f.value.toFixed(3) : Math.round(f.value * 100) / 100}${f.target !== undefined ? ` (target ${f.cmp === 'eq' ? '=' : '≤'} ${f.target})` : ''}${f.note ? ` [${f.note}]` : ''}\n`,
    );
}
