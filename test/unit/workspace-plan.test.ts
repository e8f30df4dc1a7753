/**
 * The workspace planner on real folders: module roots, go.work and the modules it uses (checked once, in
 * workspace mode), GOWORK=off and GOWORK=path, a go.work above the opened folder, a module under a go.work
 * that does not use it, and go's vendoring rules (go line, GOFLAGS -mod, the workspace case).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildPlan, planWorkspace } from '../../src/core/workspace/planner.ts';
import { modFlag, vendorMode } from '../../src/core/workspace/vendor.ts';

const base = mkdtempSync(join(tmpdir(), 'gmd-plan-'));
after(() => rmSync(base, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = join(base, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

const mod = (path: string, go = '1.21'): string => `module ${path}\n\ngo ${go}\n`;

test('plain roots: one module unit each, GOWORK=off, vendor/ and testdata/ not searched', async () => {
  const root = tree('plain', {
    'a/go.mod': mod('x/a'),
    'b/c/go.mod': mod('x/c'),
    'a/vendor/y/go.mod': mod('y'),
    'a/testdata/go.mod': mod('t'),
  });
  const plan = await planWorkspace([root]);
  assert.deepEqual(
    plan.units.map((u) => [u.kind, u.dir, u.env]),
    [
      ['module', join(root, 'a'), { GOWORK: 'off' }],
      ['module', join(root, 'b/c'), { GOWORK: 'off' }],
    ],
  );
  assert.equal(plan.modules.find((m) => m.dir === join(root, 'a'))?.path, 'x/a');
  assert.equal(plan.unitOf(join(root, 'a/go.sum'))?.id, join(root, 'a/go.mod'));
  assert.equal(plan.unitOf(join(root, 'nowhere/go.mod')), undefined);
});

test('go.work: the modules it uses are checked once, in its unit; a module it does not use stays apart', async () => {
  const root = tree('work', {
    'go.work': 'go 1.21\n\nuse (\n\t./m1\n\t./m2\n\t./gone\n)\n',
    'm1/go.mod': mod('x/m1'),
    'm2/go.mod': mod('x/m2'),
    'other/go.mod': mod('x/other'),
  });
  const plan = await planWorkspace([root]);
  assert.deepEqual(
    plan.units.map((u) => [u.kind, u.id]),
    [
      ['workspace', join(root, 'go.work')],
      ['module', join(root, 'other/go.mod')],
    ],
  );
  const ws = plan.units[0];
  assert.equal(ws.dir, root);
  assert.deepEqual(ws.modules, [join(root, 'm1'), join(root, 'm2')]);
  assert.deepEqual(plan.workspaces[0].missing, [join(root, 'gone')]);
  assert.equal(plan.unitOf(join(root, 'm2/go.mod'))?.id, join(root, 'go.work'));
  assert.equal(plan.unitOf(join(root, 'm1/go.sum'))?.id, join(root, 'go.work'));
  assert.equal(plan.unitOf(join(root, 'go.work.sum'))?.id, join(root, 'go.work'));
  const other = plan.modules.find((m) => m.dir === join(root, 'other'));
  assert.equal(other?.outsideWorkspace, join(root, 'go.work'));
  assert.equal(other?.workspace, undefined);
});

test('GOWORK=off: every module in module mode, the go.work checked by nobody', async () => {
  const root = tree('off', { 'go.work': 'go 1.21\nuse ./m1\n', 'm1/go.mod': mod('x/m1') });
  const plan = await planWorkspace([{ dir: root, env: { GOWORK: 'off' } }]);
  assert.deepEqual(
    plan.units.map((u) => [u.kind, u.id]),
    [['module', join(root, 'm1/go.mod')]],
  );
});

test('GOWORK=path: that go.work for every folder, even outside it', async () => {
  const elsewhere = tree('elsewhere', { 'ws.work': 'go 1.21\n' });
  const root = tree('explicit', { 'm1/go.mod': mod('x/m1') });
  writeFileSync(join(elsewhere, 'ws.work'), `go 1.21\nuse ${join(root, 'm1')}\n`);
  const plan = await planWorkspace([{ dir: root, env: { GOWORK: join(elsewhere, 'ws.work') } }]);
  assert.equal(plan.units.length, 1);
  assert.equal(plan.units[0].kind, 'workspace');
  assert.deepEqual(plan.units[0].env, { GOWORK: join(elsewhere, 'ws.work') });
  assert.deepEqual(plan.units[0].modules, [join(root, 'm1')]);
});

test('a go.work above the opened folder applies to the modules it uses', async () => {
  const root = tree('above', { 'go.work': 'go 1.21\nuse ./sub/m\n', 'sub/m/go.mod': mod('x/m') });
  const plan = await planWorkspace([join(root, 'sub')]);
  assert.deepEqual(
    plan.units.map((u) => [u.kind, u.id]),
    [['workspace', join(root, 'go.work')]],
  );
});

test('the nearest go.work wins', async () => {
  const root = tree('nearest', {
    'go.work': 'go 1.21\nuse ./inner/m\n',
    'inner/go.work': 'go 1.21\nuse ./m\n',
    'inner/m/go.mod': mod('x/m'),
  });
  const plan = await planWorkspace([root]);
  assert.equal(plan.modules[0].workspace, join(root, 'inner/go.work'));
  assert.deepEqual(
    plan.units.map((u) => [u.id, u.modules]),
    [
      [join(root, 'go.work'), []],
      [join(root, 'inner/go.work'), [join(root, 'inner/m')]],
    ],
  );
});

test('vendoring: go line 1.14+ with vendor/, not below; GOFLAGS -mod decides first', async () => {
  const root = tree('vendor', {
    'new/go.mod': mod('x/new', '1.14'),
    'new/vendor/modules.txt': '# y v1.0.0\n## explicit\ny\n',
    'old/go.mod': mod('x/old', '1.13'),
    'old/vendor/modules.txt': '',
    'none/go.mod': mod('x/none'),
  });
  const plan = await planWorkspace([root]);
  const v = (d: string): unknown => plan.units.find((u) => u.dir === join(root, d))?.vendor.reason;
  assert.equal(v('new'), 'go-line');
  assert.equal(v('old'), 'go-line-too-old');
  assert.equal(v('none'), 'no-vendor-dir');
  assert.equal(plan.units.find((u) => u.dir === join(root, 'new'))?.vendor.vendored, true);
  const flagged = await planWorkspace([{ dir: root, env: { GOFLAGS: '-mod=mod' } }]);
  assert.ok(flagged.units.every((u) => !u.vendor.vendored));
  const forced = await planWorkspace([{ dir: root, env: { GOFLAGS: '-v --mod=vendor' } }]);
  assert.ok(forced.units.every((u) => u.vendor.vendored));
  assert.equal(modFlag('-mod=vendor -mod=readonly'), 'readonly');
});

test('workspace vendoring: only a modules.txt written for a workspace, and only with go 1.22+', () => {
  const root = tree('wsvendor', {
    'go.work': 'go 1.22\nuse ./m\n',
    'm/go.mod': mod('x/m'),
    'vendor/modules.txt': '## workspace\n',
  });
  const found = {
    folders: [{ dir: root }],
    goMods: [join(root, 'm/go.mod')],
    goWorks: [join(root, 'go.work')],
  };
  assert.equal(buildPlan(found, { goVersion: '1.22.0' }).units[0].vendor.vendored, true);
  assert.equal(buildPlan(found, { goVersion: '1.21.9' }).units[0].vendor.vendored, false);
  assert.equal(vendorMode({ dir: join(root, 'm'), mode: 'workspace' }).reason, 'no-vendor-dir');
});

test('an unsaved go.work buffer is planned instead of the file', () => {
  const root = tree('override', { 'go.work': 'go 1.21\n', 'm/go.mod': mod('x/m') });
  const found = {
    folders: [{ dir: root }],
    goMods: [join(root, 'm/go.mod')],
    goWorks: [join(root, 'go.work')],
  };
  assert.equal(buildPlan(found).units.find((u) => u.kind === 'module')?.id, join(root, 'm/go.mod'));
  const overrides = new Map([[join(root, 'go.work'), 'go 1.21\nuse ./m\n']]);
  assert.deepEqual(
    buildPlan(found, { overrides }).units.map((u) => u.kind),
    ['workspace'],
  );
});
