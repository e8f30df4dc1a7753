/**
 * The report's renderers and redaction: secrets planted anywhere in a report (even where no pattern would
 * find them) are gone from the model, Markdown, JSON and text; the renderers show the stage picture and the
 * ranked causes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REPORT_SCHEMA_VERSION, type Report } from '../../src/core/report/model.ts';
import { envSecrets, redactReport } from '../../src/core/report/redactReport.ts';
import {
  renderReportJson,
  renderReportMarkdown,
  renderReportText,
  stagePicture,
} from '../../src/core/report/render.ts';

function sample(secret: string): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: 'gomod-doctor',
    createdAt: '2026-01-01T00:00:00.000Z',
    root: '/w/app',
    state: 'done',
    durationMs: 1234,
    env: {
      go: { path: '/usr/bin/go', version: '1.27.1', ok: true },
      vars: [{ name: 'GOPROXY', value: `https://u:${secret}@proxy.example`, source: 'process' }],
      proxyVars: [{ name: 'HTTPS_PROXY', value: `http://p:${secret}@fw:3128`, source: 'http.proxy' }],
      netrc: {
        path: '/h/.netrc',
        exists: true,
        mode: '0644',
        tooOpen: true,
        machines: [{ machine: 'git.example', hasLogin: true, hasPassword: true }],
      },
      git: {
        version: '2.40.0',
        credentialHelpers: ['store'],
        insteadOf: [{ from: 'https://git.example/', to: `https://t:${secret}@git.example/` }],
      },
      trustStore: '/etc/ssl/certs/ca-certificates.crt',
    },
    probes: [
      {
        id: 'goproxy:0',
        kind: 'goproxy',
        label: 'GOPROXY entry 1',
        url: 'https://proxy.example',
        host: 'proxy.example',
        port: 443,
        state: 'done',
        stages: [
          { id: 'dns', status: 'ok', ms: 3, summary: 'proxy.example → 192.0.2.1', addresses: ['192.0.2.1'] },
          { id: 'tcp', status: 'ok', ms: 4, summary: 'connected' },
          { id: 'tls', status: 'failed', ms: 5, summary: `certificate not trusted (token ${secret})` },
          { id: 'http', status: 'skipped', summary: '' },
          { id: 'auth', status: 'skipped', summary: '' },
        ],
        failedStage: 'tls',
        category: 'tls',
        summary: 'failed at TLS',
      },
    ],
    modules: [
      {
        path: 'a.example/m',
        version: 'v1.0.0',
        status: 'failed',
        origin: 'direct',
        category: 'tls',
        fixes: ['install-ca-certificate'],
        ms: 10,
        evidence: [`Authorization: Bearer ${secret}`],
      },
      { path: 'a.example/ok', version: 'v1.2.0', status: 'cached', origin: 'direct', fixes: [], ms: 0 },
    ],
    modulesState: 'done',
    conclusion: [
      {
        id: 'probe:goproxy:0',
        category: 'tls',
        rank: 1,
        title: 'GOPROXY entry 1 (proxy.example) fails at the TLS stage',
        detail: `x509 ${secret}`,
        source: { kind: 'probe', probeId: 'goproxy:0', stage: 'tls' },
        host: 'proxy.example',
        modules: ['a.example/m@v1.0.0'],
        fixes: ['install-ca-certificate', 'check-network'],
      },
    ],
  };
}

describe('report redaction', () => {
  const secret = 'Plain7Secret9Word';
  const r = redactReport(sample(secret), [secret]);
  for (const [what, text] of [
    ['model', JSON.stringify(r)],
    ['Markdown', renderReportMarkdown(r)],
    ['JSON', renderReportJson(r)],
    ['text', renderReportText(r, { color: true })],
  ] as const) {
    test(`no secret in the ${what}`, () => assert.ok(!text.includes(secret), text));
  }
  test('pattern redaction alone catches URL passwords and Authorization values', () => {
    const only = JSON.stringify(redactReport(sample('Zz9pattern')));
    assert.ok(!/u:Zz9pattern@|p:Zz9pattern@|Bearer Zz9pattern/.test(only), only);
  });
  test('envSecrets finds URL passwords and token user names', () => {
    assert.deepEqual(
      [
        ...new Set(
          envSecrets({
            GOPROXY: 'https://u:pa%24s@a.example,https://ghp_abcdefghijklmnopqrstuv@b.example',
            HTTPS_PROXY: 'p:pw2@fw:1',
          }),
        ),
      ].sort(),
      ['ghp_abcdefghijklmnopqrstuv', 'pa$s', 'pa%24s', 'pw2'].sort(),
    );
  });
});

describe('renderers', () => {
  const r = sample('x');
  test('stage picture marks the failed stage', () => {
    assert.equal(stagePicture(r.probes[0]), 'DNS ✓ → TCP ✓ → TLS ✗ → HTTP - → Auth -');
  });
  test('text: cause first, stage words, no colour codes unless asked', () => {
    const text = renderReportText(r);
    assert.match(text, /1\. \[tls\] GOPROXY entry 1/);
    assert.match(text, /TLS\s+FAILED/);
    assert.ok(!text.includes('\x1b['));
    assert.ok(renderReportText(r, { color: true }).includes('\x1b[31m'));
  });
  test('Markdown: tables escape pipes, fixes listed', () => {
    // GOPROXY's "|" separates proxies to try on any error: a real value with a pipe, in the environment table
    // (a code span) and in a probe's stage details (plain text).
    const withPipes: Report = {
      ...r,
      env: { ...r.env, vars: [{ name: 'GOPROXY', value: 'https://a.example|direct', source: 'process' }] },
      probes: [
        {
          ...r.probes[0],
          stages: r.probes[0].stages.map((s) => (s.id === 'tcp' ? { ...s, summary: 'tried a|b' } : s)),
        },
      ],
    };
    const md = renderReportMarkdown(withPipes);
    assert.match(md, /## Conclusion/);
    assert.match(md, /`install-ca-certificate`/);
    assert.match(md, /\| TLS \| FAILED \|/);
    const lines = md.split('\n');
    assert.ok(lines.includes('| GOPROXY | `https://a.example\\|direct` | process |'), md);
    assert.ok(
      lines.some((l) => l.startsWith('| TCP |') && l.endsWith(' | tried a\\|b |')),
      md,
    );
    // Every table row has as many cells as its header: no pipe inside a cell splits it.
    const cells = (l: string): number => l.split(/(?<!\\)\|/).length - 2;
    let width = 0;
    for (const l of lines) {
      if (!l.startsWith('|')) width = 0;
      else if (width === 0) width = cells(l);
      else assert.equal(cells(l), width, l);
    }
  });
  test('JSON round-trips', () => {
    const clean = redactReport(r);
    assert.deepEqual(JSON.parse(renderReportJson(clean)), JSON.parse(JSON.stringify(clean)));
  });
});

describe('webview messages', () => {
  test('only well-formed messages are accepted', async () => {
    const { parseFromWebview } = await import('../../src/client/report/messages.ts');
    assert.deepEqual(parseFromWebview({ type: 'copyMarkdown', extra: 1 }), { type: 'copyMarkdown' });
    assert.deepEqual(
      parseFromWebview({ type: 'fix', fix: 'set-goprivate', category: 'sumdb', module: 'a.example/m' }),
      {
        type: 'fix',
        fix: 'set-goprivate',
        category: 'sumdb',
        module: 'a.example/m',
      },
    );
    assert.equal(parseFromWebview({ type: 'fix', fix: 3 }), undefined);
    assert.equal(parseFromWebview({ type: 'eval' }), undefined);
    assert.equal(parseFromWebview('ready'), undefined);
  });
});
