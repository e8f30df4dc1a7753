import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequiresChain } from '../../src/core/download/chain.ts';
import { absolutizeGoWork } from '../../src/core/download/check.ts';
import { decodeJsonStream, decodeModDownload } from '../../src/core/download/jsonStream.ts';
import { moduleOfUrl, openOperations, parseTrace } from '../../src/core/download/trace.ts';
import { parseGoWork } from '../../src/core/gomod/parse.ts';

// Shapes as printed by go 1.27 -x (one request ended, one still open).
const PROXY_TRACE = [
  '# get http://127.0.0.1:4000/example.test/a/@v/v1.0.0.info',
  '# get http://127.0.0.1:4000/example.test/a/@v/v1.0.0.info: 200 OK (0.010s)',
  '# get http://127.0.0.1:4000/example.test/!upper/@v/v1.0.0.mod',
  '# get https://sum.example/lookup/example.test/a@v1.0.0',
  '# get https://sum.example/lookup/example.test/a@v1.0.0: Get "https://sum.example/lookup/example.test/a@v1.0.0": dial tcp: lookup sum.example: no such host (0.002s)',
  'go: a message of go itself',
].join('\n');

test('-x trace: ended and open requests, hosts, stages and modules', () => {
  const t = parseTrace(PROXY_TRACE);
  assert.equal(t.requests.length, 3);
  assert.equal(t.requests[0].outcome, '200 OK');
  assert.match(t.requests[2].outcome ?? '', /no such host/);
  assert.equal(t.messages, 'go: a message of go itself');
  const open = openOperations(t);
  assert.equal(open.length, 1);
  assert.deepEqual(
    { host: open[0].host, stage: open[0].stage, module: open[0].module, version: open[0].version },
    { host: '127.0.0.1:4000', stage: 'http', module: 'example.test/Upper', version: 'v1.0.0' },
  );
});

test('-x trace: git commands, their remote from an earlier command in the same directory (go <= 1.24)', () => {
  const dir = '/tmp/gp/pkg/mod/cache/vcs/0360abc';
  const t = parseTrace(
    [
      `mkdir -p ${dir}`,
      `cd ${dir}; git init --bare`,
      `0.002s # cd ${dir}; git init --bare`,
      `cd ${dir}; git remote add origin -- https://github.com/x/y`,
      `0.001s # cd ${dir}; git remote add origin -- https://github.com/x/y`,
      `cd ${dir}; git ls-remote -q origin`,
    ].join('\n'),
  );
  const open = openOperations(t);
  assert.equal(open.length, 1);
  assert.equal(open[0].kind, 'vcs');
  assert.equal(open[0].stage, 'vcs');
  assert.equal(open[0].host, 'github.com');
  assert.equal(open[0].url, 'https://github.com/x/y');
  assert.equal(t.messages, '');
});

test('-x trace: go 1.25+ names the URL in ls-remote; a finished command is not open', () => {
  const t = parseTrace(
    [
      'git ls-remote -q --end-of-options https://git.corp.example/team/repo',
      '0.101s # git ls-remote -q --end-of-options https://git.corp.example/team/repo',
      "cd '/tmp/a b'; git fetch -f --depth=1 origin refs/tags/v1.0.0:refs/tags/v1.0.0",
    ].join('\n'),
  );
  const open = openOperations(t);
  assert.equal(open.length, 1);
  assert.equal(t.commands[0].done, true);
  assert.equal(t.commands[0].host, 'git.corp.example');
  assert.equal(t.commands[1].dir, '/tmp/a b');
});

test('module and version from proxy and checksum-database URLs', () => {
  assert.deepEqual(moduleOfUrl('https://proxy.example/mod/github.com/!burnt!sushi/toml/@v/v1.2.0.zip'), {
    module: 'github.com/BurntSushi/toml',
    version: 'v1.2.0',
    kind: 'proxy',
  });
  assert.deepEqual(moduleOfUrl('https://proxy.example/example.test/a/@v/list'), {
    module: 'example.test/a',
    version: undefined,
    kind: 'proxy',
  });
  assert.deepEqual(moduleOfUrl('https://sum.example/lookup/example.test/a@v1.0.0'), {
    module: 'example.test/a',
    version: 'v1.0.0',
    kind: 'sumdb',
  });
  assert.equal(moduleOfUrl('https://example.test/a?go-get=1'), undefined);
  const gg = openOperations(parseTrace('# get https://corp.example/team/a?go-get=1'));
  assert.equal(gg[0].stage, 'vcs');
  assert.equal(gg[0].module, 'corp.example/team/a');
});

test('concatenated MarshalIndent objects decode one by one; HTML escapes are undone; a cut object is dropped', () => {
  const stdout =
    '{\n\t"Path": "example.test/a",\n\t"Version": "v1.0.0",\n\t"Error": "example.test/a@v1.0.0 requires go \\u003e= 1.999 (running go 1.23.5; GOTOOLCHAIN=local)"\n}\n' +
    '{\n\t"Path": "example.test/b",\n\t"Version": "v1.0.0",\n\t"Dir": "/x/{brace}",\n\t"Sum": "h1:x"\n}\n' +
    '{\n\t"Path": "example.test/cut",\n\t"Vers';
  const objs = decodeModDownload(stdout);
  assert.equal(objs.length, 2);
  assert.equal(
    objs[0].Error,
    'example.test/a@v1.0.0 requires go >= 1.999 (running go 1.23.5; GOTOOLCHAIN=local)',
  );
  assert.equal(objs[1].Dir, '/x/{brace}');
  assert.deepEqual(decodeJsonStream('noise {"a":1} [x] {"b":"}"}'), [{ a: 1 }, { b: '}' }]);
});

test('"requires" chains from go module-graph errors', () => {
  const c = parseRequiresChain(
    'go: example.test/a@v1.0.0 requires\n\texample.test/b@v1.0.0 requires\n\texample.test/gone@v1.0.0: reading http://127.0.0.1:1/example.test/gone/@v/v1.0.0.mod: 404 Not Found\n\tserver response: not found\n',
  );
  assert.deepEqual(c?.chain, ['example.test/a@v1.0.0', 'example.test/b@v1.0.0', 'example.test/gone@v1.0.0']);
  assert.deepEqual(c?.failing, { path: 'example.test/gone', version: 'v1.0.0' });
  assert.equal(
    c?.error,
    'reading http://127.0.0.1:1/example.test/gone/@v/v1.0.0.mod: 404 Not Found\n\tserver response: not found',
  );
  const one = parseRequiresChain(
    'go: example.test/x@v1.2.3: parsing go.mod:\n\tmodule declares its path as: y\n',
  );
  assert.deepEqual(one?.chain, ['example.test/x@v1.2.3']);
  assert.equal(parseRequiresChain('go: no module dependencies to download'), undefined);
});

test('a go.work copy gets absolute use and local replace paths, and nothing else changes', () => {
  const text =
    'go 1.22\n\nuse (\n\t./a\n\t"b c"\n\t/abs/d\n)\n\nreplace example.test/x => ../x\nreplace example.test/y v1.0.0 => example.test/z v1.1.0\n';
  const out = absolutizeGoWork(text, parseGoWork(text), '/ws');
  assert.equal(
    out,
    'go 1.22\n\nuse (\n\t"/ws/a"\n\t"/ws/b c"\n\t"/abs/d"\n)\n\nreplace example.test/x => "/x"\nreplace example.test/y v1.0.0 => example.test/z v1.1.0\n',
  );
  assert.deepEqual(parseGoWork(out).errors, []);
});
