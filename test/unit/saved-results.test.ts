/**
 * Results kept between processes (src/core/download/saved.ts): a result comes back only while every entry it read
 * has the same stamp and every failure it holds was tried again with the same words; the file keeps no error
 * text of go's, is private to the user, and a file that cannot be used is ignored, never an error.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ModDownloadJson } from '../../src/core/download/jsonStream.ts';
import { graphNodes } from '../../src/core/download/graph.ts';
import { failureHash, SavedResults, type StampOf } from '../../src/core/download/saved.ts';
import type { BatchHang, CheckResult } from '../../src/core/download/types.ts';
import type { RunResult } from '../../src/core/run/runner.ts';

const base = mkdtempSync(join(tmpdir(), 'gmd-saved-'));
after(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const fileOf = (): string => join(base, `d${n++}`, 'results.json');

const ERROR =
  'example.test/missing@v0.0.1: reading http://127.0.0.1:1/example.test/missing/@v/v0.0.1.info: 404';

function result(): CheckResult {
  return {
    findings: [
      {
        category: 'not-found',
        stage: 'proxy',
        ruleId: 'proxy-404',
        summary: 'not there',
        evidence: ['404 Not Found'],
        fixes: [],
        file: '/w/go.mod',
        range: { start: { line: 4, character: 1 }, end: { line: 4, character: 30 } },
      },
    ],
    modules: [
      { path: 'example.test/a', version: 'v1.0.0', status: 'cached' },
      { path: 'example.test/missing', version: 'v0.0.1', status: 'failed' },
    ],
    runs: [{ command: ['go'] } as RunResult],
    fromCache: false,
  };
}

const read = new Map([['example.test/a', 'v1.0.0']]);
const stamps =
  (a: string): StampOf =>
  (p) =>
    p === 'example.test/a' ? a : undefined;
const failed = (error: string): Map<string, ModDownloadJson | BatchHang> =>
  new Map([
    ['example.test/missing@v0.0.1', { Path: 'example.test/missing', Version: 'v0.0.1', Error: error }],
  ]);

function saved(file: string, stamp = 's1', error = ERROR): void {
  const s = new SavedResults(file, 'en');
  s.record('k', result(), read, stamps(stamp), failed(error));
  s.save();
}

test('a saved result comes back in a new instance while its entries and failures are unchanged', () => {
  const file = fileOf();
  saved(file);
  const got = new SavedResults(file, 'en').lookup('k', stamps('s1'), failed(ERROR));
  const { runs: _r, ...want } = result();
  assert.deepEqual(got, { ...want, runs: [] });
  assert.equal(new SavedResults(file, 'en').lookup('other key', stamps('s1'), failed(ERROR)), undefined);
});

test('a changed stamp of an entry it read, or a failure with other words or none, gives no result', () => {
  const file = fileOf();
  saved(file);
  const s = new SavedResults(file, 'en');
  assert.equal(s.lookup('k', stamps('s2'), failed(ERROR)), undefined, 'entry changed');
  assert.equal(s.lookup('k', stamps('s1'), failed(ERROR + ' (again)')), undefined, 'other words');
  assert.equal(s.lookup('k', stamps('s1'), new Map()), undefined, 'the module downloads now');
  assert.equal(s.lookup('k', stamps('s1')), undefined, 'no batch tried it again');
  const hang = new Map([['example.test/missing@v0.0.1', { hang: {} as RunResult }]]);
  assert.equal(s.lookup('k', stamps('s1'), hang), undefined, 'it hangs now');
  assert.ok(s.lookup('k', stamps('s1'), failed(ERROR)), 'unchanged');
});

test('a failure the batch did not give in words (a hang, or no batch) is not saved', () => {
  const file = fileOf();
  const s = new SavedResults(file, 'en');
  s.record(
    'k',
    result(),
    read,
    stamps('s1'),
    new Map([['example.test/missing@v0.0.1', { hang: {} as RunResult }]]),
  );
  s.record('k2', result(), read, stamps('s1'));
  s.save();
  assert.throws(() => statSync(file), /ENOENT/, 'nothing to write');
});

test('the file is private, and holds no error text of go: only its hash', () => {
  const file = fileOf();
  saved(file);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(join(file, '..')).mode & 0o777, 0o700);
  const text = readFileSync(file, 'utf8');
  assert.ok(!text.includes('127.0.0.1'), text);
  assert.ok(!text.includes('reading http'), text);
});

test('a file of another locale or format, or one that does not parse, is ignored and replaced', () => {
  const file = fileOf();
  saved(file);
  assert.equal(new SavedResults(file, 'zh-cn').lookup('k', stamps('s1'), failed(ERROR)), undefined, 'locale');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { format: number };
  writeFileSync(file, JSON.stringify({ ...data, format: data.format + 1 }));
  assert.equal(new SavedResults(file, 'en').lookup('k', stamps('s1'), failed(ERROR)), undefined, 'format');
  for (const broken of ['{"format": 1, "locale": "en", "entries": {"k": 3}}', '{not json', '']) {
    writeFileSync(file, broken);
    const s = new SavedResults(file, 'en');
    assert.equal(s.lookup('k', stamps('s1'), failed(ERROR)), undefined, broken);
    s.record('k', result(), read, stamps('s1'), failed(ERROR));
    s.save();
    assert.ok(new SavedResults(file, 'en').lookup('k', stamps('s1'), failed(ERROR)), `replaced: ${broken}`);
  }
});

test('nothing is written when nothing was recorded', () => {
  const file = fileOf();
  const s = new SavedResults(file, 'en');
  assert.equal(s.lookup('k', stamps('s1')), undefined);
  s.save();
  assert.throws(() => statSync(file), /ENOENT/);
});

test('the file keeps the results used most recently within its size; the others go', () => {
  const file = fileOf();
  const one = JSON.stringify(result()).length + 64 * 2 + 1;
  const s = new SavedResults(file, 'en', 3 * one + 50);
  for (const k of ['k1', 'k2', 'k3']) s.record(k, result(), read, stamps('s1'), failed(ERROR));
  assert.ok(s.lookup('k1', stamps('s1'), failed(ERROR)), 'k1 used again: the newest now');
  s.record('k4', result(), read, stamps('s1'), failed(ERROR));
  s.save();
  const again = new SavedResults(file, 'en');
  const kept = ['k1', 'k2', 'k3', 'k4'].filter((k) => again.lookup(k, stamps('s1'), failed(ERROR)));
  assert.deepEqual(kept, ['k1', 'k3', 'k4']);
});

test("go mod graph's nodes: every module@version it prints, the bare main module and nothing else left out", () => {
  const out = [
    'example.test/app example.test/top@v1.0.0',
    'example.test/app go@1.21',
    'example.test/top@v1.0.0 example.test/dep@v1.2.3-pre+incompatible',
    '',
  ].join('\n');
  assert.deepEqual(graphNodes(out), [
    { path: 'example.test/top', version: 'v1.0.0' },
    { path: 'go', version: '1.21' },
    { path: 'example.test/top', version: 'v1.0.0' },
    { path: 'example.test/dep', version: 'v1.2.3-pre+incompatible' },
  ]);
});

test('each saved failure keeps the module its change-version fix offers versions of, or none', () => {
  const file = fileOf();
  const s = new SavedResults(file, 'en');
  const offering = result();
  offering.findings[0] = {
    ...offering.findings[0],
    module: 'example.test/missing',
    fixes: ['change-version'],
  };
  s.record('offers', offering, read, stamps('s1'), failed(ERROR));
  s.record('none', result(), read, stamps('s1'), failed(ERROR));
  s.save();
  const again = new SavedResults(file, 'en');
  const hash = failureHash(failed(ERROR), 'example.test/missing@v0.0.1');
  assert.ok(hash);
  assert.deepEqual(again.failuresOf('offers'), [
    ['example.test/missing@v0.0.1', hash, 'example.test/missing'],
  ]);
  assert.deepEqual(again.failuresOf('none'), [['example.test/missing@v0.0.1', hash, '']]);
  assert.deepEqual(again.failuresOf('no such key'), []);
});
