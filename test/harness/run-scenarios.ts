/**
 * Runs scenarios × Go versions against one world and prints one JSON transcript per line on stdout.
 * Meant to run inside the private namespace (netns.ts); `--mode loopback` runs without one and
 * skips the scenarios that need it.
 *
 *   node --import tsx test/harness/run-scenarios.ts [--mode netns|loopback] [--go 1.19,1.27|all]
 *        [--only id,id] [--concurrency 2]
 *
 * Progress goes to stderr. A scenario that cannot be run prints a transcript-shaped line with
 * `"skipped": "<reason>"`.
 */
import { toolchains, selectedVersions, type Toolchain } from '../helpers/go.ts';
import { SCENARIOS, setupScenarios } from './scenarios/catalog.ts';
import { PRIVATE_PREFIXES, UNIVERSE } from './scenarios/modules.ts';
import { runScenario } from './scenarios/run.ts';
import type { Scenario } from './scenarios/types.ts';
import { startWorld, type WorldMode } from './world.ts';

interface Args {
  mode: WorldMode;
  versions: string[];
  only: string[] | undefined;
  concurrency: number;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const modeArg = get('--mode') ?? 'netns';
  if (modeArg !== 'netns' && modeArg !== 'loopback')
    throw new Error(`--mode must be netns or loopback, not ${modeArg}`);
  const mode: WorldMode = modeArg;
  const go = get('--go');
  return {
    mode,
    versions: selectedVersions(go),
    only: get('--only')
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    concurrency: Number(get('--concurrency') ?? 2),
  };
}

/** Runs `jobs` with at most `n` in flight. */
async function pool<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, n) }, worker));
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let scenarios: Scenario[] = SCENARIOS;
  if (args.only) {
    const unknown = args.only.filter((id) => !SCENARIOS.some((s) => s.id === id));
    if (unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}`);
    scenarios = SCENARIOS.filter((s) => args.only!.includes(s.id));
  }
  const tcs: Toolchain[] = toolchains(args.versions);
  const started = Date.now();
  const world = await startWorld({ mode: args.mode, modules: UNIVERSE, privatePrefixes: PRIVATE_PREFIXES });
  process.stderr.write(`world up (${args.mode}) in ${Date.now() - started} ms\n`);
  try {
    setupScenarios(world, scenarios);
    const jobs: (() => Promise<void>)[] = [];
    for (const tc of tcs) {
      for (const s of scenarios) {
        jobs.push(async () => {
          if (s.needsNetns && args.mode !== 'netns') {
            process.stdout.write(
              JSON.stringify({
                scenario: s.id,
                goVersion: tc.version,
                skipped: `needs the namespace: ${s.needsNetns}`,
              }) + '\n',
            );
            return;
          }
          try {
            const t = await runScenario(world, s, tc);
            process.stdout.write(JSON.stringify(t) + '\n');
            process.stderr.write(
              `${tc.version} ${s.id}: exit ${t.exitCode}${t.timedOut ? ' (timeout)' : ''} ${t.durationMs} ms\n`,
            );
          } catch (e) {
            const msg = e instanceof Error ? e.message : String(e);
            process.stdout.write(
              JSON.stringify({ scenario: s.id, goVersion: tc.version, error: msg }) + '\n',
            );
            process.stderr.write(`${tc.version} ${s.id}: harness error: ${msg}\n`);
          }
        });
      }
    }
    await pool(jobs, args.concurrency);
  } finally {
    await world.close();
  }
  process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`run-scenarios: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
