/**
 * "Why the terminal works": a real login shell (bash -l) whose profile sets GOPROXY, GOPRIVATE and HTTPS_PROXY
 * and puts the real go on PATH, against the editor's environment. Only differences that change downloads are
 * listed, with where the editor's value came from; a shell without go says so instead of inventing a
 * difference.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildEnv } from '../../src/core/env/buildEnv.ts';
import { readEffectiveGoEnv } from '../../src/core/env/effective.ts';
import { compareWithLoginShell } from '../../src/core/terminal/compare.ts';
import { defaultToolchain, sandbox } from '../helpers/go.ts';

describe('editor environment against the login shell', () => {
  test('the profile’s GOPROXY, GOPRIVATE and HTTPS_PROXY differ; shared values are not listed', async () => {
    const tc = defaultToolchain();
    const sb = sandbox(tc, { SHELL: '/bin/bash', USER: 'gmd' });
    try {
      const goDir = tc.bin.slice(0, tc.bin.lastIndexOf('/'));
      writeFileSync(
        join(sb.home, '.profile'),
        [
          `export PATH="${goDir}:$PATH"`,
          'export GOPROXY=https://goproxy.terminal.example,direct',
          'export GOPRIVATE=git.corp.example',
          'export HTTPS_PROXY=http://user:proxy-secret@proxy.terminal.example:3128',
          `export GOENV=${sb.env.GOENV} GOMODCACHE=${sb.env.GOMODCACHE} GOFLAGS=-modcacherw GOTOOLCHAIN=local GOSUMDB=off`,
          '',
        ].join('\n'),
      );
      const built = buildEnv({ processEnv: sb.env, toolsEnvVars: { GOPROXY: 'https://tools.example' } });
      const eff = await readEffectiveGoEnv(tc.bin, built.env);
      const r = await compareWithLoginShell({
        env: built.env,
        sources: built.sources,
        effective: eff.values,
        goBin: tc.bin,
      });
      assert.equal(r.ok, true, r.error);
      assert.equal(r.goTerminal, tc.bin);
      const byName = new Map(r.differences.map((d) => [d.name, d]));
      assert.deepEqual(byName.get('GOPROXY'), {
        name: 'GOPROXY',
        editor: 'https://tools.example',
        editorSource: 'vscode-go',
        terminal: 'https://goproxy.terminal.example,direct',
      });
      assert.equal(byName.get('GOPRIVATE')?.terminal, 'git.corp.example');
      assert.equal(byName.get('HTTPS_PROXY')?.terminal, 'http://user:xxxxx@proxy.terminal.example:3128');
      assert.doesNotMatch(JSON.stringify(r), /proxy-secret/);
      for (const same of ['GOSUMDB', 'GOFLAGS', 'GOTOOLCHAIN', 'GOMODCACHE', 'GOVERSION'])
        assert.ok(!byName.has(same), same);
    } finally {
      sb.cleanup();
    }
  });

  test('a login shell without go on PATH is reported, with no differences', async () => {
    const tc = defaultToolchain();
    const sb = sandbox(tc, { SHELL: '/bin/bash' });
    try {
      const built = buildEnv({ processEnv: sb.env });
      const r = await compareWithLoginShell({
        env: built.env,
        sources: built.sources,
        effective: {},
        goBin: tc.bin,
      });
      assert.equal(r.ok, false);
      assert.deepEqual(r.differences, []);
      assert.ok((r.error ?? '') !== '');
    } finally {
      sb.cleanup();
    }
  });
});
