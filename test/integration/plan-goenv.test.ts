/**
 * The workspace plan against the real go (1.21+) when GOWORK or GOFLAGS is set only in go's env file: GOENV points
 * at a file of the test's own, written with `go env -w` (the user's real file is never touched: checked), and the
 * plan must agree with what go does there: `go env GOWORK`, the main modules `go list -m` reports in each unit's
 * folder, whether `go build` works offline from vendor/; and the engine's findings (and the CLI's) follow.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBuiltCli } from '../helpers/cli.ts';
import { checkModule, type CheckResult } from '../../src/core/download/check.ts';
import { buildEnv } from '../../src/core/env/buildEnv.ts';
import { locateGoEnvFile, readGoEnvFile } from '../../src/core/env/goEnvFile.ts';
import { planWorkspace, type CheckUnit } from '../../src/core/workspace/planner.ts';
import type { BuiltFixtures } from '../harness/fixtures.ts';
import type { Listening } from '../harness/http.ts';
import { runGo, toolchains, type Sandbox } from '../helpers/go.ts';
import { startProxyWorld } from '../helpers/proxyWorld.ts';
import { writeTree } from '../helpers/fileTree.ts';

const minor = (v: string): number => Number(v.split('.')[1]);

const runCli = runBuiltCli;

/** The user's own go env file, as a stat signature only (its content may hold private hosts). */
function userGoEnvSignature(): string {
  const p = locateGoEnvFile(process.env);
  if (p === undefined) return 'none';
  try {
    const s = statSync(p);
    return `${p} ${s.size} ${s.mtimeMs} ${s.ino}`;
  } catch {
    return `${p} absent`;
  }
}

const userBefore = userGoEnvSignature();

for (const tc of toolchains().filter((t) => minor(t.version) >= 21)) {
  describe(`plan and go env file, go ${tc.version}`, () => {
    let fx: BuiltFixtures;
    let server: Listening;
    let sb: Sandbox;
    let world: Record<string, string>;
    let goVersion: string | undefined;
    let n = 0;

    before(async () => {
      ({
        sb,
        fx,
        server,
        env: world,
        goVersion,
      } = await startProxyWorld(tc, [{ path: 'example.test/ok', versions: [{ version: 'v1.0.0' }] }]));
    });
    after(async () => {
      await server.close();
      sb.cleanup();
    });

    /** A fresh go env file of this test's own, created by `go env -w`; GOFLAGS left empty so the file's applies. */
    async function goEnvFile(flags: string): Promise<{ path: string; env: Record<string, string> }> {
      const path = join(sb.dir, `goenv-${n++}`);
      const env = { GOENV: path, GOFLAGS: '', GOPROXY: server.url };
      const w = await runGo(tc, sb, ['env', '-w', `GOFLAGS=${flags}`], { env });
      assert.equal(w.exitCode, 0, w.stderr);
      assert.equal(readFileSync(path, 'utf8'), `GOFLAGS=${flags}\n`, 'go env -w wrote the file GOENV names');
      const where = await runGo(tc, sb, ['env', 'GOENV'], { env });
      assert.equal(where.stdout.trim(), path);
      return { path, env };
    }

    /** The environment the engine runs go with (what prepareGo builds: process environment + the file). */
    async function engineEnv(file: {
      path: string;
      env: Record<string, string>;
    }): Promise<Record<string, string>> {
      const processEnv = { ...world, ...file.env };
      return buildEnv({ processEnv, goEnvFile: await readGoEnvFile(file.path) }).env;
    }

    /** The main modules go reports in a folder (the go.work's modules in workspace mode, else the module). */
    async function mainModules(dir: string, env: Record<string, string>): Promise<string[]> {
      const r = await runGo(tc, sb, ['list', '-m', '-f', '{{.Dir}}'], { cwd: dir, env });
      assert.equal(r.exitCode, 0, r.stderr);
      return r.stdout.trim().split('\n').sort();
    }

    const check = (unit: CheckUnit, env: Record<string, string>): Promise<CheckResult> =>
      checkModule({
        goBin: tc.bin,
        dir: unit.dir,
        env: { ...env, ...unit.env },
        goVersion,
        timeoutMs: 60_000,
        vendor: unit.vendor,
      });

    const req = (extra = ''): string => `go 1.21\n\nrequire (\n\texample.test/ok v1.0.0\n${extra})\n`;

    test('GOWORK=off in the go env file: each module of the go.work is planned and checked alone, as go builds it', async () => {
      const ws = join(sb.dir, `ws${n++}`);
      const sum = `${fx.goSumLines('example.test/ok', 'v1.0.0').join('\n')}\n`;
      writeTree(ws, {
        'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n',
        'a/go.mod': `module example.test/a\n\n${req('\texample.test/missing v0.0.1\n')}`,
        'a/go.sum': sum,
        'b/go.mod': `module example.test/b\n\n${req()}`,
        'b/go.sum': sum,
      });
      const file = await goEnvFile('-modcacherw');
      // go refuses to write GOWORK (\"GOWORK cannot be modified\") but obeys a GOWORK line in the file.
      const refused = await runGo(tc, sb, ['env', '-w', 'GOWORK=off'], { env: file.env });
      assert.notEqual(refused.exitCode, 0);
      assert.match(refused.stderr, /GOWORK cannot be modified/);
      appendFileSync(file.path, 'GOWORK=off\n');
      assert.equal(
        (await runGo(tc, sb, ['env', 'GOWORK'], { cwd: join(ws, 'a'), env: file.env })).stdout.trim(),
        'off',
      );

      const plan = await planWorkspace([{ dir: ws, env: file.env }], { goVersion });
      assert.deepEqual(
        plan.units.map((u) => [u.kind, u.dir, u.env]),
        [
          ['module', join(ws, 'a'), { GOWORK: 'off' }],
          ['module', join(ws, 'b'), { GOWORK: 'off' }],
        ],
      );
      assert.deepEqual(plan.notes, []);
      for (const u of plan.units) assert.deepEqual(await mainModules(u.dir, file.env), u.modules, u.id);
      // Without the file go (and the plan) use the go.work: the difference is the file's doing.
      const noFile = { ...file.env, GOENV: 'off' };
      assert.deepEqual(await mainModules(join(ws, 'a'), noFile), [join(ws, 'a'), join(ws, 'b')]);
      const wsPlan = await planWorkspace([{ dir: ws, env: noFile }], { goVersion });
      assert.deepEqual(
        wsPlan.units.map((u) => [u.kind, u.modules]),
        [['workspace', [join(ws, 'a'), join(ws, 'b')]]],
      );

      const env = await engineEnv(file);
      const found = [];
      for (const u of plan.units) {
        const r = await check(u, env);
        for (const f of r.findings) assert.ok(u.files.includes(f.file), `${f.file} not owned by ${u.id}`);
        found.push(...r.findings.map((f) => [f.file, f.requirePath, f.category]));
      }
      assert.deepEqual(found, [[join(ws, 'a/go.mod'), 'example.test/missing', 'not-found']]);

      // The CLI agrees: the go.work's folder has no go.mod, so with GOWORK=off there is nothing to check (go
      // itself fails there); the module's folder gives the same finding in module mode.
      const cliEnv = { ...world, ...file.env };
      const inWs = await runCli(['diagnose', ws, '--format', 'json'], cliEnv);
      assert.equal(inWs.code, 3, inWs.stderr);
      assert.match(inWs.stderr, /no go\.mod or go\.work/);
      const goInWs = await runGo(tc, sb, ['build', './...'], { cwd: ws, env: file.env });
      assert.match(goInWs.stderr, /does not contain main module/);
      const inA = await runCli(['diagnose', join(ws, 'a'), '--format', 'json'], cliEnv);
      const doc = JSON.parse(inA.stdout) as {
        mode: string;
        findings: { requirePath: string; category: string }[];
      };
      assert.equal(doc.mode, 'module');
      assert.deepEqual(
        doc.findings.map((f) => [f.requirePath, f.category]),
        [['example.test/missing', 'not-found']],
      );
      // A line go does not read: said on stderr, and the check goes on as go would (the line changes nothing).
      appendFileSync(file.path, 'goflags=-mod=vendor\n');
      const noted = await runCli(['diagnose', join(ws, 'a'), '--format', 'json'], cliEnv);
      assert.match(noted.stderr, /Line 3 of the go env file .* is not a setting go reads/);
      assert.equal(noted.code, inA.code);
      assert.deepEqual((JSON.parse(noted.stdout) as typeof doc).findings, doc.findings);
    });

    test('GOWORK=/abs/go.work in the go env file selects that go.work, as go does', async () => {
      const proj = join(sb.dir, `proj${n++}`);
      const shared = join(sb.dir, `shared${n++}`);
      const sum = `${fx.goSumLines('example.test/ok', 'v1.0.0').join('\n')}\n`;
      writeTree(proj, {
        'a/go.mod': `module example.test/a\n\n${req('\texample.test/missing v0.0.1\n')}`,
        'a/go.sum': sum,
        'b/go.mod': `module example.test/b\n\n${req()}`,
        'b/go.sum': sum,
      });
      writeTree(shared, { 'go.work': `go 1.21\n\nuse ${join(proj, 'a')}\n` });
      const file = await goEnvFile('-modcacherw');
      appendFileSync(file.path, `GOWORK=${join(shared, 'go.work')}\n`);
      const goSays = await runGo(tc, sb, ['env', 'GOWORK'], { cwd: join(proj, 'a'), env: file.env });
      assert.equal(goSays.stdout.trim(), join(shared, 'go.work'));

      const plan = await planWorkspace([{ dir: proj, env: file.env }], { goVersion });
      const ws = plan.units.find((u) => u.kind === 'workspace');
      assert.equal(ws?.id, join(shared, 'go.work'));
      assert.deepEqual(ws.modules, [join(proj, 'a')]);
      assert.deepEqual(await mainModules(join(proj, 'a'), file.env), ws.modules);
      // b is no module of that workspace for go either: the plan marks it outside.
      assert.ok(!(await mainModules(join(proj, 'b'), file.env)).includes(join(proj, 'b')));
      assert.equal(
        plan.modules.find((m) => m.dir === join(proj, 'b'))?.outsideWorkspace,
        join(shared, 'go.work'),
      );

      const r = await check(ws, await engineEnv(file));
      assert.deepEqual(
        r.findings.map((f) => [f.file, f.requirePath, f.category]),
        [[join(proj, 'a/go.mod'), 'example.test/missing', 'not-found']],
      );
    });

    /** A module with a vendor folder made by go; `goLine` decides go's default. */
    async function vendoredModule(goLine: string): Promise<string> {
      const dir = join(sb.dir, `vend${n++}`);
      writeTree(dir, {
        'go.mod': `module example.test/v\n\ngo ${goLine}\n\nrequire example.test/ok v1.0.0\n`,
        'go.sum': `${fx.goSumLines('example.test/ok', 'v1.0.0').join('\n')}\n`,
        'main.go': 'package main\n\nimport _ "example.test/ok"\n\nfunc main() {}\n',
      });
      const v = await runGo(tc, sb, ['mod', 'vendor'], {
        cwd: dir,
        env: { GOPROXY: server.url, GOWORK: 'off' },
      });
      assert.equal(v.exitCode, 0, v.stderr);
      return dir;
    }

    /** Whether go builds the module offline with an empty module cache (only vendor/ can make that work). */
    async function buildsOffline(dir: string, env: Record<string, string>): Promise<boolean> {
      const offline = { ...env, GOPROXY: 'off', GOMODCACHE: join(sb.dir, `empty${n++}`), GOWORK: 'off' };
      return (await runGo(tc, sb, ['build', './...'], { cwd: dir, env: offline })).exitCode === 0;
    }

    test('GOFLAGS=-mod=vendor or -mod=mod written by go env -w decides vendoring, as go builds', async () => {
      const cases = [
        { goLine: '1.13', flags: '-modcacherw', vendored: false },
        { goLine: '1.13', flags: '-modcacherw -mod=vendor', vendored: true },
        { goLine: '1.21', flags: '-modcacherw', vendored: true },
        { goLine: '1.21', flags: '-modcacherw -mod=mod', vendored: false },
      ];
      for (const c of cases) {
        const dir = await vendoredModule(c.goLine);
        const file = await goEnvFile(c.flags);
        const what = `go ${c.goLine}, GOFLAGS=${c.flags} in the go env file`;
        assert.equal(await buildsOffline(dir, file.env), c.vendored, `go build offline, ${what}`);
        const [unit] = (await planWorkspace([{ dir, env: file.env }], { goVersion })).units;
        assert.equal(unit.vendor.vendored, c.vendored, `plan, ${what}`);
        // The engine offline with an empty cache: nothing to report where go builds from vendor/; a download
        // failure where go needs the module cache.
        const env = { ...(await engineEnv(file)), GOPROXY: 'off', GOMODCACHE: join(sb.dir, `empty${n++}`) };
        const r = await check(unit, env);
        assert.equal(r.vendored === true, c.vendored, `engine, ${what}`);
        assert.equal(
          r.findings.length === 0,
          c.vendored,
          `${what}: ${JSON.stringify(r.findings.map((f) => f.summary))}`,
        );
      }
    });
  });
}

test("the user's own go env file is never touched by these tests", () => {
  assert.equal(userGoEnvSignature(), userBefore);
});
