/**
 * Micro figures: the speed limits the tests used to assert (issue 20), measured here instead, each with the target
 * its test held, so a green test run means behaviour and a slow machine never fails one. run.ts adds them to its
 * table and JSON (the quick mode, the CI guard, fails only at more than twice a target).
 *
 *   - classification of adversarial logs (test/helpers/adversarialLog.ts; was test/unit/classify-perf.test.ts):
 *     1 MB ≤ 200 ms, 100 KB ≤ 20 ms, one 1 MB line ≤ 200 ms;
 *   - parsing a go.mod of 20,000 requires ≤ 2,000 ms (was test/unit/gomod-parse.test.ts);
 *   - the slowest parse among the 2,400 mutated go.mod/go.work variants of the fuzz test ≤ 50 ms
 *     (test/helpers/gomodMutations.ts; was test/integration/gomod-agreement.test.ts);
 *   - CPU time of `gomod-doctor parse --json` on a 1,000-require go.mod ≤ 300 ms (node start, bundle load, parse,
 *     JSON; was test/integration/gomod-cli.test.ts);
 *   - wall time of `gomod-doctor diagnose` on 200 requires all in the module cache ≤ 1,000 ms (was
 *     test/integration/cli-perf.test.ts, now cli-cached.test.ts).
 * Each run also checks the answer it timed (a fast wrong answer is not a figure). The CLI runs from dist/, which
 * run.ts builds as shipped first; run alone (`node --import tsx bench/micro.ts [--quick]`), this file builds it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { explainText } from '../src/core/classify/index.ts';
import { parseGoMod, parseGoWork } from '../src/core/gomod/parse.ts';
import { buildModules } from '../test/harness/fixtures.ts';
import { createGoProxy } from '../test/harness/goproxy.ts';
import { listen } from '../test/harness/http.ts';
import { adversarialLine, adversarialLog } from '../test/helpers/adversarialLog.ts';
import { defaultToolchain, runGo, sandbox, type Toolchain } from '../test/helpers/go.ts';
import { loadCorpus, mutatedVariants, type Variant } from '../test/helpers/gomodMutations.ts';

const repoRoot = new URL('..', import.meta.url).pathname;
const cli = join(repoRoot, 'dist/cli.cjs');

export interface MicroFigure {
  id: string;
  label: string;
  unit: 'ms';
  value: number;
  spread: [number, number];
  n: number;
  target: number;
  cmp: 'le';
  note: string;
}

export interface MicroResult {
  figures: MicroFigure[];
  /** Every timing, by figure id. */
  details: Record<string, number[]>;
}

const now = (): number => performance.now();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Times `fn` `reps` times after one untimed warm-up run; `fn` throws when its answer is wrong. */
function timed(reps: number, fn: () => void): number[] {
  fn();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const s = now();
    fn();
    out.push(now() - s);
  }
  return out;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench/micro: wrong answer: ${what}`);
}

function classifyTimings(reps: number): Record<string, number[]> {
  const big = adversarialLog(1_000_000);
  const small = adversarialLog(100_000);
  const line = adversarialLine();
  return {
    'micro.classify.adversarial1MB': timed(reps, () => {
      check(
        explainText(big).some((f) => f.category === 'timeout'),
        'the timeout in the 1 MB log',
      );
    }),
    'micro.classify.adversarial100KB': timed(reps, () => {
      check(explainText(small).length >= 1, 'a finding in the 100 KB log');
    }),
    'micro.classify.line1MB': timed(reps, () => {
      check(explainText(line).length === 1, 'one finding for the 1 MB line');
    }),
  };
}

function parseTimings(reps: number): Record<string, number[]> {
  const big = 'require (\n' + '\ta.com/b v1.0.0 // indirect\n'.repeat(20000) + ')\n';
  const variants = mutatedVariants(loadCorpus(), 2400);
  return {
    'micro.parse.requires20000': timed(reps, () => {
      check(parseGoMod(big).require.length === 20000, '20,000 requires');
    }),
    // Each file's best time over the passes (a GC pause or another job only ever adds time, a pattern gone
    // quadratic stays slow), then the slowest file: one figure from all the passes.
    'micro.parse.fuzzSlowest': slowestBest(variants, reps),
  };
}

/** The slowest variant's best parse time over `passes` passes (ms): a single figure. */
function slowestBest(variants: Variant[], passes: number): number[] {
  const best = new Array<number>(variants.length).fill(Infinity);
  for (let p = 0; p < passes + 1; p++) {
    for (const [i, v] of variants.entries()) {
      const s = now();
      const f = v.kind === 'mod' ? parseGoMod(v.text) : parseGoWork(v.text);
      const ms = now() - s;
      check(Array.isArray(f.errors), `a parse of ${v.from}`);
      if (p > 0) best[i] = Math.min(best[i], ms); // the first pass warms up
    }
  }
  return [Math.max(...best)];
}

/** Preloaded into the CLI process: prints its CPU time (user + system, all threads) on stderr at exit. */
const CPU_PRELOAD =
  "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(2, '\\n@@cpu ' + (u.user + u.system) / 1000 + '\\n'); });\n";

/** CPU milliseconds of `gomod-doctor parse --json` on a 1,000-require go.mod, one per run. */
function cliParseCpu(reps: number, dir: string): number[] {
  const lines = ['module example.com/big', '', 'go 1.22', '', 'require ('];
  for (let i = 0; i < 1000; i++)
    lines.push(`\texample.com/dep${i}/v2 v2.${i}.0${i % 3 === 0 ? ' // indirect' : ''}`);
  lines.push(')', '');
  const gomod = join(dir, 'go.mod');
  writeFileSync(gomod, lines.join('\n'));
  const preload = join(dir, 'cpu-preload.cjs');
  writeFileSync(preload, CPU_PRELOAD);
  const out: number[] = [];
  for (let i = 0; i < reps + 1; i++) {
    const r = spawnSync(process.execPath, ['-r', preload, cli, 'parse', gomod, '--json'], {
      encoding: 'utf8',
    });
    check(r.status === 0, `parse exit ${r.status}: ${r.stderr}`);
    check((JSON.parse(r.stdout) as { require: unknown[] }).require.length === 1000, '1,000 requires');
    const cpu = /\n@@cpu ([\d.]+)\n/.exec(r.stderr);
    check(cpu !== null, `CPU time reported: ${r.stderr}`);
    if (i > 0) out.push(Number(cpu![1])); // the first run warms the file cache
  }
  return out;
}

/** Wall milliseconds of `gomod-doctor diagnose` on 200 requires, all in the module cache, one per run. */
async function cliDiagnoseCached(reps: number, tc: Toolchain): Promise<number[]> {
  const N = 200;
  const sb = sandbox(tc);
  try {
    const paths = Array.from({ length: N }, (_, i) => `example.test/dep${String(i).padStart(3, '0')}`);
    const fx = await buildModules(
      paths.map((path) => ({ path, versions: [{ version: 'v1.0.0' }] })),
      sb.dir,
    );
    const server = await listen(createGoProxy({ modules: fx.modules }).handler);
    const dir = join(sb.dir, 'big');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'go.mod'),
      `module example.test/big\n\ngo 1.19\n\nrequire (\n${paths.map((p) => `\t${p} v1.0.0\n`).join('')})\n`,
    );
    writeFileSync(join(dir, 'go.sum'), paths.flatMap((p) => fx.goSumLines(p, 'v1.0.0')).join('\n') + '\n');
    const dl = await runGo(tc, sb, ['mod', 'download'], { cwd: dir, env: { GOPROXY: server.url } });
    await server.close();
    check(dl.exitCode === 0, `go mod download: ${dl.stderr}`);
    // The proxy is off for the timed runs: a download attempt fails instead of being timed.
    const env = { ...sb.env, GOPROXY: 'off', GOSUMDB: 'off' };
    const out: number[] = [];
    for (let i = 0; i < reps + 1; i++) {
      const s = now();
      const r = spawnSync(process.execPath, [cli, 'diagnose', '--format', 'json', '--go', tc.bin], {
        cwd: dir,
        env,
        encoding: 'utf8',
      });
      const ms = now() - s;
      check(r.status === 0, `diagnose exit ${r.status}: ${r.stdout}${r.stderr}`);
      const doc = JSON.parse(r.stdout) as { summary: Record<string, number> };
      check(doc.summary.cached === N, `${N} cached: ${JSON.stringify(doc.summary)}`);
      if (i > 0) out.push(ms);
    }
    return out;
  } finally {
    sb.cleanup();
  }
}

/** id → label, target (ms) and the test it came from. */
const SPECS: Record<string, { label: string; target: number; from: string }> = {
  'micro.classify.adversarial1MB': {
    label: 'Classification, 1 MB adversarial log (test input)',
    target: 200,
    from: 'test/unit/classify-perf.test.ts',
  },
  'micro.classify.adversarial100KB': {
    label: 'Classification, 100 KB adversarial log (test input)',
    target: 20,
    from: 'test/unit/classify-perf.test.ts',
  },
  'micro.classify.line1MB': {
    label: 'Classification, one 1 MB line without a newline',
    target: 200,
    from: 'test/unit/classify-perf.test.ts',
  },
  'micro.parse.requires20000': {
    label: 'Parse a go.mod of 20,000 requires',
    target: 2000,
    from: 'test/unit/gomod-parse.test.ts',
  },
  'micro.parse.fuzzSlowest': {
    label: 'Slowest parse of 2,400 mutated go.mod/go.work files (best of the runs)',
    target: 50,
    from: 'test/integration/gomod-agreement.test.ts',
  },
  'micro.cli.parse1000Cpu': {
    label: 'CLI parse --json, 1,000 requires (CPU time)',
    target: 300,
    from: 'test/integration/gomod-cli.test.ts',
  },
  'micro.cli.diagnose200Cached': {
    label: 'CLI diagnose, 200 requires all cached (wall time)',
    target: 1000,
    from: 'test/integration/cli-perf.test.ts',
  },
};

export async function measureMicro(opts: {
  quick: boolean;
  tc: Toolchain;
  log?: (msg: string) => void;
}): Promise<MicroResult> {
  const reps = opts.quick ? 5 : 9;
  const work = mkdtempSync(join(tmpdir(), 'gmd-bench-micro-'));
  try {
    opts.log?.(`micro figures (${reps} runs each)`);
    const details: Record<string, number[]> = {
      ...classifyTimings(reps),
      ...parseTimings(reps),
      'micro.cli.parse1000Cpu': cliParseCpu(reps, work),
      'micro.cli.diagnose200Cached': await cliDiagnoseCached(reps, opts.tc),
    };
    const figures = Object.entries(SPECS).map(([id, spec]): MicroFigure => {
      const xs = details[id];
      return {
        id,
        label: spec.label,
        unit: 'ms',
        value: median(xs),
        spread: [Math.min(...xs), Math.max(...xs)],
        n: xs.length,
        target: spec.target,
        cmp: 'le',
        note: `the limit ${spec.from} asserted until issue 20`,
      };
    });
    return { figures, details };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Alone: build dist/ as shipped, measure, print one line per figure; --quick exits 1 above twice a target.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--production'], { stdio: 'inherit' });
  const r = await measureMicro({ quick, tc: defaultToolchain(), log: (m) => process.stderr.write(`${m}\n`) });
  for (const f of r.figures) {
    const verdict = f.value <= f.target ? 'met' : f.value <= 2 * f.target ? 'NOT MET' : 'REGRESSION';
    const spread = `${f.spread[0].toFixed(2)}–${f.spread[1].toFixed(2)}`;
    console.log(
      `${f.label}: ${f.value.toFixed(2)} ms (${spread}, n=${f.n}), target ≤ ${f.target}: ${verdict}`,
    );
  }
  if (quick && r.figures.some((f) => f.value > 2 * f.target)) process.exitCode = 1;
  console.log(JSON.stringify(r.details));
}
