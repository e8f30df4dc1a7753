/**
 * Missing go.sum lines found from the files alone (src/core/gosum/missing.ts): go's rules for what it needs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGoMod, parseGoWork } from '../../src/core/gomod/parse.ts';
import { missingSums } from '../../src/core/gosum/missing.ts';

const mod = (body: string) => ({
  path: '/ws/go.mod',
  parsed: parseGoMod(`module example.test/app\n\ngo 1.21\n\n${body}`),
});
const lines = (p: string, v: string, what: ('zip' | 'mod')[] = ['zip', 'mod']): string =>
  what.map((w) => (w === 'zip' ? `${p} ${v} h1:aaa=\n` : `${p} ${v}/go.mod h1:bbb=\n`)).join('');

test('a direct require needs both lines, an indirect one its go.mod line only', () => {
  const m = mod('require (\n\tex.test/a v1.0.0\n\tex.test/b v1.0.0 // indirect\n)\n');
  assert.deepEqual(
    missingSums({ mods: [m], sums: [''] }).map((x) => [x.path, x.missing]),
    [
      ['ex.test/a', ['mod', 'zip']],
      ['ex.test/b', ['mod']],
    ],
  );
  const full = lines('ex.test/a', 'v1.0.0') + lines('ex.test/b', 'v1.0.0', ['mod']);
  assert.deepEqual(missingSums({ mods: [m], sums: [full] }), []);
  const onlyMod = lines('ex.test/a', 'v1.0.0', ['mod']) + lines('ex.test/b', 'v1.0.0', ['mod']);
  const r = missingSums({ mods: [m], sums: [onlyMod] });
  assert.deepEqual(
    r.map((x) => [x.path, x.missing]),
    [['ex.test/a', ['zip']]],
  );
  assert.deepEqual(r[0].range.start, { line: 5, character: 1 });
});

test('extra lines are no error; lines in another sum file of the workspace count', () => {
  const m = mod('require ex.test/a v1.0.0\n');
  assert.deepEqual(
    missingSums({ mods: [m], sums: [lines('ex.test/a', 'v1.0.0') + lines('ex.test/old', 'v0.1.0')] }),
    [],
  );
  const work = parseGoWork('go 1.21\n\nuse .\n');
  assert.deepEqual(missingSums({ mods: [m], work, sums: ['', lines('ex.test/a', 'v1.0.0')] }), []);
});

test("a replacement's lines are needed, a directory replacement's none, a workspace module's none", () => {
  const rep = mod('require ex.test/a v1.0.0\n\nreplace ex.test/a => ex.test/fork v1.1.0\n');
  assert.deepEqual(
    missingSums({ mods: [rep], sums: [lines('ex.test/a', 'v1.0.0')] }).map((x) => [x.sumPath, x.sumVersion]),
    [['ex.test/fork', 'v1.1.0']],
  );
  assert.deepEqual(missingSums({ mods: [rep], sums: [lines('ex.test/fork', 'v1.1.0')] }), []);
  const local = mod('require ex.test/a v1.0.0\n\nreplace ex.test/a => ../a\n');
  assert.deepEqual(missingSums({ mods: [local], sums: [''] }), []);
  const other = {
    path: '/ws/b/go.mod',
    parsed: parseGoMod('module ex.test/b\n\ngo 1.21\n\nrequire example.test/app v0.0.0\n'),
  };
  const work = parseGoWork('go 1.21\n\nuse (\n\t.\n\t./b\n)\n');
  assert.deepEqual(missingSums({ mods: [mod(''), other], work, sums: [''] }), []);
  // go.work's replace wins over the module's.
  const wrep = parseGoWork('go 1.21\n\nuse .\n\nreplace ex.test/a => ex.test/wfork v1.2.0\n');
  assert.deepEqual(
    missingSums({ mods: [rep], work: wrep, sums: [''] }).map((x) => x.sumPath),
    ['ex.test/wfork'],
  );
});
