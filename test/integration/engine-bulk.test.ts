// The engine with many modules to fetch (BULK_MIN_PENDING or more): it first runs `go mod download` without
// arguments, which proves the downloads and the module graph in one process; any failure falls back to explicit
// path@version arguments and the graph load, so every failure is still attributed to its require line, exactly
// as with a few modules. Also: one changed require starts go before the other requires' cache stamps are
// confirmed, and a cache entry that went away meanwhile still gets its own download.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  BULK_MIN_PENDING,
  CheckCache,
  checkModule,
  type CheckResult,
} from '../../src/core/download/check.ts';
import { escapeCasePath } from '../../src/core/download/modcache.ts';
import type { Range } from '../../src/core/gomod/types.ts';
import { buildModules, type BuiltFixtures, type ModuleDef } from '../harness/fixtures.ts';
import { createGoProxy, type GoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { sandbox, toolchains, type Sandbox } from '../helpers/go.ts';

const MANY = Array.from({ length: BULK_MIN_PENDING + 8 }, (_, i) => ({
  path: `example.test/bulk${i}`,
  version: `v1.${i % 3}.0`,
}));

const unpruned = (path: string, req: string): string => `module ${path}\n\ngo 1.16\n\nrequire ${req}\n`;

function hashFiles(dir: string): string {
  return ['go.mod', 'go.sum']
    .map((n) => {
      try {
        return createHash('sha256')
          .update(readFileSync(join(dir, n)))
          .digest('hex');
      } catch {
        return 'absent';
      }
    })
    .join(',');
}

function textAt(text: string, r: Range): string {
  return text.split('\n')[r.start.line].slice(r.start.character, r.end.character);
}

/** The subcommand and whether explicit path@version arguments were given, per go process. */
function shape(r: CheckResult): string[] {
  return r.runs.map((x) => {
    const args = x.command.slice(1);
    return `${args[0]} ${args[1]}${args.some((a) => /^[a-z].*@v/.test(a)) ? ' explicit' : ''}`;
  });
}

for (const tc of toolchains()) {
  describe(`engine with many modules to fetch (go ${tc.version})`, () => {
    let sb: Sandbox;
    let server: Listening;
    let proxy: GoProxy;
    let fx: BuiltFixtures;
    let env: Record<string, string>;
    let goVersion: string;
    let n = 0;

    before(async () => {
      sb = sandbox(tc);
      const defs: ModuleDef[] = MANY.map((r) => ({
        path: r.path,
        versions: [{ version: r.version }, { version: 'v1.9.0' }],
      }));
      defs.push(
        {
          path: 'example.test/dep',
          versions: [{ version: 'v1.0.0', goMod: unpruned('example.test/dep', 'example.test/gone v1.0.0') }],
        },
        {
          path: 'example.test/other',
          versions: [{ version: 'v1.0.0', goMod: 'module example.test/notother\n\ngo 1.19\n' }],
        },
        { path: 'example.test/slow', versions: [{ version: 'v1.0.0' }] },
      );
      fx = await buildModules(defs, sb.dir);
      proxy = createGoProxy({ modules: fx.modules });
      server = await listen(proxy.handler);
      env = { ...sb.env, GOPROXY: server.url, GOSUMDB: 'off', GOFLAGS: '-modcacherw' };
      goVersion = execFileSync(tc.bin, ['env', 'GOVERSION'], { env, encoding: 'utf8' })
        .trim()
        .replace(/^go/, '');
    });
    after(async () => {
      await server.close();
      sb.cleanup();
    });

    /** A project with MANY plus `extra`, a complete go.sum, and a module cache of its own. */
    function project(extra: string[] = []): { dir: string; gomod: string; gomodcache: string } {
      const dir = join(sb.dir, `proj${n}`);
      const gomodcache = join(sb.dir, `cache${n++}`);
      mkdirSync(dir, { recursive: true });
      const gomod = `module example.test/main\n\ngo 1.19\n\nrequire (\n${[...MANY.map((r) => `${r.path} ${r.version}`), ...extra].map((l) => `\t${l}\n`).join('')})\n`;
      writeFileSync(join(dir, 'go.mod'), gomod);
      writeFileSync(
        join(dir, 'go.sum'),
        // Every fixture version's lines, as after `go get`: a version changed by a test is not "missing go.sum
        // entry" (a finding of its own, not what these tests are about).
        fx.modules
          .flatMap((m) => fx.goSumLines(m.path, m.version))
          .map((l) => l + '\n')
          .join(''),
      );
      return { dir, gomod, gomodcache };
    }

    const check = (
      dir: string,
      gomodcache: string,
      more: { cache?: CheckCache; timeoutMs?: number; overrides?: Map<string, string> } = {},
    ): Promise<CheckResult> =>
      checkModule({
        goBin: tc.bin,
        dir,
        env: { ...env, GOMODCACHE: gomodcache },
        gomodcache,
        goVersion,
        timeoutMs: more.timeoutMs ?? 60_000,
        cache: more.cache,
        overrides: more.overrides,
      });

    test('all fine: one go process, no explicit arguments, no graph run; nothing changed: no process', async () => {
      const { dir, gomod, gomodcache } = project();
      const before = hashFiles(dir);
      const cache = new CheckCache();
      const r = await check(dir, gomodcache, { cache });
      assert.deepEqual(r.findings, [], r.runs.map((x) => x.stderr).join('\n'));
      assert.deepEqual(shape(r), ['mod download']);
      assert.ok(
        r.modules.every((m) => m.status === 'ok'),
        JSON.stringify(r.modules),
      );
      assert.equal(hashFiles(dir), before, 'go.mod and go.sum untouched');
      // A comment edit: every module is cached and the graph verdict holds.
      const again = await check(dir, gomodcache, {
        cache,
        overrides: new Map([[join(dir, 'go.mod'), gomod + '// edit\n']]),
      });
      assert.equal(again.runs.length, 0);
      assert.deepEqual(again.findings, []);
    });

    test('one 404 among many: attributed to its require line after the explicit download', async () => {
      const { dir, gomod, gomodcache } = project(['example.test/missing v1.2.3']);
      const r = await check(dir, gomodcache);
      assert.deepEqual(shape(r).slice(0, 2), ['mod download', 'mod download explicit']);
      assert.equal(r.findings.length, 1, JSON.stringify(r.findings, null, 1));
      const f = r.findings[0];
      assert.equal(f.category, 'not-found');
      assert.equal(f.requirePath, 'example.test/missing');
      assert.equal(textAt(gomod, f.range), 'example.test/missing v1.2.3');
      const st = Object.fromEntries(r.modules.map((m) => [m.path, m.status]));
      assert.equal(st['example.test/missing'], 'failed');
      assert.equal(st['example.test/bulk0'], 'ok');
    });

    test('a failing dependency of a dependency: on the direct require, with the chain', async () => {
      const { dir, gomod, gomodcache } = project(['example.test/dep v1.0.0']);
      const r = await check(dir, gomodcache);
      assert.equal(r.findings.length, 1, JSON.stringify(r.findings, null, 1));
      const f = r.findings[0];
      assert.equal(f.category, 'not-found');
      assert.equal(f.module, 'example.test/gone');
      assert.equal(textAt(gomod, f.range), 'example.test/dep v1.0.0');
      assert.deepEqual(f.chain, ['example.test/dep@v1.0.0', 'example.test/gone@v1.0.0']);
      assert.equal(shape(r).at(-1), 'mod graph');
    });

    test('a module whose go.mod declares another path: path-mismatch on its line', async () => {
      const { dir, gomod, gomodcache } = project(['example.test/other v1.0.0']);
      const r = await check(dir, gomodcache);
      assert.equal(r.findings.length, 1, JSON.stringify(r.findings, null, 1));
      assert.equal(r.findings[0].category, 'path-mismatch');
      assert.equal(textAt(gomod, r.findings[0].range), 'example.test/other v1.0.0');
    });

    test('a proxy that never answers for one module: stopped in time, the finding names it, one process', async () => {
      proxy.faults.set({ module: 'example.test/slow' }, { kind: 'hang' });
      try {
        const { dir, gomod, gomodcache } = project(['example.test/slow v1.0.0']);
        const started = Date.now();
        const r = await check(dir, gomodcache, { timeoutMs: 4000 });
        assert.ok(Date.now() - started < 4000 + 2000, `took ${Date.now() - started} ms`);
        assert.equal(r.runs.length, 1);
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
          /# get http:\/\/127\.0\.0\.1:\d+\/example\.test\/slow\/@v\/v1\.0\.0\./,
        );
      } finally {
        proxy.faults.set({ module: 'example.test/slow' }, undefined);
      }
    });

    test('one require changed: one explicit download; an entry removed meanwhile gets a download of its own', async () => {
      const { dir, gomod, gomodcache } = project();
      const cache = new CheckCache();
      const first = await check(dir, gomodcache, { cache });
      assert.deepEqual(first.findings, []);
      const changed = gomod.replace('example.test/bulk1 v1.1.0', 'example.test/bulk1 v1.9.0');
      assert.notEqual(changed, gomod);
      const one = await check(dir, gomodcache, {
        cache,
        overrides: new Map([[join(dir, 'go.mod'), changed]]),
      });
      assert.deepEqual(one.findings, [], one.runs.map((x) => x.stderr).join('\n'));
      assert.deepEqual(shape(one), ['mod download explicit']);
      assert.ok(one.runs[0].command.includes('example.test/bulk1@v1.9.0'));

      // bulk2's cache entry disappears (a partial `go clean -modcache`) while bulk3 changes version.
      const gone = MANY[2];
      rmSync(join(gomodcache, 'cache', 'download', escapeCasePath(gone.path)), {
        recursive: true,
        force: true,
      });
      rmSync(join(gomodcache, `${escapeCasePath(gone.path)}@${gone.version}`), {
        recursive: true,
        force: true,
      });
      const changed2 = changed.replace('example.test/bulk3 v1.0.0', 'example.test/bulk3 v1.9.0');
      assert.notEqual(changed2, changed);
      const two = await check(dir, gomodcache, {
        cache,
        overrides: new Map([[join(dir, 'go.mod'), changed2]]),
      });
      assert.deepEqual(two.findings, [], two.runs.map((x) => x.stderr).join('\n'));
      assert.deepEqual(shape(two).slice(0, 2), ['mod download explicit', 'mod download explicit']);
      assert.ok(two.runs[0].command.includes('example.test/bulk3@v1.9.0'));
      assert.ok(two.runs[1].command.includes(`${gone.path}@${gone.version}`));
      const st = Object.fromEntries(two.modules.map((m) => [m.path, m.status]));
      assert.equal(st[gone.path], 'ok');
      assert.equal(st['example.test/bulk3'], 'ok');
    });
  });
}
