// Issue 18, finding 7: module paths and versions are checked as go's module.CheckPath and CheckPathMajor do
// before any reaches a command line, a module cache file name or a URL.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkModuleArg,
  checkPath,
  checkPathMajor,
  escapeCase,
  isSafeModuleKey,
  splitPathVersion,
} from '../../src/core/gomod/modpath.ts';

/** Paths go accepts (module.CheckPath), and paths it refuses with the reason's words. */
export const VALID_PATHS = [
  'x.y/z',
  'x.y',
  'example.com/m',
  'example.com/Foo/Bar',
  'example.com/a/v2',
  'example.com/a/v10',
  'example.com/x..y',
  'example.com/z~',
  'example.com/a_b-c.d~e',
  'gopkg.in/yaml.v2',
  'gopkg.in/yaml.v0',
  'gopkg.in/check.v1',
  'github.com/org/repo/sub/pkg',
  'my-host.example/x',
];
export const INVALID_PATHS: [string, RegExp][] = [
  ['', /empty/],
  ['-modfile=/tmp/x', /leading dash/],
  ['-overlay=o.json', /leading dash/],
  ['x.y//z', /double slash/],
  ['x.y/', /trailing slash/],
  ['/x.y/z', /leading slash/],
  ['x.y/../admin', /invalid path element/],
  ['x.y/./z', /invalid path element/],
  ['proxy.test/../../admin/api/tokens', /invalid path element/],
  ['x.y/.z', /leading dot/],
  ['x.y/z.', /trailing dot/],
  ['x.y/z@v1', /invalid char/],
  ['x.y/z:80', /invalid char/],
  ['x.y/a b', /invalid char/],
  ['x.y/caf\u00e9', /invalid char/],
  ['localhost/x', /missing dot/],
  ['Example.com/x', /first path element/],
  ['exa_mple.com/x', /first path element/],
  ['x.y/con', /Windows/],
  ['x.y/NUL.txt', /Windows/],
  ['x.y/progra~1', /tilde/],
  ['x.y/z/v1', /invalid version/],
  ['x.y/z/v0', /invalid version/],
  ['x.y/z/v02', /invalid version/],
  ['x.y/z/v2.0', /invalid version/],
  ['gopkg.in/yaml', /invalid version/],
  ['gopkg.in/yaml.v02', /invalid version/],
  ['u:p@evil.test/x', /invalid char/],
];

describe('checkPath (go’s module.CheckPath)', () => {
  for (const p of VALID_PATHS) test(`accepts ${p}`, () => assert.equal(checkPath(p), undefined));
  for (const [p, why] of INVALID_PATHS)
    test(`refuses ${JSON.stringify(p)}`, () => assert.match(checkPath(p) ?? 'accepted', why));
});

describe('splitPathVersion and checkPathMajor', () => {
  test('major suffixes', () => {
    assert.deepEqual(splitPathVersion('x.y/z/v2'), { prefix: 'x.y/z', pathMajor: '/v2', ok: true });
    assert.deepEqual(splitPathVersion('x.y/z'), { prefix: 'x.y/z', pathMajor: '', ok: true });
    assert.deepEqual(splitPathVersion('gopkg.in/yaml.v3'), {
      prefix: 'gopkg.in/yaml',
      pathMajor: '.v3',
      ok: true,
    });
    assert.equal(splitPathVersion('x.y/z/v1').ok, false);
  });
  test('versions against the path’s major version', () => {
    assert.equal(checkPathMajor('v1.2.3', ''), undefined);
    assert.equal(checkPathMajor('v0.1.0', ''), undefined);
    assert.equal(checkPathMajor('v2.0.0+incompatible', ''), undefined);
    assert.match(checkPathMajor('v2.0.0', '') ?? '', /should be v0 or v1, not v2/);
    assert.equal(checkPathMajor('v2.1.0', '/v2'), undefined);
    assert.match(checkPathMajor('v1.0.0', '/v2') ?? '', /should be v2, not v1/);
    assert.equal(checkPathMajor('v3.0.0', '.v3'), undefined);
    assert.equal(checkPathMajor('v0.0.0-20200101000000-abcdefabcdef', '.v1'), undefined);
  });
});

describe('arguments for go, the module cache and URLs', () => {
  test('path@version keys', () => {
    assert.equal(isSafeModuleKey('example.com/m@v1.0.0'), true);
    assert.equal(isSafeModuleKey('example.com/m@master'), true);
    assert.equal(isSafeModuleKey('example.com/m@v1.2.3-pre.1+incompatible'), true);
    assert.equal(isSafeModuleKey('-modfile=/tmp/x@v1.0.0'), false);
    assert.equal(isSafeModuleKey('example.com/m@-x'), false);
    assert.equal(isSafeModuleKey('example.com/m@../../x'), false);
    assert.equal(isSafeModuleKey('example.com/m@v1..0'), false);
    assert.equal(isSafeModuleKey('example.com/m'), false);
    assert.match(checkModuleArg('example.com/m', '') ?? '', /version/);
  });
  test('case encoding', () => {
    assert.equal(escapeCase('github.com/Azure/SDK'), 'github.com/!azure/!s!d!k');
  });
});
