/**
 * The language server over LSP, with a plain client (no VS Code), the real go and a real module proxy on
 * loopback: diagnostics land on the failing require, quick fixes really fix, and fixed problems disappear.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildModules } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { createSumDB } from '../harness/sumdb.ts';
import type { BuiltFixtures } from '../harness/fixtures.ts';
import { listen, type Listening } from '../harness/http.ts';
import { sandbox, toolchains, type Sandbox } from '../helpers/go.ts';
import { startLsp } from '../helpers/lspClient.ts';
import { applyCodeAction, type LspCodeAction } from '../helpers/lspFix.ts';
import { SERVER_ONLY_VAR, serverEnv } from '../../src/shared/serverExecArgv.ts';

interface CodeActionLike {
  title: string;
  isPreferred?: boolean;
  edit?: {
    changes: Record<
      string,
      {
        range: { start: { line: number; character: number }; end: { line: number; character: number } };
        newText: string;
      }[]
    >;
  };
  command?: { command: string; arguments?: unknown[] };
}

for (const tc of toolchains()) {
  describe(`language server with go ${tc.version}`, () => {
    let sb: Sandbox;
    let server: Listening;
    let fx: BuiltFixtures;

    before(async () => {
      sb = sandbox(tc);
      fx = await buildModules(
        [
          { path: 'example.test/lib', versions: [{ version: 'v1.0.0' }, { version: 'v1.2.0' }] },
          { path: 'corp.example/private/tool', versions: [{ version: 'v0.3.0' }] },
        ],
        join(sb.dir, 'fixtures'),
      );
      const proxy = createGoProxy({ modules: fx.modules });
      server = await listen(proxy.handler);
      sb.env.GOPROXY = server.url;
      sb.env.GOSUMDB = 'off';
    });

    after(async () => {
      await server.close();
      sb.cleanup();
    });

    test('a version that does not exist: diagnostic on the require, change-version fix, then clean', async () => {
      const ws = join(sb.dir, 'ws-notfound');
      mkdirSync(ws, { recursive: true });
      const gomod = join(ws, 'go.mod');
      const original = 'module example.test/app\n\ngo 1.19\n\nrequire (\n\texample.test/lib v1.1.0\n)\n';
      writeFileSync(gomod, original);
      const lsp = await startLsp({ env: sb.env, workspace: ws, settings: { runOn: 'save', timeout: 60 } });
      try {
        const uri = `file://${gomod}`;
        const pub = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
        assert.equal(pub.diagnostics.length, 1, JSON.stringify(pub.diagnostics));
        const d = pub.diagnostics[0];
        assert.equal(d.code, 'not-found');
        assert.equal(d.source, 'Go Module Doctor');
        assert.equal(d.severity, 1);
        assert.match(d.codeDescription?.href ?? '', /docs\/categories\/not-found\.md$/);
        // Line 5 is "\texample.test/lib v1.1.0": the range covers the path and the version.
        assert.deepEqual(d.range, { start: { line: 5, character: 1 }, end: { line: 5, character: 24 } });
        assert.doesNotMatch(
          d.message,
          /reading http/,
          'the message is the cause in plain words, not go’s raw text',
        );

        const hover = await lsp.conn.sendRequest<{ contents: { value: string } } | null>(
          'textDocument/hover',
          {
            textDocument: { uri },
            position: { line: 5, character: 20 },
          },
        );
        assert.ok(hover, 'a hover on the failing require');
        assert.match(hover.contents.value, /not-found/);
        assert.match(hover.contents.value, /GOPROXY/);

        const actions = await lsp.conn.sendRequest<CodeActionLike[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: d.range,
          context: { diagnostics: [d] },
        });
        const change = actions.find((a) => a.title.includes('v1.2.0'));
        assert.ok(change, `a change-version fix; got ${actions.map((a) => a.title).join(' | ')}`);
        assert.equal(actions[0].isPreferred, true);
        // The fix runs go get on the user's action: go.mod and go.sum change together (issue 19).
        const tr = await applyCodeAction(lsp, change as LspCodeAction, {}, {});
        assert.equal(tr.result?.ok, true, tr.result?.message);
        assert.notEqual(readFileSync(gomod, 'utf8'), original);
        assert.match(readFileSync(gomod, 'utf8'), /example\.test\/lib v1\.2\.0/);
        assert.match(readFileSync(join(ws, 'go.sum'), 'utf8'), /^example\.test\/lib v1\.2\.0\/go\.mod h1:/m);
        await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
      } finally {
        await lsp.close();
      }
    });

    /** A workspace whose go runs are logged by a wrapper first on PATH, with a module cache of its own. */
    async function loggedWorkspace(name: string) {
      const ws = join(sb.dir, name);
      mkdirSync(ws, { recursive: true });
      const gomod = join(ws, 'go.mod');
      const onDisk = 'module example.test/app\n\ngo 1.19\n\nrequire example.test/lib v1.0.0\n';
      writeFileSync(gomod, onDisk);
      const wrap = join(ws, 'wrap');
      const goLog = join(ws, 'go.log');
      mkdirSync(wrap);
      // It also notes any variable meant for the server process only that reached go.
      const script = [
        '#!/bin/sh',
        `echo "$*" >> '${goLog}'`,
        `if [ -n "$MALLOC_ARENA_MAX$MALLOC_TRIM_THRESHOLD_$${SERVER_ONLY_VAR}" ]; then echo "leaked: $MALLOC_ARENA_MAX $MALLOC_TRIM_THRESHOLD_ $${SERVER_ONLY_VAR}" >> '${goLog}'; fi`,
        `exec '${tc.bin}' "$@"`,
      ];
      writeFileSync(join(wrap, 'go'), script.join('\n') + '\n', { mode: 0o755 });
      const starts = (): string[] =>
        existsSync(goLog) ? readFileSync(goLog, 'utf8').trim().split('\n').filter(Boolean) : [];
      const lsp = await startLsp({
        // Started as the VS Code client starts it (serverEnv), as the bench does.
        env: {
          ...sb.env,
          ...serverEnv(sb.env),
          PATH: `${wrap}:${sb.env.PATH}`,
          GOMODCACHE: join(ws, 'modcache'),
        },
        workspace: ws,
        settings: { runOn: 'change', timeout: 60 },
      });
      return { gomod, onDisk, starts, lsp, uri: `file://${gomod}` };
    }

    test('go.mod opened as the server starts: one check, not one per event', async () => {
      const { onDisk, starts, lsp, uri } = await loggedWorkspace('ws-open-early');
      try {
        await lsp.conn.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'go.mod', version: 1, text: onDisk },
        });
        await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
        await new Promise((r) => setTimeout(r, 300));
        const kinds = starts().map((l) => l.split(' ').slice(0, 2).join(' '));
        assert.equal(kinds.filter((k) => k === 'env -json').length, 1, `go ran: ${starts().join(' | ')}`);
        assert.equal(kinds.filter((k) => k === 'mod download').length, 1, `go ran: ${starts().join(' | ')}`);
        assert.deepEqual(
          starts().filter((l) => l.startsWith('leaked')),
          [],
          'MALLOC_ARENA_MAX and MALLOC_TRIM_THRESHOLD_ are for the server process, not for go',
        );
      } finally {
        await lsp.close();
      }
    });

    test('opening go.mod as it is on disk does not restart the check; opened with unsaved text, it is checked', async () => {
      const { gomod, onDisk, starts, lsp } = await loggedWorkspace('ws-open');
      try {
        const uri = `file://${gomod}`;
        // While the folder's first check downloads (it starts when the server is initialized).
        const deadline = Date.now() + 20_000;
        while (!starts().some((l) => l.startsWith('mod download'))) {
          assert.ok(Date.now() < deadline, `the first check downloads; go ran: ${starts().join(' | ')}`);
          await new Promise((r) => setTimeout(r, 2));
        }
        await lsp.conn.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'go.mod', version: 1, text: onDisk },
        });
        await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
        await new Promise((r) => setTimeout(r, 300));
        const downloads = starts().filter((l) => l.startsWith('mod download'));
        assert.equal(downloads.length, 1, `go ran: ${starts().join(' | ')}`);

        // The editor restores unsaved text: that text is what gets checked (runOn "change").
        await lsp.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
        await lsp.conn.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'go.mod', version: 2, text: onDisk.replace('v1.0.0', 'v1.1.0') },
        });
        const pub = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
        assert.equal(pub.diagnostics[0].code, 'not-found');
        assert.equal(readFileSync(gomod, 'utf8'), onDisk, 'the file on disk is not written');
      } finally {
        await lsp.close();
      }
    });

    test('the checksum database refuses a private module: GONOSUMDB fix with go env -w, then clean', async () => {
      const ws = join(sb.dir, 'ws-private');
      mkdirSync(ws, { recursive: true });
      const gomod = join(ws, 'go.mod');
      writeFileSync(
        gomod,
        'module example.test/app2\n\ngo 1.19\n\nrequire corp.example/private/tool v0.3.0\n',
      );
      // A checksum database that answers 404 for the private path, like the public one does.
      const db = createSumDB({ name: 'sum.example.test', modules: fx.modules });
      db.faults.set(
        { module: 'corp.example/private/tool', route: 'lookup' },
        {
          kind: 'status',
          status: 404,
          body: 'not found: corp.example/private/tool@v0.3.0: invalid version: unknown revision v0.3.0',
        },
      );
      const sumdb = await listen(db.handler);
      const env = { ...sb.env, GOSUMDB: `${db.verifierKey} ${sumdb.url}` };
      const lsp = await startLsp({ env, workspace: ws, settings: { runOn: 'save' } });
      try {
        const uri = `file://${gomod}`;
        const pub = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
        const d = pub.diagnostics[0];
        assert.ok(d.code === 'sumdb' || d.code === 'config', `category ${d.code}: ${d.message}`);
        const actions = await lsp.conn.sendRequest<CodeActionLike[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: d.range,
          context: { diagnostics: [d] },
        });
        // GOPRIVATE is offered too, but it also bypasses the proxy, which is the only place this module lives:
        // GONOSUMDB keeps the proxy and skips the database.
        assert.ok(actions.some((a) => a.title.includes('GOPRIVATE')));
        const priv = actions.find((a) => a.title.includes('GONOSUMDB'));
        assert.ok(
          priv?.command,
          `a GONOSUMDB fix; got ${actions.map((a) => a.title).join(' | ')} for ${JSON.stringify(d)}`,
        );
        const result = await lsp.conn.sendRequest<{ ok: boolean; message: string }>(
          'workspace/executeCommand',
          {
            command: priv.command.command,
            arguments: priv.command.arguments,
          },
        );
        assert.equal(result.ok, true, result.message);
        const goenv = readFileSync(sb.env.GOENV, 'utf8');
        assert.match(goenv, /^GONOSUMDB=corp\.example$/m);
        assert.equal(statSync(sb.env.GOENV).isFile(), true);
        await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
      } finally {
        await lsp.close();
        await sumdb.close();
      }
    });
  });
}
