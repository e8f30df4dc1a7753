/**
 * How a cold batch across roots could fetch its modules (issue 16's cold target), measured before building one:
 * the monorepo universe's distinct modules (100 roots: 525 modules and 100 missing ones) fetched on an empty
 * module cache from the proxy process (bench/proxyProcess.ts), strategy by strategy, in rotating order, each
 * on a flushed disk:
 *   - today: `go mod download -json -x -- path@version …` in up to four processes (src/core/download/batch.ts);
 *   - two-step: one module requiring every module@version, `go list -m -e -json all` (learns the failures),
 *     then `go mod download -json -x` without arguments on it minus the failures, then today's explicit
 *     download of the failures alone (go's download wording for the classifier);
 *   - no-argument lower bound: four modules requiring a quarter of the modules that exist each, downloaded
 *     without arguments (as if the failures were known for free).
 * With --bare, also bare `go mod download` root after root (bench/monorepo.ts's denominator). It prints the
 * error text each command gives for one missing module, and each run's wall time and go's CPU. With
 * --keep-caches, no module cache is removed before the end (removing one slows the runs after it on this disk:
 * bench/README.md). Not part of `npm run bench`.
 * Run: `node --import tsx bench/batchStrategies.ts [rounds] [--bare] [--keep-caches]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type RunResult } from '../src/core/run/runner.ts';
import { decodeJsonStream } from '../src/core/download/jsonStream.ts';
import { defaultToolchain, sandbox } from '../test/helpers/go.ts';
import { bareRootByRoot as shellLoop, median, rootRequires } from './monoUniverse.ts';
import { startProxyProcess } from './proxyProcess.ts';

type Env = Record<string, string>;
const tc = defaultToolchain();
const work = join(tmpdir(), `gmd-bench-strategies-${process.pid}`);

/** go in a folder of its own holding `gomod` (go runs in a module, as the batch runs in a unit's root). */
function goIn(name: string, gomod: string, args: string[], env: Env): Promise<RunResult> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), gomod);
  writeFileSync(join(dir, 'go.sum'), '');
  return run([tc.bin, ...args], { cwd: dir, env, timeoutMs: 600_000 });
}

const requiring = (keys: string[]): string =>
  `module gmd.invalid/batch\n\ngo 1.17\n\nrequire (\n${keys.map((k) => `\t${k.replace('@', ' ')}\n`).join('')})\n`;

function quarters<T>(xs: T[], n = 4): T[][] {
  return Array.from({ length: n }, (_, i) => xs.filter((_, j) => j % n === i)).filter((c) => c.length > 0);
}

async function today(keys: string[], env: Env, tag = 'a'): Promise<RunResult[]> {
  const args = (c: string[]): string[] => ['mod', 'download', '-json', '-x', '--', ...c];
  return Promise.all(
    quarters(keys).map((c, i) => goIn(`${tag}${i}`, 'module gmd.invalid/batch\n', args(c), env)),
  );
}

/** The path@versions `go list -m -e -json all` reports with an Error. */
function listFailures(stdout: string): string[] {
  const out: string[] = [];
  for (const v of decodeJsonStream(stdout) as { Path?: string; Version?: string; Error?: unknown }[])
    if (v.Error !== undefined) out.push(`${v.Path}@${v.Version ?? ''}`);
  return out;
}

async function twoStep(keys: string[], env: Env): Promise<string> {
  const s = performance.now();
  const listed = await goIn('b', requiring(keys), ['list', '-m', '-e', '-json', 'all'], env);
  const failing = listFailures(listed.stdout);
  const t1 = performance.now() - s;
  const bad = new Set(failing);
  const dl = await goIn(
    'b',
    requiring(keys.filter((k) => !bad.has(k))),
    ['mod', 'download', '-json', '-x'],
    env,
  );
  const t2 = performance.now() - s;
  await today(failing, env, 'c');
  const t3 = performance.now() - s;
  return `${t3.toFixed(0)} (list ${t1.toFixed(0)}, download ${(t2 - t1).toFixed(0)} exit ${dl.exitCode}, failures ${failing.length} ${(t3 - t2).toFixed(0)})`;
}

async function noArgBound(keys: string[], env: Env): Promise<void> {
  const good = keys.filter((k) => !k.startsWith('bench.test/missing/'));
  await Promise.all(
    quarters(good).map((c, i) => goIn(`d${i}`, requiring(c), ['mod', 'download', '-json', '-x'], env)),
  );
}

async function errorTexts(keys: string[], env: Env): Promise<void> {
  const missing = keys.find((k) => k.startsWith('bench.test/missing/'))!;
  const listed = await goIn('e', requiring([missing]), ['list', '-m', '-e', '-json', 'all'], env);
  const [dl] = await today([missing], env, 'e');
  const err = (decodeJsonStream(listed.stdout) as { Error?: { Err?: string } }[]).find((o) => o.Error);
  process.stdout.write(`go list -m -e error: ${JSON.stringify(err?.Error)}\n`);
  const dlErr = (decodeJsonStream(dl.stdout) as { Error?: string }[]).find((o) => o.Error);
  process.stdout.write(`go mod download error: ${JSON.stringify(dlErr?.Error)}\n`);
}

/**
 * The benchmark's denominator: bare `go mod download` in each of the 100 roots (without its missing module and
 * without go.sum: GOSUMDB is off, go writes the lines), one after another from one shell loop (monoUniverse.ts).
 */
async function bareRootByRoot(_keys: string[], env: Env): Promise<number> {
  const dirs = Array.from({ length: 100 }, (_, i) => {
    const dir = join(work, `bare${i}`);
    mkdirSync(dir, { recursive: true });
    const reqs = rootRequires(i).filter((r) => !r.path.startsWith('bench.test/missing/'));
    writeFileSync(join(dir, 'go.mod'), requiring(reqs.map((x) => `${x.path}@${x.version}`)));
    writeFileSync(join(dir, 'go.sum'), '');
    return dir;
  });
  return shellLoop({ tc, env }, dirs, env.GOMODCACHE);
}

/** --keep-caches: each run's module cache stays until the end instead of being removed before the next run. */
const KEEP_CACHES = process.argv.includes('--keep-caches');

/**
 * CPU (user + system) of the children this process has waited for, in ms: Linux's cutime + cstime (fields 16
 * and 17 of /proc/self/stat, in clock ticks of 10 ms). The proxy process is a child too but is not waited for
 * until the end, so only go's runs count.
 */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

type Strategy = [string, (keys: string[], env: Env) => Promise<unknown>];

const STRATEGIES: Strategy[] = [
  ['today', today],
  ['two-step', twoStep],
  ['no-argument bound', noArgBound],
  ...(process.argv.includes('--bare') ? [['bare go root by root', bareRootByRoot] as Strategy] : []),
];

async function pair(p: number, keys: string[], base: Env, times: Map<string, number[]>): Promise<void> {
  const order = STRATEGIES.map((_, i) => STRATEGIES[(i + p) % STRATEGIES.length]);
  const line: string[] = [];
  for (const [name, fn] of order) {
    const mc = join(work, `mc-${p}-${name.replace(/\W/g, '')}`);
    spawnSync('sync');
    const s = performance.now();
    const cpu0 = childrenCpuMs();
    const detail = await fn(keys, { ...base, GOMODCACHE: mc });
    const ms = performance.now() - s;
    times.get(name)!.push(ms);
    const cpu = (childrenCpuMs() - cpu0).toFixed(0);
    line.push(`${name} ${typeof detail === 'string' ? detail : ms.toFixed(0)} ms (go CPU ${cpu} ms)`);
    if (KEEP_CACHES) continue;
    spawnSync('chmod', ['-R', 'u+w', mc]);
    rmSync(mc, { recursive: true, force: true });
  }
  process.stdout.write(`round ${p} (load ${loadavg()[0].toFixed(1)}): ${line.join('; ')}\n`);
}

async function main(rounds: number): Promise<void> {
  const sb = sandbox(tc);
  mkdirSync(work, { recursive: true });
  const proxy = await startProxyProcess(join(work, 'proxy'));
  try {
    const base = { ...sb.env, GOPROXY: proxy.url, GOSUMDB: 'off', GONOSUMDB: '', GOFLAGS: '-modcacherw' };
    const env = { ...base, GOWORK: 'off' };
    const all = Array.from({ length: 100 }, (_, i) => rootRequires(i)).flat();
    const keys = [...new Set(all.map((r) => `${r.path}@${r.version}`))].sort();
    process.stdout.write(`go ${tc.version}, ${keys.length} module@versions\n`);
    await errorTexts(keys, { ...env, GOMODCACHE: join(work, 'mc-errors') });
    await today(keys, { ...env, GOMODCACHE: join(work, 'mc-warmup') }); // not counted: the proxy starts cold
    const times = new Map(STRATEGIES.map(([n]) => [n, [] as number[]]));
    for (let p = 0; p < rounds; p++) await pair(p, keys, env, times);
    for (const [n, ts] of times)
      process.stdout.write(`${n}: median ${median(ts).toFixed(0)} ms of ${ts.length}\n`);
  } finally {
    await proxy.close();
    spawnSync('chmod', ['-R', 'u+w', work]);
    rmSync(work, { recursive: true, force: true });
    sb.cleanup();
  }
}

await main(Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 6));
