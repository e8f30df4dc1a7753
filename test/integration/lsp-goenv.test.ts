/**
 * The language server notices an edit of go's env file (GOENV, written by `go env -w` or by hand) at the next
 * check: GOWORK=off there turns a go.work's one workspace root into one root per module, as go then builds them;
 * a line go cannot read is said once as a warning, and nothing fails. In process, real go (1.21+ for go.work).
 */
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { StatusParams } from '../../src/shared/protocol.ts';
import type { Listening } from '../harness/http.ts';
import { runGo, toolchains, type Sandbox } from '../helpers/go.ts';
import { startLspInProcess, type InProcessLspClient } from '../helpers/lspClient.ts';
import { startProxyWorld } from '../helpers/proxyWorld.ts';
import { writeTree } from '../helpers/fileTree.ts';

const minor = (v: string): number => Number(v.split('.')[1]);

const lastStatus = (lsp: InProcessLspClient): StatusParams | undefined =>
  lsp.statuses[lsp.statuses.length - 1] as StatusParams | undefined;

/** Polls until `pred` holds (the server works in this process: yield to it between looks). */
async function until(what: string, pred: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const idleWith = (lsp: InProcessLspClient, roots: number): Promise<void> =>
  lsp.waitForStatus(() => {
    const s = lastStatus(lsp);
    return s?.state === 'idle' && s.roots === roots;
  }, 60_000);

for (const tc of toolchains().filter((t) => minor(t.version) >= 21)) {
  describe(`language server and the go env file (go ${tc.version})`, () => {
    let sb: Sandbox;
    let server: Listening;
    let sum: string;

    before(async () => {
      const w = await startProxyWorld(tc, [{ path: 'example.test/ok', versions: [{ version: 'v1.0.0' }] }]);
      ({ sb, server } = w);
      sum = `${w.fx.goSumLines('example.test/ok', 'v1.0.0').join('\n')}\n`;
    });
    after(async () => {
      await server.close();
      sb.cleanup();
    });

    test('GOWORK=off added to the go env file: the next check plans each module alone; a bad line warns once', async () => {
      const ws = join(sb.dir, 'ws');
      const req = 'go 1.21\n\nrequire (\n\texample.test/ok v1.0.0\n\texample.test/missing v0.0.1\n)\n';
      writeTree(ws, {
        'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n',
        'a/go.mod': `module example.test/a\n\n${req}`,
        'a/go.sum': sum,
        'b/go.mod': 'module example.test/b\n\ngo 1.21\n',
      });
      const goenv = join(sb.dir, 'goenv');
      const env = { ...sb.env, GOPROXY: server.url, GOSUMDB: 'off', GOENV: goenv };
      const w = await runGo(tc, sb, ['env', '-w', 'GOFLAGS=-modcacherw'], { env });
      assert.equal(w.exitCode, 0, w.stderr);
      const lsp = await startLspInProcess({ env, workspace: ws, settings: { runOn: 'save' } });
      try {
        await until('the go.work checked', () => lsp.server.checker.hasResult(join(ws, 'go.work')));
        await idleWith(lsp, 1);
        assert.deepEqual(lsp.server.registry.all(), [join(ws, 'go.work')]);
        const uri = `file://${join(ws, 'a/go.mod')}`;
        const first = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1, 30_000);
        assert.equal(first.diagnostics[0].range.start.line, 6);

        // go obeys a GOWORK line in the file (go env -w refuses to write one); "goflags=..." is no setting of go's.
        appendFileSync(goenv, 'GOWORK=off\ngoflags=-mod=vendor\n');
        const { stdout } = await runGo(tc, sb, ['env', 'GOWORK'], { cwd: join(ws, 'a'), env });
        assert.equal(stdout.trim(), 'off');
        await lsp.conn.sendRequest('workspace/executeCommand', {
          command: 'gomodDoctor.server.recheck',
          arguments: [],
        });
        const modA = join(ws, 'a/go.mod');
        await until('a/go.mod checked as a root of its own', () => lsp.server.checker.hasResult(modA));
        await idleWith(lsp, 2);
        assert.deepEqual(lsp.server.registry.all(), [modA, join(ws, 'b/go.mod')]);
        assert.deepEqual(lsp.server.registry.unit(modA)?.env, { GOWORK: 'off' });
        const again = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1, 30_000);
        assert.equal(
          again.diagnostics[0].range.start.line,
          6,
          'the same finding, once, from the module root',
        );
        assert.equal(lastStatus(lsp)?.failures, 1);
        const warnings = lsp.messages.filter((m) => /Line 3 of the go env file/.test(m.message));
        assert.equal(warnings.length, 1, JSON.stringify(lsp.messages));
        assert.equal(warnings[0].type, 2, 'a warning');

        // Planned again with the file unchanged: no second warning.
        await lsp.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
        await idleWith(lsp, 2);
        assert.equal(lsp.messages.filter((m) => /Line 3 of the go env file/.test(m.message)).length, 1);
      } finally {
        await lsp.close();
      }
    });
  });
}
