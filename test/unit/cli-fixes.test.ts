/**
 * The CLI names each fix by its label and gives the command or line a person runs or pastes (issue 17.5):
 * `go env -w` with the merged value, the .netrc line with the secret left to fill in, the go command; the text
 * format shows no internal fix ids, and the JSON keeps the ids and adds the labels and commands.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixHowTo } from '../../src/cli/format/fixHowTo.ts';
import { renderJson } from '../../src/cli/format/json.ts';
import type { Report, ReportFinding } from '../../src/cli/format/model.ts';
import { renderText } from '../../src/cli/format/text.ts';
import { palette } from '../../src/cli/term.ts';
import type { Finding } from '../../src/core/classify/types.ts';

const finding = (over: Partial<Finding>): Finding => ({
  category: 'auth',
  stage: 'http',
  ruleId: 'test',
  summary: 'the proxy asks for credentials',
  evidence: [],
  fixes: [],
  ...over,
});

test('environment fixes: go env -w with the value merged into the current list', () => {
  const f = finding({ module: 'corp.example/private/tool', fixes: ['set-goprivate', 'set-gonosumdb'] });
  assert.deepEqual(fixHowTo(f, { GOPRIVATE: 'other.example', GONOSUMDB: '' }), [
    {
      id: 'set-goprivate',
      label: 'Add to GOPRIVATE',
      command: 'go env -w GOPRIVATE=other.example,corp.example',
    },
    { id: 'set-gonosumdb', label: 'Add to GONOSUMDB', command: 'go env -w GONOSUMDB=corp.example' },
  ]);
  // A value with a space is quoted for the shell.
  assert.deepEqual(
    fixHowTo(finding({ fixes: ['fix-cache-permissions'] }), { GOFLAGS: '-mod=mod' })[0].command,
    "go env -w 'GOFLAGS=-mod=mod -modcacherw'",
  );
  assert.equal(fixHowTo(finding({ fixes: ['gotoolchain-local'] }))[0].command, 'go env -w GOTOOLCHAIN=local');
  // "|" lets GOPROXY fall back on any error: the current list with "|" between its entries.
  assert.equal(
    fixHowTo(finding({ fixes: ['set-goproxy-pipe'] }), {
      GOPROXY: 'http://a.example,http://b.example,direct',
    })[0].command,
    "go env -w 'GOPROXY=http://a.example|http://b.example|direct'",
  );
});

test('credentials: the .netrc line for the machine go looks up, the secret left to the user', () => {
  const [how] = fixHowTo(finding({ host: '127.0.0.1:8443', fixes: ['netrc-credentials'] }));
  assert.deepEqual(how, {
    id: 'netrc-credentials',
    label: 'Enter credentials (.netrc)',
    command: 'machine 127.0.0.1:8443 login <login> password <password or token>',
    where: '~/.netrc',
  });
  assert.equal(
    fixHowTo(finding({ host: 'git.corp.example', fixes: ['netrc-credentials'] }))[0].command,
    'machine git.corp.example login <login> password <password or token>',
  );
});

test('a proxy to choose, go commands, fixes without a single command; no credential is ever printed', () => {
  const how = fixHowTo(finding({ fixes: ['set-goproxy', 'go-mod-tidy', 'check-dns'] }));
  assert.deepEqual(how, [
    { id: 'set-goproxy', label: 'Set GOPROXY', command: 'go env -w GOPROXY=<proxy URL>,direct' },
    { id: 'go-mod-tidy', label: 'Run go mod tidy', command: 'go mod tidy' },
    { id: 'check-dns', label: 'Check DNS' },
  ]);
  const secret = fixHowTo(finding({ fixes: ['set-goproxy-pipe'] }), {
    GOPROXY: 'https://alice:s3cr3t-token@proxy.corp.example,direct',
  })[0].command;
  assert.ok(secret && !secret.includes('s3cr3t-token'), secret);
});

test('text names fixes by label with their commands, never by id; JSON keeps the ids and adds the rest', () => {
  const f: ReportFinding = {
    ...finding({
      module: 'corp.example/private/tool',
      host: 'corp.example',
      fixes: ['set-goprivate', 'netrc-credentials'],
    }),
    location: { file: 'go.mod', line: 6, column: 2, endLine: 6, endColumn: 30 },
  };
  const report: Report = {
    command: 'diagnose',
    findings: [f],
    modules: [],
    exitCode: 1,
    effective: { GOPRIVATE: '' },
  };
  const text = renderText(report, { palette: palette(false), quiet: false, verbose: false });
  assert.ok(!/set-goprivate|netrc-credentials/.test(text), text);
  assert.match(text, /- Add to GOPRIVATE\n\s+\$ go env -w GOPRIVATE=corp\.example\n/);
  assert.match(
    text,
    /- Enter credentials \(\.netrc\)\n\s+add to ~\/\.netrc: machine corp\.example login <login> password <password or token>\n/,
  );
  const json = JSON.parse(renderJson(report)) as { findings: { fixes: string[]; fixDetails: unknown[] }[] };
  assert.deepEqual(json.findings[0].fixes, ['set-goprivate', 'netrc-credentials']);
  assert.deepEqual(json.findings[0].fixDetails, [
    { id: 'set-goprivate', label: 'Add to GOPRIVATE', command: 'go env -w GOPRIVATE=corp.example' },
    {
      id: 'netrc-credentials',
      label: 'Enter credentials (.netrc)',
      command: 'machine corp.example login <login> password <password or token>',
      where: '~/.netrc',
    },
  ]);
});
