/**
 * The language server keeps results between sessions in the folder the client names (VS Code's global storage),
 * with the real go: a restarted server gives each root of a batch its saved result (the same diagnostics, one go
 * mod download for the failures, one version listing as their saved findings say); a single module reopened gets its saved result with no go process but go env;
 * a folder inside the workspace is refused and nothing is written there.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildModules, type BuiltFixtures } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { edgeToolchains, sandbox, type Sandbox } from '../helpers/go.ts';
import { installGoWrapper, type GoWrapper } from '../helpers/goWrapper.ts';
import { startLspInProcess, type PublishedDiagnostics } from '../helpers/lspClient.ts';
import { waitIdle as idle } from '../helpers/lspIdle.ts';

for (const tc of edgeToolchains()) {
  describe(`language server, results kept between sessions (go ${tc.version})`, () => {
    let sb: Sandbox;
    let fx: BuiltFixtures;
    let proxy: Listening;
    let go: GoWrapper;

    before(async () => {
      sb = sandbox(tc);
      fx = await buildModules(
        ['ok', 'lib'].map((m) => ({ path: `example.test/${m}`, versions: [{ version: 'v1.0.0' }] })),
        join(sb.dir, 'fixtures'),
      );
      proxy = await listen(createGoProxy({ modules: fx.modules }).handler);
      go = installGoWrapper(sb, tc);
      sb.env.GOPROXY = proxy.url;
      sb.env.GOSUMDB = 'off';
    });
    after(async () => {
      await proxy.close();
      sb.cleanup();
    });

    /** `count` roots under `ws`, each requiring ok, lib and a missing module of its own. */
    function roots(ws: string, count: number): string[] {
      return Array.from({ length: count }, (_, i) => {
        const dir = join(ws, `r${i}`);
        mkdirSync(dir, { recursive: true });
        const body = ['ok v1.0.0', 'lib v1.0.0', `missing${i} v0.0.1`].map((r) => `\texample.test/${r}\n`);
        writeFileSync(
          join(dir, 'go.mod'),
          `module example.test/r${i}\n\ngo 1.19\n\nrequire (\n${body.join('')})\n`,
        );
        const sums = ['ok', 'lib'].flatMap((m) => fx.goSumLines(`example.test/${m}`, 'v1.0.0'));
        writeFileSync(join(dir, 'go.sum'), sums.join('\n') + '\n');
        return join(dir, 'go.mod');
      });
    }

    const shown = (published: PublishedDiagnostics[], gomods: string[]): unknown[] =>
      gomods.map((g) => {
        const p = [...published].reverse().find((x) => x.uri === `file://${g}`);
        return p?.diagnostics.map((d) => [d.code, d.range, d.message]);
      });

    test('a restarted server gives each root its saved result: the same diagnostics, one go mod download, one version listing', async () => {
      const ws = join(sb.dir, 'ws');
      const gomods = roots(ws, 4);
      const storageDir = join(sb.dir, 'global-storage');
      const env = { ...sb.env, GOMODCACHE: join(sb.dir, 'cache') };
      const seen: unknown[][] = [];
      for (const round of ['first session', 'second session']) {
        const downloads = go.downloads().length;
        const before = go.invocations().length;
        const lsp = await startLspInProcess({ env, workspace: ws, settings: { runOn: 'save' }, storageDir });
        try {
          const status = await idle(lsp);
          assert.equal(status.failures, 4, round);
          assert.equal(go.downloads().length - downloads, 1, `${round}: one go mod download`);
          // The missing modules' versions, listed once for the batch: in the second session from what the saved
          // results say of each failure (a root left without them would list its own).
          const listings = go
            .invocations()
            .slice(before)
            .filter((x) => x.args.startsWith('list -m'));
          assert.equal(listings.length, 1, `${round}: ${listings.map((x) => x.args).join(' | ')}`);
          assert.equal((listings[0].args.match(/example\.test\/missing/g) ?? []).length, 4, listings[0].args);
          const given = lsp.server.engine.saved.results?.given;
          assert.equal(given, round === 'first session' ? 0 : 4, `${round}: saved results given back`);
          seen.push(shown(lsp.published, gomods));
        } finally {
          await lsp.close();
        }
        const file = join(storageDir, 'results.json');
        assert.ok(existsSync(file), `${round}: written at shutdown`);
        assert.equal(statSync(file).mode & 0o777, 0o600);
      }
      assert.equal(seen[0].length, 4);
      assert.ok(
        seen[0].every((d) => Array.isArray(d) && d.length === 1),
        JSON.stringify(seen[0]),
      );
      assert.deepEqual(seen[1], seen[0]);
    });

    test('a single module reopened: its saved result, and no go process but go env', async () => {
      const ws = join(sb.dir, 'ws-single');
      mkdirSync(ws, { recursive: true });
      writeFileSync(
        join(ws, 'go.mod'),
        'module example.test/single\n\ngo 1.19\n\nrequire example.test/ok v1.0.0\n',
      );
      writeFileSync(join(ws, 'go.sum'), fx.goSumLines('example.test/ok', 'v1.0.0').join('\n') + '\n');
      const storageDir = join(sb.dir, 'global-storage-single');
      const env = { ...sb.env, GOMODCACHE: join(sb.dir, 'cache-single') };
      for (const round of ['first session', 'second session']) {
        const before = go.invocations().length;
        const lsp = await startLspInProcess({ env, workspace: ws, settings: { runOn: 'save' }, storageDir });
        try {
          assert.equal((await idle(lsp)).failures, 0, round);
          const given = lsp.server.engine.saved.results?.given;
          assert.equal(given, round === 'first session' ? 0 : 1, `${round}: saved result given back`);
          const ran = go
            .invocations()
            .slice(before)
            .map((x) => x.args.split(' ').slice(0, 2).join(' '));
          if (round === 'second session') assert.deepEqual(ran, ['env -json'], ran.join(' | '));
          else assert.ok(ran.includes('mod graph'), ran.join(' | '));
        } finally {
          await lsp.close();
        }
      }
    });

    test('a storage folder inside the workspace is refused: nothing is kept there', async () => {
      const ws = join(sb.dir, 'ws-inside');
      roots(ws, 2);
      const storageDir = join(ws, '.state');
      const env = { ...sb.env, GOMODCACHE: join(sb.dir, 'cache') };
      const lsp = await startLspInProcess({ env, workspace: ws, settings: { runOn: 'save' }, storageDir });
      try {
        assert.equal((await idle(lsp)).failures, 2);
        assert.equal(lsp.server.engine.saved.results, undefined);
      } finally {
        await lsp.close();
      }
      assert.equal(existsSync(storageDir), false);
    });
  });
}
