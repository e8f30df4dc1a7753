import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildEnv } from '../../src/core/env/buildEnv.ts';
import { goVersionOf, parseGoEnvJson } from '../../src/core/env/effective.ts';
import { locateGoEnvFile, parseGoEnvFile, readGoEnvFile } from '../../src/core/env/goEnvFile.ts';

test('precedence: process < go env file (only where the process leaves it empty) < vscode-go < settings', () => {
  const processEnv = {
    GOPROXY: 'https://corp.example',
    GOPRIVATE: '',
    GOFLAGS: '-mod=vendor',
    PATH: '/bin',
    UNSET: undefined,
  };
  const goEnvFile = {
    GOPROXY: 'https://file.example',
    GOPRIVATE: 'corp.example/*',
    GONOSUMDB: 'x.example',
    GOSUMDB: 'off',
  };
  const toolsEnvVars = { GONOSUMDB: 'tools.example', GOSUMDB: 'sum.tools.example' };
  const settingsEnv = { GOSUMDB: 'sum.settings.example', IGNORED: null };
  const input = { processEnv, goEnvFile, toolsEnvVars, settingsEnv };
  const frozen = JSON.stringify(input);
  const { env, sources } = buildEnv(input);
  assert.equal(JSON.stringify(input), frozen, 'inputs are not modified');
  assert.equal(env.GOPROXY, 'https://corp.example');
  assert.equal(sources.GOPROXY, 'process');
  assert.equal(env.GOPRIVATE, 'corp.example/*');
  assert.equal(sources.GOPRIVATE, 'goenv-file');
  assert.equal(env.GONOSUMDB, 'tools.example');
  assert.equal(sources.GONOSUMDB, 'vscode-go');
  assert.equal(env.GOSUMDB, 'sum.settings.example');
  assert.equal(sources.GOSUMDB, 'settings');
  assert.equal(env.GOFLAGS, '-mod=vendor', 'GOFLAGS is passed as is');
  assert.ok(!('UNSET' in env) && !('IGNORED' in env));
  assert.equal(env.PATH, '/bin');
});

test('the doctor forces non-interactive git and English messages, and never adds GOPROXY=off', () => {
  const { env, sources } = buildEnv({ processEnv: { GIT_TERMINAL_PROMPT: '1', LANG: 'de_DE.UTF-8' } });
  assert.equal(env.GIT_TERMINAL_PROMPT, '0');
  assert.equal(env.GCM_INTERACTIVE, 'never');
  assert.equal(env.LC_ALL, 'C');
  assert.equal(sources.LC_ALL, 'doctor');
  assert.equal(env.LANG, 'de_DE.UTF-8');
  assert.ok(!('GOPROXY' in env));
  const withFile = buildEnv({ processEnv: {}, goEnvFile: { GOPROXY: 'off' } });
  assert.equal(withFile.env.GOPROXY, 'off', "the user's own GOPROXY=off is kept");
  assert.equal(withFile.sources.GOPROXY, 'goenv-file');
});

test("VS Code's http.proxy fills the proxy variables only when none is set", () => {
  const a = buildEnv({ processEnv: {}, httpProxy: 'http://proxy.corp:3128' });
  for (const k of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
    assert.equal(a.env[k], 'http://proxy.corp:3128');
    assert.equal(a.sources[k], 'http.proxy');
  }
  const b = buildEnv({
    processEnv: { https_proxy: 'http://mine:8080' },
    httpProxy: 'http://proxy.corp:3128',
  });
  assert.equal(b.env.https_proxy, 'http://mine:8080');
  assert.ok(!('HTTP_PROXY' in b.env));
  const c = buildEnv({ processEnv: {}, settingsEnv: { HTTPS_PROXY: 'http://s:1' }, httpProxy: 'http://p:2' });
  assert.equal(c.env.HTTPS_PROXY, 'http://s:1');
  assert.ok(!('http_proxy' in c.env));
});

test('go env file location: GOENV, off, XDG_CONFIG_HOME, ~/.config, macOS and Windows', () => {
  assert.equal(locateGoEnvFile({ GOENV: '/x/env', HOME: '/h' }, 'linux'), '/x/env');
  assert.equal(locateGoEnvFile({ GOENV: 'off', HOME: '/h' }, 'linux'), undefined);
  assert.equal(locateGoEnvFile({ XDG_CONFIG_HOME: '/xdg', HOME: '/h' }, 'linux'), '/xdg/go/env');
  assert.equal(locateGoEnvFile({ XDG_CONFIG_HOME: '', HOME: '/h' }, 'linux'), '/h/.config/go/env');
  assert.equal(locateGoEnvFile({ XDG_CONFIG_HOME: 'rel', HOME: '/h' }, 'linux'), undefined);
  assert.equal(
    locateGoEnvFile({ HOME: '/Users/u' }, 'darwin'),
    '/Users/u/Library/Application Support/go/env',
  );
  assert.equal(
    locateGoEnvFile({ AppData: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32'),
    'C:\\Users\\u\\AppData\\Roaming\\go\\env',
  );
  assert.equal(locateGoEnvFile({}, 'linux'), undefined);
});

test('go env file parsing follows the go command: KEY=VALUE, comments and junk skipped, last wins', () => {
  const text =
    '# comment\nGOPROXY=https://a.example,direct\n\nlower=skipped\nGOPRIVATE=*.corp\r\nNOEQUALS\nGOPROXY=https://b.example\nGOFLAGS=-mod=mod -x\nGONOSUMDB=\n';
  assert.deepEqual(parseGoEnvFile(text), {
    GOPROXY: 'https://b.example',
    GOPRIVATE: '*.corp',
    GOFLAGS: '-mod=mod -x',
    GONOSUMDB: '',
  });
});

test('readGoEnvFile reads a real file and tolerates a missing one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gmd-envfile-'));
  try {
    writeFileSync(join(dir, 'env'), 'GOPRIVATE=git.corp.example\n');
    assert.deepEqual(await readGoEnvFile(join(dir, 'env')), { GOPRIVATE: 'git.corp.example' });
    assert.equal(await readGoEnvFile(join(dir, 'nope')), undefined);
    assert.equal(await readGoEnvFile(undefined), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('go env -json output and GOVERSION', () => {
  assert.deepEqual(parseGoEnvJson('{\n\t"GOPROXY": "off",\n\t"GOVERSION": "go1.19.8",\n\t"X": 1\n}\n'), {
    GOPROXY: 'off',
    GOVERSION: 'go1.19.8',
  });
  assert.equal(parseGoEnvJson('not json'), undefined);
  assert.equal(parseGoEnvJson('[1]'), undefined);
  assert.equal(goVersionOf('go1.19.8'), '1.19.8');
  assert.equal(goVersionOf('go1.27.4 X:nocoverageredesign'), '1.27.4');
  assert.equal(goVersionOf('go1.24rc1'), '1.24rc1');
  assert.equal(goVersionOf(undefined), undefined);
});
