/**
 * The language server run in this process over a pair of in-memory streams (as vscode-languageserver-node's own
 * tests do), with the real go and a real module proxy on loopback: the server's objects are at hand, so these
 * tests see what the scheduler and the publisher did, not only what reached the client.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { StatusParams } from '../../src/shared/protocol.ts';
import { buildModules } from '../harness/fixtures.ts';
import { createGoProxy, type GoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { defaultToolchain, sandbox, type Sandbox } from '../helpers/go.ts';
import { startLspInProcess, type InProcessLspClient } from '../helpers/lspClient.ts';

const tc = defaultToolchain();

/** Polls until `pred` holds (the server works in this process: yield to it between looks). */
async function until(what: string, pred: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lastStatus = (lsp: InProcessLspClient): StatusParams | undefined =>
  lsp.statuses[lsp.statuses.length - 1] as StatusParams | undefined;

function writeModule(dir: string, name: string, requires: string[]): string {
  mkdirSync(dir, { recursive: true });
  const gomod = join(dir, 'go.mod');
  writeFileSync(
    gomod,
    `module example.test/${name}\n\ngo 1.21\n\nrequire (\n${requires.map((r) => `\t${r}\n`).join('')})\n`,
  );
  return gomod;
}

describe(`language server in process (go ${tc.version})`, () => {
  let sb: Sandbox;
  let server: Listening;
  let proxy: GoProxy;

  before(async () => {
    sb = sandbox(tc);
    const fx = await buildModules(
      ['hung', 'slow1', 'slow2', 'slow3', 'lib'].map((m) => ({
        path: `example.test/${m}`,
        versions: [{ version: 'v1.0.0' }],
      })),
      join(sb.dir, 'fixtures'),
    );
    proxy = createGoProxy({ modules: fx.modules });
    proxy.faults.set({ module: 'example.test/hung' }, { kind: 'hang' });
    for (const m of ['slow1', 'slow2', 'slow3'])
      proxy.faults.set({ module: `example.test/${m}` }, { kind: 'delay', ms: 1500 });
    server = await listen(proxy.handler);
    sb.env.GOPROXY = server.url;
    sb.env.GOSUMDB = 'off';
  });

  after(async () => {
    await server.close();
    sb.cleanup();
  });

  test('a hung request: a provisional warning on its require, the status names it, a cancelled re-check ends idle', async () => {
    const ws = join(sb.dir, 'ws-hung');
    const gomod = writeModule(ws, 'hungapp', ['example.test/lib v1.0.0', 'example.test/hung v1.0.0']);
    const uri = `file://${gomod}`;
    const host = new URL(server.url).host;
    const lsp = await startLspInProcess(
      { env: sb.env, workspace: ws, settings: { runOn: 'save', timeout: 300 } },
      { waitNoticeMs: 1000 },
    );
    try {
      const early = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 30_000);
      assert.equal(early.diagnostics.length, 1, JSON.stringify(early.diagnostics));
      const d = early.diagnostics[0];
      assert.equal(d.severity, 2, 'a provisional finding is a warning');
      assert.equal(d.code, 'timeout');
      assert.equal(d.range.start.line, 6, 'on the hung require');
      assert.ok(d.message.includes(host), d.message);
      await until('a status naming what is waited for', () => {
        const s = lastStatus(lsp);
        return s?.state === 'running' && (s.waiting ?? []).some((w) => w.host === host);
      });
      const waiting = lastStatus(lsp)!.waiting![0];
      assert.equal(waiting.module, 'example.test/hung');
      assert.ok(waiting.seconds >= 1, `waited ${waiting.seconds} s`);

      // A re-check supersedes the hung check; cancelling the request stops the checks it started.
      const cancel = new CancellationTokenSource();
      const recheck = lsp.conn.sendRequest(
        'workspace/executeCommand',
        { command: 'gomodDoctor.server.recheck', arguments: [] },
        cancel.token,
      );
      await new Promise((r) => setTimeout(r, 300));
      cancel.cancel();
      await recheck.catch(() => undefined);
      await until('the status back to idle', () => lastStatus(lsp)?.state === 'idle', 15_000);
      await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, 15_000);
      const s = lastStatus(lsp)!;
      assert.equal(s.checking, 0);
      assert.deepEqual(s.waiting, []);
      assert.equal(lsp.server.scheduler.runningRoots().length, 0, 'no check runs after the cancel');
    } finally {
      await lsp.close();
    }
  });

  test('gomodDoctor.concurrency: one root at a time, then three once the setting changes', async () => {
    const ws = join(sb.dir, 'ws-concurrency');
    for (const m of ['slow1', 'slow2', 'slow3'])
      writeModule(join(ws, m), `c${m}`, [`example.test/${m} v1.0.0`]);
    const settings: Record<string, unknown> = { runOn: 'save', concurrency: 1 };
    const lsp = await startLspInProcess({ env: sb.env, workspace: ws, settings });
    try {
      const sched = lsp.server.scheduler;
      await until('three checks done', () => sched.runsStarted >= 3 && lastStatus(lsp)?.state === 'idle');
      assert.equal(sched.peakActive, 1, 'concurrency 1: never two roots at once');
      const last = lastStatus(lsp)!;
      assert.equal(last.roots, 3);
      assert.equal(last.failures, 0);

      // A new module cache makes every download slow again; concurrency 3 lets the three run together.
      sched.peakActive = 0;
      settings.concurrency = 3;
      settings.env = { GOMODCACHE: join(sb.dir, 'modcache-2') };
      const before = sched.runsStarted;
      await lsp.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await until('three more checks done', () => sched.runsStarted >= before + 3 && !sched.isBusy());
      assert.equal(sched.peakActive, 3, 'concurrency 3 after the change');
      await until('the status idle', () => lastStatus(lsp)?.state === 'idle');
    } finally {
      await lsp.close();
    }
  });
});
