// The whole test suite: build, type-check, lint, formatting, then the tests (node:test through tsx).
// Ends with one summary line: "npm test: PASS ..." or "npm test: FAIL ...".
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
import { readdirSync, statSync } from 'node:fs';
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
step('tests', process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]);
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
      '--test-reporter=spec',
      ...find(join(root, 'test/e2e')),
    ]);
  }
  // A regression guard, not a timed test: fails only when a figure is more than twice its target.
  step('bench --quick', process.execPath, ['--import', 'tsx', join(root, 'bench/run.ts'), '--quick']);
}

const failed = results.filter((r) => !r.ok);
const summary = results
  .map((r) => `${r.name} ${r.ok ? 'ok' : 'FAILED'} (${r.seconds.toFixed(1)}s)`)
  .join(', ');
console.log(`\nnpm test: ${failed.length === 0 ? 'PASS' : 'FAIL'} — ${summary}`);
process.exit(failed.length === 0 ? 0 : 1);
