/**
 * No workspace binary without consent (issue 18, finding 1), the pure parts: the go binary and every PATH entry
 * the server uses are absolute; what needs the user's approval (workspace-level settings, anything inside the
 * workspace), keyed by workspace and real path; and what the server gets when the user refuses.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { approvalsNeeded, stripRefused, type BinaryChoice } from '../../src/core/env/binaryApproval.ts';
import { buildEnv } from '../../src/core/env/buildEnv.ts';
import { resolveGoBinary } from '../../src/core/env/goBinary.ts';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'gmd-consent-')));
after(() => rmSync(root, { recursive: true, force: true }));
const ws = join(root, 'ws');
const elsewhere = join(root, 'tools');
for (const d of [join(ws, 'bin'), join(elsewhere, 'bin')]) {
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'go'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(d, 'go'), 0o755);
}
symlinkSync(join(ws, 'bin', 'go'), join(elsewhere, 'linked-go'));

const realpath = (p: string): string | undefined => {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
};
const needs = (choices: BinaryChoice[], workspace = 'ws-A', processPath = '/usr/bin') =>
  approvalsNeeded({ choices, folders: [ws], workspace, processPath, realpath });

test('a relative PATH entry or go path never finds the workspace bin/go, whatever the working folder', async () => {
  const cwd = process.cwd();
  try {
    process.chdir(ws);
    assert.equal((await resolveGoBinary({ path: 'bin' })).bin, undefined);
    assert.equal((await resolveGoBinary({ path: `:bin:./bin` })).bin, undefined);
    assert.equal((await resolveGoBinary({ explicit: 'bin/go', path: '' })).bin, undefined);
    assert.equal((await resolveGoBinary({ alternateGo: './bin/go', path: '' })).bin, undefined);
    assert.equal(
      (await resolveGoBinary({ path: `bin:${join(elsewhere, 'bin')}` })).bin,
      join(elsewhere, 'bin/go'),
    );
  } finally {
    process.chdir(cwd);
  }
});

test('relative PATH entries from gomodDoctor.env or go.toolsEnvVars are dropped from the environment, and named', () => {
  const a = buildEnv({ processEnv: { PATH: '/usr/bin' }, settingsEnv: { PATH: `bin:/usr/local/go/bin::.` } });
  assert.equal(a.env.PATH, '/usr/local/go/bin');
  assert.deepEqual(a.refusedPath, ['bin', '.']);
  const b = buildEnv({ processEnv: { PATH: '/usr/bin' }, toolsEnvVars: { PATH: `./tools:/opt/go/bin` } });
  assert.equal(b.env.PATH, '/opt/go/bin');
  assert.deepEqual(b.refusedPath, ['./tools']);
  assert.deepEqual(buildEnv({ processEnv: { PATH: '/usr/bin:/bin' } }).refusedPath, []);
});

test('workspace-level go settings need approval, keyed by workspace and real path', () => {
  const goPath = join(elsewhere, 'bin/go');
  const [n] = needs([{ setting: 'gomodDoctor.goPath', value: goPath, fromWorkspace: true }]);
  assert.equal(n.realPath, goPath);
  const other = needs([{ setting: 'gomodDoctor.goPath', value: goPath, fromWorkspace: true }], 'ws-B');
  assert.notEqual(other[0].key, n.key, 'an approval in one workspace approves nothing in another');
  // The same setting string pointing at another file (through a link) is another approval.
  const linked = needs([
    { setting: 'gomodDoctor.goPath', value: join(elsewhere, 'linked-go'), fromWorkspace: true },
  ]);
  assert.equal(linked[0].realPath, join(ws, 'bin/go'));
  assert.equal(needs([{ setting: 'go.alternateTools.go', value: goPath, fromWorkspace: true }]).length, 1);
  const goroot = needs([{ setting: 'go.goroot', value: elsewhere, fromWorkspace: true }]);
  assert.deepEqual(
    goroot.map((x) => x.realPath),
    [join(elsewhere, 'bin/go')],
  );
  assert.equal(needs([{ setting: 'gomodDoctor.goPath', value: goPath, fromWorkspace: false }]).length, 0);
});

test('anything inside the workspace needs approval even from user settings or the PATH', () => {
  const inWs = needs([
    { setting: 'gomodDoctor.goPath', value: join(elsewhere, 'linked-go'), fromWorkspace: false },
  ]);
  assert.equal(inWs.length, 1, 'a user setting that resolves into the workspace');
  const path = needs([
    { setting: 'gomodDoctor.env.PATH', value: `${join(ws, 'bin')}:/usr/bin`, fromWorkspace: false },
  ]);
  assert.deepEqual(
    path.map((x) => x.realPath),
    [join(ws, 'bin')],
  );
  const wsPath = needs([{ setting: 'go.toolsEnvVars.PATH', value: `/usr/bin:bin`, fromWorkspace: true }]);
  assert.deepEqual(
    wsPath.map((x) => x.value),
    ['/usr/bin'],
    'every absolute folder a workspace names (a relative one is dropped by the server anyway)',
  );
  const proc = needs([{ setting: 'PATH', value: `${join(ws, 'bin')}:/usr/bin`, fromWorkspace: false }]);
  assert.deepEqual(
    proc.map((x) => x.realPath),
    [join(ws, 'bin/go')],
  );
  assert.equal(needs([{ setting: 'PATH', value: join(elsewhere, 'bin'), fromWorkspace: false }]).length, 0);
});

test('what the server gets when the user refuses', () => {
  const refused = [
    ...needs([{ setting: 'gomodDoctor.goPath', value: join(ws, 'bin/go'), fromWorkspace: true }]),
    ...needs([
      { setting: 'gomodDoctor.env.PATH', value: `${join(ws, 'bin')}:/opt/go/bin`, fromWorkspace: true },
    ]),
    ...needs([{ setting: 'go.goroot', value: ws, fromWorkspace: true }]),
    ...needs([{ setting: 'go.alternateTools.go', value: join(ws, 'bin/go'), fromWorkspace: true }]),
  ];
  const doctor = stripRefused(
    'gomodDoctor',
    {
      goPath: join(ws, 'bin/go'),
      env: { PATH: `${join(ws, 'bin')}:/opt/go/bin`, GOPROXY: 'x' },
      runOn: 'save',
    },
    refused.filter((n) => n.value !== '/opt/go/bin'),
    '/usr/bin',
  );
  assert.deepEqual(doctor, { goPath: '', env: { PATH: '/opt/go/bin', GOPROXY: 'x' }, runOn: 'save' });
  const go = stripRefused(
    'go',
    { goroot: ws, alternateTools: { go: join(ws, 'bin/go'), dlv: 'x' } },
    refused,
    '',
  );
  assert.deepEqual(go, { goroot: '', alternateTools: { go: '', dlv: 'x' }, toolsEnvVars: {} });
  // The go on the editor's PATH is the workspace's: the server searches PATH without that folder.
  const proc = needs([{ setting: 'PATH', value: `${join(ws, 'bin')}:/usr/bin`, fromWorkspace: false }]);
  assert.deepEqual(stripRefused('gomodDoctor', { env: {} }, proc, `${join(ws, 'bin')}:/usr/bin`), {
    env: { PATH: '/usr/bin' },
  });
  assert.deepEqual(stripRefused('gomodDoctor', { goPath: 'x' }, [], ''), { goPath: 'x' });
});
