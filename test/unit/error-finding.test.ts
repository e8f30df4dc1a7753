/**
 * A module's error in `go mod download -json`, classified once per reported object (errorFinding.ts): the
 * finding is the classifier's own for it, and every caller gets a copy it may change.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from '../../src/core/classify/index.ts';
import {
  BATCH_FAILURE_EXIT,
  classifyBatchFailures,
  downloadErrorFinding,
} from '../../src/core/download/errorFinding.ts';
import type { ModDownloadJson } from '../../src/core/download/jsonStream.ts';

const notFound = (i: number): ModDownloadJson => ({
  Path: `example.test/missing/r${i}`,
  Version: 'v0.0.1',
  Error: `example.test/missing/r${i}@v0.0.1: reading https://proxy.example.test/example.test/missing/r${i}/@v/v0.0.1.info: 404 Not Found\n\tserver response: not found: example.test/missing/r${i}@v0.0.1: invalid version: unknown revision v0.0.1`,
});

test("the finding is the classifier's for the same error, exit code and go version", () => {
  const o = notFound(1);
  const direct = classify({
    jsonErrors: [{ path: o.Path, version: o.Version, error: o.Error! }],
    exitCode: 1,
    goVersion: '1.27.0',
  })[0];
  assert.ok(direct);
  assert.deepEqual(downloadErrorFinding(o, 1, '1.27.0'), direct);
  // Asked again (the memo), and for another go version: still the classifier's answer.
  assert.deepEqual(downloadErrorFinding(o, 1, '1.27.0'), direct);
  const older = classify({
    jsonErrors: [{ path: o.Path, version: o.Version, error: o.Error! }],
    exitCode: 1,
    goVersion: '1.19.0',
  })[0];
  assert.deepEqual(downloadErrorFinding(o, 1, '1.19.0'), older);
});

test('each caller gets a copy: changing one finding changes no other', () => {
  const o = notFound(2);
  const a = downloadErrorFinding(o, 1, '1.27.0')!;
  const fixes = [...a.fixes];
  a.fixes.length = 0;
  a.summary = 'changed';
  const b = downloadErrorFinding(o, 1, '1.27.0')!;
  assert.notEqual(b.summary, 'changed');
  assert.ok(fixes.length > 0);
  assert.deepEqual(b.fixes, fixes);
});

test('a module without an error has no finding', () => {
  assert.equal(downloadErrorFinding({ Path: 'example.test/ok', Version: 'v1.0.0' }, 1, '1.27.0'), undefined);
});

test("a batch's failures classified together up front give each root the classifier's own finding", () => {
  const objs = [notFound(3), notFound(4), { Path: 'example.test/ok', Version: 'v1.0.0' }];
  classifyBatchFailures(objs, '1.27.0');
  for (const o of objs.slice(0, 2)) {
    const direct = classify({
      jsonErrors: [{ path: o.Path, version: o.Version, error: o.Error! }],
      exitCode: BATCH_FAILURE_EXIT,
      goVersion: '1.27.0',
    })[0];
    assert.deepEqual(downloadErrorFinding(o, BATCH_FAILURE_EXIT, '1.27.0'), direct);
  }
  assert.equal(downloadErrorFinding(objs[2], BATCH_FAILURE_EXIT, '1.27.0'), undefined);
});
