/**
 * Redaction canaries: secrets planted in GOPROXY's URL, HTTPS_PROXY, .netrc, GOAUTH and a git insteadOf rule
 * must appear nowhere in the report (every partial one too), its Markdown, JSON or text — while the probe still
 * uses them (the .netrc login reaches the server). Real go, real HTTPS module proxy on loopback.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readEffectiveGoEnv } from '../../src/core/env/effective.ts';
import { diagnoseDownloads } from '../../src/core/probe/diagnose.ts';
import type { Report } from '../../src/core/report/model.ts';
import { renderReportJson, renderReportMarkdown, renderReportText } from '../../src/core/report/render.ts';
import { createTestCA, type TestCA } from '../harness/ca.ts';
import { createFaultTable } from '../harness/faults.ts';
import { buildModules } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { defaultToolchain, sandbox } from '../helpers/go.ts';

const CANARIES = {
  goproxy: 'CanaryGoproxyPw7Q',
  proxy: 'CanaryProxyPw8R',
  netrc: 'CanaryNetrcPw9S',
  goauth: 'CanaryGoauthTok0T',
  git: 'CanaryGitInsteadOf1U',
};

let dir: string;
let ca: TestCA;
let server: Listening;
const authSeen: string[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gmd-canary-'));
  ca = await createTestCA(join(dir, 'ca'));
  const fixtures = await buildModules(
    [{ path: 'example.com/hello', versions: [{ version: 'v1.0.0' }] }],
    join(dir, 'fx'),
  );
  const proxy = createGoProxy({ modules: fixtures.modules, faults: createFaultTable() });
  server = await listen(
    (req, res) => {
      authSeen.push(req.headers.authorization ?? '');
      proxy.handler(req, res);
    },
    { tls: ca.issue(['127.0.0.1']) },
  );
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function assertClean(what: string, text: string): void {
  for (const [name, c] of Object.entries(CANARIES)) {
    assert.ok(!text.includes(c), `${what} contains the ${name} canary`);
  }
}

test('no secret in the report, its partial reports, Markdown, JSON or text', async () => {
  const tc = defaultToolchain();
  const sb = sandbox(tc);
  try {
    const work = join(sb.dir, 'work');
    mkdirSync(work, { recursive: true });
    writeFileSync(
      join(work, 'go.mod'),
      'module example.com/app\n\ngo 1.19\n\nrequire example.com/hello v1.0.0\n',
    );
    writeFileSync(
      join(sb.home, '.netrc'),
      `machine 127.0.0.1:${server.port} login netrc-user password ${CANARIES.netrc}\nmachine other.example login x password ${CANARIES.netrc}\n`,
      { mode: 0o600 },
    );
    writeFileSync(
      join(sb.home, '.gitconfig'),
      `[url "https://git-user:${CANARIES.git}@git.example.invalid/"]\n\tinsteadOf = https://git.example.invalid/\n`,
    );
    const env: Record<string, string> = {
      ...sb.env,
      SSL_CERT_FILE: ca.caCertPath,
      GOPROXY: `https://gmd:${CANARIES.goproxy}@127.0.0.1:${server.port}`,
      GOSUMDB: 'off',
      HTTPS_PROXY: `http://proxy-user:${CANARIES.proxy}@127.0.0.1:9`,
      GOAUTH: `netrc;command /bin/true --token ${CANARIES.goauth}`,
    };
    const eff = await readEffectiveGoEnv(tc.bin, env, { cwd: work });
    const partials: Report[] = [];
    const report = await diagnoseDownloads({
      goBin: tc.bin,
      root: work,
      env,
      envSources: Object.fromEntries(Object.keys(env).map((k) => [k, 'process' as const])),
      effective: eff.values,
      goVersion: eff.goVersion,
      ...(eff.error ? { goError: eff.error } : {}),
      onProgress: (r) => partials.push(r),
      timeouts: { totalMs: 20_000 },
    });
    assert.ok(partials.length >= 2, 'progress was reported');
    for (const [i, p] of partials.entries()) assertClean(`partial report ${i}`, JSON.stringify(p));
    assertClean('report', JSON.stringify(report));
    assertClean('Markdown', renderReportMarkdown(report));
    assertClean('JSON', renderReportJson(report));
    assertClean('text', renderReportText(report, { color: true }));

    // The secrets were used, not just dropped: the GOPROXY URL's credentials reached the server…
    const expected = `Basic ${Buffer.from(`gmd:${CANARIES.goproxy}`).toString('base64')}`;
    assert.ok(authSeen.includes(expected), 'the probe sent the URL credentials');
    const probe = report.probes.find((p) => p.kind === 'goproxy');
    assert.ok(probe);
    assert.deepEqual(
      probe.stages.map((s) => s.status),
      ['ok', 'ok', 'ok', 'ok', 'ok'],
      renderReportText(report),
    );
    assert.ok(probe.url.includes('gmd:xxxxx@'), probe.url);
    // …and the snapshot shows where they are without showing them.
    const goproxyVar = report.env.vars.find((v) => v.name === 'GOPROXY');
    assert.match(goproxyVar?.value ?? '', /gmd:xxxxx@127\.0\.0\.1/);
    assert.match(
      report.env.proxyVars.find((v) => v.name === 'HTTPS_PROXY')?.value ?? '',
      /proxy-user:xxxxx@/,
    );
    assert.deepEqual(
      report.env.netrc.machines.map((m) => m.machine),
      [`127.0.0.1:${server.port}`, 'other.example'],
    );
    assert.equal(report.env.netrc.mode, '0600');
    assert.equal(report.env.git.insteadOf.length, 1);
    // GOAUTH exists from go 1.24: there the report must show it, with the command's arguments (the token) hidden.
    if (Number(tc.version.split('.')[1]) >= 24) {
      assert.ok(report.env.goauth, `go ${tc.version}: the report has a GOAUTH entry`);
      assert.equal(report.env.goauth.value, 'netrc; command /bin/true (arguments hidden)');
    } else {
      assert.equal(report.env.goauth, undefined, `go ${tc.version} has no GOAUTH`);
    }
    assert.equal(report.modules.find((m) => m.path === 'example.com/hello')?.status, 'ok');
  } finally {
    sb.cleanup();
  }
});
