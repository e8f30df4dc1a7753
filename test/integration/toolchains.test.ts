import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MATRIX, runGo, sandbox, selectedVersions, toolchains } from '../helpers/go.ts';

test('the toolchain selection defaults to the newest and accepts "all" and lists', () => {
  assert.deepEqual(selectedVersions(''), ['1.27']);
  assert.deepEqual(selectedVersions('all'), [...MATRIX]);
  assert.deepEqual(selectedVersions('1.19, 1.23'), ['1.19', '1.23']);
});

// Every toolchain the script provides reports the version it was asked for.
for (const tc of toolchains([...MATRIX])) {
  test(`go ${tc.version} reports its own version in a sealed environment`, async () => {
    const sb = sandbox(tc);
    try {
      const r = await runGo(tc, sb, ['version']);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^go version go${tc.version.replace('.', '\\.')}(\\.\\d+)? linux/`));
      const env = await runGo(tc, sb, ['env', 'GOMODCACHE', 'GOTOOLCHAIN', 'GOENV']);
      // GOTOOLCHAIN exists from Go 1.21 on; go 1.19 prints an empty line for a variable it does not know.
      const toolchain = tc.version === '1.19' ? '' : 'local';
      assert.deepEqual(env.stdout.split('\n').slice(0, 3), [sb.env.GOMODCACHE, toolchain, sb.env.GOENV]);
    } finally {
      sb.cleanup();
    }
  });
}
