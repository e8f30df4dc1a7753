import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Scheduler } from '../../src/server/scheduler.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('requests within the debounce window start one run', async () => {
  const runs: string[] = [];
  const s = new Scheduler({ debounceMs: 20, concurrency: 2, run: async (root) => void runs.push(root) });
  for (let i = 0; i < 10; i++) s.request('/a');
  await s.idle();
  assert.deepEqual(runs, ['/a']);
});

test('a request during a run cancels it and queues exactly one rerun', async () => {
  const gate = deferred();
  const signals: AbortSignal[] = [];
  let calls = 0;
  const s = new Scheduler({
    debounceMs: 1,
    concurrency: 1,
    run: async (_root, signal) => {
      calls++;
      signals.push(signal);
      if (calls === 1) await gate.promise;
    },
  });
  s.request('/a');
  while (calls === 0) await new Promise((r) => setTimeout(r, 1));
  s.request('/a', { delayMs: 0 });
  s.request('/a', { delayMs: 0 });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(signals[0].aborted, true, 'the superseded run is cancelled');
  gate.resolve();
  await s.idle();
  assert.equal(calls, 2, 'one run plus one queued rerun');
  assert.equal(signals[1].aborted, false);
});

test('roots are independent: a change to one root runs only that root', async () => {
  const runs: string[] = [];
  const s = new Scheduler({ debounceMs: 1, concurrency: 2, run: async (root) => void runs.push(root) });
  for (let i = 0; i < 30; i++) s.request(`/m${i}`);
  await s.idle();
  assert.equal(runs.length, 30);
  runs.length = 0;
  s.request('/m7');
  await s.idle();
  assert.deepEqual(runs, ['/m7']);
});

test('concurrency is bounded', async () => {
  let active = 0;
  let peak = 0;
  const s = new Scheduler({
    debounceMs: 1,
    concurrency: 2,
    run: async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    },
  });
  for (let i = 0; i < 8; i++) s.request(`/r${i}`);
  await s.idle();
  assert.equal(peak, 2);
  assert.equal(s.runsStarted, 8);
});

test('a failing run does not stop later runs', async () => {
  let calls = 0;
  const s = new Scheduler({
    debounceMs: 1,
    concurrency: 1,
    run: async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
    },
  });
  s.request('/a');
  await s.idle();
  s.request('/a');
  await s.idle();
  assert.equal(calls, 2);
});

test('setConcurrency: a larger limit starts the runs waiting for a place at once', async () => {
  const gate = deferred();
  const started: string[] = [];
  const s = new Scheduler({
    debounceMs: 1,
    concurrency: 1,
    run: async (root) => {
      started.push(root);
      await gate.promise;
    },
  });
  for (const r of ['/a', '/b', '/c']) s.request(r, { delayMs: 0 });
  while (started.length === 0) await new Promise((r) => setTimeout(r, 1));
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(started.length, 1, 'concurrency 1');
  s.setConcurrency(3);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(started.length, 3, 'the two waiting runs start');
  assert.equal(s.peakActive, 3);
  gate.resolve();
  await s.idle();
});

test('onChange reports a run after it ended, when the root is no longer running; cancelAll stops every run', async () => {
  const seen: string[][] = [];
  const signals: AbortSignal[] = [];
  const s: Scheduler = new Scheduler({
    debounceMs: 1,
    concurrency: 2,
    run: (_root, signal) => {
      signals.push(signal);
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    },
    onChange: () => seen.push(s.runningRoots()),
  });
  s.request('/a', { delayMs: 0 });
  s.request('/b', { delayMs: 0 });
  while (signals.length < 2) await new Promise((r) => setTimeout(r, 1));
  s.cancelAll();
  await s.idle();
  assert.ok(signals.every((x) => x.aborted));
  assert.deepEqual(seen[seen.length - 1], [], 'the last change sees nothing running');
  assert.equal(s.isBusy(), false);
});
