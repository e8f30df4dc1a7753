/**
 * Every settings-linter rule: a case that fires and a near miss that does not (the same settings with the one
 * thing that makes them wrong taken away).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lintContext, LINT_RULES, type LintFinding, type LintRuleId } from '../../src/core/lint/index.ts';
import { meantVariable } from '../../src/core/lint/rules.ts';
import { parseGitConfig } from '../../src/core/route/gitconfig.ts';
import { resolveRouteEnv } from '../../src/core/route/goenv.ts';

interface Case {
  env?: Record<string, string>;
  netrc?: string;
  gitconfig?: string;
  requires?: string[];
  goVersion?: string;
}

function lint(c: Case): LintFinding[] {
  const env = { GOPROXY: 'https://proxy.golang.org,direct', ...c.env };
  const sources = Object.fromEntries(Object.keys(env).map((k) => [k, 'goenv-file' as const]));
  const renv = resolveRouteEnv({ env, sources, effective: { GOVERSION: `go${c.goVersion ?? '1.27.1'}` } });
  const git = {
    entries: parseGitConfig(c.gitconfig ?? '', '/home/u/.gitconfig'),
    files: [],
    skippedIncludes: [],
  };
  return lintContext({
    renv,
    creds: {
      goVersion: renv.goVersion,
      goauth: '',
      netrcPath: '/home/u/.netrc',
      ...(c.netrc ? { netrcText: c.netrc } : {}),
      git,
    },
    env,
    sources,
    requires: c.requires ?? ['github.com/acme/lib', 'git.corp.example/team/tool'],
  });
}

const rules = (c: Case): LintRuleId[] => lint(c).map((f) => f.rule);

const CASES: { rule: LintRuleId; fires: Case; nearMiss: Case; check?: (f: LintFinding) => void }[] = [
  {
    rule: 'unknown-variable',
    fires: { env: { GONOSUMCHECK: 'git.corp.example' } },
    nearMiss: { env: { GONOSUMDB: 'git.corp.example', GOPACKAGESDRIVER: 'off' } },
    check: (f) => {
      assert.match(f.message, /GONOSUMCHECK is not a variable go reads.*GONOSUMDB/);
      assert.deepEqual(f.fix, {
        action: 'rename',
        variable: 'GONOSUMCHECK',
        to: 'GONOSUMDB',
        value: 'git.corp.example',
      });
    },
  },
  {
    rule: 'goflags-insecure',
    fires: { env: { GOFLAGS: '-modcacherw -insecure' } },
    nearMiss: { env: { GOFLAGS: '-modcacherw -mod=mod' } },
    check: (f) => assert.deepEqual(f.fix, { action: 'set', variable: 'GOFLAGS', value: '-modcacherw' }),
  },
  {
    rule: 'go111module-off',
    fires: { env: { GO111MODULE: 'off' } },
    nearMiss: { env: { GO111MODULE: 'auto' } },
    check: (f) => assert.deepEqual(f.fix, { action: 'unset', variable: 'GO111MODULE' }),
  },
  {
    rule: 'pattern-unused',
    fires: { env: { GOPRIVATE: 'git.corp.example,git.crop.example' } },
    nearMiss: { env: { GOPRIVATE: 'git.corp.example,github.com/acme' } },
    check: (f) => assert.match(f.message, /git\.crop\.example/),
  },
  {
    rule: 'pattern-malformed',
    fires: { env: { GOPRIVATE: 'github.com/acme, git.corp.example' } },
    nearMiss: { env: { GOPRIVATE: 'github.com/acme,git.corp.example' } },
    check: (f) =>
      assert.deepEqual(f.fix, {
        action: 'set',
        variable: 'GOPRIVATE',
        value: 'github.com/acme,git.corp.example',
      }),
  },
  {
    rule: 'goproxy-entry',
    fires: { env: { GOPROXY: 'https://goproxy.corp.example,drect' } },
    nearMiss: { env: { GOPROXY: 'goproxy.corp.example,direct' } },
    check: (f) =>
      assert.deepEqual(f.fix, {
        action: 'set',
        variable: 'GOPROXY',
        value: 'https://goproxy.corp.example,direct',
      }),
  },
  {
    rule: 'insteadof-unreachable',
    fires: { gitconfig: '[url "ssh://git@github.com/"]\n\tinsteadOf = git@github.com:\n' },
    nearMiss: { gitconfig: '[url "ssh://git@github.com/"]\n\tinsteadOf = https://github.com/\n' },
    check: (f) => assert.match(f.message, /https:\/\/github\.com\//),
  },
  {
    rule: 'netrc-unmatched',
    fires: {
      env: { GOPROXY: 'https://goproxy.corp.example:8443,direct' },
      netrc: 'machine goproxy.corp.example login u password p\n',
    },
    nearMiss: {
      env: { GOPROXY: 'https://goproxy.corp.example:8443,direct' },
      netrc: 'machine goproxy.corp.example:8443 login u password p\n',
    },
    check: (f) => assert.match(f.message, /machine goproxy\.corp\.example:8443/),
  },
  {
    rule: 'gosumdb-off',
    fires: { env: { GOSUMDB: 'off' } },
    nearMiss: { env: { GONOSUMDB: 'git.corp.example' } },
  },
  {
    rule: 'goinsecure-wide',
    fires: { env: { GOINSECURE: 'github.com' } },
    nearMiss: { env: { GOINSECURE: 'github.com/acme,*.corp.example' } },
  },
];

describe('settings linter', () => {
  test('every rule of the table has a case here', () => {
    const covered = new Set(CASES.map((c) => c.rule));
    const ids = new Set<string>(LINT_RULES.map((r) => r.id));
    ids.add('pattern-unused'); // reported by the pattern rule
    assert.deepEqual(
      [...ids].filter((id) => !covered.has(id as LintRuleId)),
      [],
    );
  });
  for (const c of CASES) {
    test(`${c.rule}: fires, and a near miss does not`, () => {
      const found = lint(c.fires).filter((f) => f.rule === c.rule);
      assert.equal(found.length, 1, JSON.stringify(lint(c.fires)));
      c.check?.(found[0]);
      assert.deepEqual(
        rules(c.nearMiss).filter((r) => r === c.rule),
        [],
        JSON.stringify(lint(c.nearMiss)),
      );
    });
  }
  test('the default configuration has no finding', () => {
    assert.deepEqual(lint({}), []);
  });
  test('misspellings of download variables only', () => {
    assert.equal(meantVariable('GOPRXY'), 'GOPROXY');
    assert.equal(meantVariable('GOPRIVTE'), 'GOPRIVATE');
    assert.equal(meantVariable('GOPATH'), undefined);
    assert.equal(meantVariable('GOROOT'), undefined);
    assert.equal(meantVariable('GOOS'), undefined);
  });
  test('secrets in values stay out of messages', () => {
    const f = lint({ env: { GOPROXY: 'htps://user:s3cretpass@p.example' } });
    assert.ok(f.length > 0);
    assert.doesNotMatch(JSON.stringify(f.map((x) => x.message)), /s3cretpass/);
  });
});
