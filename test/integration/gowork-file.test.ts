/**
 * A go.work that is not `<DIR>/go.work`, against the real go (1.21+, the Go the workspace support is checked with;
 * older go skips, loudly): GOWORK naming a file of another name in another folder (dev.work, with its checksums in
 * dev.work.sum beside it) through the planner and the engine, and the CLI with GOWORK=/abs/other.work and in a
 * module folder under a parent go.work. Each is compared with what go itself says there (`go env GOWORK`,
 * `go list -m`, `go mod download`, `go build`). The language server (in process) watches such a dev.work outside
 * the workspace folder and its dev.work.sum, and follows an edit of either.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBuiltCli } from '../helpers/cli.ts';
import { checkModule, type CheckResult } from '../../src/core/download/check.ts';
import type { Range } from '../../src/core/gomod/types.ts';
import { planWorkspace, type CheckUnit } from '../../src/core/workspace/planner.ts';
import type { BuiltFixtures } from '../harness/fixtures.ts';
import type { Listening } from '../harness/http.ts';
import { runGo, toolchains, type Sandbox } from '../helpers/go.ts';
import { startLspInProcess, type InProcessLspClient } from '../helpers/lspClient.ts';
import { startProxyWorld } from '../helpers/proxyWorld.ts';
import { writeTree } from '../helpers/fileTree.ts';

const minor = (v: string): number => Number(v.split('.')[1]);

const textAt = (text: string, r: Range): string =>
  text.split('\n')[r.start.line].slice(r.start.character, r.end.character);

/** The 0-based line of the first line containing `needle`. */
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle));

interface CliJson {
  exitCode: number;
  mode: string | null;
  goWork: string | null;
  findings: { file: string; line: number; category: string; module: string | null }[];
}

/** The built CLI (test/helpers/cli.ts), in `cwd`. */
const runCli = (args: string[], cwd: string, env: Record<string, string>) => runBuiltCli(args, env, cwd);

const REQ = 'go 1.21\n\nrequire (\n\texample.test/ok v1.0.0\n\texample.test/missing v0.0.1\n)\n';

for (const tc of toolchains()) {
  const skip = minor(tc.version) < 21 ? `go.work is checked from go 1.21 (this is ${tc.version})` : false;
  describe(`a go.work that is not DIR/go.work, go ${tc.version}`, { skip }, () => {
    let fx: BuiltFixtures;
    let server: Listening;
    let sb: Sandbox;
    let env: Record<string, string>;
    let goVersion: string | undefined;
    let n = 0;

    before(async () => {
      ({ sb, fx, server, env, goVersion } = await startProxyWorld(tc, [
        { path: 'example.test/ok', versions: [{ version: 'v1.0.0' }] },
      ]));
    });
    after(async () => {
      await server?.close();
      sb?.cleanup();
    });

    const sumOk = (): string => `${fx.goSumLines('example.test/ok', 'v1.0.0').join('\n')}\n`;
    const check = (unit: CheckUnit, e: Record<string, string>): Promise<CheckResult> =>
      checkModule({ goBin: tc.bin, dir: unit.dir, env: { ...e, ...unit.env }, goVersion, timeoutMs: 60_000 });

    test('GOWORK=/abs/dev.work: one workspace unit; the missing module once, on its go.mod line, as go says', async () => {
      const root = join(sb.dir, `t${n++}`);
      const aMod = `module example.test/a\n\n${REQ}`;
      writeTree(root, {
        'ws/a/go.mod': aMod,
        'ws/a/go.sum': sumOk(),
        'ws/b/go.mod': 'module example.test/b\n\ngo 1.21\n\nrequire example.test/ok v1.0.0\n',
        'ws/b/go.sum': sumOk(),
        // Relative to dev.work's own folder, as go resolves them.
        'elsewhere/dev.work': 'go 1.21\n\nuse (\n\t../ws/a\n\t../ws/b\n)\n',
      });
      const work = join(root, 'elsewhere/dev.work');
      const e = { ...env, GOWORK: work };
      const goEnv = await runGo(tc, sb, ['env', 'GOWORK'], { cwd: join(root, 'ws/a'), env: e });
      assert.equal(goEnv.stdout.trim(), work);
      const mains = await runGo(tc, sb, ['list', '-m', '-f', '{{.Dir}}'], { cwd: join(root, 'ws'), env: e });
      assert.equal(mains.exitCode, 0, mains.stderr);

      const plan = await planWorkspace([{ dir: join(root, 'ws'), env: e }], { goVersion });
      assert.deepEqual(
        plan.units.map((u) => [u.kind, u.id, u.env]),
        [['workspace', work, { GOWORK: work }]],
      );
      assert.deepEqual(
        plan.units[0].modules,
        mains.stdout.trim().split('\n').sort(),
        'the main modules go lists',
      );
      const r = await check(plan.units[0], e);
      assert.equal(r.findings.length, 1, JSON.stringify(r.findings, null, 1));
      const f = r.findings[0];
      assert.equal(f.file, join(root, 'ws/a/go.mod'));
      assert.equal(f.range.start.line, lineOf(aMod, 'example.test/missing'));
      assert.equal(textAt(aMod, f.range), 'example.test/missing v0.0.1');
      assert.equal(f.category, 'not-found');
      assert.deepEqual(
        r.modules.map((m) => [m.path, m.status === 'failed' ? 'failed' : 'fine']),
        [
          ['example.test/ok', 'fine'],
          ['example.test/missing', 'failed'],
        ],
      );
      const dl = await runGo(tc, sb, ['mod', 'download'], { cwd: join(root, 'ws/a'), env: e });
      assert.notEqual(dl.exitCode, 0);
      assert.match(dl.stderr, /example\.test\/missing@v0\.0\.1/);
      assert.doesNotMatch(dl.stderr, /example\.test\/ok@/, 'go fails on the missing module only');
    });

    test("dev.work.sum beside dev.work is read, a go.work.sum there is not: go's verdict either way", async () => {
      const root = join(sb.dir, `t${n++}`);
      const aMod = 'module example.test/a\n\ngo 1.21\n\nrequire example.test/ok v1.0.0\n';
      const [zipLine, modLine] = fx.goSumLines('example.test/ok', 'v1.0.0');
      const badSum = `${zipLine.replace(/h1:.{4}/, 'h1:AAAA')}\n${modLine}\n`;
      writeTree(root, {
        'ws/a/go.mod': aMod,
        'ws/a/a.go': 'package a\n\nimport _ "example.test/ok"\n',
        'w/dev.work': 'go 1.21\n\nuse ../ws/a\n',
        'w/go.work.sum': badSum,
      });
      const work = join(root, 'w/dev.work');
      // A module cache of its own for each run, so nothing is already verified there.
      const fresh = (): Record<string, string> => ({
        ...env,
        GOWORK: work,
        GOMODCACHE: join(root, `mc${n++}`),
      });
      const [unit] = (await planWorkspace([{ dir: join(root, 'ws'), env: { ...env, GOWORK: work } }])).units;
      assert.equal(unit?.id, work);

      const before = await check(unit, fresh());
      assert.deepEqual(before.findings, [], 'go.work.sum is not the file of dev.work');
      const goBefore = await runGo(tc, sb, ['mod', 'download'], { cwd: join(root, 'ws/a'), env: fresh() });
      assert.equal(goBefore.exitCode, 0, goBefore.stderr);

      rmSync(join(root, 'w/go.work.sum'));
      writeTree(root, { 'w/dev.work.sum': badSum });
      const bad = await check(unit, fresh());
      assert.equal(bad.findings.length, 1, JSON.stringify(bad.findings, null, 1));
      assert.equal(bad.findings[0].category, 'checksum-mismatch');
      assert.equal(bad.findings[0].file, join(root, 'ws/a/go.mod'));
      assert.equal(textAt(aMod, bad.findings[0].range), 'example.test/ok v1.0.0');
      assert.equal(readFileSync(join(root, 'w/dev.work.sum'), 'utf8'), badSum, 'never written by the check');
      const goBad = await runGo(tc, sb, ['mod', 'download'], { cwd: join(root, 'ws/a'), env: fresh() });
      assert.notEqual(goBad.exitCode, 0);
      assert.match(goBad.stderr, /checksum mismatch/);
    });

    test('CLI with GOWORK=/abs/other.work: workspace mode, the go.work go env GOWORK names, its finding', async () => {
      const root = join(sb.dir, `t${n++}`);
      const aMod = `module example.test/a\n\n${REQ}`;
      writeTree(root, {
        'ws/a/go.mod': aMod,
        'ws/a/go.sum': sumOk(),
        'conf/other.work': 'go 1.21\n\nuse ../ws/a\n',
      });
      const e = { ...env, GOWORK: join(root, 'conf/other.work') };
      const dir = join(root, 'ws/a');
      const goEnv = await runGo(tc, sb, ['env', 'GOWORK'], { cwd: dir, env: e });
      const r = await runCli(['diagnose', '--format', 'json'], dir, e);
      assert.equal(r.code, 1, r.stderr);
      const doc = JSON.parse(r.stdout) as CliJson;
      assert.equal(doc.mode, 'workspace');
      assert.equal(doc.goWork, goEnv.stdout.trim());
      assert.deepEqual(
        doc.findings.map((f) => [f.file, f.line, f.category, f.module]),
        [['go.mod', lineOf(aMod, 'example.test/missing') + 1, 'not-found', 'example.test/missing']],
      );
      assert.equal(r.stderr, '');
    });

    const bMod = `module example.test/b\n\n${REQ}`;
    const cMod = `module example.test/c\n\n${REQ.replace('missing', 'absent')}`;

    /** A go.work using a and b (b lacks a module), and c under it that it does not use (c lacks another). */
    function parentTree(): string {
      const root = join(sb.dir, `t${n++}`);
      writeTree(root, {
        'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n',
        'a/go.mod': 'module example.test/a\n\ngo 1.21\n\nrequire example.test/ok v1.0.0\n',
        'a/go.sum': sumOk(),
        'b/go.mod': bMod,
        'b/go.sum': sumOk(),
        'c/go.mod': cMod,
        'c/go.sum': sumOk(),
        'c/c.go': 'package c\n',
      });
      return root;
    }

    test('CLI in a module folder under a parent go.work: that go.work, as go env GOWORK says, and its findings', async () => {
      const root = parentTree();
      const e = { ...env, GOWORK: '' };
      const dir = join(root, 'a');
      assert.equal(existsSync(join(dir, 'go.work')), false);
      const goEnv = await runGo(tc, sb, ['env', 'GOWORK'], { cwd: dir, env: e });
      assert.equal(goEnv.stdout.trim(), join(root, 'go.work'));
      const r = await runCli(['diagnose', '--format', 'json'], dir, e);
      assert.equal(r.code, 1, r.stderr);
      const doc = JSON.parse(r.stdout) as CliJson;
      assert.equal(doc.mode, 'workspace');
      assert.equal(doc.goWork, goEnv.stdout.trim());
      // The workspace's downloads, as `go mod download` there: b's missing module, on b's line (outside DIR: an
      // absolute path).
      assert.deepEqual(
        doc.findings.map((f) => [f.file, f.line, f.category]),
        [[join(root, 'b/go.mod'), lineOf(bMod, 'example.test/missing') + 1, 'not-found']],
      );
      const dl = await runGo(tc, sb, ['mod', 'download'], { cwd: dir, env: e });
      assert.match(dl.stderr, /example\.test\/missing@v0\.0\.1/);
      const text = await runCli(['diagnose'], dir, e);
      assert.match(text.stdout, new RegExp(`workspace mode: ${join(root, 'go.work')}`));
    });

    test('CLI in a module under a parent go.work that does not use it: checked on its own, as go cannot build it there', async () => {
      const root = parentTree();
      const e = { ...env, GOWORK: '' };
      const cDir = join(root, 'c');
      const cEnv = await runGo(tc, sb, ['env', 'GOWORK'], { cwd: cDir, env: e });
      assert.equal(cEnv.stdout.trim(), join(root, 'go.work'));
      const build = await runGo(tc, sb, ['build', './...'], { cwd: cDir, env: e });
      assert.notEqual(build.exitCode, 0);
      assert.match(build.stderr, /does not contain modules listed in go\.work/);
      const rc = await runCli(['diagnose', '--format', 'json'], cDir, e);
      const cDoc = JSON.parse(rc.stdout) as CliJson;
      assert.deepEqual([cDoc.mode, cDoc.goWork], ['module', null]);
      assert.deepEqual(
        cDoc.findings.map((f) => [f.file, f.line, f.module]),
        [['go.mod', lineOf(cMod, 'example.test/absent') + 1, 'example.test/absent']],
      );
      assert.match(rc.stderr, /does not use the module in .*c: go cannot build it there/);
    });

    /** Polls until `pred` holds (the server works in this process: yield to it between looks). */
    async function until(what: string, pred: () => boolean, timeoutMs = 60_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    /** The file watchers the server registered for `dir` (relative patterns). */
    const watchersFor = (lsp: InProcessLspClient, dir: string): unknown[] =>
      lsp.registrations
        .flatMap((p) => p.registrations)
        .filter((x) => x.method === 'workspace/didChangeWatchedFiles')
        .flatMap((x) => (x.registerOptions as { watchers: { globPattern: unknown }[] }).watchers)
        .map((w) => w.globPattern)
        .filter((g) => typeof g === 'object' && (g as { baseUri: string }).baseUri === `file://${dir}`);

    test('language server: GOWORK=/elsewhere/dev.work is watched; an edit of it or of dev.work.sum is followed', async () => {
      const root = join(sb.dir, `t${n++}`);
      const aMod = `module example.test/a\n\n${REQ}`;
      const bMod = `module example.test/b\n\n${REQ.replace('missing', 'gone')}`;
      writeTree(root, {
        'ws/a/go.mod': aMod,
        'ws/b/go.mod': bMod,
        'elsewhere/dev.work': 'go 1.21\n\nuse ../ws/a\n',
      });
      const work = join(root, 'elsewhere/dev.work');
      const e = { ...env, GOWORK: work };
      const lsp = await startLspInProcess({
        env: e,
        workspace: join(root, 'ws'),
        settings: { runOn: 'save' },
      });
      try {
        const aUri = `file://${join(root, 'ws/a/go.mod')}`;
        const first = await lsp.waitForDiagnostics(aUri, (p) => p.diagnostics.length === 1, 60_000);
        assert.equal(first.diagnostics[0].range.start.line, lineOf(aMod, 'example.test/missing'));
        // b is not used by dev.work yet: go cannot build it in that workspace, so it is a root of its own.
        await until('both roots checked', () => lsp.server.checker.hasResult(join(root, 'ws/b/go.mod')));
        assert.deepEqual(lsp.server.registry.all(), [work, join(root, 'ws/b/go.mod')]);
        assert.deepEqual(watchersFor(lsp, join(root, 'elsewhere')), [
          { baseUri: `file://${join(root, 'elsewhere')}`, pattern: '{dev.work,dev.work.sum}' },
        ]);

        // dev.work now uses b too: the client's watcher reports the change; b joins the workspace's root.
        writeFileSync(work, 'go 1.21\n\nuse (\n\t../ws/a\n\t../ws/b\n)\n');
        await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', {
          changes: [{ uri: `file://${work}`, type: 2 }],
        });
        await until('b planned into dev.work', () => lsp.server.registry.all().length === 1);
        assert.deepEqual(lsp.server.registry.unit(work)?.modules, [join(root, 'ws/a'), join(root, 'ws/b')]);
        await until('dev.work checked with b', () => lsp.server.checker.hasResult(work));
        const bUri = `file://${join(root, 'ws/b/go.mod')}`;
        const b = await lsp.waitForDiagnostics(bUri, (p) => p.diagnostics.length === 1, 60_000);
        assert.equal(b.diagnostics[0].range.start.line, lineOf(bMod, 'example.test/gone'));

        // A dev.work.sum that disagrees with the module: the check that follows its change says so on the require.
        const [zipLine, modLine] = fx.goSumLines('example.test/ok', 'v1.0.0');
        writeFileSync(`${work}.sum`, `${zipLine.replace(/h1:.{4}/, 'h1:AAAA')}\n${modLine}\n`);
        await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', {
          changes: [{ uri: `file://${work}.sum`, type: 1 }],
        });
        const okLine = lineOf(aMod, 'example.test/ok');
        const bad = await lsp.waitForDiagnostics(
          aUri,
          (p) => p.diagnostics.some((d) => d.range.start.line === okLine),
          60_000,
        );
        const d = bad.diagnostics.find((x) => x.range.start.line === okLine);
        assert.equal(d?.code, 'checksum-mismatch', JSON.stringify(bad.diagnostics, null, 1));
      } finally {
        await lsp.close();
      }
    });

    test('language server, runOn "change": unsaved text of GOWORK\'s dev.work is checked as the editor shows it', async () => {
      const root = join(sb.dir, `t${n++}`);
      const aMod = `module example.test/a\n\n${REQ}`;
      const saved = 'go 1.21\n\nuse ../ws/a\n';
      writeTree(root, { 'ws/a/go.mod': aMod, 'elsewhere/dev.work': saved });
      const work = join(root, 'elsewhere/dev.work');
      const lsp = await startLspInProcess({
        env: { ...env, GOWORK: work },
        workspace: join(root, 'ws'),
        settings: { runOn: 'change' },
      });
      try {
        const aUri = `file://${join(root, 'ws/a/go.mod')}`;
        await lsp.waitForDiagnostics(aUri, (p) => p.diagnostics.length === 1, 60_000);
        const workUri = `file://${work}`;
        await lsp.conn.sendNotification('textDocument/didOpen', {
          textDocument: { uri: workUri, languageId: 'go.work', version: 1, text: saved },
        });
        // A directive go does not know, typed and not saved: the file on disk is still fine.
        const typed = `${saved}\nbogus directive\n`;
        await lsp.conn.sendNotification('textDocument/didChange', {
          textDocument: { uri: workUri, version: 2 },
          contentChanges: [{ text: typed }],
        });
        const shown = await lsp.waitForDiagnostics(workUri, (p) => p.diagnostics.length > 0, 60_000);
        assert.equal(shown.diagnostics[0].range.start.line, lineOf(typed, 'bogus'), JSON.stringify(shown));
        assert.equal(readFileSync(work, 'utf8'), saved, 'the file on disk is never written');
        // Back to the saved text: the syntax error goes.
        await lsp.conn.sendNotification('textDocument/didChange', {
          textDocument: { uri: workUri, version: 3 },
          contentChanges: [{ text: saved }],
        });
        await lsp.waitForDiagnostics(workUri, (p) => p.diagnostics.length === 0, 60_000);
      } finally {
        await lsp.close();
      }
    });
  });
}
