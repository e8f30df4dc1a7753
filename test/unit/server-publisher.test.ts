import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { PlacedFinding } from '../../src/server/diagnostics.ts';
import { toDiagnostic } from '../../src/server/diagnostics.ts';
import { Publisher } from '../../src/server/publisher.ts';
import { statusOf, type StatusSource } from '../../src/server/status.ts';

const URI_A = 'file:///ws/a/go.mod';

function finding(line: number, module: string, extra: Partial<PlacedFinding> = {}): PlacedFinding {
  return {
    category: 'not-found',
    stage: 'http',
    ruleId: 'http-not-found',
    summary: `${module} was not found`,
    evidence: [],
    fixes: [],
    module,
    version: 'v1.9.0',
    file: '/ws/a/go.mod',
    range: { start: { line, character: 1 }, end: { line, character: 20 } },
    ...extra,
  };
}

function recorder(): { sent: Map<string, Diagnostic[]>; count: () => number; publisher: Publisher } {
  const sent = new Map<string, Diagnostic[]>();
  let n = 0;
  const publisher = new Publisher(
    (uri, d) => {
      n++;
      sent.set(uri, d);
    },
    () => [],
  );
  return { sent, count: () => n, publisher };
}

test('the same cause from two roots is published once and counted once', () => {
  const { sent, publisher } = recorder();
  const d = toDiagnostic(finding(5, 'example.test/lib'), '/ws/a');
  publisher.setFinal('/ws/a/go.mod', new Map([[URI_A, [d]]]));
  publisher.setFinal(
    '/ws/go.work',
    new Map([[URI_A, [toDiagnostic(finding(5, 'example.test/lib'), '/ws')]]]),
  );
  assert.equal(sent.get(URI_A)?.length, 1);
  assert.equal(publisher.problems(), 1);
  // Two causes on one line (two failing dependencies behind one require) stay two.
  publisher.setFinal(
    '/ws/go.work',
    new Map([[URI_A, [toDiagnostic(finding(5, 'example.test/dep', { chain: ['a', 'b'] }), '/ws')]]]),
  );
  assert.equal(sent.get(URI_A)?.length, 2);
  assert.equal(publisher.problems(), 2);
  publisher.clear('/ws/go.work');
  assert.equal(sent.get(URI_A)?.length, 1, 'a cleared root takes only its own diagnostics away');
  publisher.clear('/ws/a/go.mod');
  assert.deepEqual(sent.get(URI_A), [], 'the file is told it is clean');
  assert.equal(publisher.problems(), 0);
});

test('a replacement reported twice in the same words on one line is one diagnostic', () => {
  const { sent, publisher } = recorder();
  const first = toDiagnostic(finding(6, 'example.test/hello', { version: 'v1.9.9' }), '/ws/a');
  const second = toDiagnostic(finding(6, 'example.test/hello', { version: 'v1.0.0' }), '/ws/a');
  publisher.setFinal('/ws/a/go.mod', new Map([[URI_A, [first, second]]]));
  assert.equal(sent.get(URI_A)?.length, 1);
});

test('provisional warnings merge with the final diagnostics, are not problems, and the result replaces them', () => {
  const { sent, publisher } = recorder();
  publisher.setFinal(
    '/ws/a/go.mod',
    new Map([[URI_A, [toDiagnostic(finding(5, 'example.test/lib'), '/ws/a')]]]),
  );
  const hung = finding(6, 'example.test/hung', {
    category: 'timeout',
    provisional: true,
    waitedMs: 12_400,
    host: '127.0.0.1:9',
  });
  publisher.setProvisional('/ws/a/go.mod', new Map([[URI_A, [toDiagnostic(hung, '/ws/a')]]]));
  const shown = sent.get(URI_A)!;
  assert.deepEqual(
    shown.map((d) => [d.range.start.line, d.severity]),
    [
      [5, 1],
      [6, 2],
    ],
  );
  assert.equal(publisher.problems(), 1, 'a provisional warning is not a problem yet');
  const src: StatusSource = {
    enabled: () => true,
    goMissing: () => false,
    checking: () => 1,
    roots: () => 1,
    vendored: () => 0,
    problems: () => publisher.problems(),
    waiting: () => publisher.waiting(),
  };
  const running = statusOf(src);
  assert.equal(running.state, 'running');
  assert.deepEqual(running.waiting, [{ host: '127.0.0.1:9', seconds: 12, module: 'example.test/hung' }]);
  assert.match(running.detail, /127\.0\.0\.1:9/);
  publisher.setFinal(
    '/ws/a/go.mod',
    new Map([[URI_A, [toDiagnostic(finding(5, 'example.test/lib'), '/ws/a')]]]),
  );
  assert.deepEqual(
    sent.get(URI_A)!.map((d) => d.range.start.line),
    [5],
  );
  assert.deepEqual(publisher.waiting(), []);
  const done = statusOf({ ...src, checking: () => 0, vendored: () => 2 });
  assert.equal(done.state, 'idle');
  assert.equal(done.failures, 1);
  assert.equal(done.vendoredRoots, 2);
  assert.deepEqual(done.waiting, []);
  assert.match(done.detail, /2 of them build from vendor/);
});

test('the status is disabled, no-go, running or idle, in that order of precedence', () => {
  const base: StatusSource = {
    enabled: () => true,
    goMissing: () => false,
    checking: () => 0,
    roots: () => 3,
    vendored: () => 0,
    problems: () => 0,
    waiting: () => [],
  };
  assert.equal(statusOf(base).state, 'idle');
  assert.equal(statusOf(base).detail, 'All modules can be downloaded.');
  assert.equal(statusOf({ ...base, checking: () => 2 }).state, 'running');
  assert.equal(statusOf({ ...base, checking: () => 2 }).detail, 'Checking 2 of 3 module roots…');
  assert.equal(statusOf({ ...base, checking: () => 2, goMissing: () => true }).state, 'no-go');
  assert.equal(statusOf({ ...base, goMissing: () => true, enabled: () => false }).state, 'disabled');
});
