/**
 * The language server (a real process, the built dist/server.cjs) on the shapes of real repositories, with the
 * real go (1.21+: go.work) and real module proxies on loopback: a go.work monorepo, a multi-root window with a
 * different GOPROXY per folder, workspace folders added and removed, a go.mod deleted; the status ends idle
 * with the true counts every time.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildModules } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { sandbox, selectedVersions, toolchains, type Sandbox } from '../helpers/go.ts';
import { startLsp } from '../helpers/lspClient.ts';
import { waitIdle as idle } from '../helpers/lspIdle.ts';

// go.work needs go 1.18+ and the engine's workspace mode is tested from 1.21: the newest selected version that
// qualifies, or 1.21 when none does (never skipped).
const atLeast121 = selectedVersions().filter((v) => Number(v.split('.')[1]) >= 21);
const tc = toolchains(atLeast121.length > 0 ? [atLeast121[atLeast121.length - 1]] : ['1.21'])[0];

function writeModule(dir: string, name: string, requires: string[]): string {
  mkdirSync(dir, { recursive: true });
  const gomod = join(dir, 'go.mod');
  const body = requires.map((r) => `\t${r}\n`).join('');
  writeFileSync(gomod, `module example.test/${name}\n\ngo 1.21\n\nrequire (\n${body})\n`);
  return gomod;
}

/** A module that imports example.test/ok, with go.sum and vendor/ written by the real go (go mod tidy, vendor). */
function vendoredModule(dir: string, env: Record<string, string>): string {
  const gomod = writeModule(dir, 'vendored', ['example.test/ok v1.0.0']);
  writeFileSync(join(dir, 'main.go'), 'package main\n\nimport _ "example.test/ok"\n\nfunc main() {}\n');
  for (const args of [
    ['mod', 'tidy'],
    ['mod', 'vendor'],
  ])
    execFileSync(tc.bin, args, { cwd: dir, env, stdio: 'pipe' });
  return gomod;
}

const uriOf = (path: string): string => `file://${path}`;

describe(`language server on real repository shapes (go ${tc.version})`, () => {
  let sb: Sandbox;
  let proxyA: Listening;
  let proxyB: Listening;
  let goLog: string;

  before(async () => {
    sb = sandbox(tc);
    const v1 = [{ version: 'v1.0.0' }];
    const fx = await buildModules(
      ['ok', 'lib', 'other', 'alpha', 'beta'].map((m) => ({ path: `example.test/${m}`, versions: v1 })),
      join(sb.dir, 'fixtures'),
    );
    const only = (names: string[]): typeof fx.modules =>
      fx.modules.filter((m) => names.some((n) => m.path === `example.test/${n}`));
    proxyA = await listen(createGoProxy({ modules: only(['ok', 'lib', 'other', 'alpha']) }).handler);
    proxyB = await listen(createGoProxy({ modules: only(['beta']) }).handler);
    // A go wrapper first on PATH records where each go process runs and with which GOWORK.
    const bin = join(sb.dir, 'wrapper-bin');
    mkdirSync(bin);
    goLog = join(sb.dir, 'go-invocations.log');
    writeFileSync(
      join(bin, 'go'),
      `#!/bin/sh\necho "$PWD|$GOWORK|$*" >> '${goLog}'\nexec '${tc.bin}' "$@"\n`,
    );
    chmodSync(join(bin, 'go'), 0o755);
    sb.env.PATH = `${bin}:${sb.env.PATH}`;
    sb.env.GOPROXY = proxyA.url;
    sb.env.GOSUMDB = 'off';
  });

  after(async () => {
    await proxyA.close();
    await proxyB.close();
    sb.cleanup();
  });

  const invocations = (): string[] => {
    try {
      return readFileSync(goLog, 'utf8').trim().split('\n');
    } catch {
      return [];
    }
  };

  test('a go.work monorepo: its modules are checked once, in workspace mode; one diagnostic per cause, true counts', async () => {
    const ws = join(sb.dir, 'ws-gowork');
    const a = writeModule(join(ws, 'a'), 'a', ['example.test/lib v1.9.0', 'example.test/ok v1.0.0']);
    const b = writeModule(join(ws, 'b'), 'b', ['example.test/other v1.5.0']);
    const c = writeModule(join(ws, 'c'), 'c', ['example.test/ok v1.0.0']);
    writeFileSync(join(ws, 'go.work'), 'go 1.21\n\nuse (\n\t./a\n\t./b\n\t./c\n)\n');
    const before = invocations().length;
    const lsp = await startLsp({ env: sb.env, workspace: ws, settings: { runOn: 'save' } });
    try {
      for (const f of [a, b, c])
        await lsp.conn.sendNotification('textDocument/didOpen', {
          textDocument: { uri: uriOf(f), languageId: 'go.mod', version: 1, text: readFileSync(f, 'utf8') },
        });
      const pa = await lsp.waitForDiagnostics(uriOf(a), (p) => p.diagnostics.length > 0);
      const pb = await lsp.waitForDiagnostics(uriOf(b), (p) => p.diagnostics.length > 0);
      const status = await idle(lsp);
      const latest = (f: string) => [...lsp.published].reverse().find((p) => p.uri === uriOf(f))!;
      assert.deepEqual(
        latest(a).diagnostics.map((d) => [d.code, d.range.start.line]),
        [['not-found', 5]],
      );
      assert.deepEqual(
        latest(b).diagnostics.map((d) => [d.code, d.range.start.line]),
        [['not-found', 5]],
      );
      assert.equal(pa.diagnostics.length + pb.diagnostics.length, 2);
      assert.deepEqual(latest(c).diagnostics, [], 'the module without a problem is clean');
      assert.equal(status.failures, 2, 'the status counts each cause once');
      assert.equal(status.roots, 1, 'one root: the go.work with the modules it uses');
      const moduleMode = invocations().filter((l) =>
        [a, b, c].some((f) => l.startsWith(join(f, '..') + '|')),
      );
      assert.deepEqual(moduleMode, [], 'no go run of its own for a module the go.work uses');
      const workspaceMode = invocations().filter((l) => {
        const [cwd, gowork, args] = l.split('|');
        return cwd === ws && gowork.endsWith('go.work') && args.startsWith('mod download');
      });
      assert.ok(
        workspaceMode.length > 0,
        `go mod download ran in workspace mode:\n${invocations().join('\n')}`,
      );
      const lists = invocations()
        .slice(before)
        .filter((l) => l.split('|')[2].startsWith('list -m'));
      assert.equal(lists.length, 1, `one go list -m for both fixes' versions:\n${lists.join('\n')}`);
    } finally {
      await lsp.close();
    }
  });

  test('a deleted go.work: the modules it used become roots of their own, checked in module mode', async () => {
    const ws = join(sb.dir, 'ws-gowork-deleted');
    const a = writeModule(join(ws, 'a'), 'wa', ['example.test/lib v1.9.0']);
    writeModule(join(ws, 'b'), 'wb', ['example.test/ok v1.0.0']);
    writeFileSync(join(ws, 'go.work'), 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n');
    const lsp = await startLsp({ env: sb.env, workspace: ws, settings: { runOn: 'save' } });
    try {
      await lsp.waitForDiagnostics(uriOf(a), (p) => p.diagnostics.length === 1);
      assert.equal((await idle(lsp)).roots, 1, 'one root: the go.work');
      const published = lsp.published.length;
      rmSync(join(ws, 'go.work'));
      await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(join(ws, 'go.work')), type: 3 }],
      });
      // The workspace root is forgotten (its diagnostics go), then module a is checked on its own.
      await lsp.waitForDiagnostics(
        uriOf(a),
        (p) => lsp.published.indexOf(p) >= published && p.diagnostics.length === 1,
      );
      const status = await idle(lsp);
      assert.equal(status.roots, 2, 'a and b are roots of their own');
      assert.equal(status.failures, 1);
      const own = invocations().filter((l) => l.startsWith(`${join(a, '..')}|`));
      assert.ok(own.length > 0, 'module a ran go in its own folder');
    } finally {
      await lsp.close();
    }
  });

  test('a multi-root window: each folder checks with its own GOPROXY (gomodDoctor.env per folder)', async () => {
    const f1 = join(sb.dir, 'ws-multi', 'one');
    const f2 = join(sb.dir, 'ws-multi', 'two');
    const requires = ['example.test/alpha v1.0.0', 'example.test/beta v1.0.0'];
    const m1 = writeModule(f1, 'one', requires);
    const m2 = writeModule(f2, 'two', requires);
    // Separate module caches, so one folder's download is not the other's cache hit.
    const env = (proxy: Listening, cache: string) => ({
      GOPROXY: proxy.url,
      GOMODCACHE: join(sb.dir, cache),
    });
    const lsp = await startLsp({
      env: { ...sb.env, GOPROXY: 'off' },
      workspace: f1,
      folders: [f2],
      settings: { runOn: 'save' },
      folderSettings: {
        [f1]: { runOn: 'save', env: env(proxyA, 'cache-one') },
        [f2]: { runOn: 'save', env: env(proxyB, 'cache-two') },
      },
    });
    try {
      const p1 = await lsp.waitForDiagnostics(uriOf(m1), (p) => p.diagnostics.length > 0);
      const p2 = await lsp.waitForDiagnostics(uriOf(m2), (p) => p.diagnostics.length > 0);
      const status = await idle(lsp);
      assert.deepEqual(
        p1.diagnostics.map((d) => [d.code, d.range.start.line]),
        [['not-found', 6]],
        'folder one: beta is missing from proxy A',
      );
      assert.ok(p1.diagnostics[0].message.includes(new URL(proxyA.url).host), p1.diagnostics[0].message);
      assert.deepEqual(
        p2.diagnostics.map((d) => [d.code, d.range.start.line]),
        [['not-found', 5]],
        'folder two: alpha is missing from proxy B',
      );
      assert.ok(p2.diagnostics[0].message.includes(new URL(proxyB.url).host), p2.diagnostics[0].message);
      assert.equal(status.failures, 2);
      assert.equal(status.roots, 2);
    } finally {
      await lsp.close();
    }
  });

  test('a workspace folder added is checked, removed drops its diagnostics', async () => {
    const f1 = join(sb.dir, 'ws-folders', 'one');
    const f2 = join(sb.dir, 'ws-folders', 'two');
    const m1 = writeModule(f1, 'fone', ['example.test/lib v1.9.0']);
    const m2 = writeModule(f2, 'ftwo', ['example.test/other v1.5.0']);
    const lsp = await startLsp({ env: sb.env, workspace: f1, settings: { runOn: 'save' } });
    try {
      await lsp.waitForDiagnostics(uriOf(m1), (p) => p.diagnostics.length === 1);
      assert.equal((await idle(lsp)).roots, 1);
      assert.ok(!lsp.published.some((p) => p.uri === uriOf(m2)), 'a folder not open is not checked');
      await lsp.conn.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: uriOf(f2), name: 'two' }], removed: [] },
      });
      await lsp.waitForDiagnostics(uriOf(m2), (p) => p.diagnostics.length === 1);
      let status = await idle(lsp);
      assert.equal(status.roots, 2);
      assert.equal(status.failures, 2);
      await lsp.conn.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [], removed: [{ uri: uriOf(f2), name: 'two' }] },
      });
      await lsp.waitForDiagnostics(uriOf(m2), (p) => p.diagnostics.length === 0);
      status = await idle(lsp);
      assert.equal(status.roots, 1);
      assert.equal(status.failures, 1, 'the remaining folder keeps its problem');
    } finally {
      await lsp.close();
    }
  });

  test('a deleted go.mod drops its root and its diagnostics', async () => {
    const ws = join(sb.dir, 'ws-deleted');
    const keep = writeModule(join(ws, 'keep'), 'keep', ['example.test/lib v1.9.0']);
    const gone = writeModule(join(ws, 'gone'), 'gone', ['example.test/other v1.5.0']);
    const lsp = await startLsp({ env: sb.env, workspace: ws, settings: { runOn: 'save' } });
    try {
      await lsp.waitForDiagnostics(uriOf(keep), (p) => p.diagnostics.length === 1);
      await lsp.waitForDiagnostics(uriOf(gone), (p) => p.diagnostics.length === 1);
      assert.equal((await idle(lsp)).failures, 2);
      rmSync(gone);
      await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(gone), type: 3 }],
      });
      await lsp.waitForDiagnostics(uriOf(gone), (p) => p.diagnostics.length === 0);
      const status = await idle(lsp);
      assert.equal(status.roots, 1);
      assert.equal(status.failures, 1);
      const stillThere = [...lsp.published].reverse().find((p) => p.uri === uriOf(keep))!;
      assert.equal(stillThere.diagnostics.length, 1, 'the other root keeps its diagnostic');
    } finally {
      await lsp.close();
    }
  });

  test("a module that builds from vendor/ is quiet offline, the status and hover say so, and inconsistent vendoring is go's cause on its line", async () => {
    const dir = join(sb.dir, 'ws-vendor');
    const gomod = vendoredModule(dir, sb.env);
    assert.ok(existsSync(join(dir, 'vendor', 'modules.txt')));
    // Offline, with an empty module cache: any download would fail.
    const env = { ...sb.env, GOPROXY: 'off', GOMODCACHE: join(sb.dir, 'empty-cache') };
    const lsp = await startLsp({ env, workspace: dir, settings: { runOn: 'save' } });
    try {
      const uri = uriOf(gomod);
      await lsp.conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'go.mod', version: 1, text: readFileSync(gomod, 'utf8') },
      });
      await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
      const status = await idle(lsp);
      assert.equal(status.failures, 0);
      assert.equal(status.roots, 1);
      assert.equal(status.vendoredRoots, 1);
      assert.match(status.detail, /build from vendor/);
      assert.ok(
        lsp.published.every((p) => p.diagnostics.length === 0),
        'no diagnostic at any time',
      );
      const hover = await lsp.conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri },
        // go mod tidy may have rewritten go.mod: the line of the require as it is now.
        position: {
          line: readFileSync(gomod, 'utf8')
            .split('\n')
            .findIndex((l) => l.includes('example.test/ok')),
          character: 3,
        },
      });
      assert.ok(hover?.contents.value.includes('builds from vendor/'), JSON.stringify(hover));
      assert.ok(hover?.contents.value.includes('go line of 1.14 or later'), hover?.contents.value);

      // A require vendor/modules.txt does not know: go's own "inconsistent vendoring", on that require's line.
      const edited = readFileSync(gomod, 'utf8').replace(
        'require example.test/ok v1.0.0',
        'require (\n\texample.test/ok v1.0.0\n\texample.test/lib v1.0.0\n)',
      );
      assert.notEqual(edited, readFileSync(gomod, 'utf8'), 'go mod tidy left the one-line require');
      writeFileSync(gomod, edited);
      await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
      const bad = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      const libLine = edited.split('\n').findIndex((l) => l.includes('example.test/lib'));
      assert.deepEqual(
        bad.diagnostics.map((d) => d.range.start.line),
        [libLine],
      );
      assert.match(JSON.stringify(bad.diagnostics[0].data), /inconsistent vendoring/);
      const after = await idle(lsp);
      assert.equal(after.failures, 1);
      assert.equal(after.vendoredRoots, 1);
    } finally {
      await lsp.close();
    }
  });
});
