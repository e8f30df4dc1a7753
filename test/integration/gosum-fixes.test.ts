/**
 * A fix leaves the module buildable (issue 19), with the real go of every selected version (1.19 and 1.27 at
 * least: GOMOD_DOCTOR_GO_VERSIONS=1.19,1.27), the real language server and a module proxy on loopback. Each
 * require-changing fix (change the version, require the declared path, replace with the fork) runs go on the
 * user's action: afterwards go.sum has the new module's lines and `go build ./...` passes, without any further
 * command. A go.sum that lacks one required module's lines gets a diagnostic on that require whose fix adds them
 * (and then go build passes); a go.sum with extra lines gets none.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildModules, type BuiltFixtures } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { runGo, sandbox, toolchains, type Sandbox } from '../helpers/go.ts';
import { startLsp, type PublishedDiagnostics } from '../helpers/lspClient.ts';
import { actionKey, applyCodeAction, type LspCodeAction } from '../helpers/lspFix.ts';

const pkg = (name: string): Record<string, string> => ({
  [`${name}.go`]: `package ${name}\n\nfunc Hi() string { return "${name}" }\n`,
});

for (const tc of toolchains()) {
  describe(`fixes keep go.sum complete, go ${tc.version}`, () => {
    let sb: Sandbox;
    let server: Listening;
    let fx: BuiltFixtures;
    let n = 0;

    before(async () => {
      sb = sandbox(tc);
      fx = await buildModules(
        [
          {
            path: 'example.test/hello',
            versions: [
              { version: 'v1.0.0', files: pkg('hello') },
              { version: 'v1.2.0', files: pkg('hello') },
            ],
          },
          { path: 'example.test/other', versions: [{ version: 'v1.0.0', files: pkg('other') }] },
          { path: 'example.test/original', versions: [{ version: 'v1.0.0', files: pkg('original') }] },
          {
            // A fork published at another path that still declares the original one.
            path: 'example.test/renamed',
            versions: [
              {
                version: 'v1.0.0',
                files: pkg('original'),
                goMod: 'module example.test/original\n\ngo 1.19\n',
              },
            ],
          },
        ],
        join(sb.dir, 'fixtures'),
      );
      server = await listen(createGoProxy({ modules: fx.modules }).handler);
      sb.env.GOPROXY = server.url;
      sb.env.GOSUMDB = 'off';
    });

    after(async () => {
      await server.close();
      sb.cleanup();
    });

    /** A module importing `imports`, with the given go.mod requires and go.sum lines. */
    function module(imports: string, requires: string[], sums: string[]): string {
      const ws = join(sb.dir, `ws${n++}`);
      mkdirSync(ws, { recursive: true });
      const reqs = requires.map((r) => `\t${r}\n`).join('');
      writeFileSync(join(ws, 'go.mod'), `module example.test/app\n\ngo 1.19\n\nrequire (\n${reqs})\n`);
      writeFileSync(join(ws, 'go.sum'), sums.map((l) => `${l}\n`).join(''));
      const name = imports.split('/').pop()!;
      writeFileSync(
        join(ws, 'main.go'),
        `package main\n\nimport "${imports}"\n\nfunc main() { println(${name}.Hi()) }\n`,
      );
      return ws;
    }

    async function build(ws: string): Promise<void> {
      const r = await runGo(tc, sb, ['build', './...'], { cwd: ws });
      assert.equal(r.exitCode, 0, `go build ./...: ${r.stderr}`);
    }

    /** Starts the server on `ws`, applies the action `pick` chooses, and returns the diagnostics before. */
    async function fix(ws: string, pick: (a: LspCodeAction) => boolean): Promise<PublishedDiagnostics> {
      const lsp = await startLsp({ env: sb.env, workspace: ws, settings: { runOn: 'save', timeout: 60 } });
      try {
        const uri = `file://${join(ws, 'go.mod')}`;
        const pub = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
        const d = pub.diagnostics[0];
        const actions = await lsp.conn.sendRequest<LspCodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: d.range,
          context: { diagnostics: [d] },
        });
        const action = actions.find(pick);
        assert.ok(action, `offered: ${actions.map((a) => `${actionKey(a)} ${a.title}`).join(' | ')}`);
        const tr = await applyCodeAction(lsp, action, {}, {});
        assert.equal(tr.result?.ok, true, tr.result?.message);
        await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
        return pub;
      } finally {
        await lsp.close();
      }
    }

    const sumOf = (ws: string): string => readFileSync(join(ws, 'go.sum'), 'utf8');

    test('change the version: go.mod and go.sum change together, go build passes', async () => {
      const ws = module(
        'example.test/hello',
        ['example.test/hello v1.1.0'],
        fx.goSumLines('example.test/other', 'v1.0.0'),
      );
      await fix(ws, (a) => a.title.includes('v1.2.0'));
      assert.match(readFileSync(join(ws, 'go.mod'), 'utf8'), /example\.test\/hello v1\.2\.0/);
      for (const l of fx.goSumLines('example.test/hello', 'v1.2.0')) assert.ok(sumOf(ws).includes(l), l);
      await build(ws);
    });

    test('require the path the module declares: go.sum follows, go build passes', async () => {
      const ws = module(
        'example.test/original',
        ['example.test/renamed v1.0.0'],
        fx.goSumLines('example.test/other', 'v1.0.0'),
      );
      await fix(ws, (a) => a.title.includes('instead'));
      assert.match(readFileSync(join(ws, 'go.mod'), 'utf8'), /example\.test\/original v1\.0\.0/);
      for (const l of fx.goSumLines('example.test/original', 'v1.0.0')) assert.ok(sumOf(ws).includes(l), l);
      await build(ws);
    });

    test("keep the fork with a replace directive: the fork's lines are added, go build passes", async () => {
      const ws = module(
        'example.test/original',
        ['example.test/renamed v1.0.0'],
        fx.goSumLines('example.test/other', 'v1.0.0'),
      );
      await fix(ws, (a) => a.title.includes('replace'));
      assert.match(
        readFileSync(join(ws, 'go.mod'), 'utf8'),
        /replace example\.test\/original => example\.test\/renamed v1\.0\.0/,
      );
      for (const l of fx.goSumLines('example.test/renamed', 'v1.0.0')) assert.ok(sumOf(ws).includes(l), l);
      await build(ws);
    });

    test("a go.sum without one require's lines: the diagnostic on that require, its fix makes go build pass", async () => {
      const sums = fx.goSumLines('example.test/other', 'v1.0.0');
      const ws = module(
        'example.test/hello',
        ['example.test/hello v1.2.0', 'example.test/other v1.0.0'],
        sums,
      );
      const before = await runGo(tc, sb, ['build', './...'], { cwd: ws });
      assert.notEqual(before.exitCode, 0, 'go build fails before the fix');
      assert.match(before.stderr, /missing go\.sum entry/);
      const pub = await fix(ws, (a) => actionKey(a) === 'go-mod-download');
      assert.equal(pub.diagnostics.length, 1, JSON.stringify(pub.diagnostics));
      const d = pub.diagnostics[0];
      assert.equal(d.range.start.line, 5, 'on the require of example.test/hello');
      assert.match(d.message, /missing go\.sum entry/);
      // Exactly the missing lines: the rest of go.sum is as it was.
      assert.equal(
        sumOf(ws),
        [...sums, ...fx.goSumLines('example.test/hello', 'v1.2.0')].map((l) => `${l}\n`).join(''),
      );
      await build(ws);
    });

    test('a go.sum with extra lines (a module no longer required): no diagnostic', async () => {
      const sums = [
        ...fx.goSumLines('example.test/hello', 'v1.2.0'),
        ...fx.goSumLines('example.test/other', 'v1.0.0'),
      ];
      const ws = module('example.test/hello', ['example.test/hello v1.2.0'], sums);
      await build(ws);
      const lsp = await startLsp({ env: sb.env, workspace: ws, settings: { runOn: 'save', timeout: 60 } });
      try {
        const uri = `file://${join(ws, 'go.mod')}`;
        await lsp.conn.sendNotification('textDocument/didOpen', {
          textDocument: {
            uri,
            languageId: 'go.mod',
            version: 1,
            text: readFileSync(join(ws, 'go.mod'), 'utf8'),
          },
        });
        const pub = await lsp.waitForDiagnostics(uri, () => true);
        assert.deepEqual(pub.diagnostics, []);
      } finally {
        await lsp.close();
      }
    });
  });
}
