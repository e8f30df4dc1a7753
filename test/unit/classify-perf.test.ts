// No catastrophic backtracking: adversarial logs are classified in linear time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainText } from '../../src/core/classify/index.ts';

function adversarial(size: number): string {
  const parts = [
    ' '.repeat(5000) + 'x',
    'Get "'.repeat(2000),
    'go: a.test/m@v1.0.0: reading "unterminated ' + 'a'.repeat(3000),
    'go: ' + 'a@b: '.repeat(2000),
    '"Error": "' + 'x\\"'.repeat(3000),
    'lookup ' + 'a.'.repeat(3000) + ': ',
    'verifying ' + 'x'.repeat(4000) + ': checksum mismatch',
    '\t' + 'server response: '.repeat(500),
    'git ls-remote ' + 'in '.repeat(3000),
    'x'.repeat(100_000),
    'go: a.test/m@v1.0.0: Get "https://p.test/x": dial tcp 1.2.3.4:443: i/o timeout',
    '\x1b[31m' + '\x1b['.repeat(2000),
    '2024-01-01T00:00:00.0000000Z ' + '> '.repeat(1000) + 'go: x',
    '\\n'.repeat(3000) + 'go: ',
  ];
  let out = '';
  let i = 0;
  while (out.length < size) out += parts[i++ % parts.length] + '\n';
  return out.slice(0, size);
}

/**
 * The fastest of `runs` timings: these limits guard against regular expressions that backtrack badly (which
 * make every run slow), and other jobs on a shared machine only ever add time.
 */
function best(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[0];
}

test('1 MB adversarial log in < 200 ms, 100 KB in < 20 ms (best of 5)', () => {
  const big = adversarial(1_000_000);
  const small = adversarial(100_000);
  explainText(small); // warm up the regex engine and JIT
  let findings = 0;
  const tBig = best(() => {
    findings = explainText(big).length;
  }, 5);
  const tSmall = best(() => void explainText(small), 5);
  console.log(`1 MB: ${tBig.toFixed(1)} ms (${findings} findings), 100 KB: ${tSmall.toFixed(1)} ms`);
  assert.ok(findings >= 1);
  assert.ok(tBig < 200, `1 MB took ${tBig} ms`);
  assert.ok(tSmall < 20, `100 KB took ${tSmall} ms`);
});

test('one 1 MB line and 100k-char lines without newlines stay fast', () => {
  const line = 'go: a.test/m@v1.0.0: Get "' + 'https://x/'.repeat(100_000);
  const t = best(() => void explainText(line), 3);
  console.log(`single 1 MB line: ${t.toFixed(1)} ms`);
  assert.ok(t < 200, `${t} ms`);
});
