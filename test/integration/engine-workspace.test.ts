/**
 * Real workspaces through the planner and the engine, with the real go (1.21+): a go.work monorepo gives one
 * finding per (file, line, cause) and true counts (each module checked once, in workspace mode); a vendored
 * module checks offline with no finding, and an inconsistent vendor/modules.txt gives go's own cause on the
 * require it names with the fix go-mod-vendor; a file:// GOPROXY downloads and reports like an http one.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkModule, type AttributedFinding, type CheckResult } from '../../src/core/download/check.ts';
import { buildEnv } from '../../src/core/env/buildEnv.ts';
import type { Range } from '../../src/core/gomod/types.ts';
import { planWorkspace, type CheckUnit } from '../../src/core/workspace/planner.ts';
import type { BuiltFixtures } from '../harness/fixtures.ts';
import type { Listening } from '../harness/http.ts';
import { runGo, sandbox, toolchains, type Sandbox } from '../helpers/go.ts';
import { startProxyWorld } from '../helpers/proxyWorld.ts';
import { writeTree } from '../helpers/fileTree.ts';

const minor = (v: string): number => Number(v.split('.')[1]);

function textAt(text: string, r: Range): string {
  return text.split('\n')[r.start.line].slice(r.start.character, r.end.character);
}

const where = (f: AttributedFinding): string => `${f.file}:${f.range.start.line}:${f.category}`;

for (const tc of toolchains().filter((t) => minor(t.version) >= 21)) {
  describe(`real workspaces, go ${tc.version}`, () => {
    let fx: BuiltFixtures;
    let server: Listening;
    let sb: Sandbox;
    let env: Record<string, string>;
    let goVersion: string | undefined;
    let n = 0;

    before(async () => {
      ({ sb, fx, server, env, goVersion } = await startProxyWorld(tc, [
        { path: 'example.test/ok', versions: [{ version: 'v1.0.0' }] },
        { path: 'example.test/two', versions: [{ version: 'v1.2.0' }] },
      ]));
    });
    after(async () => {
      await server.close();
      sb.cleanup();
    });

    const check = (unit: CheckUnit, e = env): Promise<CheckResult> =>
      checkModule({
        goBin: tc.bin,
        dir: unit.dir,
        env: { ...e, ...unit.env },
        goVersion,
        timeoutMs: 60_000,
        vendor: unit.vendor,
      });

    test('a go.work monorepo: each module checked once, in workspace mode; one finding per cause', async () => {
      const root = join(sb.dir, `ws${n++}`);
      const req = (extra: string): string =>
        `go 1.21\n\nrequire (\n\texample.test/ok v1.0.0\n\t${extra}\n)\n`;
      writeTree(root, {
        'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n',
        'a/go.mod': `module example.test/a\n\n${req('example.test/missing v0.0.1')}`,
        'b/go.mod': `module example.test/b\n\n${req('example.test/gone v0.0.2')}`,
        'lone/go.mod': `module example.test/lone\n\n${req('example.test/missing v0.0.1')}`,
      });
      const plan = await planWorkspace([root]);
      assert.deepEqual(
        plan.units.map((u) => [u.kind, u.dir]),
        [
          ['workspace', root],
          ['module', join(root, 'lone')],
        ],
      );
      const findings: AttributedFinding[] = [];
      for (const u of plan.units) {
        const r = await check(u);
        // Every finding is on a file its unit owns: nothing is published twice.
        for (const f of r.findings) assert.ok(u.files.includes(f.file), `${f.file} not owned by ${u.id}`);
        findings.push(...r.findings);
      }
      const keys = findings.map(where);
      assert.equal(new Set(keys).size, keys.length, `no duplicate: ${keys.join(', ')}`);
      assert.deepEqual(
        findings.map((f) => [f.file, f.requirePath, f.category]).sort(),
        [
          [join(root, 'a/go.mod'), 'example.test/missing', 'not-found'],
          [join(root, 'b/go.mod'), 'example.test/gone', 'not-found'],
          [join(root, 'lone/go.mod'), 'example.test/missing', 'not-found'],
        ],
        JSON.stringify(findings.map((f) => f.summary)),
      );
    });

    test('a vendored module: offline, no finding; an inconsistent modules.txt gives go own cause on its require', async () => {
      const dir = join(sb.dir, `vend${n++}`);
      const gomod = `module example.test/v\n\ngo 1.21\n\nrequire example.test/ok v1.0.0\n`;
      writeTree(dir, {
        'go.mod': gomod,
        'go.sum': fx.goSumLines('example.test/ok', 'v1.0.0').join('\n') + '\n',
      });
      writeTree(dir, { 'main.go': 'package main\n\nimport _ "example.test/ok"\n\nfunc main() {}\n' });
      const vend = await runGo(tc, sb, ['mod', 'vendor'], { cwd: dir, env: { GOPROXY: server.url } });
      assert.equal(vend.exitCode, 0, vend.stderr);
      const offline = { ...env, GOPROXY: 'off' };
      const [unit] = (await planWorkspace([{ dir, env: offline }])).units;
      assert.equal(unit.vendor.vendored, true);
      const ok = await check(unit, offline);
      assert.deepEqual(ok.findings, [], JSON.stringify(ok.runs.map((r) => r.stderr)));
      assert.equal(ok.vendored, true);
      assert.equal(ok.runs.length, 1, 'one offline go list -m, no download');
      assert.deepEqual(ok.runs[0].command.slice(1, 3), ['list', '-m']);

      // A require go.mod has and vendor/modules.txt does not: go's "inconsistent vendoring", on that line.
      const edited = gomod.replace(
        'require example.test/ok v1.0.0',
        'require (\n\texample.test/ok v1.0.0\n\texample.test/two v1.2.0\n)',
      );
      writeTree(dir, { 'go.mod': edited });
      const bad = await check(unit, offline);
      assert.equal(bad.findings.length, 1, JSON.stringify(bad.findings, null, 1));
      const f = bad.findings[0];
      assert.equal(f.ruleId, 'vendor-inconsistent');
      assert.equal(textAt(edited, f.range), 'example.test/two v1.2.0');
      assert.ok(f.fixes.includes('go-mod-vendor'));
      assert.match(
        f.evidence[0],
        /example\.test\/two@v1\.2\.0: is explicitly required in go\.mod, but not marked as explicit in vendor\/modules\.txt/,
      );
    });

    test('a vendored go.work (go work vendor, go 1.22+): offline, no finding, go list -m on the workspace', async (t) => {
      if (minor(tc.version) < 22) return t.skip('go work vendor needs go 1.22');
      const root = join(sb.dir, `wsv${n++}`);
      writeTree(root, {
        'go.work': 'go 1.22\n\nuse ./a\n',
        'a/go.mod': 'module example.test/a\n\ngo 1.22\n\nrequire example.test/ok v1.0.0\n',
        'a/go.sum': fx.goSumLines('example.test/ok', 'v1.0.0').join('\n') + '\n',
        'a/main.go': 'package main\n\nimport _ "example.test/ok"\n\nfunc main() {}\n',
      });
      const vend = await runGo(tc, sb, ['work', 'vendor'], { cwd: root, env: { GOPROXY: server.url } });
      assert.equal(vend.exitCode, 0, vend.stderr);
      const offline = { ...env, GOPROXY: 'off' };
      const plan = await planWorkspace([{ dir: root, env: offline }], { goVersion });
      assert.deepEqual(
        plan.units.map((u) => [u.kind, u.vendor.reason]),
        [['workspace', 'workspace-vendor']],
      );
      const r = await check(plan.units[0], offline);
      assert.deepEqual(r.findings, [], JSON.stringify(r.runs.map((x) => x.stderr)));
      assert.equal(r.vendored, true);
      assert.deepEqual(
        r.runs.map((x) => x.command.slice(1)),
        [['list', '-m']],
      );
    });

    test('a file:// GOPROXY: modules download from it; a module it lacks is reported on its require', async () => {
      // The first sandbox's download cache, filled from the http proxy, is a file:// proxy for a fresh one.
      const warm = join(sb.dir, `warm${n++}`);
      writeTree(warm, { 'go.mod': 'module example.test/w\n\ngo 1.21\n\nrequire example.test/ok v1.0.0\n' });
      const dl = await runGo(tc, sb, ['mod', 'download', 'example.test/ok@v1.0.0'], {
        cwd: warm,
        env: { GOPROXY: server.url },
      });
      assert.equal(dl.exitCode, 0, dl.stderr);
      const fresh = sandbox(tc);
      try {
        const fileProxy = `file://${join(sb.env.GOMODCACHE, 'cache/download')}`;
        const fenv = buildEnv({ processEnv: { ...fresh.env, GOPROXY: fileProxy, GOSUMDB: 'off' } }).env;
        const dir = join(fresh.dir, 'p');
        const gomod =
          'module example.test/p\n\ngo 1.21\n\nrequire (\n\texample.test/ok v1.0.0\n\texample.test/absent v1.0.0\n)\n';
        writeTree(dir, { 'go.mod': gomod });
        const r = await checkModule({ goBin: tc.bin, dir, env: fenv, goVersion, timeoutMs: 60_000 });
        assert.deepEqual(
          r.modules.map((m) => [m.path, m.status]),
          [
            ['example.test/ok', 'ok'],
            ['example.test/absent', 'failed'],
          ],
        );
        assert.equal(r.findings.length, 1, JSON.stringify(r.findings, null, 1));
        assert.equal(textAt(gomod, r.findings[0].range), 'example.test/absent v1.0.0');
        assert.match(r.findings[0].evidence.join('\n'), /example\.test\/absent/);
      } finally {
        fresh.cleanup();
      }
    });
  });
}
