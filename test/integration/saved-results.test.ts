/**
 * Results kept between processes (core saved.ts) with the real go: a restart gives back what an earlier process
 * saved, word for word, with one go process (the batch tries every failure again) and no result recomputed;
 * a failure whose words change, or that goes away, is checked again; a module cache entry that changed is read
 * again; a root checked on its own is saved after its go mod graph and given back with no go process, until a
 * module only its graph read leaves the cache; a root that builds from vendor/ since is never given a result saved
 * before.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkUnits, type BatchResult, type BatchUnit } from '../../src/core/download/batch.ts';
import { checkModule, type CheckResult } from '../../src/core/download/check.ts';
import { escapeCasePath } from '../../src/core/download/modcache.ts';
import { SavedResults } from '../../src/core/download/saved.ts';
import type { BuiltFixtures } from '../harness/fixtures.ts';
import type { GoProxy } from '../harness/goproxy.ts';
import type { Listening } from '../harness/http.ts';
import { runGo, toolchains, type Sandbox } from '../helpers/go.ts';
import { startProxyWorld } from '../helpers/proxyWorld.ts';

const FLAKY = 'example.test/flaky';
/** A module that requires DEP: DEP is in the graph without being required by the root. */
const TOP = 'example.test/top';
const DEP = 'example.test/dep';

for (const tc of toolchains()) {
  describe(`results saved between processes, go ${tc.version}`, () => {
    let fx: BuiltFixtures;
    let proxy: GoProxy;
    let server: Listening;
    let sb: Sandbox;
    let env: Record<string, string>;
    let goVersion: string | undefined;
    let n = 0;

    before(async () => {
      const top = { version: 'v1.0.0', goMod: `module ${TOP}\n\ngo 1.19\n\nrequire ${DEP} v1.0.0\n` };
      ({ sb, fx, proxy, server, env, goVersion } = await startProxyWorld(tc, [
        ...['a', 'b', 'flaky', 'dep'].map((x) => ({
          path: `example.test/${x}`,
          versions: [{ version: 'v1.0.0' }],
        })),
        { path: TOP, versions: [top] },
      ]));
    });
    after(async () => {
      await server.close();
      sb.cleanup();
    });

    /** A root requiring `mods` (each v1.0.0; a name starting with "missing" does not exist), with go.sum. */
    function root(base: string, name: string, mods: string[]): BatchUnit {
      const dir = join(base, name);
      mkdirSync(dir, { recursive: true });
      const reqs = mods.map((m) => `\texample.test/${m} v1.0.0\n`).join('');
      writeFileSync(join(dir, 'go.mod'), `module example.test/${name}\n\ngo 1.19\n\nrequire (\n${reqs})\n`);
      const sums = mods.filter((m) => !m.startsWith('missing'));
      writeFileSync(
        join(dir, 'go.sum'),
        sums.flatMap((m) => fx.goSumLines(`example.test/${m}`, 'v1.0.0')).join('\n') + '\n',
      );
      return { dir, env: { ...env, GOWORK: 'off', GOMODCACHE: join(base, 'modcache') } };
    }

    /** A new process's check: a new cache and a new view of the saved file, written when it ends. */
    async function restart(units: BatchUnit[], file: string, trustCachedGraph = false): Promise<BatchResult> {
      const saved = new SavedResults(file, 'en');
      const r = await checkUnits(units, {
        goBin: tc.bin,
        goVersion,
        timeoutMs: 60_000,
        saved,
        trustCachedGraph,
      });
      saved.save();
      return r;
    }

    const findingsOf = (r: BatchResult): string[][] =>
      r.results.map((x) => x.findings.map((f) => `${f.requirePath} ${f.category} ${f.range.start.line}`));

    test('a restart gives back the saved results: the same findings, one go process, nothing recomputed', async () => {
      const base = join(sb.dir, `w${n++}`);
      const units = ['missing0', 'missing1'].map((m, i) => root(base, `r${i}`, ['a', 'b', m]));
      const file = join(base, 'state', 'results.json');
      const first = await restart(units, file);
      assert.deepEqual(
        first.results.map((r) => r.fromCache),
        [false, false],
      );
      const again = await restart(units, file);
      assert.deepEqual(
        again.results.map((r) => r.fromCache),
        [true, true],
        'both saved results used',
      );
      assert.equal(again.runs.length, 1, 'the batch tried the failures again');
      assert.deepEqual(
        again.results.map((r) => r.runs.length),
        [0, 0],
      );
      assert.deepEqual(findingsOf(again), findingsOf(first));
      assert.deepEqual(findingsOf(first), [
        ['example.test/missing0 not-found 7'],
        ['example.test/missing1 not-found 7'],
      ]);
      assert.deepEqual(
        again.results.map((r) => r.modules),
        first.results.map((r) => r.modules),
      );
    });

    test('a failure whose words change or that goes away is checked again; the others stay saved', async () => {
      const base = join(sb.dir, `w${n++}`);
      const units = [root(base, 'r0', ['a', 'missing0']), root(base, 'r1', ['b', 'flaky'])];
      const file = join(base, 'state', 'results.json');
      try {
        proxy.faults.set({ module: FLAKY }, { kind: 'status', status: 503, body: 'upstream down\n' });
        const first = await restart(units, file);
        assert.equal(first.results[1].findings.length, 1, JSON.stringify(first.results[1].findings));
        const firstCategory = first.results[1].findings[0].category;
        proxy.faults.set({ module: FLAKY }, { kind: 'status', status: 403, body: 'forbidden\n' });
        const changed = await restart(units, file);
        assert.deepEqual(
          changed.results.map((r) => r.fromCache),
          [true, false],
        );
        assert.equal(changed.results[1].findings.length, 1);
        assert.notEqual(
          changed.results[1].findings[0].category,
          firstCategory,
          'the new cause, not the saved one',
        );
        proxy.faults.clear();
        const gone = await restart(units, file);
        assert.deepEqual(
          gone.results.map((r) => r.fromCache),
          [true, false],
        );
        assert.deepEqual(gone.results[1].findings, [], 'it downloads now');
        assert.equal(gone.results[1].modules.find((m) => m.path === FLAKY)?.status !== 'failed', true);
      } finally {
        proxy.faults.clear();
      }
    });

    test('a module cache entry removed since is downloaded and read again, not taken from the saved result', async () => {
      const base = join(sb.dir, `w${n++}`);
      const units = ['missing0', 'missing1'].map((m, i) => root(base, `r${i}`, ['a', 'b', m]));
      const file = join(base, 'state', 'results.json');
      const first = await restart(units, file);
      const mc = units[0].env.GOMODCACHE;
      const extracted = join(mc, `${escapeCasePath('example.test/a')}@v1.0.0`);
      chmodSync(extracted, 0o755);
      rmSync(extracted, { recursive: true, force: true });
      rmSync(join(mc, 'cache', 'download', escapeCasePath('example.test/a')), {
        recursive: true,
        force: true,
      });
      const again = await restart(units, file);
      assert.deepEqual(
        again.results.map((r) => r.fromCache),
        [false, false],
      );
      assert.deepEqual(findingsOf(again), findingsOf(first));
      assert.equal(again.results[0].modules.find((m) => m.path === 'example.test/a')?.status, 'cached');
    });

    test('a root checked on its own is saved after its go mod graph; a graph entry removed since is checked again', async () => {
      const base = join(sb.dir, `w${n++}`);
      const u = root(base, 'single', ['top', 'dep']);
      writeFileSync(
        join(u.dir, 'go.mod'),
        // go 1.16: an unpruned graph, so DEP need not be listed; only go mod graph reads its go.mod.
        `module example.test/single\n\ngo 1.16\n\nrequire ${TOP} v1.0.0\n`,
      );
      const file = join(base, 'state', 'results.json');
      const alone = async (): Promise<CheckResult> => {
        const saved = new SavedResults(file, 'en');
        const r = await checkModule({
          goBin: tc.bin,
          goVersion,
          dir: u.dir,
          env: u.env,
          timeoutMs: 60_000,
          saved,
        });
        saved.save();
        return r;
      };
      const first = await alone();
      assert.deepEqual(first.findings, []);
      assert.deepEqual(
        first.modules.map((m) => m.path),
        [TOP],
        'DEP is not a target',
      );
      assert.ok(
        first.runs.some((r) => r.command.includes('graph')),
        first.runs.map((r) => r.command.join(' ')).join(' | '),
      );
      const again = await alone();
      assert.equal(again.fromCache, true, 'given back');
      assert.equal(again.runs.length, 0, 'no go process');
      // DEP's entry goes (only the graph read its go.mod): the saved result no longer holds.
      rmSync(join(u.env.GOMODCACHE, 'cache', 'download', DEP), { recursive: true, force: true });
      const after = await alone();
      assert.equal(after.fromCache, false);
      assert.deepEqual(after.findings, []);
      assert.ok(after.runs.length > 0, 'go ran again');
    });

    test('a root that builds from vendor/ since its result was saved gets the vendored check', async () => {
      const base = join(sb.dir, `w${n++}`);
      const u = root(base, 'v', ['a', 'b']);
      const file = join(base, 'state', 'results.json');
      const first = await restart([u], file, true);
      assert.deepEqual(first.results[0].findings, []);
      assert.equal(first.results[0].runs.length, 0, 'the cached graph decided: the result is saved');
      assert.equal((await restart([u], file, true)).results[0].fromCache, true, 'saved');
      writeFileSync(
        join(u.dir, 'main.go'),
        'package main\n\nimport (\n\t_ "example.test/a"\n\t_ "example.test/b"\n)\n\nfunc main() {}\n',
      );
      const v = await runGo(tc, sb, ['mod', 'vendor'], { cwd: u.dir, env: u.env });
      assert.equal(v.exitCode, 0, v.stderr);
      const after = await restart([u], file, true);
      assert.equal(after.results[0].fromCache, false);
      assert.equal(after.results[0].vendored, true);
    });
  });
}
