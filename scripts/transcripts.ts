/**
 * Regenerates test/data/transcripts/<scenario>/<go version>.json: what the real go command printed
 * for every scenario × Go version, so classifier tests can run without servers.
 *
 *   npm run transcripts [-- --go 1.19,1.27] [-- --only id,id]
 *
 * Runs the world inside a private network namespace (root or user namespaces needed). Every
 * transcript is checked against its scenario's expectation before it is written; a scenario that
 * no longer shows its failure is reported and not written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MATRIX, toolchains } from '../test/helpers/go.ts';
import { canUseNetns, netnsReason, runInNetns } from '../test/harness/netns.ts';
import { SCENARIOS } from '../test/harness/scenarios/catalog.ts';
import { checkTranscript } from '../test/harness/scenarios/run.ts';
import type { Transcript } from '../test/harness/scenarios/types.ts';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'test/data/transcripts');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  if (!canUseNetns()) {
    process.stderr.write(`transcripts: a private network namespace is needed (${netnsReason()})\n`);
    return 1;
  }
  const goArg = arg('--go');
  const versions = goArg && goArg !== 'all' ? goArg.split(',') : [...MATRIX];
  toolchains(versions); // install before entering the namespace
  const only = arg('--only');
  const r = await runInNetns(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/harness/run-scenarios.ts',
      '--mode',
      'netns',
      '--go',
      versions.join(','),
      ...(only ? ['--only', only] : []),
    ],
    { cwd: root, onStderr: (d) => process.stderr.write(d) },
  );
  if (r.code !== 0) {
    process.stderr.write(`transcripts: run-scenarios exited ${r.code}\n`);
    return 1;
  }
  let written = 0;
  let bad = 0;
  for (const line of r.stdout.split('\n')) {
    if (line.trim() === '') continue;
    const t = JSON.parse(line) as Transcript & { skipped?: string; error?: string };
    if (t.skipped || t.error) {
      process.stderr.write(`transcripts: ${t.scenario} ${t.goVersion}: ${t.skipped ?? t.error}\n`);
      bad++;
      continue;
    }
    const s = SCENARIOS.find((x) => x.id === t.scenario);
    const problems = s ? checkTranscript(s, t) : ['unknown scenario'];
    if (problems.length > 0) {
      process.stderr.write(
        `transcripts: ${t.scenario} ${t.goVersion}: NOT written: ${problems.join('; ')}\n`,
      );
      bad++;
      continue;
    }
    const dir = join(outDir, t.scenario);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${t.goVersion}.json`), JSON.stringify(t, null, 2) + '\n');
    written++;
  }
  process.stderr.write(`transcripts: ${written} written to ${outDir}, ${bad} problem(s)\n`);
  return bad === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`transcripts: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
