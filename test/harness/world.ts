/**
 * The hermetic module universe: every server the scenarios need, started once.
 *
 * Two modes:
 *   - `netns` (inside the private namespace of netns.ts): the DNS responder on 127.0.0.1:53 and the
 *     virtual hosts on 127.0.0.1:443/:80, so that real names (proxy.golang.org, sum.golang.org,
 *     github.com, git.corp.example, …) resolve to the harness and go runs with its default GOPROXY.
 *   - `loopback` (no namespace: a non-root laptop, or `npm run world`): the same virtual hosts on
 *     ephemeral ports, reached through a small loopback gateway given to go and git as
 *     HTTPS_PROXY/HTTP_PROXY (CONNECT tunnels to the TLS listener, which picks the certificate by SNI).
 *     Real DNS failures and fixed-address refusals cannot be produced there.
 *
 * The checksum database is named sum.golang.org but signs with the harness's own key, so go needs
 * GOSUMDB="sum.golang.org+<hash>+<key>" (world.env sets it); the URL stays https://sum.golang.org.
 */
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCA, type TestCA } from './ca.ts';
import { answer, startDns, type DnsBehaviour, type DnsServer } from './dns.ts';
import { buildModules, type BuiltFixtures, type ModuleDef } from './fixtures.ts';
import { createForwardProxy, type ProxyMode } from './fwdproxy.ts';
import { createGitServer, type GitServer, type MetaMode } from './gitserver.ts';
import { createGoProxy, type GoProxy } from './goproxy.ts';
import { listenServer, type Handler, type Listening } from './http.ts';
import { createSumDB, type SumDB } from './sumdb.ts';
import { startVHosts, type TlsMode, type VHostServer } from './vhost.ts';

export type WorldMode = 'netns' | 'loopback';

/** Well-known names of the universe. */
export const HOSTS = {
  proxy: 'proxy.golang.org',
  sumdb: 'sum.golang.org',
  /** A corporate module proxy (Athens/Artifactory-like) serving the same fixtures. */
  corpProxy: 'goproxy.corp.example',
  github: 'github.com',
  /** Private git host: basic auth required, correct go-import meta tags. */
  corpGit: 'git.corp.example',
  /** A git host whose ?go-get=1 pages carry no go-import meta tag. */
  noMetaGit: 'gitlab.corp.example',
} as const;

/** Test-only credentials of git.corp.example (nothing secret: they exist only in the harness). */
export const CORP_GIT_AUTH = { user: 'gmd-test', password: 'gmd-test-password' };

/** Forward proxies started for scenarios, by fault: each is its own listener, so scenarios can run concurrently. */
export type ForwardProxyKind = 'ok' | 'auth-407' | 'refuse-403' | 'bad-gateway-502';

/** Address that nothing listens on inside the namespace: "connection refused". */
export const REFUSED_ADDRESS = '127.0.0.2';

export interface WorldOptions {
  mode: WorldMode;
  modules: ModuleDef[];
  /** Module paths (prefixes) the public checksum database has never seen (private modules). */
  privatePrefixes?: string[];
  /** Working folder (removed on close when created here). */
  dir?: string;
}

export interface World {
  mode: WorldMode;
  dir: string;
  ca: TestCA;
  fixtures: BuiltFixtures;
  vhosts: VHostServer;
  /** Only in netns mode. */
  dns: DnsServer | undefined;
  /** Only in loopback mode: the gateway go reaches every name through. */
  gateway: Listening | undefined;
  /** proxy.golang.org. */
  proxy: GoProxy;
  /** goproxy.corp.example. */
  corpProxy: GoProxy;
  /** sum.golang.org. */
  sumdb: SumDB;
  /** Git servers by host (github.com, git.corp.example, gitlab.corp.example). */
  git: Map<string, GitServer>;
  /** Forward HTTP proxies (for HTTPS_PROXY) on loopback ports, by kind. */
  fwdproxies: Map<ForwardProxyKind, Listening>;
  /** GOSUMDB value that makes go trust this sumdb under the name sum.golang.org. */
  gosumdb: string;
  /** The environment for go and git: trust, proxies, sumdb (merge over a sandbox's env). */
  env: Record<string, string>;
  /** Serves `handler` at https://name and http://name (and makes the name resolve, in netns mode). */
  addHost(name: string, handler: Handler, tls?: TlsMode): void;
  /** Sets a name's DNS behaviour (netns mode only; a no-op in loopback mode). */
  setDns(name: string, behaviour: DnsBehaviour): void;
  /** Adds a cleanup to run on close (servers added by scenarios). */
  onClose(fn: () => Promise<void> | void): void;
  close(): Promise<void>;
}

/** A loopback HTTP proxy that sends every CONNECT to the TLS listener and every plain request to the HTTP one. */
async function startGateway(vhosts: VHostServer): Promise<Listening> {
  const server = http.createServer((req, res) => {
    // Absolute-URI request: forward to the plain-HTTP virtual host listener with the same Host.
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const up = http.request(
      {
        host: '127.0.0.1',
        port: vhosts.http.port,
        method: req.method,
        path: target.pathname + target.search,
        headers: { ...req.headers, host: target.host },
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const port = (req.url ?? '').endsWith(':80') ? vhosts.http.port : vhosts.https.port;
    const up = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
    client.on('close', () => up.destroy());
  });
  return listenServer(server, { scheme: 'http' });
}

export async function startWorld(opts: WorldOptions): Promise<World> {
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'gmd-world-'));
  const cleanups: (() => Promise<void> | void)[] = [];
  const ca = await createTestCA(join(dir, 'ca'));
  const fixtures = await buildModules(opts.modules, join(dir, 'fixtures'));
  const netns = opts.mode === 'netns';

  const dns = netns ? await startDns({ port: 53 }) : undefined;
  const vhosts = await startVHosts({ ca, httpsPort: netns ? 443 : 0, httpPort: netns ? 80 : 0 });
  const gateway = netns ? undefined : await startGateway(vhosts);

  const addHost = (name: string, handler: Handler, tlsMode: TlsMode = 'ok'): void => {
    vhosts.set(name, { handler, tls: tlsMode });
    dns?.set(name, answer(['127.0.0.1']));
  };
  const setDns = (name: string, behaviour: DnsBehaviour): void => dns?.set(name, behaviour);

  const isPrivate = (p: string): boolean =>
    (opts.privatePrefixes ?? []).some((pre) => p === pre || p.startsWith(pre.replace(/\/$/, '') + '/'));
  const sumdb = createSumDB({
    name: HOSTS.sumdb,
    modules: fixtures.modules.filter((m) => !isPrivate(m.path)),
  });
  const proxy = createGoProxy({ modules: fixtures.modules.filter((m) => !isPrivate(m.path)) });
  const corpProxy = createGoProxy({ modules: fixtures.modules });
  addHost(HOSTS.proxy, proxy.handler);
  addHost(HOSTS.corpProxy, corpProxy.handler);
  addHost(HOSTS.sumdb, sumdb.handler);

  // Git hosts: repositories of modules whose path starts with the host.
  const gitFor = (host: string, extra: { auth?: typeof CORP_GIT_AUTH; meta?: MetaMode } = {}): GitServer => {
    const repos = new Map<string, string>();
    for (const def of opts.modules) {
      if (!def.git || !def.path.startsWith(host + '/')) continue;
      const key = (def.git.repoPath ?? def.path.split('/').slice(1).join('/')).replace(/\.git$/, '');
      const bare = fixtures.gitRepos.get(key);
      if (bare) repos.set(key, bare);
    }
    const server = createGitServer({ repos, host, ...extra });
    addHost(host, server.handler);
    cleanups.push(() => server.close());
    return server;
  };
  const git = new Map<string, GitServer>([
    [HOSTS.github, gitFor(HOSTS.github)],
    [HOSTS.corpGit, gitFor(HOSTS.corpGit, { auth: CORP_GIT_AUTH })],
    [HOSTS.noMetaGit, gitFor(HOSTS.noMetaGit, { meta: 'missing' })],
  ]);

  const fwdproxies = new Map<ForwardProxyKind, Listening>();
  const kinds: [ForwardProxyKind, ProxyMode][] = [
    ['ok', 'ok'],
    ['auth-407', 'ok'],
    ['refuse-403', 'refuse-403'],
    ['bad-gateway-502', 'bad-gateway-502'],
  ];
  for (const [kind, mode] of kinds) {
    const fp = createForwardProxy({
      certFor: (h) => ca.issue([h]),
      route: (h) => vhosts.handlerFor(h),
      auth: kind === 'auth-407' ? { user: 'proxy-user', password: 'proxy-test-password' } : undefined,
    });
    fp.setMode(mode);
    const l = await fp.listen();
    fwdproxies.set(kind, l);
    cleanups.push(() => l.close());
  }

  const gosumdb = sumdb.verifierKey;
  const env: Record<string, string> = {
    SSL_CERT_FILE: ca.caCertPath,
    GIT_SSL_CAINFO: ca.caCertPath,
    GOPROXY: `https://${HOSTS.proxy},direct`,
    GOSUMDB: gosumdb,
    GONOSUMDB: '',
    GOPRIVATE: '',
    GONOPROXY: '',
    GOINSECURE: '',
  };
  if (gateway) {
    for (const k of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy']) env[k] = gateway.url;
    env.NO_PROXY = '';
    env.no_proxy = '';
  }

  let closing: Promise<void> | undefined;
  return {
    mode: opts.mode,
    dir,
    ca,
    fixtures,
    vhosts,
    dns,
    gateway,
    proxy,
    corpProxy,
    sumdb,
    git,
    fwdproxies,
    gosumdb,
    env,
    addHost,
    setDns,
    onClose: (fn) => void cleanups.push(fn),
    close() {
      closing ??= (async () => {
        for (const fn of cleanups.reverse()) await fn();
        await Promise.all([vhosts.close(), gateway?.close(), dns?.close()]);
        if (ownDir) rmSync(dir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
