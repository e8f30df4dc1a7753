/**
 * checkModule with the real go against a loopback GOPROXY: one cause, one diagnostic. A require whose own
 * download fails gets that failure only; the module graph's later complaint about the same version (it loads
 * the same go.mod) is a consequence, not a second cause.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkModule } from '../../src/core/download/check.ts';
import { buildEnv } from '../../src/core/env/buildEnv.ts';
import { readEffectiveGoEnv } from '../../src/core/env/effective.ts';
import { buildModules } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { sandbox, toolchains, type Sandbox } from '../helpers/go.ts';

for (const tc of toolchains()) {
  describe(`checkModule attribution with go ${tc.version}`, () => {
    let sb: Sandbox;
    let server: Listening;
    let env: Record<string, string>;
    let goVersion: string | undefined;

    before(async () => {
      sb = sandbox(tc);
      // Its zip is gone (404) and its go.mod declares another path: the download fails on the zip, and go mod
      // graph, which reads the go.mod the download fetched first, fails on the path.
      const fx = await buildModules(
        [
          {
            path: 'example.test/broken',
            versions: [{ version: 'v1.0.0', goMod: 'module example.test/elsewhere\n\ngo 1.16\n' }],
          },
        ],
        sb.dir,
      );
      const proxy = createGoProxy({ modules: fx.modules });
      proxy.faults.set(
        { module: 'example.test/broken', route: 'zip' },
        { kind: 'status', status: 404, body: 'not found: example.test/broken@v1.0.0: zip gone' },
      );
      server = await listen(proxy.handler);
      env = buildEnv({ processEnv: { ...sb.env, GOPROXY: server.url, GOSUMDB: 'off' } }).env;
      goVersion = (await readEffectiveGoEnv(tc.bin, env)).goVersion;
    });
    after(async () => {
      await server?.close();
      sb?.cleanup();
    });

    test('a require whose download failed: the graph failing on the same version adds no second diagnostic', async () => {
      const dir = join(sb.dir, 'proj');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'go.mod'),
        'module example.test/main\n\ngo 1.19\n\nrequire example.test/broken v1.0.0\n',
      );
      const r = await checkModule({ goBin: tc.bin, dir, env, goVersion, timeoutMs: 60_000 });
      // The graph ran and failed on the same version for another reason (else this test checks nothing).
      const graph = r.runs.find((x) => x.command.includes('graph'));
      assert.ok(graph, `go mod graph ran: ${r.runs.map((x) => x.command.join(' ')).join(' | ')}`);
      assert.match(graph.stderr, /example\.test\/broken@v1\.0\.0: parsing go\.mod/);
      assert.deepEqual(
        r.findings.map((f) => [f.requirePath, f.category]),
        [['example.test/broken', 'not-found']],
        JSON.stringify(r.findings, null, 1),
      );
      assert.equal(r.modules[0].status, 'failed');
      assert.equal(r.modules[0].finding?.category, 'not-found');
    });
  });
}
