// Issue 18, findings 2, 3 and 9: secrets the audit found shown (long and odd URL passwords, tokens as URL users,
// environment assignments, header forms, go's header maps, query parameters) and terminal escapes from servers
// are gone from everything shown: redact(), findings, the hover, every `explain` format and the probe report.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { runExplain, type ExplainIo } from '../../src/cli/commands/explain.ts';
import { FORMATS } from '../../src/cli/format/index.ts';
import { classify, explainText } from '../../src/core/classify/index.ts';
import { redact, redactFinding, stripControls } from '../../src/core/redact.ts';
import { redactReport } from '../../src/core/report/redactReport.ts';
import { toDiagnostic } from '../../src/server/diagnostics.ts';
import { hoverFor } from '../../src/server/hover.ts';

const CANARY = 'Cnry7Qx2';
const JWT = `eyJhbGciOiJSUzI1NiJ9.${'eyJzdWIiOiIxMjM0NTY3ODkwIn0'.repeat(30)}.${CANARY}sig`;

function io(stdin: string): ExplainIo & { stdout: string } {
  const r = {
    stdout: '',
    readStdin: () => Promise.resolve(stdin),
    readFile: () => Promise.reject(new Error('no file')),
    out: (s: string) => void (r.stdout += s),
    err: (s: string) => void (r.stdout += s),
  };
  return r;
}

describe('URL credentials (finding 2)', () => {
  const cases: [string, string][] = [
    ['a JWT-style password over 500 characters', `https://oauth2:${JWT}@proxy.corp.test/x`],
    ['a password with a quote', `https://bob:pa'ss${CANARY}@proxy.corp.test/x`],
    ['a password with a double quote', `Get "https://bob:pa"${CANARY}@proxy.corp.test/x": 403`],
    ['a password with < and >', `https://bob:<${CANARY}>@proxy.corp.test/x`],
    ['a password with a raw @', `https://bob:p@${CANARY}@proxy.corp.test/x`],
    ['a long user name with a password', `https://${'u'.repeat(300)}:${CANARY}@proxy.corp.test/x`],
    ['a short token as the URL user', `https://${CANARY}@github.com/org/repo`],
    ['two URLs in a GOPROXY list', `https://a:b@p1.test,https://u:${CANARY}@p2.test`],
    ['a password without a path after the host', `"https://u:${CANARY}@p.test": dial tcp`],
  ];
  for (const [name, s] of cases) {
    test(name, () => {
      const out = redact(s);
      assert.ok(!out.includes(CANARY), out);
      assert.match(out, /xxxxx@/);
    });
  }

  test('the host and go’s own form stay readable', () => {
    assert.equal(redact(`https://bob:${JWT}@proxy.corp.test/x`), 'https://bob:xxxxx@proxy.corp.test/x');
    assert.equal(redact('ssh://git@github.com/org/repo'), 'ssh://git@github.com/org/repo');
    assert.equal(redact('https://proxy.golang.org/a/@v/list'), 'https://proxy.golang.org/a/@v/list');
  });

  test('finding.module, version and chain are redacted', () => {
    const f = redactFinding({
      category: 'auth',
      stage: 'http',
      ruleId: 'x',
      module: `https://u:${CANARY}@h.test/m`,
      version: `v1.0.0\u001b]0;title\u0007`,
      chain: [`a.test/m@v1.0.0`, `https://${CANARY}@h.test/x@v1`],
      summary: 's',
      evidence: [],
      fixes: [],
    });
    assert.ok(!JSON.stringify(f).includes(CANARY), JSON.stringify(f));
    assert.ok(!JSON.stringify(f).includes('\\u001b'));
  });

  test('the hover: module, chain and the environment table', () => {
    const f = {
      category: 'auth' as const,
      stage: 'http' as const,
      ruleId: 'x',
      module: 'a.test/m',
      version: 'v1.0.0',
      chain: ['a.test/m@v1.0.0', `https://u:${CANARY}@h.test/x@v1.0.0`],
      summary: 's',
      evidence: [],
      fixes: [],
      file: '/w/go.mod',
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } },
    };
    const d: Diagnostic = toDiagnostic(f, '/w');
    assert.ok(!JSON.stringify(d).includes(CANARY), JSON.stringify(d));
    const h = hoverFor([d], { line: 1, character: 2 }, { GOPROXY: `https://oauth2:${JWT}@p.test` }, () => []);
    const text = JSON.stringify(h);
    assert.ok(text.includes('p.test'));
    assert.ok(!text.includes(CANARY), text);
  });
});

describe('explain never echoes a pasted secret (finding 3)', () => {
  const lines = [
    `GITHUB_TOKEN=${CANARY}`,
    `export NPM_PASSWORD="${CANARY} x"`,
    `AWS_SECRET_ACCESS_KEY=${CANARY}`,
    `MY_API_KEY=${CANARY}`,
    `CI_JOB_SECRET: ${CANARY}`,
    `Authorization: Basic ${CANARY}`,
    `Proxy-Authorization: Bearer ${CANARY}`,
    `Cookie: session=${CANARY}; other=1`,
    `X-Gitlab-Api-Key: ${CANARY}`,
    `X-Api-Key: ${CANARY}`,
    `request headers map[Authorization:[Basic ${CANARY}] User-Agent:[Go-http-client/1.1]]`,
    `map[Cookie:[a=${CANARY}]]`,
    `https://h.test/x?api-key=${CANARY}&a=1`,
    `https://h.test/x?foo=1&client-secret=${CANARY}`,
  ];
  const goLine =
    'go: example.com/m@v1.0.0: reading https://proxy.corp.test/example.com/m/@v/v1.0.0.info: 401 Unauthorized';
  for (const line of lines) {
    test(line.replace(CANARY, '…'), async () => {
      assert.ok(!redact(line).includes(CANARY), redact(line));
      const log = `${line}\n${goLine}\n\tserver response: ${line}\n`;
      for (const format of FORMATS) {
        const x = io(log);
        assert.equal(await runExplain(['--format', format], x), 0);
        assert.ok(!x.stdout.includes(CANARY), `${format}: ${x.stdout}`);
      }
    });
  }

  test('ordinary go output and prose keep their words', () => {
    for (const s of [
      'go: example.com/m@v1.0.0: verifying module: checksum mismatch',
      'GOFLAGS=-mod=mod',
      'GONOSUMDB=corp.test',
      'go: downloading example.com/key v1.0.0',
    ]) {
      assert.equal(redact(s), s);
    }
  });
});

describe('terminal escapes from servers (finding 9)', () => {
  const OSC = '\u001b]0;pwned\u0007';
  const SGR = '\u001b[31;1m';
  const hostile = `go: example.com/m@v1.0.0: reading https://p.test/example.com/m/@v/v1.0.0.info: 403 ${OSC}${SGR}Forbidden\u009b2J\r\u0008`;

  test('stripControls keeps \\n and \\t and drops C0, C1, ANSI and OSC', () => {
    assert.equal(stripControls(`a\tb\nc${OSC}${SGR}d\u0000\u007f\u0085e`), 'a\tb\ncde');
  });

  test('findings carry no control character', () => {
    for (const f of [...explainText(hostile), ...classify({ stderr: hostile })]) {
      assert.doesNotMatch(
        JSON.stringify(f),
        // eslint-disable-next-line no-control-regex
        /\\u00(?:1b|07|08|9b|0d)|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/,
      );
    }
  });

  test('every explain format prints none of the server’s escapes', async () => {
    for (const format of FORMATS) {
      const x = io(`${hostile}\n`);
      await runExplain(['--format', format], x);
      assert.ok(!x.stdout.includes('\u001b]0;'), format);
      assert.ok(!x.stdout.includes('\u009b'), format);
      assert.ok(!x.stdout.includes('\u001b[31;1m'), format);
    }
  });

  test('the probe report: a status text with escapes is cleaned', () => {
    const r = redactReport({ stages: [{ summary: `HTTP 403 ${OSC}bad${SGR}` }] } as never);
    assert.equal(JSON.stringify(r).includes('\\u001b'), false, JSON.stringify(r));
  });
});
