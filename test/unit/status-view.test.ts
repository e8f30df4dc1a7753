/**
 * The language status item's words for each status notification: busy only while a check runs, what go waits
 * for during a hang, a summary when idle (problems, module roots, vendored roots).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusView } from '../../src/client/statusView.ts';
import type { StatusParams } from '../../src/shared/protocol.ts';

const base: StatusParams = { state: 'idle', failures: 0, roots: 3, detail: 'from the server' };

test('idle: not busy, a summary of problems and roots, Re-check as the link', () => {
  const ok = statusView(base);
  assert.equal(ok.busy, false);
  assert.equal(ok.text, 'Go Module Doctor: OK');
  assert.equal(ok.detail, '3 module roots');
  assert.equal(ok.severity, 'information');
  assert.equal(ok.command, 'recheck');
  const bad = statusView({ ...base, failures: 2, roots: 1, vendoredRoots: 1 });
  assert.equal(bad.busy, false);
  assert.equal(bad.text, 'Go Module Doctor: 2 problems');
  assert.equal(bad.detail, '1 module root · 1 builds from vendor/');
  assert.equal(bad.severity, 'warning');
  assert.equal(statusView({ ...base, failures: 1 }).text, 'Go Module Doctor: 1 problem');
  assert.equal(statusView({ ...base, vendoredRoots: 4 }).detail, '3 module roots · 4 build from vendor/');
});

test('running: busy; during a hang it names what go waits for, longest first', () => {
  const running = statusView({ ...base, state: 'running', checking: 2 });
  assert.equal(running.busy, true);
  assert.equal(running.text, 'Go Module Doctor: checking…');
  assert.equal(running.detail, 'Checking 2 of 3 module roots.');
  assert.equal(running.command, 'stop', 'the link stops the checks while they run');
  const hang = statusView({
    ...base,
    state: 'running',
    waiting: [
      { host: 'proxy.example:8080', seconds: 12.4 },
      { host: '127.0.0.1:9', seconds: 31.6, module: 'example.test/lib' },
    ],
  });
  assert.equal(hang.busy, true);
  assert.equal(hang.severity, 'warning');
  assert.equal(hang.text, 'Go Module Doctor: waiting 32 s for an answer');
  assert.equal(
    hang.detail,
    'go is waiting for: 127.0.0.1:9 (32 s, for example.test/lib); proxy.example:8080 (12 s)',
  );
});

test('no go, disabled: not busy; no go is an error', () => {
  const noGo = statusView({ ...base, state: 'no-go', detail: 'go is missing' });
  assert.deepEqual(
    [noGo.busy, noGo.severity, noGo.text, noGo.detail],
    [false, 'error', 'Go Module Doctor: go not found', 'go is missing'],
  );
  const off = statusView({ ...base, state: 'disabled' });
  assert.deepEqual([off.busy, off.text], [false, 'Go Module Doctor: disabled']);
});
