/**
 * Vendored roots through the language server (a real process, the built dist/server.cjs) with the real go, offline
 * (GOPROXY=off, an empty module cache): where go builds from vendor/ nothing is downloaded, so no `go mod
 * download` may run, not even the early download the engine starts for new requires (freshStart) or for an edit
 * that only changes a version (quickStart). A go wrapper first on PATH counts go's processes: none downloads on
 * the first check, on a warm restart (a new server) or after an edit; each root runs its `go list -m`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { buildModules } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { sandbox, toolchains, type Sandbox } from '../helpers/go.ts';
import { installGoWrapper, type GoWrapper } from '../helpers/goWrapper.ts';
import { startLsp, type TestLspClient } from '../helpers/lspClient.ts';
import { waitIdle as idle } from '../helpers/lspIdle.ts';

const uriOf = (path: string): string => `file://${path}`;
const ROOTS = ['r1', 'r2', 'r3', 'r4'];

// go 1.21 lines: every selected go from 1.21 builds these from vendor/ (go 1.14+ rule).
const selected = toolchains().filter((tc) => Number(tc.version.split('.')[1]) >= 21);

for (const tc of selected.length > 0 ? selected : toolchains(['1.21'])) {
  describe(`language server, vendored roots offline (go ${tc.version})`, () => {
    let sb: Sandbox;
    let proxy: Listening;
    let go: GoWrapper;
    let ws: string;
    let offline: Record<string, string>;

    before(async () => {
      sb = sandbox(tc);
      const versions = [{ version: 'v1.0.0' }, { version: 'v1.1.0' }];
      const fx = await buildModules(
        ['ok', 'lib'].map((m) => ({ path: `example.test/${m}`, versions })),
        join(sb.dir, 'fixtures'),
      );
      proxy = await listen(createGoProxy({ modules: fx.modules }).handler);
      const online = { ...sb.env, GOPROXY: proxy.url, GOSUMDB: 'off' };
      ws = join(sb.dir, 'ws');
      for (const name of ROOTS) await vendoredRoot(join(ws, name), name, online);
      go = installGoWrapper(sb, tc);
      // Offline, with an empty module cache: a download could only fail.
      offline = { ...sb.env, GOPROXY: 'off', GOSUMDB: 'off', GOMODCACHE: join(sb.dir, 'empty-cache') };
    });

    after(async () => {
      await proxy.close();
      sb.cleanup();
    });

    /** A root importing ok and lib, with go.sum and vendor/ written by the real go (go mod tidy, go mod vendor). */
    // go runs asynchronously: the module proxy answers from this process.
    async function vendoredRoot(dir: string, name: string, env: Record<string, string>): Promise<void> {
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'go.mod'),
        `module example.test/${name}\n\ngo 1.21\n\nrequire (\n\texample.test/ok v1.0.0\n\texample.test/lib v1.0.0\n)\n`,
      );
      writeFileSync(
        join(dir, 'main.go'),
        'package main\n\nimport (\n\t_ "example.test/lib"\n\t_ "example.test/ok"\n)\n\nfunc main() {}\n',
      );
      for (const args of [
        ['mod', 'tidy'],
        ['mod', 'vendor'],
      ])
        await promisify(execFile)(tc.bin, args, { cwd: dir, env });
    }

    const listsOf = (from: number) =>
      go
        .invocations()
        .slice(from)
        .filter((i) => i.args.startsWith('list -m'));

    async function quietStart(): Promise<TestLspClient> {
      const lsp = await startLsp({ env: offline, workspace: ws, settings: { runOn: 'save' } });
      const status = await idle(lsp);
      assert.equal(status.roots, ROOTS.length);
      assert.equal(status.vendoredRoots, ROOTS.length);
      assert.equal(status.failures, 0);
      assert.ok(
        lsp.published.every((p) => p.diagnostics.length === 0),
        'no diagnostic at any time',
      );
      return lsp;
    }

    test('no go mod download for vendored roots: first check, warm restart, after a version edit', async () => {
      const first = await quietStart();
      await first.close();
      assert.deepEqual(go.downloads(), [], 'first check: no go mod download');
      assert.equal(listsOf(0).length, ROOTS.length, 'first check: one go list -m per root');

      const mark = go.invocations().length;
      const lsp = await quietStart();
      try {
        assert.deepEqual(go.downloads(), [], 'warm restart: no go mod download');
        assert.equal(listsOf(mark).length, ROOTS.length, 'warm restart: one go list -m per root');

        // Only a version changed (the engine's quick start case): go's own inconsistent vendoring on that line.
        const gomod = join(ws, 'r2', 'go.mod');
        const text = readFileSync(gomod, 'utf8');
        const edited = text.replace('example.test/ok v1.0.0', 'example.test/ok v1.1.0');
        assert.notEqual(edited, text);
        writeFileSync(gomod, edited);
        await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', {
          changes: [{ uri: uriOf(gomod), type: 2 }],
        });
        const bad = await lsp.waitForDiagnostics(uriOf(gomod), (p) => p.diagnostics.length > 0);
        const okLine = edited.split('\n').findIndex((l) => l.includes('example.test/ok v1.1.0'));
        assert.deepEqual(
          bad.diagnostics.map((d) => d.range.start.line),
          [okLine],
        );
        assert.match(JSON.stringify(bad.diagnostics[0].data), /inconsistent vendoring/);
        const status = await idle(lsp);
        assert.equal(status.failures, 1);
        assert.deepEqual(go.downloads(), [], 'after the edit: no go mod download');
      } finally {
        await lsp.close();
      }
    });
  });
}
