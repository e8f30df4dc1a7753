/**
 * The wait watcher on go's `-x` trace with a hand-driven clock: a request reported only once it has waited
 * noticeMs, lines split across chunks, an answer withdrawing the report at once with one empty list, a run that
 * ends reporting nothing more; and the provisional finding's fixes (GOPRIVATE only when not private already).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitingFinding, WaitWatcher, type WaitingRequest } from '../../src/core/download/waiting.ts';
import { requestOperation } from '../../src/core/download/trace.ts';

const URL1 = 'https://proxy.test/example.test/a/@v/v1.0.0.info';
const URL2 = 'https://proxy.test/example.test/b/@v/v1.0.0.info';

function watcher(): { w: WaitWatcher; reports: WaitingRequest[][]; clock: { now: number } } {
  const clock = { now: 0 };
  const reports: WaitingRequest[][] = [];
  const w = new WaitWatcher({
    noticeMs: 10_000,
    tickMs: 60_000,
    report: (r) => reports.push(r),
    now: () => clock.now,
  });
  return { w, reports, clock };
}

test('a request is reported once it has waited noticeMs, with the time it waited, longest first', () => {
  const { w, reports, clock } = watcher();
  const run = w.startRun();
  run.onStderr(Buffer.from(`# get ${URL1}\n# get ${URL2.slice(0, 20)}`));
  clock.now = 2000;
  run.onStderr(Buffer.from(`${URL2.slice(20)}\n`));
  clock.now = 9999;
  w.tick();
  assert.equal(reports.length, 0);
  clock.now = 12_500;
  w.tick();
  assert.equal(reports.length, 1);
  assert.deepEqual(
    reports[0].map((r) => [r.op.module, r.waitedMs]),
    [
      ['example.test/a', 12_500],
      ['example.test/b', 10_500],
    ],
  );
  w.dispose();
});

test('an answer withdraws the report at once, with one empty list; nothing more after that', () => {
  const { w, reports, clock } = watcher();
  const run = w.startRun();
  run.onStderr(Buffer.from(`# get ${URL1}\n`));
  clock.now = 11_000;
  w.tick();
  run.onStderr(Buffer.from(`# get ${URL1}: 200 OK (11.000s)\n`));
  assert.deepEqual(
    reports.map((r) => r.length),
    [1, 0],
  );
  w.tick();
  assert.equal(reports.length, 2);
  w.dispose();
});

test('a run that ends (go stopped) reports nothing more: the result replaces the early word', () => {
  const { w, reports, clock } = watcher();
  const run = w.startRun();
  run.onStderr(Buffer.from(`# get ${URL1}\n`));
  clock.now = 11_000;
  w.tick();
  run.end();
  w.dispose();
  assert.deepEqual(
    reports.map((r) => r.length),
    [1],
  );
});

test('the provisional finding: host, waited seconds, fixes that apply now', () => {
  const op = requestOperation(URL1);
  const f = waitingFinding({ op, waitedMs: 12_345 }, {});
  assert.equal(f.category, 'timeout');
  assert.equal(f.host, 'proxy.test');
  assert.equal(f.module, 'example.test/a');
  assert.match(f.summary, /waiting 12 s for an answer from proxy\.test/);
  assert.deepEqual(f.fixes, ['set-goproxy', 'check-network', 'set-goprivate']);
  assert.deepEqual(waitingFinding({ op, waitedMs: 1 }, { GOPRIVATE: 'example.test' }).fixes, [
    'set-goproxy',
    'check-network',
  ]);
  const sumdb = requestOperation('https://sum.test/lookup/example.test/a@v1.0.0');
  assert.deepEqual(waitingFinding({ op: sumdb, waitedMs: 1 }, {}).fixes, [
    'set-gonosumdb',
    'check-network',
    'set-goprivate',
  ]);
});
