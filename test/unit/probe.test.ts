/**
 * Pure parts of the probe engine: which proxy go would use (httpproxy rules), GOPROXY/GOSUMDB parsing,
 * GOAUTH display, credentials lookup, and the ranking of root causes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { conclude } from '../../src/core/probe/conclude.ts';
import { noProxyMatches, proxyFor, redactedUrl } from '../../src/core/probe/proxyEnv.ts';
import { displayGoauth, displayValue, goauthSecrets } from '../../src/core/probe/snapshot.ts';
import { credentialsFor, goproxyEntries, repoUrlFor, sumdbOf } from '../../src/core/probe/targets.ts';
import { interceptionVerdict } from '../../src/core/probe/trust.ts';
import type { ModuleRow, ProbeResult, ProbeStageId } from '../../src/core/report/model.ts';

describe('proxyFor (golang.org/x/net/http/httpproxy rules)', () => {
  const env = { HTTPS_PROXY: 'proxy.corp:3128', HTTP_PROXY: 'http://p80:8080', NO_PROXY: '' };
  test('https uses HTTPS_PROXY; no scheme means http://', () => {
    const p = proxyFor(new URL('https://proxy.golang.org/x'), env);
    assert.equal(p?.url.href, 'http://proxy.corp:3128/');
    assert.equal(p?.variable, 'HTTPS_PROXY');
  });
  test('http uses HTTP_PROXY; upper case wins over lower case', () => {
    assert.equal(
      proxyFor(new URL('http://a.example/'), { ...env, http_proxy: 'http://lower:1' })?.url.host,
      'p80:8080',
    );
    assert.equal(
      proxyFor(new URL('http://a.example/'), { http_proxy: 'http://lower:1' })?.url.host,
      'lower:1',
    );
  });
  test('loopback is never proxied', () => {
    for (const h of ['127.0.0.1', 'localhost', '[::1]', '127.9.9.9']) {
      assert.equal(proxyFor(new URL(`https://${h}:8443/`), env), undefined, h);
    }
  });
  test('NO_PROXY: names, subdomains, leading dot, wildcard, ports, IPs, CIDR', () => {
    assert.ok(noProxyMatches('corp.example', 'corp.example', '443'));
    assert.ok(noProxyMatches('corp.example', 'git.corp.example', '443'));
    assert.ok(!noProxyMatches('.corp.example', 'corp.example', '443'));
    assert.ok(noProxyMatches('.corp.example', 'git.corp.example', '443'));
    assert.ok(noProxyMatches('*.corp.example', 'git.corp.example', '443'));
    assert.ok(!noProxyMatches('corp.example', 'notcorp.example', '443'));
    assert.ok(noProxyMatches('corp.example:443', 'corp.example', '443'));
    assert.ok(!noProxyMatches('corp.example:8443', 'corp.example', '443'));
    assert.ok(noProxyMatches('10.0.0.0/8', '10.1.2.3', '443'));
    assert.ok(!noProxyMatches('10.0.0.0/8', '11.1.2.3', '443'));
    assert.ok(noProxyMatches('192.0.2.7', '192.0.2.7', '443'));
    assert.ok(noProxyMatches('a.example, *', 'anything.example', '443'));
    assert.equal(
      proxyFor(new URL('https://git.corp.example/'), { ...env, no_proxy: 'corp.example' }),
      undefined,
    );
  });
  test('redactedUrl hides the password', () => {
    assert.equal(redactedUrl(new URL('http://u:secret@p:1')), 'http://u:xxxxx@p:1');
  });
});

describe('GOPROXY, GOSUMDB, GOAUTH', () => {
  test('GOPROXY entries with both separators', () => {
    assert.deepEqual(goproxyEntries('https://a,https://b|direct'), [
      { url: 'https://a', next: ',' },
      { url: 'https://b', next: '|' },
      { url: 'direct' },
    ]);
    assert.deepEqual(goproxyEntries('off'), [{ url: 'off' }]);
  });
  test('GOSUMDB forms', () => {
    assert.deepEqual(sumdbOf(''), { name: 'sum.golang.org', url: 'https://sum.golang.org' });
    assert.deepEqual(sumdbOf('sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8'), {
      name: 'sum.golang.org',
      url: 'https://sum.golang.org',
    });
    assert.deepEqual(sumdbOf('sum.golang.org https://sum.golang.google.cn'), {
      name: 'sum.golang.org',
      url: 'https://sum.golang.google.cn',
    });
    assert.equal(sumdbOf('off'), undefined);
  });
  test('GOAUTH shows commands without their arguments', () => {
    assert.equal(
      displayGoauth('netrc;command /usr/bin/helper --token abc'),
      'netrc; command /usr/bin/helper (arguments hidden)',
    );
    assert.deepEqual(goauthSecrets('netrc;command /usr/bin/helper --token abc'), ['--token', 'abc']);
    // go's own form: the entry is the command itself (GOAUTH='/usr/bin/helper --token abc').
    assert.equal(
      displayGoauth('/usr/bin/helper --token abc; git /src'),
      '/usr/bin/helper (arguments hidden); git /src',
    );
    assert.deepEqual(goauthSecrets('/usr/bin/helper --token abc;netrc'), ['--token', 'abc']);
    assert.equal(
      displayValue('GOPROXY', 'https://u:pw@a.example,direct'),
      'https://u:xxxxx@a.example,direct',
    );
    assert.equal(displayValue('HTTPS_PROXY', 'u:pw@proxy:3128'), 'http://u:xxxxx@proxy:3128');
  });
  test('credentials: URL user info first, then .netrc (host:port for non-default ports), not when GOAUTH=off', () => {
    const netrc = 'machine a.example login l1 password p1\nmachine b.example:8443 login l2 password p2\n';
    assert.equal(credentialsFor(new URL('https://u:x@a.example/'), netrc, undefined)?.kind, 'url');
    assert.deepEqual(credentialsFor(new URL('https://a.example/m'), netrc, undefined), {
      user: 'l1',
      password: 'p1',
      kind: '.netrc',
    });
    assert.equal(credentialsFor(new URL('https://b.example:8443/'), netrc, undefined)?.user, 'l2');
    assert.equal(
      credentialsFor(new URL('http://a.example/'), netrc, undefined),
      undefined,
      'never over http',
    );
    assert.equal(credentialsFor(new URL('https://a.example/'), netrc, 'off'), undefined);
  });
  test('repository URL for git ls-remote', () => {
    assert.equal(repoUrlFor('git.corp.example/team/lib/sub'), 'https://git.corp.example/team/lib');
    assert.equal(repoUrlFor('git.corp.example/team/lib.git/v2'), 'https://git.corp.example/team/lib.git');
  });
  test('interception heuristic', () => {
    assert.equal(
      interceptionVerdict([{ subject: 'CN=x', issuer: 'CN=Zscaler Root CA\nO=Zscaler Inc.' }]).suspected,
      true,
    );
    assert.equal(interceptionVerdict([{ subject: 'CN=x', issuer: 'CN=Some Private CA' }]).suspected, true);
  });
});

function probe(
  id: string,
  kind: ProbeResult['kind'],
  host: string,
  failed?: [ProbeStageId, ProbeResult['category']],
): ProbeResult {
  return {
    id,
    kind,
    label: id,
    url: `https://${host}`,
    host,
    port: 443,
    state: 'done',
    stages: failed
      ? [{ id: failed[0], status: 'failed', summary: 'boom' }]
      : [{ id: 'http', status: 'ok', summary: '' }],
    summary: '',
    ...(failed ? { failedStage: failed[0], category: failed[1] } : {}),
  };
}
const mod = (path: string, category: ModuleRow['category'], host?: string): ModuleRow => ({
  path,
  version: 'v1.0.0',
  status: 'failed',
  origin: 'direct',
  category,
  fixes: ['check-network'],
  ms: 1,
  ...(host ? { host } : {}),
});

describe('conclude', () => {
  test('a failing probe explains the network failures of its host and outranks later categories', () => {
    const causes = conclude(
      [
        probe('goproxy:0', 'goproxy', 'proxy.example', ['tls', 'tls']),
        probe('sumdb', 'sumdb', 'sum.example'),
      ],
      [
        mod('a.example/x', 'tls', 'proxy.example'),
        mod('a.example/y', 'not-found'),
        mod('a.example/z', 'checksum-mismatch'),
      ],
      [],
    );
    assert.deepEqual(
      causes.map((c) => [c.rank, c.category, c.source.kind]),
      [
        [1, 'tls', 'probe'],
        [2, 'checksum-mismatch', 'modules'],
        [3, 'not-found', 'modules'],
      ],
    );
    assert.deepEqual(causes[0].modules, ['a.example/x@v1.0.0']);
    assert.equal(causes[0].fixes[0], 'install-ca-certificate');
  });
  test('more fundamental categories first: dns before auth before server', () => {
    const causes = conclude(
      [
        probe('goproxy:0', 'goproxy', 'a', ['http', 'server']),
        probe('goproxy:1', 'goproxy', 'b', ['auth', 'auth']),
        probe('sumdb', 'sumdb', 'c', ['dns', 'dns']),
      ],
      [],
      [],
    );
    assert.deepEqual(
      causes.map((c) => c.category),
      ['dns', 'auth', 'server'],
    );
  });
  test('go that cannot run comes first; a go-line problem is named by the classifier', () => {
    const c1 = conclude([probe('p', 'goproxy', 'a', ['dns', 'dns'])], [], [], 'spawn go ENOENT');
    assert.equal(c1[0].category, 'go-missing');
    assert.deepEqual(c1[0].fixes, ['install-go']);
    const c2 = conclude(
      [],
      [],
      [],
      'go: downloading go1.99.1 (linux/amd64)\ngo: download go1.99.1 for linux/amd64: toolchain not available',
    );
    assert.equal(c2[0].category, 'toolchain');
  });
  test('nothing failing: no cause', () => {
    assert.deepEqual(conclude([probe('p', 'goproxy', 'a')], [], []), []);
  });
});
