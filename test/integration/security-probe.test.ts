/**
 * Issue 18, finding 8: the probe asks the module proxy only for escaped, validated module paths under the proxy
 * URL's own path, so a require with ".." segments cannot make it request (with the proxy's credentials) a
 * path such as /admin/api/tokens/@v/list on the proxy's host. Real go, a recording server on loopback.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readEffectiveGoEnv } from '../../src/core/env/effective.ts';
import { diagnoseDownloads } from '../../src/core/probe/diagnose.ts';
import { listen } from '../harness/http.ts';
import { defaultToolchain, sandbox } from '../helpers/go.ts';

async function probeRequests(requires: string): Promise<{ path: string; auth: string }[]> {
  const seen: { path: string; auth: string }[] = [];
  const server = await listen((req, res) => {
    seen.push({ path: req.url ?? '', auth: req.headers.authorization ?? '' });
    res.statusCode = 404;
    res.end('not found');
  });
  const tc = defaultToolchain();
  const sb = sandbox(tc);
  try {
    const work = join(sb.dir, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'go.mod'), `module example.com/app\n\ngo 1.19\n\nrequire ${requires}\n`);
    const env = {
      ...sb.env,
      GOPROXY: `http://gmd:Secret123@127.0.0.1:${server.port}/proxy/`,
      GOSUMDB: 'off',
    };
    const eff = await readEffectiveGoEnv(tc.bin, env, { cwd: work });
    await diagnoseDownloads({
      goBin: tc.bin,
      root: work,
      env,
      envSources: Object.fromEntries(Object.keys(env).map((k) => [k, 'process' as const])),
      effective: eff.values,
      goVersion: eff.goVersion,
      timeouts: { totalMs: 20_000 },
    });
    return seen;
  } finally {
    sb.cleanup();
    await server.close();
  }
}

test('a require with ".." segments: every request stays under the proxy’s path', async () => {
  const seen = await probeRequests('proxy.test/../../admin/api/tokens v1.0.0');
  assert.ok(seen.length > 0, 'the probe reached the server');
  for (const r of seen) assert.ok(r.path.startsWith('/proxy/'), `request outside the proxy path: ${r.path}`);
  assert.ok(!seen.some((r) => r.path.includes('admin')), JSON.stringify(seen));
});

test('a mixed-case module path is requested case-encoded under the proxy’s path', async () => {
  const seen = await probeRequests('example.com/Foo/Bar v1.0.0');
  assert.ok(
    seen.some((r) => r.path === '/proxy/example.com/!foo/!bar/@v/list'),
    JSON.stringify(seen.map((r) => r.path)),
  );
  for (const r of seen) assert.ok(r.path.startsWith('/proxy/'), r.path);
});
