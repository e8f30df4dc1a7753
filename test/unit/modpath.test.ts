// Issue 18, finding 7: module paths and versions are checked as go's module.CheckPath and CheckPathMajor do
// before any reaches a command line, a module cache file name or a URL.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { applyFix } from '../../src/server/fixes.ts';
import { INVALID_PATHS, VALID_PATHS } from '../helpers/modulePaths.ts';
import {
  checkModuleArg,
  checkPath,
  checkPathMajor,
  escapeCase,
  isSafeModuleKey,
  splitPathVersion,
} from '../../src/core/gomod/modpath.ts';

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

describe('the cache-entry fix removes nothing outside the module cache', () => {
  test('a module path with ".." is refused, the file beside the cache stays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmd-cachefix-'));
    try {
      const gomodcache = join(dir, 'modcache');
      mkdirSync(join(gomodcache, 'cache/download'), { recursive: true });
      mkdirSync(join(dir, 'precious@v1.0.0'));
      writeFileSync(join(dir, 'precious@v1.0.0', 'keep.txt'), 'x');
      const r = await applyFix(
        {
          fix: 'clear-cache-entry',
          uri: 'file:///w/go.mod',
          category: 'cache',
          module: '../precious',
          scope: 'user',
          inputs: { version: 'v1.0.0' },
        },
        {
          root: dir,
          settings: {} as never,
          goSettings: {} as never,
          httpProxy: '',
          rootResult: { effectiveEnv: { GOMODCACHE: gomodcache } } as never,
        },
      );
      assert.equal(r.ok, false);
      assert.ok(existsSync(join(dir, 'precious@v1.0.0', 'keep.txt')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
