/**
 * The language server in larger and harsher workspaces: many module roots, unsaved edits, syntax errors, and
 * credentials that must never show up anywhere.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildModules, type BuiltFixtures } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { defaultToolchain, sandbox, type Sandbox } from '../helpers/go.ts';
import { startLsp } from '../helpers/lspClient.ts';

const tc = defaultToolchain();

describe(`language server workspaces (go ${tc.version})`, () => {
  let sb: Sandbox;
  let server: Listening;
  let fx: BuiltFixtures;
  let goLog: string;

  before(async () => {
    sb = sandbox(tc);
    fx = await buildModules(
      [{ path: 'example.test/lib', versions: [{ version: 'v1.0.0' }, { version: 'v1.2.0' }] }],
      join(sb.dir, 'fixtures'),
    );
    const proxy = createGoProxy({ modules: fx.modules });
    proxy.faults.set(
      { module: 'example.test/locked' },
      { kind: 'status', status: 401, body: 'unauthorized: example.test/locked' },
    );
    server = await listen(proxy.handler);
    // A go wrapper first on PATH records where each go process runs, then runs the real go.
    const bin = join(sb.dir, 'wrapper-bin');
    mkdirSync(bin);
    goLog = join(sb.dir, 'go-invocations.log');
    writeFileSync(join(bin, 'go'), `#!/bin/sh\necho "$PWD $*" >> '${goLog}'\nexec '${tc.bin}' "$@"\n`);
    chmodSync(join(bin, 'go'), 0o755);
    sb.env.PATH = `${bin}:${sb.env.PATH}`;
    sb.env.GOPROXY = server.url;
    sb.env.GOSUMDB = 'off';
  });

  after(async () => {
    await server.close();
    sb.cleanup();
  });

  const invocations = (): string[] => {
    try {
      return readFileSync(goLog, 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l !== '');
    } catch {
      return [];
    }
  };

  test('30 module roots: a change to one re-runs only that root', async () => {
    const ws = join(sb.dir, 'ws-many');
    for (let i = 0; i < 30; i++) {
      const dir = join(ws, `m${String(i).padStart(2, '0')}`);
      mkdirSync(dir, { recursive: true });
      const version = i === 7 ? 'v1.1.0' : 'v1.0.0';
      writeFileSync(
        join(dir, 'go.mod'),
        `module example.test/m${i}\n\ngo 1.19\n\nrequire example.test/lib ${version}\n`,
      );
    }
    const lsp = await startLsp({ env: sb.env, workspace: ws, settings: { runOn: 'save' } });
    try {
      const bad = `file://${join(ws, 'm07', 'go.mod')}`;
      await lsp.waitForDiagnostics(bad, (p) => p.diagnostics.length === 1, 120_000);
      // Every root has been checked once; wait until the server is idle.
      await lsp.conn.sendRequest('workspace/executeCommand', {
        command: 'gomodDoctor.server.recheck',
        arguments: [],
      });
      const before = invocations().length;
      assert.ok(before >= 30, `each root ran go at least once (${before})`);
      writeFileSync(
        join(ws, 'm07', 'go.mod'),
        'module example.test/m7\n\ngo 1.19\n\nrequire example.test/lib v1.2.0\n',
      );
      await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: bad, type: 2 }],
      });
      await lsp.waitForDiagnostics(bad, (p) => p.diagnostics.length === 0, 60_000);
      const fresh = invocations().slice(before);
      assert.ok(fresh.length > 0, 'the changed root ran go');
      for (const line of fresh)
        assert.ok(line.startsWith(join(ws, 'm07')) || line.includes('list -m -versions'), line);
    } finally {
      await lsp.close();
    }
  });

  test('unsaved edits are checked (runOn change) and a syntax error is reported instead of downloads', async () => {
    const ws = join(sb.dir, 'ws-edit');
    mkdirSync(ws, { recursive: true });
    const gomod = join(ws, 'go.mod');
    const good = 'module example.test/edit\n\ngo 1.19\n\nrequire example.test/lib v1.0.0\n';
    writeFileSync(gomod, good);
    const lsp = await startLsp({ env: sb.env, workspace: ws, settings: { runOn: 'change' } });
    try {
      const uri = `file://${gomod}`;
      await lsp.conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'go.mod', version: 1, text: good },
      });
      await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
      const missing = good.replace('v1.0.0', 'v1.9.0');
      await lsp.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: missing }],
      });
      const pub = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'not-found'));
      assert.equal(pub.diagnostics[0].range.start.line, 4);
      assert.equal(readFileSync(gomod, 'utf8'), good, 'the file on disk is untouched');
      const broken = good.replace('require example.test/lib v1.0.0', 'require example.test/lib');
      await lsp.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [{ text: broken }],
      });
      const syn = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'syntax'));
      assert.equal(syn.diagnostics[0].range.start.line, 4);
    } finally {
      await lsp.close();
    }
  });

  test('no credential appears in any diagnostic, hover or log', async () => {
    const ws = join(sb.dir, 'ws-canary');
    mkdirSync(ws, { recursive: true });
    const gomod = join(ws, 'go.mod');
    writeFileSync(gomod, 'module example.test/canary\n\ngo 1.19\n\nrequire example.test/locked v1.0.0\n');
    const canary = 'CANARYs3cr3tT0ken';
    const proxyUrl = server.url.replace('http://', `http://builder:${canary}@`);
    const env = { ...sb.env, GOPROXY: proxyUrl, HTTPS_PROXY: `http://proxyuser:${canary}@127.0.0.1:9` };
    const lsp = await startLsp({ env, workspace: ws, settings: { runOn: 'save', logGoTrace: true } });
    try {
      const uri = `file://${gomod}`;
      const pub = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      const hover = await lsp.conn.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: pub.diagnostics[0].range.start,
      });
      const actions = await lsp.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: pub.diagnostics[0].range,
        context: { diagnostics: pub.diagnostics },
      });
      const everything = JSON.stringify([
        lsp.published,
        hover,
        actions,
        lsp.logs,
        lsp.messages,
        lsp.stderr(),
      ]);
      assert.ok(everything.includes('builder'), 'the evidence is there, with the user name');
      assert.ok(!everything.includes(canary), 'the password is not');
    } finally {
      await lsp.close();
    }
  });
});
