// Log normalisation: CI timestamps, ANSI colours, quoting, JSON-escaped text, CRLF, hard wraps, JSON Error fields.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractJsonErrors, normaliseLog, splitMessages, stripPasteMarkup } from '../../src/core/logtext.ts';
import { explainText } from '../../src/core/classify/index.ts';

const GOAUTH_LINES = [
  'go: example.com/priv@v1.0.0: invalid version: git ls-remote -q origin in /home/u/go/pkg/mod/cache/vcs/0a06: exit status 128:',
  "\tfatal: could not read Username for 'https://git.corp.test': terminal prompts disabled",
  'Confirm the import path was entered correctly.',
  'If this is a private repository, see https://golang.org/doc/faq#git_https for additional information.',
];

describe('normaliseLog', () => {
  test('GitHub Actions timestamps and ANSI colours', () => {
    const log = GOAUTH_LINES.map((l) => `2024-01-01T00:00:00.0000000Z \x1b[31m${l}\x1b[0m`).join('\r\n');
    const msgs = splitMessages(normaliseLog(log));
    assert.equal(msgs.length, 1);
    assert.equal(msgs[0], GOAUTH_LINES.join('\n'));
  });

  test('> quoting (nested) and BuildKit prefixes', () => {
    assert.equal(normaliseLog('> > go: x'), 'go: x');
    assert.equal(normaliseLog('#13 51.81 go: x'), 'go: x');
    assert.equal(normaliseLog('21.90 go: x'), 'go: x');
    assert.equal(normaliseLog('-> unzip /x.zip: bad'), '-> unzip /x.zip: bad');
  });

  test('JSON-escaped text from an editor log', () => {
    const line = `level=error msg="err: exit status 1: stderr: go: downloading go1.22 (linux/amd64)\\ngo: download go1.22 for linux/amd64: toolchain not available\\n"`;
    const n = normaliseLog(line);
    assert.ok(n.split('\n').includes('go: download go1.22 for linux/amd64: toolchain not available'));
    assert.equal(explainText(line)[0].category, 'toolchain');
  });

  test("Go's log prefix, bracketed times and GitHub's ##[error] annotation are removed", () => {
    assert.equal(normaliseLog('2026/11/30 08:15:10 go: x'), 'go: x');
    assert.equal(normaliseLog('2026/11/30 08:15:10.123456 go: x'), 'go: x');
    assert.equal(normaliseLog('[08:15:10] go: x'), 'go: x');
    assert.equal(normaliseLog('[2026-11-30 08:15:10,123] go: x'), 'go: x');
    assert.equal(normaliseLog('##[error]go: x'), 'go: x');
  });

  test("a wrap that fell on a space, inside a URL, or after a host name's dot is undone", () => {
    const head =
      'go: example.com/m@v1.0.0: Get "https://proxy.golang.org/example.com/m/@v/v1.0.0.mod": dial tcp:';
    assert.equal(
      normaliseLog(`${head}\n lookup proxy.golang.org: no such host`),
      `${head} lookup proxy.golang.org: no such host`,
    );
    const url =
      'go: example.com/m@v1.0.0: verifying module: example.com/m@v1.0.0: reading https://proxy.golang.org/sumdb/s';
    assert.equal(
      normaliseLog(`${url}\num.golang.org/lookup/example.com/m@v1.0.0: EOF`).split('\n').length,
      1,
    );
    const dot =
      'main.go:7:2: example.com/team/lib@v1.4.2: Get "https://proxy.golang.org/example.com/team/lib/example.';
    assert.equal(normaliseLog(`${dot}\ncom/x.mod": EOF`).split('\n').length, 1);
  });

  test("a tool's own capitalised `Error:` line after go's long line is not joined to it", () => {
    const go =
      'go: example.com/m@v1.0.0: Get "https://proxy.golang.org/example.com/m/@v/v1.0.0.mod": unexpected EOF';
    assert.deepEqual(normaliseLog(`${go}\nError: process exited with code 1`).split('\n'), [
      go,
      'Error: process exited with code 1',
    ]);
    assert.equal(explainText(`${go}\nError: process exited with code 1`)[0].category, 'connect');
  });

  test("a wrap inside a paste indented as a whole is undone; go's own indented lines are left alone", () => {
    // CONSTRUCTED: a terminal wrapped "connectex" and the paste indented every line by four spaces.
    const pasted = [
      '    go: example.com/m@v1.0.0: Get "https://proxy.golang.org/example.com/m/@v/v1.0.0.mod": dial tcp 1.2.3.4:443: c',
      '    onnectex: A connection attempt failed because the connected party did not properly respond.',
    ].join('\n');
    assert.equal(normaliseLog(pasted).split('\n').length, 1);
    assert.equal(explainText(pasted)[0].category, 'timeout');
    const own = [
      '        github.com/a/b: example.com/m@v1.0.0: verifying go.mod: reading https://sum.golang.org/lookup/example.com/m@v1.0.0: 404 Not Found',
      '        server response:',
      '        not found: example.com/m@v1.0.0: invalid version: unknown revision v1.0.0',
    ].join('\n');
    assert.equal(normaliseLog(own).split('\n').length, 3);
  });

  test('a full stop that ends a sentence still ends the line', () => {
    const s =
      'dial tcp 1.2.3.4:443: connectex: No connection could be made because the target machine actively refused it.';
    assert.deepEqual(
      normaliseLog(`${s}\nConfirm the import path was entered correctly.`).split('\n').length,
      2,
    );
  });

  test('hard-wrapped lines are re-joined', () => {
    const wrapped =
      'go: example.com/m@v1.0.0: Get "https://proxy.golang.org/example.com/m/@v/v1.0.0.mod": dial tc\np 1.2.3.4:443: i/o timeout';
    assert.equal(explainText(wrapped)[0].category, 'timeout');
    assert.ok(normaliseLog(wrapped).includes('dial tcp 1.2.3.4:443'));
  });

  test('Windows CRLF', () => {
    assert.equal(normaliseLog('a\r\nb\rc'), 'a\nb\nc');
  });
});

describe('splitMessages', () => {
  test('a go: line and its tab-indented continuation lines, one message per failure', () => {
    const text = [
      'go: downloading example.com/a v1.0.0',
      'go: example.com/a@v1.0.0 requires',
      '\texample.com/b@v1.0.0: reading https://p.test/example.com/b/@v/v1.0.0.mod: 404 Not Found',
      '\tserver response: not found',
      'make: *** [Makefile:8: build] Error 1',
    ].join('\n');
    const msgs = splitMessages(text);
    assert.equal(msgs.length, 3);
    assert.equal(msgs[1].split('\n').length, 3);
  });

  test('a checksum mismatch block keeps its SECURITY ERROR paragraphs', () => {
    const text =
      "verifying example.com/hello@v1.0.0: checksum mismatch\n\tdownloaded: h1:a=\n\tgo.sum:     h1:b=\n\nSECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.\nThe bits may have been replaced on the origin server, or an attacker may\nhave intercepted the download attempt.\n\nFor more information, see 'go help module-auth'.";
    const msgs = splitMessages(normaliseLog(text));
    assert.equal(msgs.length, 1);
    assert.match(msgs[0], /SECURITY ERROR/);
    assert.match(msgs[0], /go help module-auth/);
  });
});

describe('extractJsonErrors', () => {
  test('go mod download -json objects (HTML-escaped, concatenated)', () => {
    const out = [
      '{',
      '\t"Path": "example.com/hello",',
      '\t"Version": "v1.0.0",',
      '\t"Error": "example.com/hello@v1.0.0 requires go \\u003e= 1.999 (running go 1.23.5; GOTOOLCHAIN=local)",',
      '\t"Info": "/x/v1.0.0.info"',
      '}',
      '{',
      '\t"Path": "example.com/other",',
      '\t"Version": "latest",',
      '\t"Error": "module example.com/other: reading https://p.test/example.com/other/@v/list: 404 Not Found\\n\\tserver response: not found"',
      '}',
    ].join('\n');
    const errs = extractJsonErrors(out);
    assert.deepEqual(
      errs.map((e) => [e.path, e.version]),
      [
        ['example.com/hello', 'v1.0.0'],
        ['example.com/other', 'latest'],
      ],
    );
    assert.match(errs[0].error, /requires go >= 1\.999/);
    const cats = explainText(out).map((f) => f.category);
    assert.deepEqual(cats, ['toolchain', 'not-found']);
  });

  test('unterminated strings do not throw and do not loop', () => {
    assert.deepEqual(extractJsonErrors('"Error": "abc\n"Path": "x'), []);
  });
});

describe('paste decorations (Markdown, HTML) around go text', () => {
  test('Markdown emphasis, inline code and code fences are removed; paths with underscores are kept', () => {
    assert.equal(
      stripPasteMarkup('reading https://p.test/m/@v/v1.zip: **403 Forbidden**'),
      'reading https://p.test/m/@v/v1.zip: 403 Forbidden',
    );
    assert.equal(stripPasteMarkup('go: __module lookup disabled__ here'), 'go: module lookup disabled here');
    assert.equal(stripPasteMarkup('`go: x@v1: invalid version`'), 'go: x@v1: invalid version');
    assert.equal(stripPasteMarkup('```console'), '');
    assert.equal(stripPasteMarkup('~~~'), '');
    assert.equal(
      stripPasteMarkup('open /src/__pycache__/x: permission denied'),
      'open /src/__pycache__/x: permission denied',
    );
    // An unpaired marker is not emphasis.
    assert.equal(stripPasteMarkup('GOPRIVATE=**.corp.test'), 'GOPRIVATE=**.corp.test');
  });

  test('list bullets and numbers at the start of a line are removed, flags are not', () => {
    assert.equal(stripPasteMarkup('- go: x@v1: 404'), 'go: x@v1: 404');
    assert.equal(stripPasteMarkup('  * go: x'), 'go: x');
    assert.equal(stripPasteMarkup('2. go: x'), 'go: x');
    assert.equal(stripPasteMarkup('-mod=vendor'), '-mod=vendor');
    assert.equal(stripPasteMarkup('-> unzip /x.zip: bad'), '-> unzip /x.zip: bad');
  });

  test('HTML entities are decoded (named, decimal, hex); unknown ones are kept', () => {
    assert.equal(
      stripPasteMarkup(
        'Get &quot;https://p.test/x&quot;: dial tcp: lookup p.test: no such host &#39;x&#39; &#x27;y&#x27; &gt; &lt; &amp;',
      ),
      `Get "https://p.test/x": dial tcp: lookup p.test: no such host 'x' 'y' > < &`,
    );
    assert.equal(stripPasteMarkup('a &copy; b &#0; c'), 'a &copy; b &#0; c');
  });

  test("HTML tags of a closed list are removed, go's <nil> is kept; typographic quotes and spaces become plain", () => {
    assert.equal(
      stripPasteMarkup('<pre><code>go: x@v1: 404 Not Found</code></pre><br/>'),
      'go: x@v1: 404 Not Found',
    );
    assert.equal(stripPasteMarkup('Get "https://p.test/": <nil>'), 'Get "https://p.test/": <nil>');
    assert.equal(
      stripPasteMarkup(
        'Get \u201Chttps://p.test/x\u201D:\u00A0dial tcp: lookup p.test:\u202Fno such\u200B host \u2018x\u2019',
      ),
      `Get "https://p.test/x": dial tcp: lookup p.test: no such host 'x'`,
    );
    // Text in other scripts is left alone.
    assert.equal(
      stripPasteMarkup('由于目标计算机积极拒绝，无法连接。'),
      '由于目标计算机积极拒绝，无法连接。',
    );
  });

  test('a decorated paste is classified like the plain message', () => {
    const log =
      '> - `go: example.com/m@v1.0.0: reading https://proxy.golang.org/example.com/m/@v/v1.0.0.zip: **404 Not Found**`';
    assert.equal(
      normaliseLog(log),
      'go: example.com/m@v1.0.0: reading https://proxy.golang.org/example.com/m/@v/v1.0.0.zip: 404 Not Found',
    );
    assert.equal(explainText(log)[0].ruleId, 'http-not-found');
  });
});
