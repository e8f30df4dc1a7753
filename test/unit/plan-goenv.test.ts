/**
 * GOWORK and GOFLAGS from the user's go env file (`go env -w`) in the workspace plan: go's precedence (a non-empty
 * environment value, else the file, else the default), GOENV locating the file (and "off"), the plan following
 * GOWORK=off / a GOWORK path / GOFLAGS -mod from the file, clear notes for what go cannot follow (an unreadable
 * file, lines go skips, a relative or missing GOWORK) without failing, and noticing an edit of the file.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readGoEnvFileSync, skippedGoEnvLines } from '../../src/core/env/goEnvFile.ts';
import {
  effectivePlanEnv,
  goEnvFilesChanged,
  planEnvNotes,
  resolvePlanEnv,
} from '../../src/core/workspace/planEnv.ts';
import { planWorkspace } from '../../src/core/workspace/planner.ts';
import { RootRegistry } from '../../src/server/rootRegistry.ts';
import { tempTrees } from '../helpers/fileTree.ts';

const tree = tempTrees('gmd-plan-goenv-');

const mod = (path: string, go = '1.21'): string => `module ${path}\n\ngo ${go}\n`;
const workspaceTree = (): string =>
  tree({ 'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n', 'a/go.mod': mod('x/a'), 'b/go.mod': mod('x/b') });

test('precedence as go: a non-empty environment value, else the go env file, else the default', () => {
  const file = { GOWORK: 'off', GOFLAGS: '-mod=vendor' };
  assert.deepEqual(effectivePlanEnv({}, file, '/cfg/go/env'), {
    GOWORK: 'off',
    GOFLAGS: '-mod=vendor',
    sources: { GOWORK: 'goenv-file', GOFLAGS: 'goenv-file' },
    goEnvFile: '/cfg/go/env',
  });
  // An empty variable counts as unset (go measured: GOWORK= with GOWORK=off in the file is off).
  const empty = effectivePlanEnv({ GOWORK: '', GOFLAGS: '' }, file);
  assert.deepEqual([empty.GOWORK, empty.GOFLAGS], ['off', '-mod=vendor']);
  // A set one wins, "auto" included (go then looks for the nearest go.work).
  const set = effectivePlanEnv({ GOWORK: 'auto', GOFLAGS: '-mod=mod' }, file);
  assert.deepEqual([set.GOWORK, set.GOFLAGS, set.sources.GOWORK], ['auto', '-mod=mod', 'env']);
  const none = effectivePlanEnv({}, { GOWORK: '' });
  assert.deepEqual([none.GOWORK, none.GOFLAGS, none.sources.GOWORK], ['', '', 'default']);
});

test('GOENV names the file read; GOENV=off reads none', () => {
  const dir = tree({ env: 'GOWORK=off\n' });
  const on = resolvePlanEnv({ GOENV: join(dir, 'env') }, 'linux');
  assert.equal(on.env.GOWORK, 'off');
  assert.deepEqual(on.stamp, { path: join(dir, 'env'), text: 'GOWORK=off\n' });
  const off = resolvePlanEnv({ GOENV: 'off', HOME: dir }, 'linux');
  assert.equal(off.env.GOWORK, '');
  assert.equal(off.stamp, undefined);
  // Without GOENV: $XDG_CONFIG_HOME/go/env.
  writeFileSync(join(dir, 'xdg-env'), '');
  mkdirSync(join(dir, 'xdg/go'), { recursive: true });
  writeFileSync(join(dir, 'xdg/go/env'), 'GOFLAGS=-mod=mod\n');
  assert.equal(resolvePlanEnv({ XDG_CONFIG_HOME: join(dir, 'xdg') }, 'linux').env.GOFLAGS, '-mod=mod');
});

test('GOWORK=off in the go env file: the modules of a go.work are planned on their own', async () => {
  const root = workspaceTree();
  const env = join(root, 'goenv');
  writeFileSync(env, 'GOWORK=off\n');
  const plan = await planWorkspace([{ dir: root, env: { GOENV: env } }]);
  assert.deepEqual(
    plan.units.map((u) => [u.kind, u.dir, u.env]),
    [
      ['module', join(root, 'a'), { GOWORK: 'off' }],
      ['module', join(root, 'b'), { GOWORK: 'off' }],
    ],
  );
  assert.deepEqual(plan.notes, []);
  assert.deepEqual(
    plan.goEnvFiles.map((s) => s.path),
    [env],
  );
  // The environment's own GOWORK=auto wins over the file: one workspace unit again.
  const auto = await planWorkspace([{ dir: root, env: { GOENV: env, GOWORK: 'auto' } }]);
  assert.deepEqual(
    auto.units.map((u) => [u.kind, u.dir]),
    [['workspace', root]],
  );
});

test('GOWORK=/abs/path in the go env file selects that go.work, even outside the folder', async () => {
  const shared = tree({ 'go.work': '' });
  const root = tree({ 'a/go.mod': mod('x/a'), 'b/go.mod': mod('x/b') });
  writeFileSync(join(shared, 'go.work'), `go 1.21\n\nuse ${join(root, 'a')}\n`);
  const env = join(root, 'goenv');
  writeFileSync(env, `GOWORK=${join(shared, 'go.work')}\n`);
  const plan = await planWorkspace([{ dir: root, env: { GOENV: env } }]);
  const ws = plan.units.find((u) => u.kind === 'workspace');
  assert.equal(ws?.id, join(shared, 'go.work'));
  assert.deepEqual(ws?.env, { GOWORK: join(shared, 'go.work') });
  assert.deepEqual(ws?.modules, [join(root, 'a')]);
  // b is not used by that go.work: go refuses to build it there; planned on its own and marked.
  assert.equal(
    plan.modules.find((m) => m.dir === join(root, 'b'))?.outsideWorkspace,
    join(shared, 'go.work'),
  );
});

test('GOFLAGS -mod from the go env file decides vendoring; the environment beats it', async () => {
  const root = tree({
    'old/go.mod': mod('x/old', '1.13'),
    'old/vendor/modules.txt': '',
    'new/go.mod': mod('x/new', '1.21'),
    'new/vendor/modules.txt': '',
  });
  const env = join(root, 'goenv');
  const vendored = async (e: Record<string, string>): Promise<[string, boolean, string][]> =>
    (await planWorkspace([{ dir: root, env: e }])).units.map((u) => [
      u.dir.slice(root.length + 1),
      u.vendor.vendored,
      u.vendor.reason,
    ]);
  writeFileSync(env, 'GOFLAGS=-modcacherw -mod=vendor\n');
  assert.deepEqual(await vendored({ GOENV: env }), [
    ['new', true, 'goflags-vendor'],
    ['old', true, 'goflags-vendor'],
  ]);
  writeFileSync(env, 'GOFLAGS=-mod=mod\n');
  assert.deepEqual(await vendored({ GOENV: env }), [
    ['new', false, 'goflags-other'],
    ['old', false, 'goflags-other'],
  ]);
  assert.deepEqual(await vendored({ GOENV: env, GOFLAGS: '-modcacherw' }), [
    ['new', true, 'go-line'],
    ['old', false, 'go-line-too-old'],
  ]);
});

test('a malformed go env file: clear notes, no failure, the plan as go would build', async () => {
  assert.deepEqual(
    skippedGoEnvLines('# c\n\nGOWORK=off\ngoflags=-mod=mod\nGOFLAGS -mod=vendor\n=x\r\n'),
    [4, 5, 6],
  );
  const root = workspaceTree();
  const env = join(root, 'goenv');
  writeFileSync(env, 'GOWORK=off\ngoflags=-mod=vendor\nGOFLAGS -mod=vendor\n');
  const plan = await planWorkspace([{ dir: root, env: { GOENV: env } }]);
  assert.deepEqual(
    plan.units.map((u) => [u.kind, u.vendor.vendored]),
    [
      ['module', false],
      ['module', false],
    ],
  );
  assert.deepEqual(
    plan.notes.map((x) => [x.code, x.line]),
    [
      ['goenv-skipped-line', 2],
      ['goenv-skipped-line', 3],
    ],
  );
  assert.match(plan.notes[0].message, /Line 2 of the go env file .*goenv is not a setting go reads/);
  // A folder in place of the file: go ignores it; so does the plan, and says why.
  const dirAsFile = join(root, 'envdir');
  mkdirSync(dirAsFile);
  const read = readGoEnvFileSync(dirAsFile);
  assert.deepEqual([read.values, read.error], [undefined, 'EISDIR']);
  const unreadable = await planWorkspace([{ dir: root, env: { GOENV: dirAsFile } }]);
  assert.deepEqual(
    unreadable.units.map((u) => u.kind),
    ['workspace'],
  );
  assert.deepEqual(
    unreadable.notes.map((x) => x.code),
    ['goenv-unreadable'],
  );
  assert.match(unreadable.notes[0].message, /cannot be read \(EISDIR\)/);
});

test('a relative GOWORK, or one naming no file: go cannot run; the plan says so and checks the modules alone', async () => {
  const root = workspaceTree();
  const env = join(root, 'goenv');
  writeFileSync(env, 'GOWORK=go.work\n');
  const rel = await planWorkspace([{ dir: root, env: { GOENV: env } }]);
  assert.deepEqual(
    rel.units.map((u) => u.kind),
    ['module', 'module'],
  );
  assert.deepEqual(
    rel.notes.map((x) => [x.code, x.file]),
    [['gowork-relative', env]],
  );
  assert.match(rel.notes[0].message, /GOWORK=go\.work \(from the go env file .*\) is not an absolute path/);
  const missing = planEnvNotes(effectivePlanEnv({ GOWORK: join(root, 'nope.work') }, undefined), undefined);
  assert.deepEqual(
    missing.map((x) => x.code),
    ['gowork-missing'],
  );
  assert.match(missing[0].message, /from the environment or the settings\) names no file/);
});

test('an edited go env file makes the plan stale, and the registry plans it again', async () => {
  const root = workspaceTree();
  const env = join(root, 'goenv');
  const registry = new RootRegistry();
  registry.addFolders([root]);
  const envOf = (): Record<string, string> => ({ GOENV: env });
  await registry.replan(envOf);
  assert.deepEqual(registry.all(), [join(root, 'go.work')]);
  assert.equal(registry.goEnvChanged(), false);
  writeFileSync(env, 'GOWORK=off\n');
  assert.equal(registry.goEnvChanged(), true);
  const change = await registry.replan(envOf);
  assert.deepEqual(change.gone, [join(root, 'go.work')]);
  assert.deepEqual(change.changed, [join(root, 'a/go.mod'), join(root, 'b/go.mod')]);
  assert.equal(registry.goEnvChanged(), false);
  rmSync(env);
  assert.equal(goEnvFilesChanged([{ path: env, text: 'GOWORK=off\n' }]), true);
  assert.equal(registry.goEnvChanged(), true);
});
