/**
 * Which go.work go takes for a folder, for every surface that asks about one folder: go's rule of never looking
 * for a go.work in or above GOROOT (goWork.ts, findWorkspaceFile in cmd/go's modload), the place a check of the
 * folder runs from (folderRoot.ts: folderPlace), the requires of the Diagnose report and of `gomodoctor lint`
 * (workspaceRequires), and lint's JSON. The same against the real go: test/integration/gowork-choice.test.ts.
 */
import assert from 'node:assert/strict';
import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runLint } from '../../src/cli/commands/lint.ts';
import { gorootBeforeGo } from '../../src/core/env/goroot.ts';
import { workspaceRequires } from '../../src/core/probe/targets.ts';
import { folderPlace, folderRoot } from '../../src/core/workspace/folderRoot.ts';
import { goWorkFor, nearestGoWork } from '../../src/core/workspace/goWork.ts';
import { resolvePlanEnv } from '../../src/core/workspace/planEnv.ts';
import { planWorkspace } from '../../src/core/workspace/planner.ts';
import { tempTrees } from '../helpers/fileTree.ts';

const tree = tempTrees('gmd-gowork-choice-');

const mod = (path: string, ...reqs: string[]): string =>
  `module ${path}\n\ngo 1.21\n${reqs.map((r) => `\nrequire ${r} v1.0.0\n`).join('')}`;

test('nearestGoWork with GOROOT: the search stops before entering GOROOT; GOROOT itself counts only as the start', () => {
  const there = new Set(['/usr/go.work', '/usr/go/go.work', '/usr/go/src/go.work', '/home/go.work']);
  const exists = (p: string): boolean => there.has(p);
  const goroot = '/usr/go';
  // From inside GOROOT: up to GOROOT's child, never GOROOT/go.work nor anything above.
  assert.equal(nearestGoWork('/usr/go/src/x', exists, goroot), '/usr/go/src/go.work');
  assert.equal(nearestGoWork('/usr/go/misc/x', exists, goroot), undefined);
  assert.equal(nearestGoWork('/usr/go/misc', exists, goroot), undefined);
  // Started in GOROOT itself, its own go.work is looked at first (go checks the folder before climbing).
  assert.equal(nearestGoWork('/usr/go', exists, goroot), '/usr/go/go.work');
  // Outside GOROOT nothing changes, above it and beside it included.
  assert.equal(nearestGoWork('/usr/lib/x', exists, goroot), '/usr/go.work');
  assert.equal(nearestGoWork('/home/me/m', exists, goroot), '/home/go.work');
  // A GOROOT that is a prefix of the name but not a parent folder stops nothing.
  assert.equal(nearestGoWork('/usr/gopher/x', exists, goroot), '/usr/go.work');
  // go cleans GOROOT; a relative one never equals a parent folder.
  assert.equal(nearestGoWork('/usr/go/misc/x', exists, '/usr/go/'), undefined);
  assert.equal(nearestGoWork('/usr/go/misc/x', exists, '/usr/lib/../go'), undefined);
  assert.equal(nearestGoWork('/usr/go/misc/x', exists, 'usr/go'), '/usr/go/go.work');
  // No GOROOT known: up to the root, as before (GOROOT's own go.work is then the nearest).
  assert.equal(nearestGoWork('/usr/go/misc/x', exists), '/usr/go/go.work');
  assert.equal(nearestGoWork('/usr/go/misc/x', exists, undefined), '/usr/go/go.work');
  assert.equal(nearestGoWork('/usr/lib/x', exists), '/usr/go.work');
});

test('goWorkFor with GOROOT: only the search for the nearest go.work stops there; GOWORK=off and a path are as set', () => {
  const exists = (p: string): boolean => p === '/usr/go.work';
  const goroot = '/usr/go';
  assert.equal(goWorkFor('/usr/go/src/x', '', exists, goroot), undefined);
  assert.equal(goWorkFor('/usr/go/src/x', 'auto', exists, goroot), undefined);
  assert.equal(goWorkFor('/usr/go/src/x', undefined, exists), '/usr/go.work');
  assert.equal(goWorkFor('/usr/go/src/x', '/usr/go.work', exists, goroot), '/usr/go.work');
  assert.equal(goWorkFor('/usr/go/src/x', 'off', exists, goroot), undefined);
});

/** A go.work using a (which requires r1), c beside a that it does not use (requires r3), b under it (r2). */
function parent(): string {
  return tree({
    'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n',
    'a/go.mod': mod('example.test/a', 'example.test/r1', 'example.test/b'),
    'b/go.mod': mod('example.test/b', 'example.test/r2'),
    'c/go.mod': mod('example.test/c', 'example.test/r3'),
    'conf/dev.work': 'go 1.21\n\nuse ../c\n',
  });
}

const paths = (r: { requires: { path: string }[] }): string[] => r.requires.map((q) => q.path).sort();

test('folderPlace and workspaceRequires: a module the parent go.work uses, one it does not, GOWORK=off, GOWORK=dev.work', async () => {
  const root = parent();
  const env = { GOENV: 'off' };
  const a = await workspaceRequires(join(root, 'a'), env);
  assert.deepEqual(
    [a.place.dir, a.place.env.GOWORK, a.place.work],
    [root, join(root, 'go.work'), join(root, 'go.work')],
  );
  assert.deepEqual(
    paths(a),
    ['example.test/r1', 'example.test/r2'],
    'every module the go.work uses; example.test/b is a main module',
  );
  const c = await workspaceRequires(join(root, 'c'), env);
  assert.deepEqual([c.place.dir, c.place.env.GOWORK, c.place.work], [join(root, 'c'), 'off', undefined]);
  assert.equal(c.place.outside, join(root, 'go.work'), 'go would take the go.work, which refuses the module');
  assert.deepEqual(paths(c), ['example.test/r3']);
  const off = await workspaceRequires(join(root, 'a'), { ...env, GOWORK: 'off' });
  assert.deepEqual([off.place.env.GOWORK, off.place.work, off.place.outside], ['off', undefined, undefined]);
  assert.deepEqual(paths(off), ['example.test/b', 'example.test/r1']);
  const dev = join(root, 'conf/dev.work');
  const named = await workspaceRequires(join(root, 'c'), { ...env, GOWORK: dev });
  assert.deepEqual([named.place.dir, named.place.env.GOWORK], [join(root, 'conf'), dev]);
  assert.deepEqual(paths(named), ['example.test/r3']);
  // A folder without a go.mod under the go.work: the go.work's modules.
  const tools = await workspaceRequires(join(root, 'conf'), env);
  assert.equal(tools.place.work, join(root, 'go.work'));
});

test('folderPlace is what folderRoot says, with the GOWORK a check starts go with; the GOWORK of the go env file counts', () => {
  const root = parent();
  // A GOWORK line written by hand in the go env file (go obeys it; `go env -w` refuses to write one).
  const files = tree({ env: `GOWORK=${join(root, 'conf/dev.work')}\n` });
  const env = { GOENV: join(files, 'env') };
  assert.deepEqual(folderRoot(join(root, 'c'), resolvePlanEnv(env)), { work: join(root, 'conf/dev.work') });
  assert.deepEqual(folderPlace(join(root, 'c'), env), {
    work: join(root, 'conf/dev.work'),
    dir: join(root, 'conf'),
    env: { ...env, GOWORK: join(root, 'conf/dev.work') },
  });
});

test('folderPlace and the planner with GOROOT: a go.work above GOROOT is not taken for a module inside it', async () => {
  const root = tree({
    'go.work': 'go 1.21\n\nuse ./goroot/src/x\n',
    'goroot/src/x/go.mod': mod('x/x', 'example.test/r1'),
    'goroot/src/x/sub/readme.txt': 'no module\n',
  });
  const x = join(root, 'goroot/src/x');
  const goroot = join(root, 'goroot');
  const env = { GOENV: 'off' };
  assert.deepEqual(folderPlace(x, env).work, join(root, 'go.work'), 'without GOROOT: the go.work above');
  const p = folderPlace(x, env, goroot);
  assert.deepEqual([p.dir, p.env.GOWORK, p.work, p.outside], [x, 'off', undefined, undefined]);
  assert.deepEqual(paths(await workspaceRequires(x, env, goroot)), ['example.test/r1']);
  // The planner takes GOROOT from the folder's own value, else from GOROOT in its environment.
  const units = async (f: { goroot?: string; env?: Record<string, string> }): Promise<string[][]> =>
    (await planWorkspace([{ dir: x, ...f }])).units.map((u) => [u.kind, u.id]);
  assert.deepEqual(await units({ env }), [['workspace', join(root, 'go.work')]]);
  assert.deepEqual(await units({ env, goroot }), [['module', join(x, 'go.mod')]]);
  assert.deepEqual(await units({ env: { ...env, GOROOT: goroot } }), [['module', join(x, 'go.mod')]]);
  assert.deepEqual(await units({ env: { ...env, GOROOT: '' } }), [['workspace', join(root, 'go.work')]]);
});

test("gorootBeforeGo: GOROOT set, else a GOROOT line of the go env file, else the folder above the go binary's bin/", () => {
  const root = tree({ 'inst/bin/go': '#!/bin/sh\n', 'conf/env': 'GOROOT=/from/file\n', 'links/.keep': '' });
  const inst = join(root, 'inst');
  chmodSync(join(inst, 'bin/go'), 0o755);
  symlinkSync(join(inst, 'bin/go'), join(root, 'links/go'));
  const path = join(inst, 'bin');
  assert.equal(gorootBeforeGo({ GOROOT: '/set', GOENV: join(root, 'conf/env'), PATH: path }), '/set');
  assert.equal(gorootBeforeGo({ GOENV: join(root, 'conf/env'), PATH: path }), '/from/file');
  assert.equal(gorootBeforeGo({ GOENV: 'off', PATH: path }), inst);
  // A link to the binary (/usr/local/bin/go): the installation it points into.
  assert.equal(gorootBeforeGo({ GOENV: 'off', PATH: join(root, 'links') }), inst);
  // The go the settings choose, before PATH's.
  assert.equal(gorootBeforeGo({ GOENV: 'off', PATH: '' }, { explicit: join(inst, 'bin/go') }), inst);
  assert.equal(gorootBeforeGo({ GOENV: 'off', PATH: '' }), undefined, 'no go: none known');
});

/** runLint in this process (it starts no process); its JSON and stderr. */
async function lint(dir: string, env: Record<string, string>): Promise<{ doc: LintJson; err: string }> {
  let out = '';
  let err = '';
  const io = { out: (s: string) => void (out += s), err: (s: string) => void (err += s), env, cwd: dir };
  await runLint(['--json'], io);
  return { doc: JSON.parse(out) as LintJson, err };
}

interface LintJson {
  root: string;
  goWork: string | null;
  findings: { rule: string; variable: string; message: string }[];
}

test("lint --json: goWork is go's go.work for DIR; a GOPRIVATE pattern is matched against that go.work's requires", async () => {
  const root = parent();
  // example.test/r2 is required by b only: a pattern for it is used when DIR's go.work uses b.
  const env = {
    GOENV: 'off',
    PATH: '',
    HOME: root,
    GOPRIVATE: 'example.test/r2',
    GOROOT: join(root, 'nogo'),
  };
  const unused = (d: LintJson): boolean => d.findings.some((f) => f.rule === 'pattern-unused');
  const a = await lint(join(root, 'a'), env);
  assert.equal(a.doc.goWork, join(root, 'go.work'));
  assert.equal(unused(a.doc), false, JSON.stringify(a.doc.findings));
  assert.equal(a.err, '');
  const c = await lint(join(root, 'c'), env);
  assert.equal(c.doc.goWork, null);
  assert.equal(unused(c.doc), true, 'c requires r3 only');
  assert.match(
    c.err,
    /^gomod-doctor lint: .*go\.work does not use the module in .*c: go cannot build it there/,
  );
  const off = await lint(join(root, 'a'), { ...env, GOWORK: 'off' });
  assert.deepEqual([off.doc.goWork, unused(off.doc)], [null, true]);
  const devEnv = { ...env, GOWORK: join(root, 'conf/dev.work') };
  const dev = await lint(join(root, 'c'), devEnv);
  assert.deepEqual([dev.doc.goWork, dev.doc.root], [join(root, 'conf/dev.work'), join(root, 'c')]);
  assert.equal(unused(dev.doc), true, 'dev.work uses c only');
  // a under GOWORK=dev.work: go takes dev.work, which does not use a: a is read on its own (r1 and b, not r2).
  const devA = await lint(join(root, 'a'), devEnv);
  assert.deepEqual([devA.doc.goWork, unused(devA.doc)], [null, true]);
  assert.match(devA.err, /dev\.work does not use the module in /);
});
