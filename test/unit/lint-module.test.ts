/**
 * lintModule (the settings lint of many modules sharing one environment) gives each module what lintContext
 * gives it alone: rules that read the requires run per module, the others are reused.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintContext, lintModule, type LintEnvironment, type RuleMemo } from '../../src/core/lint/index.ts';
import { parseGitConfig } from '../../src/core/route/gitconfig.ts';
import { resolveRouteEnv } from '../../src/core/route/goenv.ts';

function environment(): LintEnvironment {
  const env = {
    GOPROXY: 'https://proxy.golang.org,direct',
    GOPRIVATE: 'git.corp.example,*.internal.example',
    GOSUMDB: 'sum.golang.org',
    GOFLAGSS: '-mod=mod',
  };
  const sources = Object.fromEntries(Object.keys(env).map((k) => [k, 'goenv-file' as const]));
  const renv = resolveRouteEnv({ env, sources, effective: { GOVERSION: 'go1.27.1' } });
  const git = { entries: parseGitConfig('', '/home/u/.gitconfig'), files: [], skippedIncludes: [] };
  const creds = {
    goVersion: renv.goVersion,
    goauth: '',
    netrcPath: '/home/u/.netrc',
    netrcText: 'machine other.example login u password p\n',
    git,
  };
  return { renv, creds, env, sources };
}

test('modules with other requires each get their own findings; the memo keeps only rules blind to them', () => {
  const env = environment();
  const memo: RuleMemo = new Map();
  const modules = [
    ['git.corp.example/team/tool'],
    ['github.com/acme/lib'],
    ['git.corp.example/team/tool', 'x.internal.example/y'],
    [],
    ['github.com/acme/lib'],
  ];
  const rulesOf = (fs: { rule: string }[]): string[] => fs.map((f) => f.rule);
  const seen = new Set<string>();
  for (const requires of modules) {
    const alone = lintContext({ ...env, requires });
    assert.deepEqual(lintModule(env, requires, memo), alone, requires.join(' '));
    for (const r of rulesOf(alone)) seen.add(r);
  }
  assert.ok(seen.has('pattern-unused'), 'a requires-dependent rule fired for some modules');
  assert.ok(memo.size > 0, 'rules that ignore the requires were kept');
  assert.ok(!memo.has('pattern-unused'), 'a rule that reads the requires is never kept');
});
