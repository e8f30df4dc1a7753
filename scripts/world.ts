/**
 * Starts the hermetic module universe by hand, for exploration, demos and benchmarks.
 *
 *   npm run world              human-readable addresses and `export` lines
 *   npm run world -- --json    one JSON line {env, addresses} on stdout (for scripts), then waits
 *
 * The servers run on loopback ports (a namespace would be unreachable from your shell), and go and
 * git reach every name (proxy.golang.org, sum.golang.org, github.com, git.corp.example, …) through
 * a loopback gateway given as HTTPS_PROXY/HTTP_PROXY, which tunnels to the TLS listener that picks a
 * test-CA certificate by name. Every scenario's faults are installed, so e.g.
 * `go mod download -x example.com/ratelimited@v1.0.0` answers 429. Ctrl+C stops everything.
 */
import { CORP_GIT_AUTH, HOSTS, startWorld } from '../test/harness/world.ts';
import { SCENARIOS, setupScenarios } from '../test/harness/scenarios/catalog.ts';
import { PRIVATE_PREFIXES, UNIVERSE } from '../test/harness/scenarios/modules.ts';

const json = process.argv.includes('--json');

function quote(v: string): string {
  return /^[\w@%+=:,./-]*$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
  const world = await startWorld({ mode: 'loopback', modules: UNIVERSE, privatePrefixes: PRIVATE_PREFIXES });
  setupScenarios(
    world,
    SCENARIOS.filter((s) => !s.needsNetns),
  );
  const addresses = {
    gateway: world.gateway?.url ?? '',
    https: world.vhosts.https.url,
    http: world.vhosts.http.url,
    forwardProxies: Object.fromEntries([...world.fwdproxies].map(([k, l]) => [k, l.url])),
    hosts: world.vhosts.names().sort(),
    caCert: world.ca.caCertPath,
  };
  const env = { ...world.env, GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' };
  if (json) {
    process.stdout.write(JSON.stringify({ env, addresses }) + '\n');
  } else {
    const lines = [
      'Go Module Doctor test world (loopback mode) is up.',
      '',
      `  gateway (HTTPS_PROXY/HTTP_PROXY): ${addresses.gateway}`,
      `  TLS virtual hosts:                ${addresses.https}`,
      `  plain virtual hosts:              ${addresses.http}`,
      ...Object.entries(addresses.forwardProxies).map(([k, u]) => `  forward proxy ${k.padEnd(19)} ${u}`),
      `  test CA:                          ${addresses.caCert}`,
      `  names: ${addresses.hosts.join(', ')}`,
      `  private git: https://${HOSTS.corpGit}/ (user ${CORP_GIT_AUTH.user}, password ${CORP_GIT_AUTH.password}; test-only)`,
      '',
      'Use it from a shell (a throw-away GOPATH is wise):',
      '',
      ...Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`),
      'export GOPATH=$(mktemp -d) GOMODCACHE=  # fresh module cache',
      '',
      'Then for example:',
      '  go mod download -json -x example.com/hello@v1.0.0        # works',
      '  go mod download -json -x example.com/ratelimited@v1.0.0  # 429',
      '  GOPROXY=direct go mod download -json -x github.com/acme/lib@v1.0.0   # git over smart HTTP',
      '',
      'Ctrl+C stops the world.',
      '',
    ];
    process.stdout.write(lines.join('\n'));
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await world.close();
  if (!json) process.stdout.write('world stopped\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`world: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
