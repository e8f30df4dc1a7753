/**
 * The hover of a failing require shows the route go took (src/core/route through the language server): the
 * proxy entries and how they fall through, the checksum database and the credentials, with the real server
 * process, the real go and a module proxy on loopback; and the settings linter on the go.mod module line.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildModules } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen } from '../harness/http.ts';
import { defaultToolchain, sandbox } from '../helpers/go.ts';
import { startLsp } from '../helpers/lspClient.ts';

test('the hover on a failing require shows the route', async () => {
  const tc = defaultToolchain();
  const sb = sandbox(tc);
  const fx = await buildModules(
    [{ path: 'example.test/lib', versions: [{ version: 'v1.0.0' }] }],
    join(sb.dir, 'fx'),
  );
  const server = await listen(createGoProxy({ modules: fx.modules }).handler);
  try {
    sb.env.GOPROXY = `${server.url}|off`;
    sb.env.GOSUMDB = 'off';
    sb.env.GOPRIVATE = 'corp.example';
    const ws = join(sb.dir, 'ws');
    mkdirSync(ws, { recursive: true });
    const gomod = join(ws, 'go.mod');
    writeFileSync(gomod, 'module example.test/app\n\ngo 1.19\n\nrequire example.test/lib v1.1.0\n');
    const lsp = await startLsp({ env: sb.env, workspace: ws, settings: { runOn: 'save', timeout: 60 } });
    try {
      const uri = `file://${gomod}`;
      const pub = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      const d = pub.diagnostics[0];
      const hover = await lsp.conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri },
        position: d.range.start,
      });
      const md = hover?.contents.value ?? '';
      assert.match(md, /\*\*Route\*\* `example\.test\/lib@v1\.1\.0`/);
      assert.match(md, new RegExp(`1\\. ${server.url.replace(/[.:/]/g, '\\$&')} \`\\|\` — on any error`));
      assert.match(md, /2\. off — stop: module lookup disabled by GOPROXY=off/);
      assert.match(md, /Checksum database: GOSUMDB=off/);
      assert.doesNotMatch(md, /GOPRIVATE pattern/, 'corp.example does not match this module');
    } finally {
      await lsp.close();
    }
  } finally {
    await server.close();
    sb.cleanup();
  }
});

test('a misspelled variable is reported on the module line; advice (GOSUMDB=off) is not', async () => {
  const tc = defaultToolchain();
  const sb = sandbox(tc);
  const fx = await buildModules(
    [{ path: 'example.test/lib', versions: [{ version: 'v1.0.0' }] }],
    join(sb.dir, 'fx'),
  );
  const server = await listen(createGoProxy({ modules: fx.modules }).handler);
  try {
    sb.env.GOPROXY = server.url;
    sb.env.GOSUMDB = 'off';
    sb.env.GONOSUMCHECK = 'example.test';
    const ws = join(sb.dir, 'ws');
    mkdirSync(ws, { recursive: true });
    const gomod = join(ws, 'go.mod');
    writeFileSync(gomod, 'module example.test/app\n\ngo 1.19\n\nrequire example.test/lib v1.0.0\n');
    const lsp = await startLsp({ env: sb.env, workspace: ws, settings: { runOn: 'save', timeout: 60 } });
    try {
      const uri = `file://${gomod}`;
      const pub = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      assert.deepEqual(
        pub.diagnostics.map((d) => [d.code, d.range.start.line, d.severity]),
        [['unknown-variable', 0, 2]],
      );
      assert.match(pub.diagnostics[0].message, /GONOSUMCHECK is not a variable go reads.*GONOSUMDB/);
    } finally {
      await lsp.close();
    }
  } finally {
    await server.close();
    sb.cleanup();
  }
});
