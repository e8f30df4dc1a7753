import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { RootResult } from '../../src/server/engine.ts';
import { addSettingsDiagnostics, type LintMemo } from '../../src/server/settingsLint.ts';

/** A root folder with a go.mod whose module line is line 0. */
function root(base: string, name: string): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), `module example.test/${name}\n\ngo 1.21\n`);
  return dir;
}

function findings(dir: string, result: RootResult, memo: LintMemo): [string | undefined, number][] {
  const byUri = new Map<string, Diagnostic[]>();
  addSettingsDiagnostics(dir, result, byUri, new Map(), memo);
  return [...byUri.values()].flat().map((d) => [d.code as string | undefined, d.range.start.line]);
}

test("a batch's roots sharing one environment object each get the settings findings on their own module line; another environment gets its own", () => {
  const base = mkdtempSync(join(tmpdir(), 'gmd-lintmemo-'));
  try {
    const [a, b, c] = ['a', 'b', 'c'].map((n) => root(base, n));
    const env = { GONOSUMCHECK: 'example.test', PATH: '/usr/bin', HOME: base };
    const envSources = { GONOSUMCHECK: 'settings', PATH: 'process', HOME: 'process' } as const;
    const shared: RootResult = { diagnostics: [], processes: 0, env, envSources, goBin: '/usr/bin/go' };
    const memo: LintMemo = new Map();
    assert.deepEqual(findings(a, shared, memo), [['unknown-variable', 0]]);
    // The second root with the very same objects (the batch's one prepared go), then with equal copies.
    assert.deepEqual(findings(b, { ...shared }, memo), [['unknown-variable', 0]]);
    const copy: RootResult = { ...shared, env: { ...env }, envSources: { ...envSources } };
    assert.deepEqual(findings(c, copy, memo), [['unknown-variable', 0]]);
    assert.equal(memo.size, 1, 'one environment read for the three roots');
    // Another environment in the same memo is linted on its own (not the last one's findings).
    const clean: RootResult = {
      ...shared,
      env: { PATH: '/usr/bin', HOME: base },
      envSources: { PATH: 'process', HOME: 'process' },
    };
    assert.deepEqual(findings(a, clean, memo), []);
    assert.deepEqual(findings(b, shared, memo), [['unknown-variable', 0]]);
    assert.equal(memo.size, 2);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
