/**
 * Logs built to make backtracking regular expressions slow: long runs of what a pattern waits for without the
 * terminator it needs. The classifier must read them in linear time; the test (test/unit/classify-adversarial.
 * test.ts) checks what it finds in them, the benchmark (bench/micro.ts) how long it takes.
 */

/** `size` characters of adversarial lines, with one real go error among them. */
export function adversarialLog(size: number): string {
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

/** One line of 1 MB without a newline: a URL that never ends. */
export function adversarialLine(): string {
  return 'go: a.test/m@v1.0.0: Get "' + 'https://x/'.repeat(100_000);
}
