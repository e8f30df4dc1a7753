/**
 * The report's configuration sections: the settings findings, the route of a failing module and the
 * editor-against-terminal differences appear in the Markdown and the text, redacted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintContext } from '../../src/core/lint/index.ts';
import { REPORT_SCHEMA_VERSION, type Report } from '../../src/core/report/model.ts';
import { renderReportMarkdown, renderReportText } from '../../src/core/report/render.ts';
import { resolveRouteEnv } from '../../src/core/route/goenv.ts';
import { computeRoute } from '../../src/core/route/route.ts';

test('settings, route and terminal sections in Markdown and text, without secrets', () => {
  const env = { GOPROXY: 'https://u:route-secret@p.example|direct', GONOSUMCHECK: 'git.corp.example' };
  const sources = { GOPROXY: 'settings' as const, GONOSUMCHECK: 'process' as const };
  const renv = resolveRouteEnv({ env, sources, effective: { GOVERSION: 'go1.27.1' } });
  const creds = { goauth: '', netrcPath: '/h/.netrc', git: { entries: [], files: [], skippedIncludes: [] } };
  const report: Report = {
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
          editor: 'https://u:xxxxx@p.example|direct',
          editorSource: 'settings',
          terminal: 'https://t.example',
        },
      ],
    },
  };
  const md = renderReportMarkdown(report);
  const text = renderReportText(report);
  for (const s of [md, text]) {
    assert.match(s, /GONOSUMCHECK is not a variable go reads/);
    assert.match(s, /git\.corp\.example\/x@v1\.0\.0/);
    assert.match(s, /on any error \(after "\|"\) go tries the next entry/);
    assert.match(
      s,
      /GOPROXY: editor "https:\/\/u:xxxxx@p\.example\|direct" \(gomodDoctor\.env setting\), terminal "https:\/\/t\.example"/,
    );
    assert.doesNotMatch(s, /route-secret/);
  }
  assert.match(md, /## Editor and terminal/);
});
