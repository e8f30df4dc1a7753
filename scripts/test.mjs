// The whole test suite: build, type-check, lint, formatting, then the tests (node:test through tsx).
// Ends with every check that did not run (skipped or todo, with the reason; scripts/skip-reporter.mjs collects
// them), then one summary line: "npm test: PASS ..." or "npm test: FAIL ...". With CI=true a skip that
// test/expected-skips.json does not list fails the run.
//
//   node scripts/test.mjs                 everything
//   node scripts/test.mjs --unit          unit tests only (no go, no servers), no checks
//   node scripts/test.mjs --no-checks     skip type-check, lint and formatting
//   node scripts/test.mjs FILE...         only these test files
//   node scripts/test.mjs --all           also the end-to-end suite (code-server + Chromium) and the quick benchmark;
//                                         the default when CI=true (.ci/run installs what they need first)
//
// Go versions for integration tests: GOMOD_DOCTOR_GO_VERSIONS (see README).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const noChecks = unitOnly || args.includes('--no-checks');
const explicit = args.filter((a) => !a.startsWith('--'));
const everything =
  !unitOnly && explicit.length === 0 && (args.includes('--all') || process.env.CI === 'true');

function find(dir) {
  const out = [];
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const results = [];
function step(name, cmd, cmdArgs, extraEnv = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${[cmd, ...cmdArgs].join(' ').slice(0, 200)}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: (Date.now() - started) / 1000 });
  return ok;
}

const npx = (bin) => join(root, 'node_modules/.bin', bin);
step('build', process.execPath, [join(root, 'scripts/build.mjs')]);
if (!noChecks) {
  step('typecheck', npx('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  step('typecheck core', npx('tsc'), ['--noEmit', '-p', 'src/core/tsconfig.json']);
  step('lint', npx('eslint'), ['--max-warnings=0', '.']);
  step('format', npx('prettier'), ['--check', '--log-level=warn', '.']);
}
const files =
  explicit.length > 0
    ? explicit
    : unitOnly
      ? find(join(root, 'test/unit'))
      : [...find(join(root, 'test/unit')), ...find(join(root, 'test/integration'))];
// Beside the spec output, every check that does not run is written down (see reportSkips below).
const skipDir = mkdtempSync(join(tmpdir(), 'gmd-skips-'));
const reporters = (name) => [
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  `--test-reporter=${join(root, 'scripts/skip-reporter.mjs')}`,
  `--test-reporter-destination=${join(skipDir, `${name}.jsonl`)}`,
];
step('tests', process.execPath, ['--import', 'tsx', '--test', ...reporters('tests'), ...files]);
if (everything) {
  // The editor end to end: the packaged .vsix in code-server (VS Code 1.100) driven through real Chromium.
  if (
    step('e2e setup', 'bash', [join(root, 'scripts/e2e-setup.sh')]) &&
    step('package', process.execPath, [join(root, 'scripts/package.mjs')])
  ) {
    step('e2e', process.execPath, [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      ...reporters('e2e'),
      ...find(join(root, 'test/e2e')),
    ]);
  }
  // A regression guard, not a timed test: fails only when a figure is more than twice its target.
  step('bench --quick', process.execPath, ['--import', 'tsx', join(root, 'bench/run.ts'), '--quick']);
}

const notRun = reportSkips();
const failed = results.filter((r) => !r.ok);
const summary = results
  .map((r) => `${r.name} ${r.ok ? 'ok' : 'FAILED'} (${r.seconds.toFixed(1)}s)`)
  .join(', ');
console.log(`\nnpm test: ${failed.length === 0 ? 'PASS' : 'FAIL'} — ${summary}; ${notRun}`);
process.exit(failed.length === 0 ? 0 : 1);

/**
 * Prints every check that did not run, grouped by file and reason, loudly; under CI=true, a skip that
 * test/expected-skips.json does not list (file + reason pattern) fails the run as the step "skips". Returns the
 * count for the summary line. A skipped suite counts once: node never lists the tests inside it.
 */
function reportSkips() {
  const lines = readdirSync(skipDir).flatMap((f) =>
    readFileSync(join(skipDir, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l)),
  );
  rmSync(skipDir, { recursive: true, force: true });
  const skips = lines.filter((l) => l.kind === 'skip');
  const todos = lines.filter((l) => l.kind === 'todo');
  const count = `${skips.length} skipped${todos.length > 0 ? `, ${todos.length} todo` : ''}`;
  if (lines.length === 0) {
    console.log('\n=== not run: nothing (no check was skipped)');
    return 'no check skipped';
  }
  const bar = '!'.repeat(100);
  const suites = skips.some((l) => l.suite)
    ? ' (a skipped suite counts once: node never lists its tests)'
    : '';
  console.log(`\n${bar}\n!!! NOT RUN: ${count}${suites}`);
  const groups = new Map();
  for (const l of lines) {
    const key = `${l.kind === 'todo' ? 'TODO' : 'SKIPPED'} ${l.file}: ${l.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), `${l.name}${l.suite ? ' (whole suite)' : ''}`]);
  }
  for (const [key, names] of groups) {
    console.log(`!!! ${names.length} × ${key}`);
    for (const n of names.slice(0, 5)) console.log(`      ${n}`);
    if (names.length > 5) console.log(`      … and ${names.length - 5} more`);
  }
  console.log(bar);
  if (process.env.CI === 'true') {
    const allowed = JSON.parse(readFileSync(join(root, 'test/expected-skips.json'), 'utf8')).expected;
    const unexpected = skips.filter(
      (l) => !allowed.some((a) => a.file === l.file && new RegExp(a.reason).test(l.reason)),
    );
    for (const l of unexpected) console.log(`CI: unexpected skip: ${l.file}: ${l.name}: ${l.reason}`);
    results.push({ name: 'skips', ok: unexpected.length === 0, seconds: 0 });
    if (unexpected.length > 0)
      console.log('CI fails on a skip test/expected-skips.json does not list (with why it is expected).');
  }
  return `${count}: see NOT RUN above`;
}
