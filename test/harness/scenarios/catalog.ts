/**
 * The scenario catalog: every way the harness makes the real go command fail.
 * test/SCENARIOS.md documents each one; scenarios.test.ts checks each against every Go version.
 *
 * Conventions: names under corp.example are a company's own hosts; example.com/… modules are
 * public (proxy.golang.org + sum.golang.org); faults are keyed to a scenario's own module or host
 * so that scenarios can run concurrently against one world.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NXDOMAIN, SERVFAIL, SILENT, answer } from '../dns.ts';
import { HOSTS, REFUSED_ADDRESS, type World } from '../world.ts';
import type { Scenario } from './types.ts';

const PROXY = `https://${HOSTS.proxy}`;
const CORP = `https://${HOSTS.corpProxy}`;
/** TLS 1.19 prints the bare x509 error; 1.20+ prefixes it. */
const tlsPrefix = (minor: number): RegExp[] =>
  minor >= 20 ? [/tls: failed to verify certificate: x509: /] : [];
const fwd = (w: World, kind: 'ok' | 'auth-407' | 'refuse-403' | 'bad-gateway-502'): string => {
  const l = w.fwdproxies.get(kind);
  if (!l) throw new Error(`no forward proxy ${kind}`);
  return l.url;
};

export const SCENARIOS: Scenario[] = [
  // ------------------------------------------------------------------------------------------ DNS
  {
    id: 'dns-no-such-host',
    title: 'GOPROXY host does not resolve (NXDOMAIN)',
    reproduces: 'A company proxy that only resolves on the VPN, used while off the VPN.',
    realWorld: 'Get "https://H/M/@v/V.info": dial tcp: lookup H on R:53: no such host',
    expectedCategory: 'dns',
    expectedStage: 'resolve',
    needsNetns: 'the harness DNS responder must answer NXDOMAIN for a real lookup',
    env: { GOPROXY: 'https://goproxy.vpn.corp.example' },
    setup: (w) => w.setDns('goproxy.vpn.corp.example', NXDOMAIN),
    modules: ['example.com/hello@v1.0.0'],
    expect: { evidence: [/dial tcp: lookup goproxy\.vpn\.corp\.example on 127\.0\.0\.1:53: no such host/] },
  },
  {
    id: 'dns-server-misbehaving',
    title: 'DNS server answers SERVFAIL',
    reproduces: 'A broken or filtering resolver (corporate DNS, a captive portal) failing the lookup.',
    realWorld: 'dial tcp: lookup H on R:53: server misbehaving',
    expectedCategory: 'dns',
    expectedStage: 'resolve',
    needsNetns: 'the harness DNS responder must answer SERVFAIL for a real lookup',
    env: { GOPROXY: 'https://goproxy.servfail.corp.example' },
    setup: (w) => w.setDns('goproxy.servfail.corp.example', SERVFAIL),
    modules: ['example.com/hello@v1.0.0'],
    expect: { evidence: [/lookup goproxy\.servfail\.corp\.example on 127\.0\.0\.1:53: server misbehaving/] },
  },
  {
    id: 'dns-timeout',
    title: 'DNS server never answers',
    reproduces: 'A resolver that is unreachable or drops queries (resolv.conf: timeout:1 attempts:1).',
    realWorld: 'dial tcp: lookup H on R:53: read udp A->R:53: i/o timeout',
    expectedCategory: 'dns',
    expectedStage: 'resolve',
    needsNetns: 'the harness DNS responder must stay silent for a real lookup',
    env: { GOPROXY: 'https://goproxy.silent.corp.example' },
    setup: (w) => w.setDns('goproxy.silent.corp.example', SILENT),
    modules: ['example.com/hello@v1.0.0'],
    expect: {
      evidence: [/lookup goproxy\.silent\.corp\.example on 127\.0\.0\.1:53: read udp [^ ]+: i\/o timeout/],
    },
  },
  // -------------------------------------------------------------------------------------- connect
  {
    id: 'connection-refused',
    title: 'GOPROXY host refuses the connection',
    reproduces: 'A proxy host that is down, or a firewall that rejects port 443.',
    realWorld: 'dial tcp IP:443: connect: connection refused',
    expectedCategory: 'connect',
    expectedStage: 'connect',
    needsNetns: 'the name must resolve to an address where nothing listens on port 443',
    env: { GOPROXY: 'https://goproxy.down.corp.example' },
    setup: (w) => w.setDns('goproxy.down.corp.example', answer([REFUSED_ADDRESS])),
    modules: ['example.com/hello@v1.0.0'],
    expect: { evidence: [/dial tcp 127\.0\.0\.2:443: connect: connection refused/] },
  },
  {
    id: 'proxy-hangs',
    title: 'Module proxy accepts the request and never answers',
    reproduces: 'A proxy or middlebox that stalls; go has no timeout of its own and waits forever.',
    realWorld: '(no message: go hangs; the -x trace shows the open "# get URL")',
    expectedCategory: 'timeout',
    expectedStage: 'http',
    setup: (w) => w.proxy.faults.set({ module: 'example.com/hang' }, { kind: 'hang' }),
    modules: ['example.com/hang@v1.0.0'],
    timeoutMs: 5000,
    expect: {
      timedOut: true,
      evidence: [/^# get https:\/\/proxy\.golang\.org\/example\.com\/hang\/@v\/v1\.0\.0\.info$/m],
      absent: [/example\.com\/hang\/@v\/v1\.0\.0\.info: \d{3}/],
    },
  },
  // ------------------------------------------------------------------------------------------ TLS
  {
    id: 'tls-unknown-authority',
    title: 'Certificate signed by an unknown authority',
    reproduces: 'A TLS-intercepting corporate proxy whose root CA is not installed for go.',
    realWorld: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
    expectedCategory: 'tls',
    expectedStage: 'tls',
    prepare: (c) => {
      c.env.SSL_CERT_FILE = c.world.ca.untrustedCaCertPath;
    },
    modules: ['example.com/hello@v1.0.0'],
    expect: { evidence: [/proxy\.golang\.org.*x509: certificate signed by unknown authority/] },
    byVersion: (m) => ({ evidence: [/x509: certificate signed by unknown authority/, ...tlsPrefix(m)] }),
    versionNotes:
      '1.19 prints the bare x509 error; 1.20+ prefix it with "tls: failed to verify certificate:".',
  },
  {
    id: 'tls-wrong-host',
    title: 'Certificate valid for another host name',
    reproduces: 'A proxy presenting a certificate for a different name (misconfigured vhost, interception).',
    realWorld: 'x509: certificate is valid for A, not B',
    expectedCategory: 'tls',
    expectedStage: 'tls',
    env: { GOPROXY: 'https://goproxy.mitm.corp.example' },
    setup: (w) => w.addHost('goproxy.mitm.corp.example', w.corpProxy.handler, 'wrongHost'),
    modules: ['example.com/hello@v1.0.0'],
    expect: {
      evidence: [/x509: certificate is valid for wrong-host\.invalid, not goproxy\.mitm\.corp\.example/],
    },
    byVersion: (m) => ({
      evidence: [
        /x509: certificate is valid for wrong-host\.invalid, not goproxy\.mitm\.corp\.example/,
        ...tlsPrefix(m),
      ],
    }),
  },
  {
    id: 'tls-expired',
    title: 'Expired certificate',
    reproduces: 'A proxy whose certificate was not renewed (or a machine clock far off).',
    realWorld: 'x509: certificate has expired or is not yet valid: current time T is after T2',
    expectedCategory: 'tls',
    expectedStage: 'tls',
    env: { GOPROXY: 'https://goproxy.expired.corp.example' },
    setup: (w) => w.addHost('goproxy.expired.corp.example', w.corpProxy.handler, 'expired'),
    modules: ['example.com/hello@v1.0.0'],
    expect: { evidence: [/x509: certificate has expired or is not yet valid/] },
    byVersion: (m) => ({ evidence: [/x509: certificate has expired or is not yet valid/, ...tlsPrefix(m)] }),
  },
  // ---------------------------------------------------------------------------- HTTP(S)_PROXY
  {
    id: 'http-proxy-refuses-connect',
    title: 'HTTPS_PROXY refuses CONNECT (403)',
    reproduces: 'A corporate forward proxy whose policy forbids tunnelling to the module proxy.',
    realWorld: 'Get "https://proxy.golang.org/M/@v/V.info": Forbidden',
    expectedCategory: 'http-proxy',
    expectedStage: 'proxy',
    prepare: (c) => {
      c.env.HTTPS_PROXY = fwd(c.world, 'refuse-403');
    },
    modules: ['example.com/hello@v1.0.0'],
    expect: {
      evidence: [/Get "https:\/\/proxy\.golang\.org\/example\.com\/hello\/@v\/v1\.0\.0\.info": Forbidden/],
    },
  },
  {
    id: 'http-proxy-407',
    title: 'HTTPS_PROXY requires authentication (407)',
    reproduces: 'A forward proxy that wants Proxy-Authorization, with no credentials in HTTPS_PROXY.',
    realWorld: 'Get "https://proxy.golang.org/…": Proxy Authentication Required',
    expectedCategory: 'http-proxy',
    expectedStage: 'proxy',
    prepare: (c) => {
      c.env.HTTPS_PROXY = fwd(c.world, 'auth-407');
    },
    modules: ['example.com/hello@v1.0.0'],
    expect: { evidence: [/Get "https:\/\/proxy\.golang\.org\/[^"]+": Proxy Authentication Required/] },
  },
  {
    id: 'http-proxy-bad-gateway',
    title: 'HTTPS_PROXY answers CONNECT with 502',
    reproduces: 'A forward proxy that cannot reach the upstream host.',
    realWorld: 'Get "https://proxy.golang.org/…": Bad Gateway',
    expectedCategory: 'http-proxy',
    expectedStage: 'proxy',
    prepare: (c) => {
      c.env.HTTPS_PROXY = fwd(c.world, 'bad-gateway-502');
    },
    modules: ['example.com/hello@v1.0.0'],
    expect: { evidence: [/Get "https:\/\/proxy\.golang\.org\/[^"]+": Bad Gateway/] },
  },
  // --------------------------------------------------------------------------- GOPROXY statuses
  {
    id: 'goproxy-401',
    title: 'Company module proxy requires credentials (401)',
    reproduces: 'An Artifactory/Athens GOPROXY that needs a .netrc entry, used without one.',
    realWorld: 'reading https://H/M/@v/V.info: 401 Unauthorized',
    expectedCategory: 'auth',
    expectedStage: 'http',
    env: { GOPROXY: CORP },
    setup: (w) =>
      w.corpProxy.faults.set(
        { module: 'git.corp.example/team/internal' },
        { kind: 'basic-auth', user: 'gmd-test', password: 'gmd-test-password' },
      ),
    modules: ['git.corp.example/team/internal@v1.0.0'],
    expect: {
      evidence: [
        /reading https:\/\/goproxy\.corp\.example\/git\.corp\.example\/team\/internal\/@v\/v1\.0\.0\.info: 401 Unauthorized/,
      ],
    },
  },
  {
    id: 'goproxy-403',
    title: 'Company module proxy forbids the module (403)',
    reproduces: 'A curated proxy that blocks a module by policy.',
    realWorld: 'reading https://H/M/@v/V.info: 403 Forbidden\\n\\tserver response: …',
    expectedCategory: 'auth',
    expectedStage: 'http',
    env: { GOPROXY: CORP },
    setup: (w) =>
      w.corpProxy.faults.set(
        { module: 'example.com/blocked' },
        {
          kind: 'status',
          status: 403,
          body: 'forbidden: example.com/blocked is blocked by repository policy\n',
        },
      ),
    modules: ['example.com/blocked@v1.0.0'],
    expect: {
      evidence: [/example\.com\/blocked\/@v\/v1\.0\.0\.info: 403 Forbidden\n\tserver response: forbidden: /],
    },
  },
  {
    id: 'goproxy-comma-403-stops',
    title: 'GOPROXY=a,b: a 403 from a stops the list',
    reproduces: 'A comma list falls through only on 404/410; the public proxy is never asked.',
    realWorld: 'reading https://a/M/@v/V.info: 403 Forbidden (and no request to b)',
    expectedCategory: 'auth',
    expectedStage: 'http',
    env: { GOPROXY: `${CORP},${PROXY},direct` },
    modules: ['example.com/blocked@v1.0.0'],
    expect: {
      evidence: [/goproxy\.corp\.example\/example\.com\/blocked\/@v\/v1\.0\.0\.info: 403 Forbidden/],
      absent: [/# get https:\/\/proxy\.golang\.org\//],
    },
  },
  {
    id: 'goproxy-pipe-falls-through',
    title: "GOPROXY=a|b: a 502 from a falls through to b, and a's error is reported",
    reproduces:
      'A pipe list tries the next proxy on any error; when b says 404 the reported error is still a\'s 502 (a non-"not found" error wins).',
    realWorld: 'reading https://a/M/@v/V.info: 502 Bad Gateway (after a request to b)',
    expectedCategory: 'server',
    expectedStage: 'http',
    env: { GOPROXY: `${CORP}|${PROXY}` },
    setup: (w) => {
      w.corpProxy.faults.set({ module: 'example.com/fallthrough' }, { kind: 'status', status: 502 });
      w.proxy.faults.set(
        { module: 'example.com/fallthrough' },
        {
          kind: 'status',
          status: 404,
          body: 'not found: example.com/fallthrough@v1.0.0: unknown revision\n',
        },
      );
    },
    modules: ['example.com/fallthrough@v1.0.0'],
    expect: {
      evidence: [/goproxy\.corp\.example\/example\.com\/fallthrough\/@v\/v1\.0\.0\.info: 502 Bad Gateway/],
      trace: [/^# get https:\/\/proxy\.golang\.org\/example\.com\/fallthrough\/@v\/v1\.0\.0\.info: 404/m],
    },
  },
  {
    id: 'goproxy-429',
    title: 'Module proxy rate-limits (429 with Retry-After)',
    reproduces: 'Too many requests from one address (CI farms behind one NAT); go never retries.',
    realWorld: 'reading https://H/M/@v/V.info: 429 Too Many Requests',
    expectedCategory: 'server',
    expectedStage: 'http',
    setup: (w) =>
      w.proxy.faults.set(
        { module: 'example.com/ratelimited' },
        { kind: 'status', status: 429, retryAfter: 30, body: 'rate limit exceeded, retry after 30s\n' },
      ),
    modules: ['example.com/ratelimited@v1.0.0'],
    expect: { evidence: [/example\.com\/ratelimited\/@v\/v1\.0\.0\.info: 429 Too Many Requests/] },
  },
  {
    id: 'goproxy-5xx',
    title: 'Module proxy fails (503)',
    reproduces:
      'An outage of the module proxy; with ",direct" go falls through only on 404/410, so it stops.',
    realWorld: 'reading https://H/M/@v/V.info: 503 Service Unavailable',
    expectedCategory: 'server',
    expectedStage: 'http',
    setup: (w) =>
      w.proxy.faults.set(
        { module: 'example.com/flaky' },
        { kind: 'status', status: 503, body: 'upstream unavailable\n' },
      ),
    modules: ['example.com/flaky@v1.0.0'],
    expect: { evidence: [/example\.com\/flaky\/@v\/v1\.0\.0\.info: 503 Service Unavailable/] },
  },
  {
    id: 'not-found-404',
    title: 'Module not found on the proxy (404)',
    reproduces: 'A typo in a module path, or a module that was never published, with a proxy-only GOPROXY.',
    realWorld:
      'reading https://proxy.golang.org/M/@v/V.info: 404 Not Found\\n\\tserver response: not found: …',
    expectedCategory: 'not-found',
    expectedStage: 'http',
    env: { GOPROXY: PROXY },
    modules: ['example.com/nonexistent@v1.0.0'],
    expect: {
      evidence: [
        /example\.com\/nonexistent\/@v\/v1\.0\.0\.info: 404 Not Found\n\tserver response: not found/,
      ],
    },
  },
  {
    id: 'not-found-410',
    title: 'Module gone from the proxy (410)',
    reproduces: 'The public proxy answers 410 Gone for versions it will not serve.',
    realWorld: 'reading https://proxy.golang.org/M/@v/V.info: 410 Gone',
    expectedCategory: 'not-found',
    expectedStage: 'http',
    env: { GOPROXY: PROXY },
    setup: (w) =>
      w.proxy.faults.set(
        { module: 'example.com/gone' },
        { kind: 'status', status: 410, body: 'not found: example.com/gone@v1.0.0: repository removed\n' },
      ),
    modules: ['example.com/gone@v1.0.0'],
    expect: { evidence: [/example\.com\/gone\/@v\/v1\.0\.0\.info: 410 Gone\n\tserver response: not found/] },
  },
  {
    id: 'goproxy-off',
    title: 'GOPROXY=off',
    reproduces: 'Downloads disabled on purpose (air-gapped builds) while a module is missing from the cache.',
    realWorld: 'module lookup disabled by GOPROXY=off',
    expectedCategory: 'config',
    expectedStage: 'config',
    env: { GOPROXY: 'off' },
    modules: ['example.com/hello@v1.0.0'],
    expect: { evidence: [/example\.com\/hello@v1\.0\.0: module lookup disabled by GOPROXY=off/] },
  },
  // ------------------------------------------------------------------------------------------ git
  {
    id: 'private-git-no-credentials',
    title: 'Private git repository without credentials',
    reproduces:
      "A private module fetched directly (after the public proxy's 404) with no .netrc or credential helper.",
    realWorld: "fatal: could not read Username for 'https://H': terminal prompts disabled",
    expectedCategory: 'auth',
    expectedStage: 'vcs',
    modules: ['git.corp.example/team/private@v1.0.0'],
    expect: {
      evidence: [
        /git ls-remote .* exit status 128:\n\tfatal: could not read Username for 'https:\/\/git\.corp\.example': terminal prompts disabled/,
      ],
    },
  },
  {
    id: 'private-git-dotgit-path',
    title: 'Private repository addressed with a .git path element',
    reproduces: 'A module path ending in .git: go tries https, then ssh, and every scheme fails.',
    realWorld: 'no secure protocol found for repository',
    expectedCategory: 'vcs',
    expectedStage: 'vcs',
    modules: ['git.corp.example/team/private.git@v1.0.0'],
    expect: { evidence: [/no secure protocol found for repository/] },
    byVersion: (m) =>
      m < 21
        ? {
            category: 'connect',
            stage: 'connect',
            evidence: [
              /git ls-remote https:\/\/git\.corp\.example\/team\/private\n/,
              /git ls-remote -q origin in [^:]+: exit status 128:\n\tfatal: unable to connect to git\.corp\.example/,
            ],
          }
        : undefined,
    versionNotes:
      '1.19 probes https, git+ssh and ssh, then falls back to git:// and reports that connection failing instead of "no secure protocol found".',
  },
  {
    id: 'private-git-wrong-netrc',
    title: 'Wrong password for the private git host in .netrc',
    reproduces: 'An expired token or a typo in ~/.netrc: the git server answers 401 to the credentials sent.',
    realWorld:
      "fatal: could not read Username for 'https://H': terminal prompts disabled (git does not know curl used .netrc, so a rejected .netrc password looks exactly like none)",
    expectedCategory: 'auth',
    expectedStage: 'vcs',
    prepare: (c) => {
      writeFileSync(
        join(c.sb.home, '.netrc'),
        'machine git.corp.example login gmd-test password wrong-test-password\n',
        { mode: 0o600 },
      );
    },
    modules: ['git.corp.example/team/private@v1.0.0'],
    expect: {
      evidence: [
        /git ls-remote .* exit status 128:\n\tfatal: could not read Username for 'https:\/\/git\.corp\.example': terminal prompts disabled/,
      ],
    },
    versionNotes:
      "Same output as private-git-no-credentials on every version: only the .netrc file tells the two apart (git asks for a username after curl's .netrc login is refused).",
  },
  {
    id: 'no-go-import-meta',
    title: 'No go-import meta tag',
    reproduces: 'A self-hosted git server (or a login page) that answers ?go-get=1 without a go-import tag.',
    realWorld: 'unrecognized import path "M": parse https://H/P?go-get=1: no go-import meta tags ()',
    expectedCategory: 'vcs',
    expectedStage: 'vcs',
    env: { GOPROXY: 'direct' },
    modules: ['gitlab.corp.example/group/tool@v1.0.0'],
    expect: {
      evidence: [/unrecognized import path "gitlab\.corp\.example\/group\/tool".*no go-import meta tags/],
    },
  },
  {
    id: 'git-missing',
    title: 'git is not installed (or not on PATH)',
    reproduces: 'A minimal container image with go but no git, fetching directly.',
    realWorld: 'exec: "git": executable file not found in $PATH',
    expectedCategory: 'vcs',
    expectedStage: 'vcs',
    env: { GOPROXY: 'direct' },
    prepare: (c) => {
      c.env.PATH = c.tc.bin.slice(0, c.tc.bin.lastIndexOf('/'));
    },
    modules: ['github.com/acme/lib@v1.0.0'],
    expect: { evidence: [/exec: "git": executable file not found in \$PATH/] },
    byVersion: (m) =>
      m >= 26
        ? {
            evidence: [
              /unable to resolve git version: failed to execute git version: exec: "git": executable file not found/,
            ],
          }
        : { evidence: [/git init --bare in [^:]+: exec: "git": executable file not found in \$PATH/] },
    versionNotes: '≤1.25: "git init --bare in DIR: exec: …"; 1.26+: "unable to resolve git version: …".',
  },
  {
    id: 'unknown-revision',
    title: 'Unknown revision (tag does not exist)',
    reproduces: 'A version that was never tagged (or a deleted tag), fetched directly from git.',
    realWorld: 'M@V: invalid version: unknown revision V',
    expectedCategory: 'not-found',
    expectedStage: 'vcs',
    env: { GOPROXY: 'direct', GONOSUMDB: 'github.com/acme' },
    modules: ['github.com/acme/lib@v1.9.9'],
    expect: { evidence: [/github\.com\/acme\/lib@v1\.9\.9: invalid version: unknown revision v1\.9\.9/] },
  },
  {
    id: 'not-found-git-repository',
    title: 'Repository does not exist (direct)',
    reproduces: 'A module path with no repository behind it: the proxy has nothing, git finds nothing.',
    realWorld: "fatal: repository 'https://github.com/O/R/' not found",
    expectedCategory: 'not-found',
    expectedStage: 'vcs',
    modules: ['github.com/acme/nothing@v1.0.0'],
    expect: {
      evidence: [/github\.com\/acme\/nothing@v1\.0\.0: .*git ls-remote .*exit status 128/, /not found/],
    },
  },
  // -------------------------------------------------------------------------------------- verify
  {
    id: 'sumdb-404-private',
    title: 'Checksum database has never seen a private module (404)',
    reproduces:
      'A private module served by a company proxy, without GOPRIVATE/GONOSUMDB: sum.golang.org is asked and says 404.',
    realWorld: 'verifying go.mod: M@V/go.mod: reading https://sum.golang.org/lookup/M@V: 404 Not Found',
    expectedCategory: 'sumdb',
    expectedStage: 'verify',
    env: { GOPROXY: CORP },
    modules: ['git.corp.example/team/private@v1.0.0'],
    expect: {
      evidence: [
        /verifying go\.mod: git\.corp\.example\/team\/private@v1\.0\.0\/go\.mod: reading https:\/\/sum\.golang\.org\/lookup\/git\.corp\.example\/team\/private@v1\.0\.0: 404 Not Found/,
      ],
    },
  },
  {
    id: 'sumdb-unreachable',
    title: 'Checksum database unreachable',
    reproduces: 'A firewall that allows the module proxy but not the checksum database.',
    realWorld:
      'verifying go.mod: M@V/go.mod: Get "https://S/lookup/M@V": dial tcp IP:443: connect: connection refused',
    expectedCategory: 'connect',
    // A network failure is reported at its network stage (here TCP connect); the host names the checksum database.
    expectedStage: 'connect',
    needsNetns: 'the checksum database name must resolve to an address where nothing listens',
    setup: (w) => w.setDns('sumdb.down.corp.example', answer([REFUSED_ADDRESS])),
    prepare: (c) => {
      c.env.GOSUMDB = `${c.world.gosumdb} https://sumdb.down.corp.example`;
    },
    modules: ['example.com/sumdbdown@v1.0.0'],
    expect: {
      evidence: [
        /verifying go\.mod: .*Get "https:\/\/sumdb\.down\.corp\.example\/lookup\/[^"]+": dial tcp 127\.0\.0\.2:443: connect: connection refused/,
      ],
    },
  },
  {
    id: 'checksum-mismatch-gosum',
    title: 'Download does not match go.sum',
    reproduces: 'A re-tagged version (or a tampered proxy) whose content differs from what go.sum recorded.',
    realWorld:
      'verifying M@V: checksum mismatch … SECURITY ERROR This download does NOT match an earlier download recorded in go.sum.',
    expectedCategory: 'checksum-mismatch',
    expectedStage: 'verify',
    goMod: 'module example.com/app\n\ngo 1.19\n\nrequire example.com/tampered v1.0.0\n',
    prepare: (c) => {
      const lines = c.world.fixtures.goSumLines('example.com/tampered', 'v1.0.0');
      c.write(
        'go.sum',
        `example.com/tampered v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n${lines[1]}\n`,
      );
    },
    modules: ['example.com/tampered@v1.0.0'],
    expect: {
      evidence: [
        /verifying example\.com\/tampered@v1\.0\.0: checksum mismatch/,
        /SECURITY ERROR\nThis download does NOT match an earlier download recorded in go\.sum/,
      ],
    },
  },
  {
    id: 'checksum-mismatch-sumdb',
    title: 'Download does not match the checksum database',
    reproduces: 'A proxy serving content that differs from what sum.golang.org recorded.',
    realWorld:
      'verifying module: checksum mismatch … SECURITY ERROR This download does NOT match the one reported by the checksum server.',
    expectedCategory: 'checksum-mismatch',
    expectedStage: 'verify',
    setup: (w) =>
      w.proxy.faults.set({ module: 'example.com/swapped', route: 'zip' }, { kind: 'alter-content' }),
    modules: ['example.com/swapped@v1.0.0'],
    expect: {
      evidence: [
        /example\.com\/swapped@v1\.0\.0: verifying module: checksum mismatch/,
        /This download does NOT match the one reported by the checksum server/,
      ],
    },
  },
  // ------------------------------------------------------------------------------------- resolve
  {
    id: 'invalid-version',
    title: 'Invalid version string',
    reproduces: 'A version written without the leading "v" (or otherwise not semantic), sent to a proxy.',
    realWorld:
      'M@1.0.0: invalid version: reading https://proxy.golang.org/M/@v/1.0.0.info: 404 Not Found … unknown revision 1.0.0',
    expectedCategory: 'invalid-version',
    expectedStage: 'http',
    env: { GOPROXY: PROXY },
    modules: ['example.com/hello@1.0.0'],
    expect: { evidence: [/example\.com\/hello@1\.0\.0: invalid version/] },
  },
  {
    id: 'path-declares-different',
    title: 'Module declares a different path',
    reproduces: 'A renamed or forked module still required under its old path.',
    realWorld: 'M@V: parsing go.mod:\\n\\tmodule declares its path as: X\\n\\t        but was required as: M',
    expectedCategory: 'path-mismatch',
    expectedStage: 'verify',
    goMod: 'module example.com/app\n\ngo 1.19\n\nrequire example.com/renamed v1.0.0\n',
    modules: [],
    expect: {
      evidence: [
        /module declares its path as: example\.com\/original\n\s+but was required as: example\.com\/renamed/,
      ],
    },
  },
  {
    id: 'post-v1-path-mismatch',
    title: 'v2+ version of a module whose path has no /v2',
    reproduces: 'Requesting v2.0.0 of a module whose go.mod has no major-version suffix (it should be M/v2).',
    realWorld: 'unzip …/M/@v/v2.0.0.zip: M@v2.0.0: invalid version: should be v0 or v1, not v2',
    // go calls it an invalid version (the taxonomy's version-resolution group); the fix offered is the /v2 path.
    expectedCategory: 'invalid-version',
    expectedStage: 'extract',
    modules: ['example.com/major@v2.0.0'],
    expect: {
      evidence: [
        /unzip [^:]+\/example\.com\/major\/@v\/v2\.0\.0\.zip: example\.com\/major@v2\.0\.0: invalid version: should be v0 or v1, not v2/,
      ],
    },
  },
  {
    id: 'post-v1-incompatible',
    title: '+incompatible version of a module that has a go.mod (direct from git)',
    reproduces:
      'Asking git for v2.0.0+incompatible of a module that opted into modules: it must be required as M/v2 instead.',
    realWorld:
      'M@v2.0.0+incompatible: invalid version: module contains a go.mod file, so module path must match major version ("M/v2")',
    expectedCategory: 'invalid-version',
    expectedStage: 'vcs',
    env: { GOPROXY: 'direct' },
    modules: ['github.com/acme/major@v2.0.0+incompatible'],
    expect: {
      evidence: [
        /github\.com\/acme\/major@v2\.0\.0\+incompatible: invalid version: module contains a go\.mod file, so module path must match major version \("github\.com\/acme\/major\/v2"\)/,
      ],
    },
  },
  {
    id: 'post-v1-missing-major-suffix',
    title: 'v2 tag of a module whose go.mod lacks /v2 (direct from git)',
    reproduces: 'A v2.0.0 tag on a repository whose go.mod still says the v1 path.',
    realWorld:
      'M@v2.0.0: invalid version: module contains a go.mod file, so module path must match major version ("M/v2")',
    expectedCategory: 'invalid-version',
    expectedStage: 'vcs',
    env: { GOPROXY: 'direct' },
    modules: ['github.com/acme/major@v2.0.0'],
    expect: {
      evidence: [
        /github\.com\/acme\/major@v2\.0\.0: invalid version: module contains a go\.mod file, so module path must match major version \("github\.com\/acme\/major\/v2"\)/,
      ],
    },
  },
  // ----------------------------------------------------------------------------------- toolchain
  {
    id: 'toolchain-unavailable',
    title: 'go line newer than the local go, toolchain not downloadable',
    reproduces:
      'A go.mod written for an unreleased/newer Go, with GOTOOLCHAIN=auto and no such toolchain module.',
    realWorld:
      'go: downloading go1.99.1 (linux/amd64)\\ngo: download go1.99.1 for linux/amd64: toolchain not available',
    expectedCategory: 'toolchain',
    expectedStage: 'toolchain',
    goMod: 'module example.com/app\n\ngo 1.99.1\n',
    env: { GOTOOLCHAIN: 'auto' },
    modules: ['example.com/hello@v1.0.0'],
    expect: { evidence: [/go: download go1\.99\.1 for linux\/amd64: toolchain not available/] },
    byVersion: (m) =>
      m < 21
        ? {
            exitCode: 1,
            evidence: [/go\.mod:3: invalid go version '1\.99\.1': must match format 1\.23/],
            // go reports a go.mod parse error, but the cause is a go too old for the go line (upgrade Go).
            category: 'toolchain',
            stage: 'toolchain',
          }
        : undefined,
    versionNotes:
      '1.19 predates GOTOOLCHAIN and rejects the three-part go line as a go.mod parse error; the cause is the old go.',
  },
  // ------------------------------------------------------------------------------- local cache
  {
    id: 'cache-corrupt-zip',
    title: 'Corrupt zip in the module cache',
    reproduces:
      'A download cut short or a damaged disk left a broken zip (and no valid .ziphash) in GOMODCACHE.',
    realWorld: '"Error": "zip: not a valid zip file" (no module prefix) for M@V whose cached zip is damaged',
    expectedCategory: 'cache',
    expectedStage: 'extract',
    prepare: async (c) => {
      const first = await c.go(['mod', 'download', 'example.com/cached@v1.0.0']);
      if (first.exitCode !== 0) throw new Error(`pre-download failed: ${first.stderr}`);
      const dir = join(c.env.GOMODCACHE, 'cache/download/example.com/cached/@v');
      writeFileSync(join(dir, 'v1.0.0.zip'), 'PK\u0003\u0004 truncated');
      rmSync(join(dir, 'v1.0.0.ziphash'));
      c.env.GOPROXY = 'off';
    },
    modules: ['example.com/cached@v1.0.0'],
    expect: { evidence: [/"Path": "example\.com\/cached"/, /"Error": "zip: not a valid zip file"/] },
  },
  {
    id: 'cache-read-only',
    title: 'Read-only module cache',
    reproduces: 'GOMODCACHE on a read-only mount (a container layer, a shared cache mounted ro).',
    realWorld: 'mkdir …/pkg/mod/cache: read-only file system',
    expectedCategory: 'cache',
    expectedStage: 'extract',
    needsNetns: 'a read-only bind mount needs the private mount namespace (root ignores file modes)',
    prepare: (c) => {
      mkdirSync(c.env.GOMODCACHE, { recursive: true });
      execFileSync('mount', ['--bind', c.env.GOMODCACHE, c.env.GOMODCACHE]);
      execFileSync('mount', ['-o', 'remount,bind,ro', c.env.GOMODCACHE]);
    },
    cleanup: (c) => {
      try {
        execFileSync('umount', [c.env.GOMODCACHE]);
      } catch {
        // not mounted
      }
    },
    modules: ['example.com/hello@v1.0.0'],
    expect: { evidence: [/mkdir [^:]+\/pkg\/mod\/cache: read-only file system/] },
  },
  // -------------------------------------------------------------------------------- module graph
  {
    id: 'transitive-failure',
    title: 'A dependency of a dependency fails while the direct one is fine',
    reproduces: 'A direct requirement that itself requires a module that no longer exists.',
    realWorld: 'M1@V1 requires\\n\\tM2@V2: reading …: 404 Not Found',
    expectedCategory: 'not-found',
    expectedStage: 'http',
    env: { GOPROXY: PROXY },
    goMod: 'module example.com/app\n\ngo 1.19\n\nrequire example.com/parent v1.0.0\n',
    modules: [],
    expect: {
      evidence: [
        /example\.com\/parent@v1\.0\.0 requires\n\texample\.com\/vanished@v1\.0\.0: reading https:\/\/proxy\.golang\.org\/example\.com\/vanished\/@v\/v1\.0\.0\.mod: 404 Not Found/,
      ],
    },
  },
  {
    id: 'transitive-failure-list',
    title: 'The same failing dependency of a dependency, seen by go list -m all',
    reproduces:
      'Loading the whole module graph (what builds, go list and tidy do) hits the missing module; go.sum is complete, as in a project that built before the module vanished.',
    realWorld: 'go: M1@V1 requires\\n\\tM2@V2: reading …: 404 Not Found',
    expectedCategory: 'not-found',
    expectedStage: 'http',
    env: { GOPROXY: PROXY },
    goMod: 'module example.com/app\n\ngo 1.19\n\nrequire example.com/parent v1.0.0\n',
    prepare: (c) => {
      // A project whose go.sum was complete when the dependency still existed (-mod=readonly needs it).
      const parent = c.world.fixtures.goSumLines('example.com/parent', 'v1.0.0');
      const gone = 'example.com/vanished v1.0.0/go.mod h1:u0GaSTMu2hmpJ66ThoqYl5X+u8fWmBHOtI5kSgahq4s=';
      c.write('go.sum', [...parent, gone, ''].join('\n'));
    },
    args: ['list', '-m', '-x', 'all'],
    expect: {
      evidence: [
        /example\.com\/parent@v1\.0\.0 requires\n\texample\.com\/vanished@v1\.0\.0: reading https:\/\/proxy\.golang\.org\/example\.com\/vanished\/@v\/v1\.0\.0\.mod: 404 Not Found/,
      ],
    },
  },
  {
    id: 'workspace-one-failing',
    title: "go.work workspace where one module's requirement fails",
    reproduces: 'A workspace of two modules; only the second one requires a missing module.',
    realWorld: 'go: example.com/wsmissing@v1.0.0: reading …: 404 Not Found',
    expectedCategory: 'not-found',
    expectedStage: 'http',
    env: { GOPROXY: PROXY },
    goMod: 'module example.com/app\n\ngo 1.19\n',
    files: {
      'go.work': 'go 1.19\n\nuse (\n\t./a\n\t./b\n)\n',
      'a/go.mod': 'module example.com/ws/a\n\ngo 1.19\n\nrequire example.com/wsok v1.0.0\n',
      'b/go.mod': 'module example.com/ws/b\n\ngo 1.19\n\nrequire example.com/wsmissing v1.0.0\n',
    },
    modules: [],
    expect: {
      evidence: [
        /example\.com\/wsmissing@v1\.0\.0: reading https:\/\/proxy\.golang\.org\/example\.com\/wsmissing\/@v\/v1\.0\.0\.mod: 404 Not Found/,
      ],
    },
  },
];

/** Installs every scenario's world configuration. */
export function setupScenarios(world: World, scenarios: Scenario[] = SCENARIOS): void {
  for (const s of scenarios) s.setup?.(world);
}
