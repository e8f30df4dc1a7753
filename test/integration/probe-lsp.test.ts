/**
 * The language server's gomodDoctor/diagnose request: the real server bundle over stdio, a real go, an HTTPS
 * module proxy on loopback where one module is missing. Partial reports arrive as notifications before the
 * final one, which names the missing module as the cause.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Report } from '../../src/core/report/model.ts';
import {
  DiagnoseProgressNotification,
  DiagnoseRequest,
  type DiagnoseProgressParams,
} from '../../src/shared/protocol.ts';
import { createTestCA, type TestCA } from '../harness/ca.ts';
import { buildModules } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { defaultToolchain, sandbox } from '../helpers/go.ts';
import { startLsp } from '../helpers/lspClient.ts';

let dir: string;
let ca: TestCA;
let server: Listening;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gmd-probe-lsp-'));
  ca = await createTestCA(join(dir, 'ca'));
  const fx = await buildModules(
    [{ path: 'example.com/hello', versions: [{ version: 'v1.0.0' }] }],
    join(dir, 'fx'),
  );
  server = await listen(createGoProxy({ modules: fx.modules }).handler, { tls: ca.issue(['127.0.0.1']) });
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('gomodDoctor/diagnose streams partial reports and returns the final one', async () => {
  const sb = sandbox(defaultToolchain());
  const work = join(sb.dir, 'work');
  mkdirSync(work, { recursive: true });
  writeFileSync(
    join(work, 'go.mod'),
    'module example.com/app\n\ngo 1.19\n\nrequire (\n\texample.com/hello v1.0.0\n\texample.com/missing v1.0.0\n)\n',
  );
  const lsp = await startLsp({
    env: { ...sb.env, SSL_CERT_FILE: ca.caCertPath, GOPROXY: server.url, GOSUMDB: 'off' },
    workspace: work,
    settings: { runOn: 'manual' },
  });
  try {
    const partials: Report[] = [];
    lsp.conn.onNotification(DiagnoseProgressNotification, (p: DiagnoseProgressParams) => {
      if (p.token === 't1') partials.push(p.report);
    });
    const report = await lsp.conn.sendRequest<Report>(DiagnoseRequest, { root: work, token: 't1' });
    assert.ok(partials.length >= 2, `${partials.length} partial reports`);
    assert.equal(partials[0].state, 'running');
    assert.equal(report.state, 'done');
    assert.equal(report.root, work);
    assert.equal(report.probes[0]?.failedStage, undefined, JSON.stringify(report.probes[0]));
    assert.equal(report.conclusion[0]?.category, 'not-found', JSON.stringify(report.conclusion));
    assert.deepEqual(report.conclusion[0].modules, ['example.com/missing@v1.0.0']);
    const statuses = Object.fromEntries(report.modules.map((m) => [m.path, m.status]));
    assert.deepEqual(statuses, { 'example.com/hello': 'ok', 'example.com/missing': 'failed' });
  } finally {
    await lsp.close();
    sb.cleanup();
  }
});
