/**
 * A go.work that is not `<dir>/go.work`: GOWORK naming any absolute file (dev.work), with its checksums in
 * `<file>.sum`, and the nearest go.work above a folder. go's rules (goWork.ts) as pure functions, then on real
 * folders: the check's load step, its cache keys, the planner's ownership of dev.work.sum, and what the CLI
 * takes for a folder (folderRoot.ts), and the watchers the language server asks for such files (workWatch.ts).
 * The same against the real go: test/integration/gowork-file.test.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkKeys } from '../../src/core/download/keys.ts';
import { loadWorld } from '../../src/core/download/load.ts';
import { folderRoot } from '../../src/core/workspace/folderRoot.ts';
import { goWorkFor, nearestGoWork, workFileOf, workSumOf } from '../../src/core/workspace/goWork.ts';
import { resolvePlanEnv } from '../../src/core/workspace/planEnv.ts';
import { planWorkspace } from '../../src/core/workspace/planner.ts';
import { unwatchedWorkFiles, workFileWatchers } from '../../src/server/workWatch.ts';
import { tempTrees } from '../helpers/fileTree.ts';

const tree = tempTrees('gmd-gowork-');

const mod = (path: string, req = ''): string => `module ${path}\n\ngo 1.21\n${req}`;

test("goWorkFor: go's rules for GOWORK (off, an absolute file of any name, relative, empty/auto: the nearest)", () => {
  const there = new Set(['/src/go.work', '/src/a/go.work']);
  const exists = (p: string): boolean => there.has(p);
  assert.equal(goWorkFor('/src/a/b', 'off', exists), undefined);
  assert.equal(goWorkFor('/src/a/b', '/elsewhere/dev.work', exists), '/elsewhere/dev.work');
  // An absolute GOWORK is go's choice even when no such file exists (go then fails reading it).
  assert.equal(goWorkFor('/src', '/missing/x.work', exists), '/missing/x.work');
  assert.equal(goWorkFor('/src/a/b', 'dev.work', exists), undefined, 'relative: go refuses to run');
  assert.equal(goWorkFor('/src/a/b', '', exists), '/src/a/go.work', 'the nearest, not the outermost');
  assert.equal(goWorkFor('/src/a/b', 'auto', exists), '/src/a/go.work');
  assert.equal(goWorkFor('/src/a/b', undefined, exists), '/src/a/go.work');
  assert.equal(goWorkFor('/src', '', exists), '/src/go.work', 'the folder itself counts');
  assert.equal(goWorkFor('/other', '', exists), undefined);
  assert.equal(
    nearestGoWork('/', () => false),
    undefined,
  );
});

test('workFileOf and workSumOf: the file a check reads, and its checksums beside it as <file>.sum', () => {
  assert.equal(workFileOf('/ws', { GOWORK: 'off' }), undefined);
  assert.equal(workFileOf('/ws', { GOWORK: '/elsewhere/dev.work' }), '/elsewhere/dev.work');
  assert.equal(workFileOf('/ws', {}), '/ws/go.work');
  assert.equal(workFileOf('/ws', { GOWORK: 'auto' }), '/ws/go.work');
  assert.equal(workSumOf('/ws/go.work'), '/ws/go.work.sum');
  assert.equal(workSumOf('/elsewhere/dev.work'), '/elsewhere/dev.work.sum');
});

test('load: GOWORK=/abs/dev.work is read with its use paths from its own folder and dev.work.sum beside it', () => {
  const root = tree({
    'ws/a/go.mod': mod('x/a', 'require example.test/ok v1.0.0\n'),
    'ws/a/go.sum': 'example.test/ok v1.0.0/go.mod h1:a=\n',
    // A go.work in the check's folder is not the one GOWORK names: go never reads it.
    'ws/go.work': 'go 1.21\nuse ./nothing\n',
    'ws/go.work.sum': 'example.test/wrong v1.0.0 h1:w=\n',
    'elsewhere/dev.work': 'go 1.21\n\nuse ../ws/a\n',
    'elsewhere/dev.work.sum': 'example.test/ok v1.0.0 h1:s=\n',
    'elsewhere/go.work.sum': 'example.test/wrong v1.0.0 h1:w=\n',
  });
  const work = join(root, 'elsewhere/dev.work');
  const w = loadWorld(join(root, 'ws'), { GOWORK: work }, undefined);
  assert.equal(w?.mode, 'workspace');
  assert.equal(w.work?.path, work);
  assert.deepEqual(
    w.mods.map((m) => m.path),
    [join(root, 'ws/a/go.mod')],
  );
  assert.deepEqual([...w.sums.keys()].sort(), [
    join(root, 'elsewhere/dev.work.sum'),
    join(root, 'ws/a/go.sum'),
  ]);
  // An unsaved buffer of dev.work stands in for it, as for a go.work.
  const edited = loadWorld(join(root, 'ws'), { GOWORK: work }, new Map([[work, 'go 1.21\n']]));
  assert.deepEqual(edited?.mods, []);
});

test('keys: the same go.work text in two folders is two workspaces (use paths are relative to the file)', () => {
  const text = 'go 1.21\n\nuse ./a\n\nreplace example.test/r => ./r\n';
  const one = tree({ 'go.work': text, 'a/go.mod': mod('x/a') });
  const two = tree({ 'dev.work': text, 'a/go.mod': mod('x/a') });
  const k1 = checkKeys(loadWorld(one, {}, undefined)!, 'go', '1.27.0', {});
  const k2 = checkKeys(loadWorld(two, { GOWORK: join(two, 'dev.work') }, undefined)!, 'go', '1.27.0', {});
  assert.notEqual(k1.graph, k2.graph);
  assert.notEqual(k1.result, k2.result);
});

test('plan: a GOWORK=dev.work unit owns dev.work and dev.work.sum, not a go.sum beside it', async () => {
  const root = tree({
    'ws/a/go.mod': mod('x/a'),
    'ws/b/go.mod': mod('x/b'),
    'elsewhere/dev.work': 'go 1.21\n\nuse (\n\t../ws/a\n\t../ws/b\n)\n',
  });
  const work = join(root, 'elsewhere/dev.work');
  const plan = await planWorkspace([{ dir: join(root, 'ws'), env: { GOWORK: work } }]);
  assert.deepEqual(
    plan.units.map((u) => [u.kind, u.id, u.dir, u.env]),
    [['workspace', work, join(root, 'elsewhere'), { GOWORK: work }]],
  );
  assert.equal(plan.unitOf(work)?.id, work);
  assert.equal(plan.unitOf(`${work}.sum`)?.id, work);
  assert.equal(plan.unitOf(join(root, 'elsewhere/go.sum')), undefined);
  assert.equal(plan.unitOf(join(root, 'ws/a/go.sum'))?.id, work);
});

test("folderRoot: the CLI's go.work for a folder (GOWORK's file, the nearest above, or a module it does not use)", () => {
  const root = tree({
    'go.work': 'go 1.21\n\nuse ./a\n',
    'a/go.mod': mod('x/a'),
    'c/go.mod': mod('x/c'),
    'tools/readme.txt': 'no module here\n',
    'other.work': 'go 1.21\n\nuse ./c\n',
  });
  const env = (e: Record<string, string>): ReturnType<typeof resolvePlanEnv> =>
    resolvePlanEnv({ GOENV: 'off', ...e });
  assert.deepEqual(folderRoot(join(root, 'a'), env({})), { work: join(root, 'go.work') });
  assert.deepEqual(folderRoot(join(root, 'tools'), env({})), { work: join(root, 'go.work') });
  assert.deepEqual(folderRoot(join(root, 'c'), env({})), { outside: join(root, 'go.work') });
  const other = join(root, 'other.work');
  assert.deepEqual(folderRoot(join(root, 'c'), env({ GOWORK: other })), { work: other });
  assert.deepEqual(folderRoot(join(root, 'a'), env({ GOWORK: other })), { outside: other });
  assert.deepEqual(folderRoot(join(root, 'a'), env({ GOWORK: 'off' })), {});
  assert.deepEqual(folderRoot(join(root, 'a'), env({ GOWORK: join(root, 'none.work') })), {});
});

test('watchers: a go.work file the static globs miss (dev.work, or outside the folders) gets one, with its .sum', async () => {
  const root = tree({
    'ws/go.work': 'go 1.21\n\nuse ./a\n',
    'ws/a/go.mod': mod('x/a'),
    'up/go.work': 'go 1.21\n\nuse ./sub/m\n',
    'up/sub/m/go.mod': mod('x/m'),
  });
  const ws = join(root, 'ws');
  const sub = join(root, 'up/sub');
  // A go.work inside an opened folder is seen by **/go.work; one above the folder is not.
  const plan = await planWorkspace([ws, sub]);
  assert.deepEqual(plan.workFiles, [join(root, 'up/go.work'), join(ws, 'go.work')]);
  assert.deepEqual(unwatchedWorkFiles(plan, [ws, sub]), [join(root, 'up/go.work')]);
  // GOWORK naming a file that does not exist yet: watched too (creating it changes the plan).
  const missing = join(root, 'conf/dev.work');
  const named = await planWorkspace([{ dir: ws, env: { GOWORK: missing } }]);
  assert.deepEqual(named.workFiles, [missing, join(ws, 'go.work')]);
  assert.deepEqual(unwatchedWorkFiles(named, [ws]), [missing]);
  // go reads only the file GOWORK names: the folder's own go.work is nobody's unit, its module is checked alone.
  assert.deepEqual(
    named.units.map((u) => [u.kind, u.id]),
    [['module', join(ws, 'a/go.mod')]],
  );
  const inside = await planWorkspace([{ dir: ws, env: { GOWORK: join(ws, 'dev.work') } }]);
  assert.deepEqual(unwatchedWorkFiles(inside, [ws]), [join(ws, 'dev.work')], 'its name is not go.work');

  assert.deepEqual(workFileWatchers(['/src/conf/dev.work'], true), [
    { globPattern: { baseUri: 'file:///src/conf', pattern: '{dev.work,dev.work.sum}' } },
  ]);
  assert.deepEqual(workFileWatchers(['/src/conf/dev.work'], false), [
    { globPattern: '/src/conf/{dev.work,dev.work.sum}' },
  ]);
  // A name with glob characters: the whole folder (events for other files are not module files and are dropped).
  assert.deepEqual(workFileWatchers(['/src/a[1].work'], true), [
    { globPattern: { baseUri: 'file:///src', pattern: '*' } },
  ]);
});
