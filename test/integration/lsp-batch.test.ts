/**
 * Batches across roots in the language server, with the real go and loopback module proxies; a go wrapper first
 * on PATH counts go's processes. Roots checked at once that share an environment download together: a cold
 * start and a warm restart (the real server process) of N roots cost one `go mod download` each, every failure
 * on its own root's line, true counts, the status idle; so do a folder of roots added and a re-check of
 * everything; two folders with different GOPROXY settings are separate batches with the right findings each.
 * In process: a hung proxy gives the early warning on the right line of each root that waits, then the timeout
 * there (a root that needs another module is not told), and the status ends idle; a cancel, an edit and a
 * settings change each stop the batch's go process.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { StatusParams } from '../../src/shared/protocol.ts';
import { buildModules, type BuiltFixtures } from '../harness/fixtures.ts';
import { createGoProxy, type GoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { edgeToolchains, sandbox, type Sandbox } from '../helpers/go.ts';
import { alive, installGoWrapper, until, type GoWrapper } from '../helpers/goWrapper.ts';
import {
  startLsp,
  startLspInProcess,
  type InProcessLspClient,
  type PublishedDiagnostics,
  type TestLspClient,
} from '../helpers/lspClient.ts';
import { waitIdle as idle } from '../helpers/lspIdle.ts';

const uriOf = (path: string): string => `file://${path}`;
const lastStatus = (lsp: Pick<TestLspClient, 'statuses'>): StatusParams | undefined =>
  lsp.statuses[lsp.statuses.length - 1] as StatusParams | undefined;

const latest = (lsp: Pick<TestLspClient, 'published'>, file: string): PublishedDiagnostics | undefined =>
  [...lsp.published].reverse().find((p) => p.uri === uriOf(file));

// go's own output per version is the engine's business (engine-batch runs on every version): here the oldest
// and the newest.
for (const tc of edgeToolchains()) {
  describe(`language server, batches across roots (go ${tc.version})`, () => {
    let sb: Sandbox;
    let fx: BuiltFixtures;
    let proxy: GoProxy;
    let proxyA: Listening;
    let proxyB: Listening;
    let go: GoWrapper;

    before(async () => {
      sb = sandbox(tc);
      const v1 = [{ version: 'v1.0.0' }];
      fx = await buildModules(
        ['ok', 'lib', 'alpha', 'beta', 'hung'].map((m) => ({ path: `example.test/${m}`, versions: v1 })),
        join(sb.dir, 'fixtures'),
      );
      proxy = createGoProxy({ modules: fx.modules.filter((m) => m.path !== 'example.test/beta') });
      proxy.faults.set({ module: 'example.test/hung' }, { kind: 'hang' });
      proxyA = await listen(proxy.handler);
      proxyB = await listen(
        createGoProxy({ modules: fx.modules.filter((m) => m.path === 'example.test/beta') }).handler,
      );
      go = installGoWrapper(sb, tc);
      sb.env.GOPROXY = proxyA.url;
      sb.env.GOSUMDB = 'off';
    });

    after(async () => {
      await proxyA.close();
      await proxyB.close();
      sb.cleanup();
    });

    /** A module root requiring `requires` (each `name version`), with the go.sum lines of those that exist. */
    function writeRoot(dir: string, name: string, requires: string[]): string {
      mkdirSync(dir, { recursive: true });
      const gomod = join(dir, 'go.mod');
      const body = requires.map((r) => `\texample.test/${r}\n`).join('');
      writeFileSync(gomod, `module example.test/${name}\n\ngo 1.19\n\nrequire (\n${body})\n`);
      const sums = requires
        .map((r) => r.split(' '))
        .filter(([m, v]) => fx.modules.some((x) => x.path === `example.test/${m}` && x.version === v))
        .flatMap(([m, v]) => fx.goSumLines(`example.test/${m}`, v));
      writeFileSync(join(dir, 'go.sum'), sums.map((l) => `${l}\n`).join(''));
      return gomod;
    }

    test('a cold start and a warm restart of N roots sharing an environment: one go mod download and one go list each, every failure on its own line', async () => {
      const ws = join(sb.dir, 'ws-warm');
      const n = 6;
      // The last root also requires a version of lib that does not exist: its fix lists lib's versions.
      const gomods = Array.from({ length: n }, (_, i) =>
        writeRoot(join(ws, `r${i}`), `r${i}`, [
          'ok v1.0.0',
          `lib ${i === n - 1 ? 'v1.9.0' : 'v1.0.0'}`,
          `missing${i} v0.0.1`,
        ]),
      );
      const env = { ...sb.env, GOMODCACHE: join(sb.dir, 'cache-warm') };
      for (const round of ['cold start', 'warm restart']) {
        const before = go.downloads().length;
        const beforeAll = go.invocations().length;
        const lsp = await startLsp({ env, workspace: ws, settings: { runOn: 'save' } });
        try {
          const status = await idle(lsp);
          const downloads = go.downloads().slice(before);
          assert.equal(
            downloads.length,
            1,
            `${round}: one go mod download for ${n} roots:\n${downloads.map((d) => `${d.cwd} ${d.args}`).join('\n')}`,
          );
          const lists = go
            .invocations()
            .slice(beforeAll)
            .filter((x) => x.args.startsWith('list -m'));
          assert.equal(lists.length, 1, `${round}: one go list -m for the versions the fixes offer`);
          for (const [i, gomod] of gomods.entries()) {
            const p = latest(lsp, gomod);
            assert.deepEqual(
              p?.diagnostics.map((d) => [d.code, d.range.start.line, d.severity]),
              i === n - 1
                ? [
                    ['not-found', 6, 1],
                    ['not-found', 7, 1],
                  ]
                : [['not-found', 7, 1]],
              `${round} r${i}: ${JSON.stringify(p?.diagnostics)}`,
            );
          }
          const libFix = latest(lsp, gomods[n - 1])!.diagnostics[0].data as { versions?: string[] };
          assert.deepEqual(libFix.versions, ['v1.0.0'], 'the versions lib has, for the change-version fix');
          assert.equal(status.failures, n + 1, 'each cause counted once');
          assert.equal(status.roots, n);
          assert.equal(status.checking, 0);
        } finally {
          await lsp.close();
        }
      }
    });

    test('a folder added with several roots, then a re-check of everything: one go mod download each', async () => {
      const f1 = join(sb.dir, 'ws-added', 'one');
      const f2 = join(sb.dir, 'ws-added', 'two');
      writeRoot(join(f1, 'm'), 'added-m', ['ok v1.0.0', 'missing-a v0.0.1']);
      const added = [0, 1, 2].map((i) =>
        writeRoot(join(f2, `m${i}`), `added${i}`, ['lib v1.0.0', `missing-b${i} v0.0.1`]),
      );
      const env = { ...sb.env, GOMODCACHE: join(sb.dir, 'cache-added') };
      const lsp = await startLsp({ env, workspace: f1, settings: { runOn: 'save' } });
      try {
        assert.equal((await idle(lsp)).failures, 1);
        let before = go.downloads().length;
        await lsp.conn.sendNotification('workspace/didChangeWorkspaceFolders', {
          event: { added: [{ uri: uriOf(f2), name: 'two' }], removed: [] },
        });
        for (const g of added) await lsp.waitForDiagnostics(uriOf(g), (p) => p.diagnostics.length === 1);
        let status = await idle(lsp);
        assert.equal(go.downloads().length - before, 1, "the added folder's three roots: one batch download");
        assert.equal(status.roots, 4);
        assert.equal(status.failures, 4);
        before = go.downloads().length;
        const answer = await lsp.conn.sendRequest<{ ok: boolean }>('workspace/executeCommand', {
          command: 'gomodDoctor.server.recheck',
          arguments: [],
        });
        assert.equal(answer.ok, true);
        status = await idle(lsp);
        assert.equal(go.downloads().length - before, 1, 'a re-check of four roots: one batch download');
        assert.equal(status.failures, 4);
        for (const g of added)
          assert.deepEqual(
            latest(lsp, g)?.diagnostics.map((d) => [d.code, d.range.start.line]),
            [['not-found', 6]],
          );
      } finally {
        await lsp.close();
      }
    });

    test('two folders with different GOPROXY settings: a batch each, with the right findings', async () => {
      const f1 = join(sb.dir, 'ws-two', 'one');
      const f2 = join(sb.dir, 'ws-two', 'two');
      const reqs = ['alpha v1.0.0', 'beta v1.0.0'];
      const m1 = [0, 1].map((i) => writeRoot(join(f1, `m${i}`), `one${i}`, reqs));
      const m2 = [0, 1].map((i) => writeRoot(join(f2, `m${i}`), `two${i}`, reqs));
      const folderEnv = (p: Listening, cache: string) => ({
        GOPROXY: p.url,
        GOMODCACHE: join(sb.dir, cache),
      });
      const before = go.downloads().length;
      const lsp = await startLsp({
        env: { ...sb.env, GOPROXY: 'off' },
        workspace: f1,
        folders: [f2],
        settings: { runOn: 'save' },
        folderSettings: {
          [f1]: { runOn: 'save', env: folderEnv(proxyA, 'cache-one') },
          [f2]: { runOn: 'save', env: folderEnv(proxyB, 'cache-two') },
        },
      });
      try {
        const status = await idle(lsp);
        const downloads = go.downloads().slice(before);
        assert.deepEqual(
          downloads.map((d) => d.goproxy).sort(),
          [proxyA.url, proxyB.url].sort(),
          `one batch download per folder:\n${downloads.map((d) => `${d.goproxy} ${d.cwd} ${d.args}`).join('\n')}`,
        );
        for (const [gomods, line, host] of [
          [m1, 6, new URL(proxyA.url).host],
          [m2, 5, new URL(proxyB.url).host],
        ] as const) {
          for (const gomod of gomods) {
            const p = latest(lsp, gomod);
            assert.deepEqual(
              p?.diagnostics.map((d) => [d.code, d.range.start.line]),
              [['not-found', line]],
              `${gomod}: ${JSON.stringify(p?.diagnostics)}`,
            );
            assert.ok(p?.diagnostics[0].message.includes(host), p?.diagnostics[0].message);
          }
        }
        assert.equal(status.failures, 4);
        assert.equal(status.roots, 4);
      } finally {
        await lsp.close();
      }
    });

    test('a folder whose first root builds from vendor/: its other roots still download in one batch', async () => {
      const ws = join(sb.dir, 'ws-vend');
      // The vendored root comes first in the folder; go writes its vendor/ (the proxy answers from this process).
      const vendored = join(ws, 'a-vendored');
      writeRoot(vendored, 'a-vendored', ['ok v1.0.0']);
      writeFileSync(
        join(vendored, 'main.go'),
        'package main\n\nimport _ "example.test/ok"\n\nfunc main() {}\n',
      );
      const online = { ...sb.env, GOMODCACHE: join(sb.dir, 'cache-vend') };
      for (const args of [
        ['mod', 'tidy'],
        ['mod', 'vendor'],
      ])
        await promisify(execFile)(tc.bin, args, { cwd: vendored, env: online });
      const gomods = [0, 1, 2].map((i) =>
        writeRoot(join(ws, `r${i}`), `vend-r${i}`, ['ok v1.0.0', 'lib v1.0.0', `missing${i} v0.0.1`]),
      );
      const before = go.downloads().length;
      const lsp = await startLsp({ env: online, workspace: ws, settings: { runOn: 'save' } });
      try {
        const status = await idle(lsp);
        const downloads = go.downloads().slice(before);
        assert.equal(
          downloads.length,
          1,
          `one go mod download for the three roots that do not vendor:\n${downloads.map((d) => `${d.cwd} ${d.args}`).join('\n')}`,
        );
        for (const gomod of gomods)
          assert.deepEqual(
            latest(lsp, gomod)?.diagnostics.map((d) => [d.code, d.range.start.line]),
            [['not-found', 7]],
          );
        assert.deepEqual(latest(lsp, join(vendored, 'go.mod'))?.diagnostics ?? [], []);
        assert.equal(status.vendoredRoots, 1);
        assert.equal(status.failures, 3);
        assert.equal(status.roots, 4);
      } finally {
        await lsp.close();
      }
    });

    /** Three roots: two wait for the hung module (on lines 6 and 5), one does not. */
    function hungRoots(ws: string): string[] {
      return [
        writeRoot(join(ws, 'h0'), 'h0', ['ok v1.0.0', 'hung v1.0.0']),
        writeRoot(join(ws, 'h1'), 'h1', ['hung v1.0.0', 'lib v1.0.0']),
        writeRoot(join(ws, 'h2'), 'h2', ['ok v1.0.0']),
      ];
    }

    test('a hung proxy in a batch: the early warning, then the timeout, on the right line of each waiting root; the status ends idle', async () => {
      const ws = join(sb.dir, 'ws-hung');
      const gomods = hungRoots(ws);
      const before = go.downloads().length;
      const lsp = await startLspInProcess(
        { env: sb.env, workspace: ws, settings: { runOn: 'save', timeout: 5 } },
        { waitNoticeMs: 1000 },
      );
      try {
        const lines = [6, 5];
        for (const [i, line] of lines.entries()) {
          const early = await lsp.waitForDiagnostics(
            uriOf(gomods[i]),
            (p) => p.diagnostics.length > 0,
            30_000,
          );
          assert.deepEqual(
            early.diagnostics.map((d) => [d.code, d.range.start.line, d.severity]),
            [['timeout', line, 2]],
            `h${i}: a provisional warning on the hung require`,
          );
        }
        await until('a status naming what is waited for', () => {
          const s = lastStatus(lsp);
          return s?.state === 'running' && (s.waiting ?? []).some((w) => w.module === 'example.test/hung');
        });
        const status = await idle(lsp);
        for (const [i, line] of lines.entries()) {
          assert.deepEqual(
            latest(lsp, gomods[i])?.diagnostics.map((d) => [d.code, d.range.start.line, d.severity]),
            [['timeout', line, 1]],
            `h${i}: the final timeout replaced the warning`,
          );
        }
        assert.ok(!lsp.published.some((p) => p.uri === uriOf(gomods[2]) && p.diagnostics.length > 0));
        assert.equal(status.failures, 2);
        assert.equal(status.checking, 0);
        assert.deepEqual(status.waiting, []);
        // The batch waits once; what go never reached behind the hung module is fetched by one more run.
        const downloads = go.downloads().slice(before);
        assert.deepEqual(
          downloads.map((d) => d.args.includes('example.test/hung@')),
          [true, false],
          downloads.map((d) => d.args).join('\n'),
        );
        assert.equal(lsp.server.batches.started, 1);
      } finally {
        await lsp.close();
      }
    });

    test("a cancel, an edit and a settings change each stop the batch's go process", async () => {
      const ws = join(sb.dir, 'ws-cancel');
      const gomods = hungRoots(ws);
      const settings: Record<string, unknown> = { runOn: 'save', timeout: 120 };
      const lsp: InProcessLspClient = await startLspInProcess(
        { env: sb.env, workspace: ws, settings },
        { waitNoticeMs: 1000 },
      );
      const waitingDownload = async (after: number): Promise<number> => {
        await until('a batch download', () => go.downloads().length > after, 30_000);
        await until('the early warning', () => (lastStatus(lsp)?.waiting ?? []).length > 0, 30_000);
        return go.downloads()[after].pid;
      };
      try {
        // An edit (a save) of a root in the batch: the batch's go stops; the others go on in a new batch.
        let pid = await waitingDownload(go.downloads().length);
        let n = go.downloads().length;
        await lsp.conn.sendNotification('textDocument/didOpen', {
          textDocument: { uri: uriOf(gomods[2]), languageId: 'go.mod', version: 1, text: 'x' },
        });
        await lsp.conn.sendNotification('textDocument/didSave', { textDocument: { uri: uriOf(gomods[2]) } });
        await until(`go ${pid} stopped by the edit`, () => !alive(pid), 5000);
        pid = await waitingDownload(n);
        // A settings change: the batch's go stops, a new batch starts.
        n = go.downloads().length;
        settings.logGoTrace = true;
        await lsp.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
        await until(`go ${pid} stopped by the settings change`, () => !alive(pid), 5000);
        pid = await waitingDownload(n);
        // A cancel: the batch's go stops and nothing more runs.
        await lsp.conn.sendRequest('workspace/executeCommand', { command: 'gomodDoctor.server.cancel' });
        await until(`go ${pid} stopped by the cancel`, () => !alive(pid), 5000);
        const status = await idle(lsp);
        assert.equal(status.checking, 0);
        assert.deepEqual(status.waiting, []);
        assert.ok(
          go.downloads().every((d) => !alive(d.pid)),
          'no go process left',
        );
        assert.equal(lsp.server.batches.isBusy(), false);
        for (const g of gomods.slice(0, 2))
          assert.deepEqual(latest(lsp, g)?.diagnostics, [], 'the early warning is withdrawn');
      } finally {
        await lsp.close();
      }
    });
  });
}
