/**
 * Issue 18, finding 10: a background check never fetches a Go toolchain. With GOTOOLCHAIN=auto in the user's
 * environment and a go.mod that asks for a newer Go, the check (environment from buildEnv, the real go) sends no
 * request for golang.org/toolchain and reports a `toolchain` finding whose first fix downloads it on request.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkModule } from '../../src/core/download/check.ts';
import { buildEnv } from '../../src/core/env/buildEnv.ts';
import { listen } from '../harness/http.ts';
import { defaultToolchain, sandbox } from '../helpers/go.ts';

test('GOTOOLCHAIN=auto from the user: no toolchain download, a toolchain finding with download-toolchain', async (t) => {
  const tc = defaultToolchain();
  if (Number(tc.version.split('.')[1]) < 21) {
    t.skip(`go ${tc.version} does not switch toolchains (go 1.21+ does): nothing to check`);
    return;
  }
  const seen: string[] = [];
  const server = await listen((req, res) => {
    seen.push(req.url ?? '');
    res.statusCode = 404;
    res.end('not found');
  });
  const sb = sandbox(tc);
  try {
    const dir = join(sb.dir, 'work');
    mkdirSync(dir);
    writeFileSync(join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.99\n\ntoolchain go1.99.1\n');
    const { env } = buildEnv({
      processEnv: { ...sb.env, GOTOOLCHAIN: 'auto', GOPROXY: `http://127.0.0.1:${server.port}` },
    });
    assert.equal(env.GOTOOLCHAIN, 'local');
    const r = await checkModule({ goBin: tc.bin, dir, env, timeoutMs: 60_000, force: true });
    assert.deepEqual(
      seen.filter((u) => u.includes('toolchain')),
      [],
      'go asked the proxy for a toolchain',
    );
    const f = r.findings.find((x) => x.category === 'toolchain');
    assert.ok(f, JSON.stringify(r.findings));
    assert.equal(f.fixes[0], 'download-toolchain', f.fixes.join(','));
  } finally {
    sb.cleanup();
    await server.close();
  }
});
