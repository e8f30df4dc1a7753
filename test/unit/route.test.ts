/**
 * The route's pure parts against go's rules: MatchPrefixPatterns, GOPROXY parsing and fall-through, the
 * private-path variables and their defaults, the checksum database, .netrc matching before and after Go 1.24,
 * GOAUTH, git's insteadOf and credential helpers, and git's config syntax. The same cases run against the real
 * go and git in test/integration/route.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  goCredentials,
  goNetrcMachines,
  goNetrcMatch,
  gitRoute,
  curlNetrcMatch,
} from '../../src/core/route/credentials.ts';
import {
  credentialHelpersFor,
  parseGitConfig,
  rewriteUrl,
  insteadOfRules,
  type GitConfig,
} from '../../src/core/route/gitconfig.ts';
import { resolveRouteEnv } from '../../src/core/route/goenv.ts';
import { matchPrefixPatterns, matchingGlob, globIsValid } from '../../src/core/route/patterns.ts';
import { computeRoute, parseGoproxy, parseGosumdb } from '../../src/core/route/route.ts';
import { routeMarkdown, routeText } from '../../src/core/route/render.ts';

const noGit: GitConfig = { entries: [], files: [], skippedIncludes: [] };

function route(
  env: Record<string, string>,
  path = 'example.com/mod',
  opts: { goVersion?: string; netrc?: string; git?: GitConfig } = {},
) {
  const sources = Object.fromEntries(Object.keys(env).map((k) => [k, 'process' as const]));
  const renv = resolveRouteEnv({ env, sources, effective: { GOVERSION: `go${opts.goVersion ?? '1.27.0'}` } });
  return computeRoute(path, 'v1.0.0', {
    renv,
    creds: {
      goVersion: renv.goVersion,
      goauth: renv.vars.GOAUTH.value,
      netrcPath: '/home/u/.netrc',
      ...(opts.netrc !== undefined ? { netrcText: opts.netrc, gitNetrcText: opts.netrc } : {}),
      git: opts.git ?? noGit,
    },
  });
}

describe('module.MatchPrefixPatterns', () => {
  test('a glob matches the same number of leading path elements', () => {
    assert.equal(matchPrefixPatterns('github.com/acme', 'github.com/acme/lib'), true);
    assert.equal(matchPrefixPatterns('github.com/acm', 'github.com/acme/lib'), false);
    assert.equal(matchPrefixPatterns('*.corp.example', 'git.corp.example/team/x'), true);
    assert.equal(matchPrefixPatterns('corp.example', 'git.corp.example/team/x'), false);
    assert.equal(matchPrefixPatterns('github.com/acme/lib/extra', 'github.com/acme/lib'), false);
    assert.equal(matchPrefixPatterns('github.com/acme/', 'github.com/acme/lib'), true);
    assert.equal(matchPrefixPatterns('github.com/*/lib', 'github.com/acme/lib/v2'), true);
  });
  test('go does not trim spaces, and a bad glob matches nothing', () => {
    assert.equal(matchPrefixPatterns('a.example, github.com/acme', 'github.com/acme/lib'), false);
    assert.equal(matchPrefixPatterns('a.example,github.com/acme', 'github.com/acme/lib'), true);
    assert.equal(matchPrefixPatterns('github.com/[acme', 'github.com/acme/lib'), false);
    assert.equal(globIsValid('github.com/[acme'), false);
    assert.equal(globIsValid('github.com/[a-c]me'), true);
    assert.equal(matchingGlob(',,git.corp.example,', 'git.corp.example/x'), 'git.corp.example');
    assert.equal(matchPrefixPatterns('none', 'git.corp.example/x'), false);
  });
});

describe('GOPROXY', () => {
  test('entries, separators and the implicit https://', () => {
    assert.deepEqual(parseGoproxy(' a.example | https://b.example/p ,direct,x'), [
      { raw: 'a.example', url: 'https://a.example', next: '|' },
      { raw: 'https://b.example/p', url: 'https://b.example/p', next: ',' },
      { raw: 'direct', url: 'direct', next: ',' },
      { raw: 'x', url: 'x' },
    ]);
  });
  test('"," moves on only after 404/410, "|" after any error; nothing after direct or off', () => {
    const r = route({
      GOPROXY: 'https://a.example,https://b.example|https://c.example,direct,https://d.example',
    });
    assert.deepEqual(
      r.steps.map((s) => [s.kind, s.onError]),
      [
        ['proxy', 'next-on-not-found'],
        ['proxy', 'next-on-any-error'],
        ['proxy', 'next-on-not-found'],
        ['direct', 'end'],
        ['skipped', 'end'],
      ],
    );
    assert.deepEqual(r.hosts.map((h) => [h.role, h.host]).slice(0, 3), [
      ['proxy', 'a.example'],
      ['proxy', 'b.example'],
      ['proxy', 'c.example'],
    ]);
    assert.equal(route({ GOPROXY: 'off' }).steps[0].kind, 'off');
    assert.equal(route({ GOPROXY: 'https://a.example' }).steps[0].onError, 'end');
  });
  test('an entry without a scheme is what go rejects', () => {
    assert.match(route({ GOPROXY: 'proxy,direct' }).configError ?? '', /missing scheme: proxy/);
    assert.match(route({ GOPROXY: 'ftp://p.example' }).configError ?? '', /must be https, http, file/);
    assert.equal(route({ GOPROXY: 'p.example,direct' }).configError, undefined);
  });
  test('unset: go 1.19-1.20 default (no GOROOT to read here)', () => {
    const r = route({});
    assert.deepEqual(r.settings[0], {
      name: 'GOPROXY',
      value: 'https://proxy.golang.org,direct',
      source: 'go-default',
    });
  });
});

describe('private-path variables', () => {
  test('GOPRIVATE: straight to the origin, no checksum database; the pattern and where it came from', () => {
    const r = route({ GOPROXY: 'https://p.example', GOPRIVATE: 'x.example,example.com' });
    assert.equal(r.steps[0].kind, 'direct');
    assert.equal(r.steps[1].kind, 'skipped');
    assert.deepEqual(
      r.matches.map((m) => [m.variable, m.pattern, m.from, m.source]),
      [
        ['GOPRIVATE', 'example.com', 'GOPRIVATE', 'process'],
        ['GONOPROXY', 'example.com', 'GOPRIVATE', 'process'],
        ['GONOSUMDB', 'example.com', 'GOPRIVATE', 'process'],
      ],
    );
    assert.equal(r.checksumDb.used, false);
    assert.ok(r.hosts.some((h) => h.role === 'git'));
  });
  test('GONOPROXY alone: direct, but the checksum database is still consulted', () => {
    const r = route({ GONOPROXY: 'example.com' });
    assert.equal(r.steps[0].kind, 'direct');
    assert.equal(r.checksumDb.used, true);
  });
  test('GONOSUMDB alone: through the proxy, without the checksum database', () => {
    const r = route({ GONOSUMDB: 'example.com' });
    assert.equal(r.steps[0].kind, 'proxy');
    assert.equal(r.checksumDb.used, false);
    assert.match(r.checksumDb.reason, /GONOSUMDB matches example\.com/);
  });
  test('GOINSECURE does not inherit GOPRIVATE', () => {
    assert.deepEqual(
      route({ GOPRIVATE: 'example.com' }).matches.map((m) => m.variable),
      ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB'],
    );
    assert.deepEqual(
      route({ GOINSECURE: 'example.com' }).matches.map((m) => m.variable),
      ['GOINSECURE'],
    );
  });
  test('GONOPROXY=none keeps private modules on the proxy; GOPROXY=direct adds no implicit step', () => {
    const r = route({ GOPRIVATE: 'example.com', GONOPROXY: 'none', GOPROXY: 'https://corp.example' });
    assert.equal(r.steps[0].kind, 'proxy');
    assert.equal(route({ GOPRIVATE: 'example.com', GOPROXY: 'direct' }).steps.length, 1);
  });
  test('a near miss matches nothing', () => {
    const r = route({ GOPRIVATE: 'example.co,example.com/mo' });
    assert.deepEqual(r.matches, []);
    assert.equal(r.steps[0].kind, 'proxy');
  });
});

describe('checksum database', () => {
  test('GOSUMDB forms', () => {
    assert.deepEqual(parseGosumdb('sum.golang.org'), {
      name: 'sum.golang.org',
      url: 'https://sum.golang.org',
      explicit: false,
    });
    assert.deepEqual(parseGosumdb('sum.golang.google.cn'), {
      name: 'sum.golang.org',
      url: 'https://sum.golang.google.cn',
      explicit: false,
    });
    assert.deepEqual(parseGosumdb('k.example+abcd+KEY https://db.example/x'), {
      name: 'k.example',
      url: 'https://db.example/x',
      explicit: true,
    });
    assert.deepEqual(parseGosumdb('a b c'), { error: 'invalid GOSUMDB: too many fields' });
    const off = route({ GOSUMDB: 'off' });
    assert.equal(off.checksumDb.used, false);
    assert.match(off.checksumDb.reason, /GOSUMDB=off/);
  });
});

describe('credentials', () => {
  const netrc =
    'machine p.example:8443 login u password p\nmachine p.example login u2 password p2\nmachine half.example login only\n';
  test('.netrc: go compares host and port; a host-only entry misses a URL with a port', () => {
    const machines = goNetrcMachines(netrc);
    assert.equal(goNetrcMatch('https://p.example:8443/mod', machines, '1.23.0'), 'p.example:8443');
    assert.equal(goNetrcMatch('https://p.example/mod', machines, '1.23.0'), 'p.example');
    assert.equal(goNetrcMatch('https://q.example:8443/mod', machines, '1.23.0'), undefined);
    // go 1.19 compares the host name alone (measured on the real go 1.19; 1.21+ compare host:port).
    assert.equal(
      goNetrcMatch(
        'https://p.example:8443/mod',
        goNetrcMachines('machine p.example login u password p\n'),
        '1.19.0',
      ),
      'p.example',
    );
    assert.equal(
      goNetrcMatch(
        'https://p.example:8443/mod',
        goNetrcMachines('machine p.example:8443 login u password p\n'),
        '1.19.0',
      ),
      undefined,
    );
    assert.equal(goNetrcMatch('https://half.example/', machines, '1.27.0'), undefined, 'needs a password');
    assert.equal(goNetrcMatch('https://p.example:8443/a/b', machines, '1.27.0'), 'p.example:8443');
  });
  test('Go 1.24+: a machine with a path matches URLs under it; go stops at a default that ends a line', () => {
    const m = goNetrcMachines(
      'machine h.example/team login a password b\ndefault\nlogin x password y\nmachine late.example login a password b\n',
    );
    assert.equal(goNetrcMatch('https://h.example/team/mod/@v/list', m, '1.24.0'), 'h.example/team');
    assert.equal(goNetrcMatch('https://h.example/other', m, '1.24.0'), undefined);
    assert.equal(goNetrcMatch('https://h.example/team/mod', m, '1.23.0'), undefined);
    assert.equal(goNetrcMatch('https://late.example/', m, '1.27.0'), undefined);
  });
  test('git (curl) ignores the port and uses default', () => {
    assert.equal(
      curlNetrcMatch('https://p.example:8443/x', 'machine p.example login a password b\n'),
      'p.example',
    );
    assert.equal(curlNetrcMatch('https://z.example/x', 'default login a password b\n'), 'default');
  });
  const base = { netrcPath: '/n', netrcText: netrc, git: noGit };
  test('GOAUTH on 1.24+: off, netrc, a command (arguments hidden), git', () => {
    assert.deepEqual(
      goCredentials('https://p.example/', { ...base, goVersion: '1.24.1', goauth: 'off' }).map((c) => c.kind),
      ['none'],
    );
    const cmd = goCredentials('https://p.example/', {
      ...base,
      goVersion: '1.24.1',
      goauth: '/bin/tok --secret s3cr3t; netrc',
    });
    assert.deepEqual(
      cmd.map((c) => c.kind),
      ['goauth-command', 'netrc'],
    );
    assert.doesNotMatch(JSON.stringify(cmd), /s3cr3t/);
    assert.equal(
      goCredentials('https://p.example/', { ...base, goVersion: '1.24.1', goauth: 'git /src' })[0].kind,
      'goauth-git',
    );
    assert.deepEqual(
      goCredentials('https://p.example/', { ...base, goVersion: '1.23.0', goauth: 'off' }).map((c) => c.kind),
      ['netrc'],
      'no GOAUTH before 1.24',
    );
    assert.equal(
      goCredentials('http://p.example/', { ...base, goVersion: '1.27.0', goauth: '' })[0].kind,
      'none',
    );
    assert.equal(
      goCredentials('https://u:pw@p.example/', { ...base, goVersion: '1.27.0', goauth: '' })[0].kind,
      'url',
    );
  });
  test("git's insteadOf (the longest prefix wins) and credential helpers for the rewritten URL", () => {
    const git: GitConfig = {
      entries: [
        ...parseGitConfig(
          '[url "ssh://git@github.com/"]\n\tinsteadOf = https://github.com/\n[url "https://mirror.example/acme/"]\n\tinsteadOf = https://github.com/acme/\n[credential]\n\thelper = store\n[credential "https://mirror.example"]\n\thelper = "!f() { echo password=zzz; }; f"\n[credential "https://other.example"]\n\thelper = other\n',
          '/home/u/.gitconfig',
        ),
      ],
      files: [],
      skippedIncludes: [],
    };
    const g = gitRoute('https://github.com/acme/lib', { netrcPath: '/n', goauth: '', git });
    assert.equal(g.rewritten, 'https://mirror.example/acme/lib');
    assert.deepEqual(
      g.credentials.map((c) => c.detail),
      ['git credential helper store', 'git credential helper a shell command'],
    );
    assert.equal(
      gitRoute('https://github.com/other/lib', { netrcPath: '/n', goauth: '', git }).credentials[0].kind,
      'ssh-key',
    );
    assert.equal(rewriteUrl('https://gitlab.com/x', insteadOfRules(git)).rule, undefined);
    assert.equal(credentialHelpersFor(git, 'https://nowhere.example/').length, 1);
  });
});

describe('git config syntax', () => {
  test('sections, subsections, quotes, escapes, comments, continuation, booleans', () => {
    const e = parseGitConfig(
      '# c\n[URL "https://a.example/"] ; x\n  InsteadOf = "git@a:"  # comment\n[core]\n  bare\n  x = a \\\n b\n[Credential "https://h.example"]\n helper = one two\n',
      'f',
    );
    assert.deepEqual(
      e.map((x) => [x.key, x.value]),
      [
        ['url.https://a.example/.insteadof', 'git@a:'],
        ['core.bare', 'true'],
        ['core.x', 'a  b'],
        ['credential.https://h.example.helper', 'one two'],
      ],
    );
  });
});

describe('rendering', () => {
  test('Markdown and text name the steps, patterns, database and hosts, without secrets', () => {
    const r = route({ GOPROXY: 'https://u:hunter22@p.example|direct', GOPRIVATE: 'other.example' });
    const md = routeMarkdown(r);
    const text = routeText(r);
    for (const s of [md, text]) {
      assert.doesNotMatch(s, /hunter22/);
      assert.match(s, /p\.example/);
      assert.match(s, /sum\.golang\.org/);
    }
    assert.match(md, /`\|`/);
  });
});
