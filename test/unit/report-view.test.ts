/**
 * The report webview's configuration sections (src/core/report/configView.ts, sent by
 * src/client/report/messages.ts): the settings findings, the route of a failing module and the
 * editor-against-terminal differences arrive as translated, redacted plain text, in English and in Chinese.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportMessage } from '../../src/client/report/messages.ts';
import { setLocale } from '../../src/core/l10n.ts';
import { lintContext } from '../../src/core/lint/index.ts';
import { REPORT_SCHEMA_VERSION, type Report } from '../../src/core/report/model.ts';
import { resolveRouteEnv } from '../../src/core/route/goenv.ts';
import { computeRoute } from '../../src/core/route/route.ts';

function sample(): Report {
  const env = { GOPROXY: 'https://u:route-secret@p.example|direct', GONOSUMCHECK: 'git.corp.example' };
  const sources = { GOPROXY: 'settings' as const, GONOSUMCHECK: 'process' as const };
  const renv = resolveRouteEnv({ env, sources, effective: { GOVERSION: 'go1.27.1' } });
  const creds = { goauth: '', netrcPath: '/h/.netrc', git: { entries: [], files: [], skippedIncludes: [] } };
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: 'gomod-doctor',
    createdAt: '2026-01-01T00:00:00.000Z',
    root: '/w',
    state: 'done',
    durationMs: 1,
    env: {
      go: { ok: true },
      vars: [],
      proxyVars: [],
      netrc: { path: '/h/.netrc', exists: false, machines: [] },
      git: { credentialHelpers: [], insteadOf: [] },
      trustStore: 'node',
    },
    probes: [],
    modules: [],
    modulesState: 'done',
    conclusion: [],
    settings: lintContext({ renv, creds, env, sources, requires: ['git.corp.example/x'] }),
    routes: [computeRoute('git.corp.example/x', 'v1.0.0', { renv, creds })],
    terminal: {
      shell: '/bin/bash',
      ok: true,
      differences: [
        {
          name: 'GOPROXY',
          // Not redacted on purpose: the view must not be where a secret leaks.
          editor: 'https://u:term-secret@p.example|direct',
          editorSource: 'settings',
          terminal: 'https://t.example',
        },
      ],
    },
  };
}

const texts = (m: ReturnType<typeof reportMessage>): string[] =>
  m.type === 'done' || m.type === 'progress'
    ? m.config.flatMap((s) => [
        s.title,
        ...s.blocks.flatMap((b) => [b.title ?? '', ...b.lines.map((l) => l.text)]),
      ])
    : [];

test('the webview gets the settings, route and terminal sections as plain redacted text', () => {
  setLocale('en');
  const m = reportMessage('done', sample());
  assert.equal(m.type, 'done');
  if (m.type !== 'done') return;
  assert.deepEqual(
    m.config.map((s) => [s.id, s.title]),
    [
      ['settings', 'Settings'],
      ['routes', 'Route'],
      ['terminal', 'Editor and terminal'],
    ],
  );
  const finding = m.config[0].blocks[0].lines.find((l) =>
    /GONOSUMCHECK is not a variable go reads/.test(l.text),
  );
  assert.ok(finding, JSON.stringify(m.config[0]));
  assert.ok(finding.badge && finding.tone, 'a severity badge');
  assert.equal(m.config[1].blocks[0].title, 'git.corp.example/x@v1.0.0');
  const route = m.config[1].blocks[0].lines.map((l) => l.text);
  assert.ok(
    route.some((l) => /on any error \(after "\|"\) go tries the next entry/.test(l)),
    route.join('\n'),
  );
  assert.ok(
    route.some((l) => /^Checksum database: /.test(l)),
    route.join('\n'),
  );
  const term = m.config[2].blocks[0].lines.map((l) => l.text);
  assert.match(
    term.join('\n'),
    /GOPROXY: editor ".*p\.example\|direct" \(gomodDoctor\.env setting\), terminal "https:\/\/t\.example"/,
  );
  const all = texts(m).join('\n');
  // Drawn as text: no Markdown left over, and no secret.
  assert.doesNotMatch(all, /`|\*\*/);
  assert.doesNotMatch(all, /route-secret|term-secret/);
  assert.doesNotMatch(JSON.stringify(m.config), /route-secret|term-secret/);
});

test('a report without the optional fields has no configuration section', () => {
  const r = sample();
  delete r.settings;
  delete r.routes;
  delete r.terminal;
  const m = reportMessage('progress', r);
  assert.ok(m.type === 'progress');
  assert.deepEqual(m.config, []);
});

test('the sections are in Chinese when the editor is', () => {
  setLocale('zh-cn');
  try {
    const m = reportMessage('done', sample());
    assert.ok(m.type === 'done');
    assert.deepEqual(
      m.config.map((s) => s.title),
      ['设置', '获取路径', '编辑器与终端'],
    );
    const badges = m.config[0].blocks[0].lines.map((l) => l.badge ?? '');
    assert.ok(badges.length > 0 && badges.every((b) => /[\u4e00-\u9fff]/.test(b)), badges.join(','));
  } finally {
    setLocale('en');
  }
});
