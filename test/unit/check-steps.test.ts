/**
 * The check's steps on their own, without go: load (load.ts), plan (targets.ts), keys (keys.ts), the one
 * handler for a finished go run (finished.ts), attribution (attribute.ts), the cache's stores (cache.ts) and the
 * private copies go runs on (goFiles.ts).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Attribution } from '../../src/core/download/attribute.ts';
import { EntryStore, GraphStore, ResultStore, ShadowStore } from '../../src/core/download/cache.ts';
import { finishedRun } from '../../src/core/download/finished.ts';
import { writeInPlace } from '../../src/core/download/goFiles.ts';
import { checkKeys } from '../../src/core/download/keys.ts';
import { loadWorld } from '../../src/core/download/load.ts';
import { TargetSet } from '../../src/core/download/targets.ts';
import { requestOperation } from '../../src/core/download/trace.ts';
import type { CheckResult, World } from '../../src/core/download/types.ts';
import type { RunResult } from '../../src/core/run/runner.ts';
import { tempTrees } from '../helpers/fileTree.ts';

const tree = tempTrees('gmd-steps-');

function world(files: Record<string, string>, env: Record<string, string> = {}): { dir: string; w: World } {
  const dir = tree(files);
  const w = loadWorld(dir, env, undefined);
  assert.ok(w);
  return { dir, w };
}

const run = (over: Partial<RunResult>): RunResult => ({
  command: ['go'],
  timedOut: false,
  canceled: false,
  durationMs: 1,
  stdout: '',
  stderr: '',
  truncated: false,
  ...over,
});

const MOD =
  'module example.test/m\n\ngo 1.21\n\nrequire (\n\texample.test/a v1.0.0\n\texample.test/b v1.0.0\n\texample.test/c v1.0.0\n)\n';

test('load: go.work and its modules, GOWORK=off, an unsaved buffer, the go.sum files', () => {
  const files = {
    'go.work': 'go 1.21\nuse ./m\n',
    'm/go.mod': MOD,
    'm/go.sum': 'example.test/a v1.0.0 h1:x=\n',
    'go.mod': 'module example.test/top\n',
  };
  const { dir, w } = world(files);
  assert.equal(w.mode, 'workspace');
  assert.deepEqual(
    w.mods.map((m) => m.path),
    [join(dir, 'm/go.mod')],
  );
  assert.deepEqual([...w.sums.keys()], [join(dir, 'm/go.sum')]);
  assert.equal(loadWorld(dir, { GOWORK: 'off' }, undefined)?.mode, 'module');
  const buffer = new Map([[join(dir, 'go.mod'), 'module example.test/edited\n']]);
  assert.equal(
    loadWorld(dir, { GOWORK: 'off' }, buffer)?.mods[0].parsed.module?.value,
    'example.test/edited',
  );
  assert.equal(loadWorld(join(dir, 'nothing'), {}, undefined), undefined);
});

test('plan: replacements (go.work first, a directory downloads nothing), lines shared by two modules', () => {
  const { dir, w } = world({
    'go.work': 'go 1.21\nuse (\n\t./m\n\t./n\n)\nreplace example.test/b => example.test/b2 v2.0.0\n',
    'm/go.mod': `${MOD}replace example.test/b => example.test/bb v1.1.0\nreplace example.test/c => ../c\n`,
    'n/go.mod':
      'module example.test/n\n\ngo 1.21\n\nrequire (\n\texample.test/a v1.0.0\n\texample.test/m v0.0.0\n)\n',
  });
  const ts = new TargetSet(w);
  assert.deepEqual(
    ts.list.map((t) => [`${t.path}@${t.version}`, t.sites.map((s) => s.file.slice(dir.length))]),
    [
      ['example.test/a@v1.0.0', ['/m/go.mod', '/n/go.mod']],
      ['example.test/b2@v2.0.0', ['/go.work']],
    ],
  );
  assert.equal(ts.of('example.test/a')?.version, 'v1.0.0');
  assert.equal(ts.get('example.test/b2@v2.0.0')?.sites[0].requirePath, 'example.test/b');
});

test('keys: a comment changes the result key only; a require changes the graph key, not the roots key', () => {
  const dir = tree({ 'go.mod': MOD });
  const key = (text: string, env: Record<string, string> = {}): ReturnType<typeof checkKeys> => {
    writeFileSync(join(dir, 'go.mod'), text);
    return checkKeys(loadWorld(dir, {}, undefined)!, 'go', '1.27.0', env);
  };
  const k0 = key(MOD);
  const k1 = key(MOD.replace('go 1.21', '// hello\ngo 1.21'));
  const k2 = key(MOD.replace('example.test/c v1.0.0', 'example.test/c v1.0.1'));
  assert.equal(k1.graph, k0.graph);
  assert.notEqual(k1.result, k0.result);
  assert.notEqual(k2.graph, k0.graph);
  assert.equal(k2.roots, k0.roots);
  assert.notEqual(key(MOD, { GOPROXY: 'x' }).graph, k0.graph);
  assert.equal(key(MOD).result, k0.result);
});

test('one handler for a finished run: go missing, canceled, a hang on its require, else where told', () => {
  const { w } = world({ 'go.mod': MOD });
  const fresh = (): Attribution => new Attribution(w, new TargetSet(w));
  let out = fresh();
  const candidates = (): ReturnType<TargetSet['of']>[] => out.targets.list;
  const place = (otherwise: 'candidates' | 'go-line' | 'go-line-if-open') => ({
    candidates: out.targets.list,
    otherwise,
    timeoutMs: 3000,
  });
  assert.equal(
    finishedRun(
      run({ spawnError: { code: 'ENOENT', message: 'spawn go ENOENT' } }),
      out,
      place('candidates'),
    ),
    'go-missing',
  );
  assert.equal(out.findings.length, 1);
  assert.equal(out.findings[0].range.start.line, 2, 'on the go line');

  out = fresh();
  assert.equal(finishedRun(run({ canceled: true }), out, place('candidates')), 'canceled');
  assert.equal(finishedRun(run({ exitCode: 1 }), out, place('candidates')), 'exited');
  assert.equal(out.findings.length, 0);

  const hung = run({ timedOut: true, stderr: '# get https://p.test/example.test/b/@v/v1.0.0.info\n' });
  assert.equal(finishedRun(hung, out, place('candidates')), 'timed-out');
  assert.deepEqual(
    out.findings.map((f) => [f.category, f.requirePath]),
    [['timeout', 'example.test/b']],
  );

  out = fresh();
  finishedRun(run({ timedOut: true }), out, place('candidates'));
  assert.equal(out.findings.length, candidates().length, 'nothing open: every candidate');
  out = fresh();
  const other = run({ timedOut: true, stderr: '# get https://p.test/example.test/zz/@v/v1.0.0.mod\n' });
  finishedRun(other, out, place('go-line-if-open'));
  assert.deepEqual(
    out.findings.map((f) => f.range.start.line),
    [2],
    'a module no require names: the go line',
  );
});

test('attribution: a provisional finding per line, longest wait first', () => {
  const { w } = world({ 'go.mod': MOD });
  const out = new Attribution(w, new TargetSet(w));
  const op = requestOperation('https://p.test/example.test/a/@v/v1.0.0.zip');
  const fs = out.provisional(
    [
      { op, waitedMs: 15_000 },
      { op: requestOperation('https://p.test/example.test/a/@v/v1.0.0.mod'), waitedMs: 11_000 },
    ],
    {},
  );
  assert.equal(fs.length, 1);
  assert.equal(fs[0].provisional, true);
  assert.equal(fs[0].waitedMs, 15_000);
  assert.equal(fs[0].requirePath, 'example.test/a');
  assert.equal(out.findings.length, 0, 'provisional findings are not kept');
});

test('stores: results expire when failed, entries, graphs, shadow folders', () => {
  const results = new ResultStore({ failureTtlMs: 10 });
  const failed: CheckResult = {
    findings: [],
    modules: [{ path: 'a', version: 'v1', status: 'failed' }],
    runs: [],
    fromCache: false,
  };
  results.set('k', failed, 0);
  assert.ok(results.get('k', 5));
  assert.equal(results.get('k', 50), undefined);
  results.set('ok', { ...failed, modules: [] }, 0);
  assert.ok(results.get('ok', 1e9), 'a success does not expire');

  const entries = new EntryStore();
  entries.setUnsettled('x');
  assert.equal(entries.unsettled('x'), true);
  entries.setKnownComplete('x');
  assert.equal(entries.unsettled('x'), false);
  assert.equal(entries.knownComplete('x'), true);

  const graphs = new GraphStore();
  graphs.addOkRoots('r', [{ path: 'a', version: 'v1' }]);
  assert.deepEqual([...graphs.okRoots('r')!], ['a@v1']);

  const shadows = new ShadowStore();
  const d = shadows.borrow('/root');
  assert.ok(d && existsSync(d));
  assert.equal(shadows.borrow('/root'), undefined, 'busy while lent');
  shadows.release('/root');
  assert.equal(shadows.borrow('/root'), d, 'the same folder again');
  shadows.dispose();
  assert.equal(existsSync(d), false);
});

test("go's private copies are rewritten in place: exactly the new text, a new file only for its owner", () => {
  const dir = tree({});
  mkdirSync(dir, { recursive: true });
  const p = join(dir, 'alone.sum');
  writeInPlace(p, 'example.test/a v1.0.0 h1:long=\nexample.test/b v1.0.0 h1:long=\n');
  assert.equal(statSync(p).mode & 0o777, 0o600);
  writeInPlace(p, 'example.test/c v1.0.0 h1:x=\n');
  assert.equal(
    readFileSync(p, 'utf8'),
    'example.test/c v1.0.0 h1:x=\n',
    'nothing of the longer text is left',
  );
  writeInPlace(p, 'example.test/c v1.0.0 h1:x=\nexample.test/d v1.0.0 h1:y=\n');
  assert.equal(readFileSync(p, 'utf8'), 'example.test/c v1.0.0 h1:x=\nexample.test/d v1.0.0 h1:y=\n');
  writeInPlace(p, '');
  assert.equal(readFileSync(p, 'utf8'), '');
  assert.equal(statSync(p).mode & 0o777, 0o600, 'the mode is kept');
});
