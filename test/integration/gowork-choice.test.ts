/**
 * The go.work each surface takes for one folder DIR, against the real go (1.21+, the Go the workspace support is
 * checked with; older go skips, loudly): `gomod-doctor lint` (its JSON's goWork), the Diagnose report of the
 * editor (diagnoseDownloads, as the language server's diagnoseRoot calls it: its goWork, the modules it checks)
 * and workspaceRequires, each compared with `go env GOWORK` run by go in DIR: a module under a parent go.work
 * that uses it, one that it does not use (go takes that go.work and refuses to build the module), GOWORK=off, an
 * absolute GOWORK naming a dev.work elsewhere, and GOROOT: go never looks for a go.work in or above GOROOT
 * (GOROOT set to a folder of the test, which the real go accepts for these commands; checked below with
 * `go env GOROOT`).
 */
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, linkSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { runBuiltCli } from '../helpers/cli.ts';
import { readEffectiveGoEnv } from '../../src/core/env/effective.ts';
import { diagnoseDownloads } from '../../src/core/probe/diagnose.ts';
import { workspaceRequires } from '../../src/core/probe/targets.ts';
import type { Report } from '../../src/core/report/model.ts';
import type { BuiltFixtures } from '../harness/fixtures.ts';
import type { Listening } from '../harness/http.ts';
import { DiagnoseRequest } from '../../src/shared/protocol.ts';
import { writeTree } from '../helpers/fileTree.ts';
import { runGo, toolchains, type Sandbox } from '../helpers/go.ts';
import { startLsp, startLspInProcess } from '../helpers/lspClient.ts';
import { startProxyWorld } from '../helpers/proxyWorld.ts';

const minor = (v: string): number => Number(v.split('.')[1]);

/** The built CLI (test/helpers/cli.ts), in `cwd`. */
const runCli = (args: string[], cwd: string, env: Record<string, string>) => runBuiltCli(args, env, cwd);

const REQ_OK = 'go 1.21\n\nrequire example.test/ok v1.0.0\n';
const REQ_MISSING = 'go 1.21\n\nrequire (\n\texample.test/ok v1.0.0\n\texample.test/missing v0.0.1\n)\n';

/** What go and each surface take for one folder. */
interface Choices {
  /** `go env GOWORK` in DIR: a path, '' (none) or 'off'. */
  go: string;
  lint: { goWork: string | null; stderr: string };
  /** workspaceRequires with go's own GOROOT. */
  requires: Awaited<ReturnType<typeof workspaceRequires>>;
  report: Report;
}

for (const tc of toolchains()) {
  const skip = minor(tc.version) < 21 ? `go.work is checked from go 1.21 (this is ${tc.version})` : false;
  describe(
    `the go.work taken for a folder (lint, Diagnose report, requires) as go takes it, go ${tc.version}`,
    { skip },
    () => {
      let server: Listening;
      let sb: Sandbox;
      let env: Record<string, string>;
      let sumOk: string;
      let n = 0;

      before(async () => {
        let fx: BuiltFixtures;
        ({ sb, fx, server, env } = await startProxyWorld(tc, [
          { path: 'example.test/ok', versions: [{ version: 'v1.0.0' }] },
        ]));
        sumOk = `${fx.goSumLines('example.test/ok', 'v1.0.0').join('\n')}\n`;
      });
      after(async () => {
        await server?.close();
        sb?.cleanup();
      });

      /** Asks go, lint (the built CLI), workspaceRequires and the Diagnose report about `dir` under `e`. */
      async function choices(dir: string, e: Record<string, string>): Promise<Choices> {
        const go = (await runGo(tc, sb, ['env', 'GOWORK'], { cwd: dir, env: e })).stdout.trim();
        const lint = await runCli(['lint', '--json'], dir, e);
        const doc = JSON.parse(lint.stdout) as { goWork: string | null };
        const eff = await readEffectiveGoEnv(tc.bin, e, { cwd: dir });
        assert.equal(eff.error, undefined);
        const requires = await workspaceRequires(dir, e, eff.values.GOROOT);
        const sources = Object.fromEntries(Object.keys(e).map((k) => [k, 'process' as const]));
        const report = await diagnoseDownloads({
          ...{ goBin: tc.bin, root: dir, env: e, envSources: sources, effective: eff.values },
          goVersion: eff.goVersion,
          compareLoginShell: false,
          timeouts: { totalMs: 30_000 },
        });
        return { go, lint: { goWork: doc.goWork, stderr: lint.stderr }, requires, report };
      }

      /** Every surface took go's go.work `work`, and the report checked the modules it lists. */
      function allTake(c: Choices, work: string, modules: string[]): void {
        assert.equal(c.go, work, "go's own answer");
        assert.equal(c.lint.goWork, work, 'lint');
        assert.equal(c.lint.stderr, '');
        assert.equal(c.requires.place.work, work, 'workspaceRequires');
        assert.equal(c.report.goWork, work, 'the Diagnose report');
        assert.deepEqual(c.report.modules.map((m) => `${m.path}@${m.version}`).sort(), modules);
        assert.deepEqual(c.requires.requires.map((r) => `${r.path}@${r.version}`).sort(), modules);
      }

      /** Every surface checks DIR's module on its own (module mode). */
      function noneTaken(c: Choices, modules: string[]): void {
        assert.equal(c.lint.goWork, null, 'lint');
        assert.equal(c.requires.place.work, undefined, 'workspaceRequires');
        assert.equal(c.requires.place.env.GOWORK, 'off');
        assert.equal(c.report.goWork, undefined, 'the Diagnose report');
        assert.deepEqual(c.report.modules.map((m) => `${m.path}@${m.version}`).sort(), modules);
      }

      /** A go.work using a and b (b lacks a module), c under it that it does not use, dev.work elsewhere using c. */
      function parentTree(): string {
        const root = join(sb.dir, `t${n++}`);
        writeTree(root, {
          'ws/go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n',
          'ws/a/go.mod': `module example.test/a\n\n${REQ_OK}`,
          'ws/a/go.sum': sumOk,
          'ws/b/go.mod': `module example.test/b\n\n${REQ_MISSING}`,
          'ws/b/go.sum': sumOk,
          'ws/c/go.mod': `module example.test/c\n\n${REQ_OK}`,
          'ws/c/go.sum': sumOk,
          'ws/c/c.go': 'package c\n',
          'conf/dev.work': 'go 1.21\n\nuse ../ws/c\n',
        });
        return root;
      }

      const both = ['example.test/missing@v0.0.1', 'example.test/ok@v1.0.0'];

      test('a module under a parent go.work that uses it: that go.work, its modules checked (b fails on go mod download there too)', async () => {
        const root = parentTree();
        const e = { ...env, GOWORK: '' };
        const c = await choices(join(root, 'ws/a'), e);
        allTake(c, join(root, 'ws/go.work'), both);
        assert.equal(c.report.modules.find((m) => m.path === 'example.test/missing')?.status, 'failed');
        const dl = await runGo(tc, sb, ['mod', 'download'], { cwd: join(root, 'ws/a'), env: e });
        assert.match(dl.stderr, /example\.test\/missing@v0\.0\.1/, "go's verdict in that folder");
      });

      test('a module under a parent go.work that does not use it: go takes the go.work and refuses the module; it is checked alone', async () => {
        const root = parentTree();
        const e = { ...env, GOWORK: '' };
        const dir = join(root, 'ws/c');
        const c = await choices(dir, e);
        assert.equal(c.go, join(root, 'ws/go.work'));
        const build = await runGo(tc, sb, ['build', './...'], { cwd: dir, env: e });
        assert.notEqual(build.exitCode, 0, build.stderr);
        assert.match(
          build.stderr,
          /not one of the workspace modules|does not contain modules listed in go\.work/,
        );
        noneTaken(c, ['example.test/ok@v1.0.0']);
        assert.equal(c.requires.place.outside, c.go);
        assert.match(
          c.lint.stderr,
          /ws\/go\.work does not use the module in .*ws\/c: go cannot build it there/,
        );
        assert.match(c.report.modulesNote ?? '', /ws\/go\.work does not use the module in .*ws\/c/);
      });

      test('language server: gomodDoctor/diagnose on a module under a parent go.work reports that go.work, as go env GOWORK says', async () => {
        const root = parentTree();
        const e = { ...env, GOWORK: '' };
        const dir = join(root, 'ws/a');
        const go = (await runGo(tc, sb, ['env', 'GOWORK'], { cwd: dir, env: e })).stdout.trim();
        assert.equal(go, join(root, 'ws/go.work'));
        const lsp = await startLsp({ env: e, workspace: join(root, 'ws'), settings: { runOn: 'manual' } });
        try {
          // The editor sends the folder of the go.mod the command was run from.
          const report = await lsp.conn.sendRequest<Report>(DiagnoseRequest, { root: dir });
          assert.equal(report.state, 'done');
          assert.deepEqual([report.root, report.goWork], [dir, go]);
          // ok may already be in the sandbox's module cache from an earlier test: ok or cached, never failed.
          const rows = report.modules.map((m) => `${m.path}@${m.version}:${m.status === 'failed'}`).sort();
          assert.deepEqual(rows, ['example.test/missing@v0.0.1:true', 'example.test/ok@v1.0.0:false']);
        } finally {
          await lsp.close();
        }
      });

      test('GOWORK=off: module mode for every surface, as go env GOWORK says', async () => {
        const root = parentTree();
        const c = await choices(join(root, 'ws/b'), { ...env, GOWORK: 'off' });
        assert.equal(c.go, 'off');
        noneTaken(c, both);
        assert.equal(c.requires.place.outside, undefined);
        assert.equal(c.lint.stderr, '');
      });

      test('GOWORK=/abs/conf/dev.work: that file for every surface, its use paths from its own folder', async () => {
        const root = parentTree();
        const work = join(root, 'conf/dev.work');
        const c = await choices(join(root, 'ws/c'), { ...env, GOWORK: work });
        allTake(c, work, ['example.test/ok@v1.0.0']);
        assert.equal(c.requires.place.dir, join(root, 'conf'));
      });

      /** A go.work above a folder that stands for GOROOT, and a module inside that GOROOT. */
      function gorootTree(): { root: string; goroot: string; x: string } {
        const root = join(sb.dir, `t${n++}`);
        writeTree(root, {
          'go.work': 'go 1.21\n\nuse ./goroot/src/x\n',
          'goroot/src/x/go.mod': `module example.test/x\n\n${REQ_MISSING}`,
          'goroot/src/x/go.sum': sumOk,
        });
        return { root, goroot: join(root, 'goroot'), x: join(root, 'goroot/src/x') };
      }

      test('GOROOT: go never looks for a go.work in or above GOROOT; without that GOROOT the go.work above is taken', async () => {
        const { root, goroot, x } = gorootTree();
        // The same folders with go's own GOROOT: the go.work above the module is go's, and every surface's.
        const plain = await choices(x, { ...env, GOWORK: '' });
        allTake(plain, join(root, 'go.work'), both);
        // GOROOT set to the folder above src/x (the real go accepts it: go env reports it as GOROOT).
        const e = { ...env, GOWORK: '', GOROOT: goroot };
        assert.equal((await runGo(tc, sb, ['env', 'GOROOT'], { cwd: x, env: e })).stdout.trim(), goroot);
        const c = await choices(x, e);
        assert.equal(c.go, '', 'go finds no go.work');
        noneTaken(c, both);
        assert.equal(c.requires.place.outside, undefined);
        // The CLI's diagnose, which decides the mode before it starts go: module mode too.
        const d = await runCli(['diagnose', '--format', 'json'], x, e);
        const doc = JSON.parse(d.stdout) as { mode: string; goWork: string | null };
        assert.deepEqual([doc.mode, doc.goWork], ['module', null], d.stderr);
      });

      test('GOROOT: started in GOROOT itself, its own go.work counts; from a module inside it, it does not', async () => {
        const root = join(sb.dir, `t${n++}`);
        writeTree(root, {
          'goroot/go.work': 'go 1.21\n\nuse ./src/x\n',
          'goroot/src/x/go.mod': `module example.test/x\n\n${REQ_OK}`,
          'goroot/src/x/go.sum': sumOk,
        });
        const goroot = join(root, 'goroot');
        const e = { ...env, GOWORK: '', GOROOT: goroot };
        const top = await choices(goroot, e);
        allTake(top, join(goroot, 'go.work'), ['example.test/ok@v1.0.0']);
        const inside = await choices(join(goroot, 'src/x'), e);
        assert.equal(inside.go, '');
        noneTaken(inside, ['example.test/ok@v1.0.0']);
      });

      /** Polls until `pred` holds (an in-process server works in this process: yield to it between looks). */
      async function until(what: string, pred: () => boolean, timeoutMs = 60_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (!pred()) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }

      /** The roots the language server plans for `folder` under `e` (its go found on e's PATH). */
      async function planned(folder: string, e: Record<string, string>): Promise<string[]> {
        const lsp = await startLspInProcess({ env: e, workspace: folder, settings: { runOn: 'manual' } });
        try {
          await until('the first plan', () => lsp.server.registry.size > 0);
          return lsp.server.registry.all();
        } finally {
          await lsp.close();
        }
      }

      test("GOROOT of the go binary itself (a go linked into a test folder, on PATH, GOROOT unset): every surface and the language server's plan take no go.work above it", async () => {
        const realGoroot = (await runGo(tc, sb, ['env', 'GOROOT'])).stdout.trim();
        const { root, goroot, x } = gorootTree();
        // A Go installation of the test's own: its go binary (a hard link, else a copy) beside the real one's pkg/
        // (go takes the folder above bin/ for GOROOT when pkg/tool is there) and go.env.
        mkdirSync(join(goroot, 'bin'));
        const linkedGo = join(goroot, 'bin/go');
        try {
          linkSync(realpathSync(tc.bin), linkedGo);
        } catch {
          copyFileSync(realpathSync(tc.bin), linkedGo);
          chmodSync(linkedGo, 0o755);
        }
        symlinkSync(join(realGoroot, 'pkg'), join(goroot, 'pkg'));
        symlinkSync(join(realGoroot, 'go.env'), join(goroot, 'go.env'));
        const e: Record<string, string> = { ...env, GOWORK: '', PATH: `${join(goroot, 'bin')}:${env.PATH}` };
        assert.equal(e.GOROOT, undefined, 'GOROOT is not set: go finds it from its binary');
        const own = await execa(linkedGo, ['env', 'GOROOT', 'GOWORK'], { cwd: x, env: e, extendEnv: false });
        assert.deepEqual(
          String(own.stdout).split('\n'),
          [goroot, ''],
          'the linked go: its GOROOT, no go.work',
        );
        // The toolchain's own go (its GOROOT elsewhere) takes the go.work above, and so does the plan with it.
        const plain = await runGo(tc, sb, ['env', 'GOWORK'], { cwd: x, env: { ...env, GOWORK: '' } });
        assert.equal(plain.stdout.trim(), join(root, 'go.work'));
        assert.deepEqual(await planned(x, { ...env, GOWORK: '' }), [join(root, 'go.work')]);

        assert.deepEqual(await planned(x, e), [join(x, 'go.mod')], "the language server's plan");
        const lint = await runCli(['lint', '--json'], x, e);
        assert.equal((JSON.parse(lint.stdout) as { goWork: string | null }).goWork, null, lint.stderr);
        const d = await runCli(['diagnose', '--format', 'json'], x, e);
        const doc = JSON.parse(d.stdout) as { mode: string; goWork: string | null };
        assert.deepEqual([doc.mode, doc.goWork], ['module', null], d.stderr);
        const eff = await readEffectiveGoEnv(linkedGo, e, { cwd: x });
        assert.equal(eff.values.GOROOT, goroot);
        const sources = Object.fromEntries(Object.keys(e).map((k) => [k, 'process' as const]));
        const report = await diagnoseDownloads({
          ...{ goBin: linkedGo, root: x, env: e, envSources: sources, effective: eff.values },
          goVersion: eff.goVersion,
          compareLoginShell: false,
          timeouts: { totalMs: 30_000 },
        });
        assert.equal(report.goWork, undefined, 'the Diagnose report');
        assert.equal(report.modules.find((m) => m.path === 'example.test/missing')?.status, 'failed');
      });
    },
  );
}
