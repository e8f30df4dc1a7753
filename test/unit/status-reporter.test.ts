import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StatusParams } from '../../src/shared/protocol.ts';
import { StatusReporter, type StatusSource } from '../../src/server/status.ts';

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A source whose counts the test changes, and a reporter that records what it sends. */
function reporter(everyMs: number) {
  const state = { checking: 0, problems: 0, waiting: [] as { host: string; module: string }[] };
  const src: StatusSource = {
    enabled: () => true,
    goMissing: () => false,
    checking: () => state.checking,
    roots: () => 10,
    vendored: () => 0,
    problems: () => state.problems,
    waiting: () =>
      state.waiting.map((w) => ({
        since: Date.now(),
        diagnostic: {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          message: '',
          data: { root: '/r', finding: { host: w.host, module: w.module } },
        },
      })),
  };
  const sent: StatusParams[] = [];
  return { state, sent, status: new StatusReporter((p) => sent.push(p), src, everyMs) };
}

test('while checks run, a status that changes only in its counts waits for the interval and then says the latest', async () => {
  const { state, sent, status } = reporter(80);
  state.checking = 10;
  status.update();
  await turn();
  assert.deepEqual(
    sent.map((p) => [p.state, p.checking]),
    [['running', 10]],
    'the first running status goes at once',
  );
  for (let i = 9; i >= 2; i--) {
    state.checking = i;
    state.problems = 10 - i;
    status.update();
    await turn();
  }
  assert.equal(sent.length, 1, 'count changes within the interval are held back');
  await sleep(120);
  assert.deepEqual(
    sent.map((p) => [p.state, p.checking, p.failures]),
    [
      ['running', 10, 0],
      ['running', 2, 8],
    ],
    'after the interval, the latest counts without a further update',
  );
});

test('the idle status at the end and a new wait of go are sent at once, within the interval', async () => {
  const { state, sent, status } = reporter(10_000);
  state.checking = 3;
  status.update();
  await turn();
  state.waiting = [{ host: '127.0.0.1:9', module: 'example.test/hung' }];
  status.update();
  await turn();
  assert.deepEqual(
    sent.map((p) => p.waiting?.map((w) => w.module)),
    [[], ['example.test/hung']],
    'what go waits for is news',
  );
  state.waiting = [];
  state.checking = 1;
  status.update();
  await turn();
  assert.equal(sent.length, 3, 'the wait ended: news too');
  state.checking = 0;
  state.problems = 4;
  status.update();
  await turn();
  assert.deepEqual(
    sent.map((p) => p.state),
    ['running', 'running', 'running', 'idle'],
  );
  assert.equal(sent.at(-1)!.failures, 4);
  status.update();
  await turn();
  assert.equal(sent.length, 4, 'an unchanged status is not sent again');
});
