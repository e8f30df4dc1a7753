// The engine's incremental paths (what keeps editing fast): an edit that changes no requirement runs no go
// process, one changed require runs exactly one (the download), and a new module whose go.mod declares another
// path still gets `go mod graph`, which reports it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CheckCache, checkModule } from '../../src/core/download/check.ts';
import { buildModules, writeMainModule, type BuiltFixtures } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { sandbox, toolchains, type Sandbox } from '../helpers/go.ts';

const REQS = [
  { path: 'example.test/alpha', version: 'v1.0.0' },
  { path: 'example.test/beta', version: 'v1.2.0' },
  { path: 'example.test/gamma', version: 'v0.3.0' },
];

for (const tc of toolchains()) {
  describe(`engine incremental checks (go ${tc.version})`, () => {
    let sb: Sandbox;
    let server: Listening;
    let fx: BuiltFixtures;
    let env: Record<string, string>;
    let dir: string;
    let goVersion: string;

    before(async () => {
      sb = sandbox(tc);
      fx = await buildModules(
        [
          {
            path: 'example.test/alpha',
            versions: [
              { version: 'v1.0.0' },
              { version: 'v1.1.0' },
              { version: 'v1.2.0' },
              { version: 'v1.3.0' },
              { version: 'v1.4.0' },
              { version: 'v1.5.0' },
              { version: 'v1.6.0' },
              { version: 'v1.7.0' },
              { version: 'v1.8.0' },
            ],
          },
          { path: 'example.test/beta', versions: [{ version: 'v1.2.0' }] },
          {
            path: 'example.test/gamma',
            versions: [
              { version: 'v0.3.0' },
              // Published under gamma, but its go.mod names another module.
              { version: 'v0.4.0', goMod: 'module example.test/other\n\ngo 1.19\n' },
            ],
          },
        ],
        sb.dir,
      );
      server = await listen(createGoProxy({ modules: fx.modules }).handler);
      env = { ...sb.env, GOPROXY: server.url, GOSUMDB: 'off' };
      dir = join(sb.dir, 'main');
      // go.sum holds the lines of every version the tests move to, as after `go get` (an edit to a version without
      // them is reported as "missing go.sum entry", rightly: that is not what these tests are about).
      writeMainModule(dir, REQS, allSums());
      goVersion = execFileSync(tc.bin, ['env', 'GOVERSION'], { env, encoding: 'utf8' })
        .trim()
        .replace(/^go/, '');
    });
    after(async () => {
      await server.close();
      sb.cleanup();
    });

    function allSums(): string[] {
      return fx.modules.flatMap((m) => fx.goSumLines(m.path, m.version));
    }
    const check = (cache: CheckCache | undefined, text: string, inDir = dir, withEnv = env) =>
      checkModule({
        goBin: tc.bin,
        dir: inDir,
        env: withEnv,
        goVersion,
        gomodcache: env.GOMODCACHE,
        cache,
        overrides: new Map([[join(inDir, 'go.mod'), text]]),
      });
    const subcommands = (r: { runs: { command: string[] }[] }): string[] =>
      r.runs.map((x) => x.command.slice(1, 3).join(' '));

    test('comment edit: no process; one changed require: only the download; a path mismatch: the graph too', async () => {
      const cache = new CheckCache();
      const base = readFileSync(join(dir, 'go.mod'), 'utf8');

      const first = await check(cache, base);
      assert.deepEqual(first.findings, []);
      assert.deepEqual(subcommands(first), ['mod download', 'mod graph']);

      // Only a comment and blank lines change: the graph verdict and the cache entries are reused.
      const comment = await check(cache, `// edited\n${base}\n\n// more\n`);
      assert.equal(comment.fromCache, false, 'a new text is checked again');
      assert.deepEqual(comment.findings, []);
      assert.deepEqual(subcommands(comment), []);
      assert.ok(comment.modules.every((m) => m.status === 'cached'));

      // One require moves to a version not in the cache: one download, no graph run.
      const bumped = base.replace('example.test/alpha v1.0.0', 'example.test/alpha v1.1.0');
      const one = await check(cache, bumped);
      assert.deepEqual(one.findings, []);
      assert.deepEqual(subcommands(one), ['mod download']);
      assert.equal(one.modules.find((m) => m.path === 'example.test/alpha')?.status, 'ok');

      // A new version whose go.mod declares another path: the download may succeed, the graph must run.
      const mismatch = bumped.replace('example.test/gamma v0.3.0', 'example.test/gamma v0.4.0');
      const bad = await check(cache, mismatch);
      assert.ok(subcommands(bad).includes('mod graph'), subcommands(bad).join(', '));
      assert.ok(
        bad.findings.some((f) => f.requirePath === 'example.test/gamma'),
        JSON.stringify(bad.findings.map((f) => [f.category, f.requirePath])),
      );
    });

    const modfileDir = (r: { runs: { command: string[] }[] }): string[] =>
      r.runs.map((x) => {
        const arg = x.command.find((a) => a.startsWith('-modfile='));
        assert.ok(arg, x.command.join(' '));
        return dirname(arg.slice('-modfile='.length));
      });

    test('go works on a private copy kept between checks; the files of the module are never written', async () => {
      const cache = new CheckCache();
      const base = readFileSync(join(dir, 'go.mod'), 'utf8');
      const sumBefore = readFileSync(join(dir, 'go.sum'), 'utf8');
      const modStat = statSync(join(dir, 'go.mod'));
      const a = await check(cache, base.replace('example.test/alpha v1.0.0', 'example.test/alpha v1.2.0'));
      const b = await check(cache, base.replace('example.test/alpha v1.0.0', 'example.test/alpha v1.3.0'));
      assert.deepEqual([...a.findings, ...b.findings], []);
      const dirs = [...modfileDir(a), ...modfileDir(b)];
      assert.ok(dirs.length >= 2, `go ran ${dirs.length} times`);
      assert.equal(new Set(dirs).size, 1, `one folder for every run: ${dirs.join(', ')}`);
      const shadow = dirs[0];
      assert.equal(statSync(shadow).mode & 0o777, 0o700);
      assert.equal(statSync(join(shadow, 'go.mod')).mode & 0o077, 0, 'the copy is private');
      // go wrote its go.sum into the copy; the module's own files are as they were.
      assert.equal(readFileSync(join(dir, 'go.sum'), 'utf8'), sumBefore);
      assert.equal(statSync(join(dir, 'go.mod')).mtimeMs, modStat.mtimeMs);

      // Two checks of one root at once: the second gets a temporary folder of its own, removed afterwards.
      const [c1, c2] = await Promise.all([
        check(cache, base.replace('example.test/alpha v1.0.0', 'example.test/alpha v1.4.0')),
        check(cache, base.replace('example.test/alpha v1.0.0', 'example.test/alpha v1.5.0')),
      ]);
      assert.deepEqual([...c1.findings, ...c2.findings], []);
      const both = [...modfileDir(c1), ...modfileDir(c2)];
      assert.ok(both.includes(shadow) && both.some((d) => d !== shadow), both.join(', '));
      for (const d of both) if (d !== shadow) assert.equal(existsSync(d), false, `${d} is removed`);

      cache.dispose();
      assert.equal(existsSync(shadow), false, 'dispose removes the kept folder');
    });

    test('a changed version downloads in a module of its own at once; go.sum still counts; a failure before any JSON runs the full copy', async () => {
      // A main module of its own, whose go.sum holds a wrong hash for alpha v1.7.0.
      const own = join(sb.dir, 'main-alone');
      const wrong = 'example.test/alpha v1.7.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
      writeMainModule(own, REQS, [
        ...allSums().filter((l) => !l.startsWith('example.test/alpha v1.7.0 ')),
        wrong,
      ]);
      const base = readFileSync(join(own, 'go.mod'), 'utf8');
      const sumBefore = readFileSync(join(own, 'go.sum'), 'utf8');
      const cache = new CheckCache();
      assert.deepEqual((await check(cache, base, own)).findings, []);
      const withModfile = (r: { runs: { command: string[] }[] }): string[] =>
        r.runs.map(
          (x) =>
            x.command
              .find((a) => a.startsWith('-modfile='))
              ?.split('/')
              .pop() ?? '',
        );

      // A version not in the module cache: one go process, on the module of its own.
      const one = await check(
        cache,
        base.replace('example.test/alpha v1.0.0', 'example.test/alpha v1.6.0'),
        own,
      );
      assert.deepEqual(one.findings, []);
      assert.deepEqual(withModfile(one), ['alone.mod']);
      assert.equal(one.modules.find((m) => m.path === 'example.test/alpha')?.status, 'ok');
      const shadow = dirname(
        one.runs[0].command.find((a) => a.startsWith('-modfile='))!.slice('-modfile='.length),
      );
      for (const f of ['alone.mod', 'alone.sum']) assert.equal(statSync(join(shadow, f)).mode & 0o077, 0, f);

      // The wrong hash in go.sum: found, the same finding as a check of the whole module without a cache.
      const bad = base.replace('example.test/alpha v1.0.0', 'example.test/alpha v1.7.0');
      const quick = await check(cache, bad, own);
      // go stops at a checksum mismatch without printing JSON: the full copy runs too.
      assert.deepEqual(withModfile(quick).slice(0, 2), ['alone.mod', 'go.mod']);
      const full = await check(undefined, bad, own);
      const gist = (r: typeof quick) =>
        r.findings.map((f) => [f.category, f.requirePath, f.module, f.version]);
      assert.deepEqual(gist(quick), gist(full));
      assert.deepEqual(gist(quick), [
        ['checksum-mismatch', 'example.test/alpha', 'example.test/alpha', 'v1.7.0'],
      ]);

      // go stops before any module (here on a flag in GOFLAGS): that may come from the rest of the files, so
      // the full copy runs too, and the finding is the one a check without a cache gives.
      const broken = { ...env, GOFLAGS: '-no-such-flag' };
      const bumped = base.replace('example.test/alpha v1.0.0', 'example.test/alpha v1.8.0');
      const fatal = await check(cache, bumped, own, broken);
      assert.deepEqual(withModfile(fatal).slice(0, 2), ['alone.mod', 'go.mod']);
      const fatalFull = await check(undefined, bumped, own, broken);
      assert.ok(fatal.findings.length > 0);
      assert.deepEqual(gist(fatal), gist(fatalFull));

      assert.equal(readFileSync(join(own, 'go.sum'), 'utf8'), sumBefore, "the module's go.sum is untouched");
      cache.dispose();
    });

    test('a new require and entries gone from the module cache meanwhile: the new one downloads first, then the missing ones', async () => {
      const cache = new CheckCache();
      const base = readFileSync(join(dir, 'go.mod'), 'utf8');
      const first = await check(cache, base);
      assert.deepEqual(first.findings, []);
      // Every entry leaves the module cache (go clean -modcache): the cache still remembers them complete.
      execFileSync(tc.bin, ['clean', '-modcache'], { env });
      const bumped = base.replace('example.test/alpha v1.0.0', 'example.test/alpha v1.2.0');
      const r = await check(cache, bumped);
      assert.deepEqual(r.findings, []);
      assert.deepEqual(
        r.modules.map((m) => [m.path, m.status]),
        REQS.map((q) => [q.path, 'ok']),
      );
      // First the download of the new require alone (started before the other entries were confirmed), then
      // the entries found missing.
      const downloads = r.runs
        .filter((x) => x.command.includes('download'))
        .map((x) => x.command.filter((a) => a.includes('@')).sort());
      assert.deepEqual(downloads, [
        ['example.test/alpha@v1.2.0'],
        ['example.test/beta@v1.2.0', 'example.test/gamma@v0.3.0'],
      ]);
      cache.dispose();
    });
  });
}
