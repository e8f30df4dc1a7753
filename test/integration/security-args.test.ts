/**
 * Issue 18, finding 7: the module path validator agrees with the real go on which paths are module paths (go
 * loads a go.mod requiring each), and
 * a require path from go.mod never reaches go's command line as a flag.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkModule } from '../../src/core/download/check.ts';
import { checkPath, splitPathVersion } from '../../src/core/gomod/modpath.ts';
import { defaultToolchain, runGo, sandbox } from '../helpers/go.ts';
import { INVALID_PATHS, VALID_PATHS } from '../helpers/modulePaths.ts';

// go loads the module graph with GOPROXY=off: a path it refuses is "malformed", one it accepts is looked up.
describe('module paths: our checkPath and go list -m all agree', () => {
  const tc = defaultToolchain();
  test(`go ${tc.version}`, async () => {
    const sb = sandbox(tc);
    try {
      const disagree: string[] = [];
      for (const p of [...VALID_PATHS, ...INVALID_PATHS.map(([x]) => x)].filter((x) => x !== '')) {
        const major = splitPathVersion(p).pathMajor.slice(2);
        const version = major === '' ? 'v1.0.0' : `v${major}.0.0`;
        const dir = join(sb.dir, `m${disagree.length}-${Math.random().toString(36).slice(2)}`);
        mkdirSync(dir);
        writeFileSync(
          join(dir, 'go.mod'),
          `module example.com/main\n\ngo 1.19\n\nrequire ${JSON.stringify(p)} ${version}\n`,
        );
        const r = await runGo(tc, sb, ['list', '-m', 'all'], { cwd: dir, env: { GOFLAGS: '-mod=mod' } });
        assert.notEqual(r.exitCode, 0, r.stdout);
        const goAccepts = !r.stderr.includes('malformed module path');
        const weAccept = checkPath(p) === undefined;
        if (goAccepts !== weAccept)
          disagree.push(`${p}: go ${goAccepts} (${r.stderr.trim()}), ours ${weAccept}`);
      }
      assert.deepEqual(disagree, []);
    } finally {
      sb.cleanup();
    }
  });
});

test('a require path such as -modfile=… never reaches go as a flag; module arguments follow "--"', async () => {
  const tc = defaultToolchain();
  const sb = sandbox(tc, { GOFLAGS: '-mod=mod' });
  try {
    const dir = join(sb.dir, 'work');
    mkdirSync(dir);
    const evil = join(sb.dir, 'evil.mod');
    writeFileSync(
      join(dir, 'go.mod'),
      `module example.com/app\n\ngo 1.19\n\nrequire (\n\t-modfile=${evil} v1.0.0\n\texample.com/ok v1.0.0\n)\n`,
    );
    const r = await checkModule({ goBin: tc.bin, dir, env: sb.env, timeoutMs: 60_000, force: true });
    assert.ok(r.runs.length > 0, 'go ran');
    for (const run of r.runs) {
      const args = run.command.slice(1);
      assert.ok(!args.some((a) => a.startsWith(`-modfile=${evil}`)), args.join(' '));
      const dash = args.indexOf('--');
      const modArgs = args.filter((a) => /^[a-z0-9.-]+\.[a-z]+\/.*@/.test(a));
      if (args[0] === 'mod' && args[1] === 'download' && modArgs.length > 0) {
        assert.ok(dash !== -1 && modArgs.every((a) => args.indexOf(a) > dash), args.join(' '));
      }
    }
    // go itself still reports on the require (it reads go.mod): nothing is silently dropped.
    assert.ok(
      r.findings.some((f) => f.evidence.join('\n').includes(`-modfile=${evil}@v1.0.0`)),
      JSON.stringify(r.findings.map((f) => f.evidence)),
    );
  } finally {
    sb.cleanup();
  }
});
