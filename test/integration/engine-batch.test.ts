/**
 * Batches across roots with the real go: roots that share the environment download their distinct modules in
 * one go process, cold and on a warm restart (a fresh cache, everything downloaded but the missing modules);
 * each root's failure lands on its own require line; a root whose go.sum disagrees with a module the others
 * agree on is still told (its own check), and the others are not; a hung proxy stops the batch once and every
 * root gets the hang on its line, after early word on the line of each root whose require it waits for (a slow
 * answer is withdrawn once; a root needing a module go never reached behind the hung one gets it from one more
 * run and is not told of the wait); roots with another environment (GOINSECURE here) are a batch of their own.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkUnits, type BatchUnit } from '../../src/core/download/batch.ts';
import type { AttributedFinding } from '../../src/core/download/check.ts';
import type { Range } from '../../src/core/gomod/types.ts';
import type { BuiltFixtures } from '../harness/fixtures.ts';
import type { GoProxy } from '../harness/goproxy.ts';
import type { Listening } from '../harness/http.ts';
import { toolchains, type Sandbox } from '../helpers/go.ts';
import { startProxyWorld } from '../helpers/proxyWorld.ts';

function textAt(text: string, r: Range): string {
  return text.split('\n')[r.start.line].slice(r.start.character, r.end.character);
}

for (const tc of toolchains()) {
  describe(`batches across roots, go ${tc.version}`, () => {
    let fx: BuiltFixtures;
    let proxy: GoProxy;
    let server: Listening;
    let sb: Sandbox;
    let env: Record<string, string>;
    let goVersion: string | undefined;
    let n = 0;

    before(async () => {
      ({ sb, fx, proxy, server, env, goVersion } = await startProxyWorld(
        tc,
        ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => ({
          path: `example.test/${x}`,
          versions: [{ version: 'v1.0.0' }],
        })),
      ));
    });
    after(async () => {
      await server.close();
      sb.cleanup();
    });

    const sums = (mods: string[]): string =>
      mods.flatMap((m) => fx.goSumLines(`example.test/${m}`, 'v1.0.0')).join('\n') + '\n';

    /** Roots r0..r(count-1): each requires a, b, c and a missing module of its own. */
    function roots(count: number): { units: BatchUnit[]; gomods: string[] } {
      const base = join(sb.dir, `mono${n++}`);
      const units: BatchUnit[] = [];
      const gomods: string[] = [];
      for (let i = 0; i < count; i++) {
        const dir = join(base, `r${i}`);
        mkdirSync(dir, { recursive: true });
        const gomod = `module example.test/r${i}\n\ngo 1.19\n\nrequire (\n\texample.test/a v1.0.0\n\texample.test/b v1.0.0\n\texample.test/c v1.0.0\n\texample.test/missing${i} v0.0.1\n)\n`;
        writeFileSync(join(dir, 'go.mod'), gomod);
        writeFileSync(join(dir, 'go.sum'), sums(['a', 'b', 'c']));
        units.push({ dir, env: { ...env, GOWORK: 'off' } });
        gomods.push(gomod);
      }
      return { units, gomods };
    }

    test('cold and warm restart: one go process for the whole batch; each failure on its own root', async () => {
      const { units, gomods } = roots(4);
      for (const round of ['cold', 'warm restart']) {
        const { results, runs } = await checkUnits(units, { goBin: tc.bin, goVersion, timeoutMs: 60_000 });
        assert.equal(runs.length, 1, `${round}: one batch download`);
        assert.deepEqual(
          results.map((r) => r.runs.length),
          [0, 0, 0, 0],
          `${round}: no go run per root: ${results.map((r) => r.runs.map((x) => x.command.join(' '))).join(' | ')}`,
        );
        results.forEach((r, i) => {
          assert.equal(r.findings.length, 1, `${round} r${i}: ${JSON.stringify(r.findings)}`);
          assert.equal(r.findings[0].category, 'not-found');
          assert.equal(r.findings[0].file, join(units[i].dir, 'go.mod'));
          assert.equal(textAt(gomods[i], r.findings[0].range), `example.test/missing${i} v0.0.1`);
          assert.deepEqual(
            r.modules.map((m) => m.status),
            ['cached', 'cached', 'cached', 'failed'],
          );
        });
      }
    });

    test('a root whose go.sum is wrong for a shared module is told; the roots that are right are not', async () => {
      const { units } = roots(3);
      const wrong = fx.goSumLines('example.test/d', 'v1.0.0').map((l) => l.replace(/h1:.{8}/, 'h1:AAAAAAAA'));
      for (const [i, lines] of [
        [0, fx.goSumLines('example.test/d', 'v1.0.0')],
        [1, wrong],
        [2, fx.goSumLines('example.test/d', 'v1.0.0')],
      ] as const) {
        const gomod = `module example.test/s${i}\n\ngo 1.19\n\nrequire example.test/d v1.0.0\n`;
        writeFileSync(join(units[i].dir, 'go.mod'), gomod);
        writeFileSync(join(units[i].dir, 'go.sum'), lines.join('\n') + '\n');
      }
      const { results } = await checkUnits(units, { goBin: tc.bin, goVersion, timeoutMs: 60_000 });
      assert.deepEqual(results[0].findings, []);
      assert.deepEqual(results[2].findings, []);
      assert.equal(results[1].findings.length, 1, JSON.stringify(results[1].findings));
      assert.equal(results[1].findings[0].category, 'checksum-mismatch');
    });

    test("a proxy that never answers: early word on each waiting root's own line, then the batch is stopped once and every root gets the hang on its line, no second wait", async () => {
      proxy.faults.set({ module: 'example.test/e' }, { kind: 'hang' });
      try {
        const { units } = roots(4);
        const gomod = (i: number): string =>
          i < 3
            ? `module example.test/h${i}\n\ngo 1.19\n\nrequire (\n\texample.test/a v1.0.0\n\texample.test/e v1.0.0\n)\n`
            : `module example.test/h${i}\n\ngo 1.19\n\nrequire (\n\texample.test/a v1.0.0\n\texample.test/f v1.0.0\n)\n`;
        const heard: AttributedFinding[][][] = units.map(() => []);
        units.forEach((u, i) => {
          writeFileSync(join(u.dir, 'go.mod'), gomod(i));
          writeFileSync(join(u.dir, 'go.sum'), sums(i < 3 ? ['a'] : ['a', 'f']));
          u.onWaiting = (fs) => heard[i].push(fs);
        });
        const started = Date.now();
        const { results, runs } = await checkUnits(units, {
          goBin: tc.bin,
          goVersion,
          timeoutMs: 3000,
          waitNoticeMs: 1000,
        });
        const took = Date.now() - started;
        assert.ok(took < 3000 + 2500, `one wait, not one per root: ${took} ms`);
        // go stops at e (the arguments are resolved in order): f, behind it, is fetched by one more run.
        assert.equal(runs.length, 2, runs.map((r) => r.command.join(' ')).join('\n'));
        assert.equal(runs[0].timedOut, true);
        assert.ok(!runs[1].timedOut && !runs[1].command.includes('example.test/e@v1.0.0'));
        results.slice(0, 3).forEach((r, i) => {
          const early = heard[i].filter((fs) => fs.length > 0);
          assert.ok(early.length >= 1, `r${i} heard early word: ${JSON.stringify(heard[i])}`);
          assert.equal(early[0].length, 1, JSON.stringify(early[0]));
          const w = early[0][0];
          assert.equal(w.provisional, true);
          assert.equal(w.category, 'timeout');
          assert.equal(w.file, join(units[i].dir, 'go.mod'));
          assert.equal(textAt(gomod(i), w.range), 'example.test/e v1.0.0', 'on its own require line');
          assert.equal(w.host, `127.0.0.1:${server.port}`);
          assert.equal(r.runs.length, 0, 'no go run of its own');
          assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
          assert.equal(r.findings[0].category, 'timeout');
          assert.equal(r.findings[0].provisional, undefined, 'the final result replaces the early word');
          assert.equal(r.findings[0].host, `127.0.0.1:${server.port}`);
          assert.equal(textAt(gomod(i), r.findings[0].range), 'example.test/e v1.0.0');
        });
        assert.deepEqual(heard[3], [], 'a root that does not need the module hears nothing');
        assert.deepEqual(results[3].findings, [], 'nor is it told of the wait at the end');
        assert.deepEqual(
          results[3].modules.map((m) => [m.path, m.status]),
          [
            ['example.test/a', 'cached'],
            ['example.test/f', 'cached'],
          ],
        );
        const after = heard.map((h) => h.length);
        await new Promise((res) => setTimeout(res, 1500));
        assert.deepEqual(
          heard.map((h) => h.length),
          after,
          'nothing reported after the batch returned',
        );
      } finally {
        proxy.faults.set({ module: 'example.test/e' }, undefined);
      }
    });

    test('a slow answer in a batch: the waiting root hears it, then one empty list; no finding at the end', async () => {
      proxy.faults.set({ module: 'example.test/d', route: 'info' }, { kind: 'delay', ms: 2600 });
      try {
        const { units } = roots(2);
        // A module cache of their own: nothing of an earlier test is there.
        const gomodcache = join(sb.dir, `slow-cache-${n}`);
        for (const u of units) u.env = { ...u.env, GOMODCACHE: gomodcache };
        const heard: AttributedFinding[][][] = units.map(() => []);
        units.forEach((u, i) => {
          writeFileSync(
            join(u.dir, 'go.mod'),
            `module example.test/w${i}\n\ngo 1.19\n\nrequire example.test/${i === 0 ? 'd' : 'a'} v1.0.0\n`,
          );
          writeFileSync(join(u.dir, 'go.sum'), sums([i === 0 ? 'd' : 'a']));
          u.onWaiting = (fs) => heard[i].push(fs);
        });
        const { results } = await checkUnits(units, {
          goBin: tc.bin,
          goVersion,
          timeoutMs: 30_000,
          waitNoticeMs: 1000,
        });
        assert.deepEqual(
          results.map((r) => r.findings),
          [[], []],
        );
        assert.ok(heard[0].length >= 2, JSON.stringify(heard[0].map((h) => h.length)));
        assert.equal(heard[0][0][0]?.module, 'example.test/d');
        assert.deepEqual(heard[0][heard[0].length - 1], [], 'withdrawn with one empty list');
        assert.equal(heard[0].filter((h) => h.length === 0).length, 1);
        assert.deepEqual(heard[1], []);
      } finally {
        proxy.faults.set({ module: 'example.test/d', route: 'info' }, undefined);
      }
    });

    test('roots with another environment (GOINSECURE here) are a batch of their own', async () => {
      const { units } = roots(3);
      units[2] = { ...units[2], env: { ...units[2].env, GOINSECURE: 'nothing.invalid' } };
      const { results, runs } = await checkUnits(units, { goBin: tc.bin, goVersion, timeoutMs: 60_000 });
      assert.equal(runs.length, 2);
      assert.ok(results.every((r) => r.findings.length === 1));
    });
  });
}
