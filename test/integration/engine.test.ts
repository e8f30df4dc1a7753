/**
 * checkModule with the real go against a loopback GOPROXY (test/harness/goproxy.ts): success and the
 * zero-process second run, the cache fast path, a 404 on its require line, a transitive failure attributed to
 * the direct require with its chain, a hang named by host and stage, and the user's files left untouched.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkModule, CheckCache, type AttributedFinding } from '../../src/core/download/check.ts';
import { buildEnv } from '../../src/core/env/buildEnv.ts';
import { readEffectiveGoEnv } from '../../src/core/env/effective.ts';
import type { Range } from '../../src/core/gomod/types.ts';
import { buildModules, type BuiltFixtures } from '../harness/fixtures.ts';
import { createGoProxy, type GoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { sandbox, toolchains, type Sandbox } from '../helpers/go.ts';

const unpruned = (path: string, req: string): string => `module ${path}\n\ngo 1.16\n\nrequire ${req}\n`;

function hashFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['go.mod', 'go.sum', 'go.work', 'go.work.sum']) {
    try {
      out[name] = createHash('sha256')
        .update(readFileSync(join(dir, name)))
        .digest('hex');
    } catch {
      out[name] = 'absent';
    }
  }
  return out;
}

function textAt(text: string, r: Range): string {
  const lines = text.split('\n');
  assert.equal(r.start.line, r.end.line);
  return lines[r.start.line].slice(r.start.character, r.end.character);
}

for (const tc of toolchains()) {
  describe(`checkModule with go ${tc.version}`, () => {
    let fx: BuiltFixtures;
    let proxy: GoProxy;
    let server: Listening;
    let sb: Sandbox;
    let env: Record<string, string>;
    let goVersion: string | undefined;
    let n = 0;

    before(async () => {
      sb = sandbox(tc);
      fx = await buildModules(
        [
          { path: 'example.test/ok', versions: [{ version: 'v1.0.0' }] },
          { path: 'example.test/Upper', versions: [{ version: 'v1.1.0' }] },
          {
            path: 'example.test/a',
            versions: [{ version: 'v1.0.0', goMod: unpruned('example.test/a', 'example.test/b v1.0.0') }],
          },
          {
            path: 'example.test/b',
            versions: [{ version: 'v1.0.0', goMod: unpruned('example.test/b', 'example.test/gone v1.0.0') }],
          },
          { path: 'example.test/slow', versions: [{ version: 'v1.0.0' }] },
        ],
        sb.dir,
      );
      proxy = createGoProxy({ modules: fx.modules });
      server = await listen(proxy.handler);
      env = buildEnv({ processEnv: { ...sb.env, GOPROXY: server.url, GOSUMDB: 'off' } }).env;
      goVersion = (await readEffectiveGoEnv(tc.bin, env)).goVersion;
    });
    after(async () => {
      await server.close();
      sb.cleanup();
    });

    function project(requires: string[], sums: string[] = []): { dir: string; gomod: string } {
      const dir = join(sb.dir, `proj${n++}`);
      mkdirSync(dir, { recursive: true });
      const gomod = `module example.test/main\n\ngo 1.19\n\nrequire (\n${requires.map((r) => `\t${r}\n`).join('')})\n`;
      writeFileSync(join(dir, 'go.mod'), gomod);
      writeFileSync(join(dir, 'go.sum'), sums.map((l) => l + '\n').join(''));
      return { dir, gomod };
    }

    test('success: no findings; the same world again costs zero processes; the fast path skips go', async () => {
      const sums = [
        ...fx.goSumLines('example.test/ok', 'v1.0.0'),
        ...fx.goSumLines('example.test/Upper', 'v1.1.0'),
      ];
      const { dir } = project(['example.test/ok v1.0.0', 'example.test/Upper v1.1.0'], sums);
      const before = hashFiles(dir);
      const cache = new CheckCache();
      const first = await checkModule({ goBin: tc.bin, dir, env, cache, goVersion, timeoutMs: 60_000 });
      assert.deepEqual(first.findings, [], JSON.stringify(first.runs.map((r) => r.stderr)));
      assert.equal(first.runs.length, 2, 'go mod download + go mod graph');
      assert.deepEqual(
        first.modules.map((m) => [m.path, m.status]),
        [
          ['example.test/ok', 'ok'],
          ['example.test/Upper', 'ok'],
        ],
      );

      const second = await checkModule({ goBin: tc.bin, dir, env, cache, goVersion });
      assert.equal(second.runs.length, 0);
      assert.equal(second.fromCache, true);
      assert.deepEqual(second.findings, []);

      // go.sum changes, go.mod does not: every require is complete in the module cache ("!u" escaping
      // included) and the graph was fine for this go.mod: still no process.
      writeFileSync(join(dir, 'go.sum'), readFileSync(join(dir, 'go.sum'), 'utf8') + '\n');
      const third = await checkModule({ goBin: tc.bin, dir, env, cache, goVersion });
      assert.equal(third.runs.length, 0);
      assert.equal(third.fromCache, false);
      assert.deepEqual(
        third.modules.map((m) => m.status),
        ['cached', 'cached'],
      );
      const afterHashes = hashFiles(dir);
      assert.equal(afterHashes['go.mod'], before['go.mod']);
      assert.deepEqual(Object.keys(afterHashes), Object.keys(before));
    });

    test('a 404 lands on the require line of that module, and the files are untouched', async () => {
      const { dir, gomod } = project(['example.test/ok v1.0.0', 'example.test/missing v1.2.3']);
      const before = hashFiles(dir);
      const r = await checkModule({ goBin: tc.bin, dir, env, goVersion, timeoutMs: 60_000 });
      assert.deepEqual(hashFiles(dir), before, 'go.mod and go.sum are byte-for-byte unchanged');
      const missing = r.findings.filter((f) => f.requirePath === 'example.test/missing');
      assert.ok(missing.length >= 1, JSON.stringify(r.findings, null, 1));
      const f = missing[0];
      assert.equal(f.category, 'not-found');
      assert.equal(f.file, join(dir, 'go.mod'));
      assert.equal(textAt(gomod, f.range), 'example.test/missing v1.2.3');
      assert.ok(!r.findings.some((x) => x.requirePath === 'example.test/ok'));
      const st = Object.fromEntries(r.modules.map((m) => [m.path, m.status]));
      assert.equal(st['example.test/missing'], 'failed');
      assert.ok(st['example.test/ok'] === 'ok' || st['example.test/ok'] === 'cached');
    });

    test('a failing dependency of a dependency is attributed to the direct require, with the chain', async () => {
      const { dir, gomod } = project(['example.test/a v1.0.0']);
      const before = hashFiles(dir);
      const r = await checkModule({ goBin: tc.bin, dir, env, goVersion, timeoutMs: 60_000 });
      assert.deepEqual(hashFiles(dir), before);
      assert.equal(r.findings.length, 1, JSON.stringify(r.findings, null, 1));
      const f: AttributedFinding = r.findings[0];
      assert.equal(f.requirePath, 'example.test/a');
      assert.equal(textAt(gomod, f.range), 'example.test/a v1.0.0');
      assert.equal(f.category, 'not-found');
      assert.equal(f.module, 'example.test/gone');
      assert.deepEqual(f.chain, [
        'example.test/a@v1.0.0',
        'example.test/b@v1.0.0',
        'example.test/gone@v1.0.0',
      ]);
      // The direct module itself downloaded fine; what fails is below it.
      assert.equal(r.runs[0].exitCode, 0);
      assert.equal(r.modules[0].status, 'failed');
    });

    test('a proxy that never answers: stopped within the timeout + 2 s, the finding names host and stage', async () => {
      proxy.faults.set({ module: 'example.test/slow' }, { kind: 'hang' });
      try {
        const { dir, gomod } = project(['example.test/slow v1.0.0']);
        const started = Date.now();
        const r = await checkModule({ goBin: tc.bin, dir, env, goVersion, timeoutMs: 3000 });
        const took = Date.now() - started;
        assert.ok(took < 3000 + 2000, `took ${took} ms`);
        assert.equal(r.runs.length, 1, 'no graph load after a hang');
        assert.equal(r.runs[0].timedOut, true);
        assert.equal(r.findings.length, 1, JSON.stringify(r.findings, null, 1));
        const f = r.findings[0];
        assert.equal(f.category, 'timeout');
        assert.equal(f.stage, 'http');
        assert.equal(f.host, `127.0.0.1:${server.port}`);
        assert.equal(f.module, 'example.test/slow');
        assert.equal(textAt(gomod, f.range), 'example.test/slow v1.0.0');
        assert.match(
          f.evidence.join('\n'),
          /# get http:\/\/127\.0\.0\.1:\d+\/example\.test\/slow\/@v\/v1\.0\.0\.info/,
        );
        assert.equal(r.modules[0].status, 'failed');
      } finally {
        proxy.faults.set({ module: 'example.test/slow' }, undefined);
      }
    });

    test('a workspace: findings land in the used module go.mod; go.work and go.work.sum untouched', async () => {
      const ws = join(sb.dir, `ws${n++}`);
      mkdirSync(join(ws, 'm1'), { recursive: true });
      const m1 = 'module example.test/m1\n\ngo 1.19\n\nrequire example.test/missing v0.0.1\n';
      writeFileSync(join(ws, 'm1', 'go.mod'), m1);
      writeFileSync(join(ws, 'go.work'), 'go 1.19\n\nuse ./m1\n');
      const before = { ...hashFiles(ws), m1: hashFiles(join(ws, 'm1')) };
      const r = await checkModule({ goBin: tc.bin, dir: ws, env, goVersion, timeoutMs: 60_000 });
      assert.deepEqual({ ...hashFiles(ws), m1: hashFiles(join(ws, 'm1')) }, before);
      const f = r.findings.find((x) => x.requirePath === 'example.test/missing');
      assert.ok(f, JSON.stringify(r, null, 1));
      assert.equal(f.file, join(ws, 'm1', 'go.mod'));
      assert.equal(f.category, 'not-found');
      assert.equal(textAt(m1, f.range), 'example.test/missing v0.0.1');
    });
  });
}
