/**
 * Git over smart HTTP for the fixture repositories, through `git http-backend` (the CGI program
 * that ships with git), with optional basic authentication and `?go-get=1` meta pages that are
 * correct, missing or wrong. Module paths such as `git.example.test/team/private` reach it through
 * a forward proxy (fwdproxy.ts), the private network namespace, or git's `url.<base>.insteadOf`.
 *
 * Requests map to repositories by URL path with or without ".git": `/team/private.git/info/refs`
 * and `/team/private/info/refs` both serve the repository registered as "team/private".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, dirname } from 'node:path';
import { createFaultTable, hasBasicAuth, respond, sendAuthChallenge, type FaultTable } from './faults.ts';
import { sendText, type Handler } from './http.ts';

const HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';

export type MetaMode = 'correct' | 'missing' | 'wrong';

export interface GitServerOptions {
  /** Bare repositories by URL path (as buildModules returns them). */
  repos: Map<string, string>;
  /** Host name used in module paths, for the go-import meta tag. */
  host: string;
  auth?: { user: string; password: string };
  meta?: MetaMode;
  /** Scheme written into the meta tag's repository URL (default https). */
  repoScheme?: 'https' | 'http';
  /** Also require credentials for the ?go-get=1 page (default false, like most hosts). */
  authGoGet?: boolean;
  /** Routes 'go-get', 'info/refs' and 'upload-pack', matched with module = repository path. */
  faults?: FaultTable;
}

export interface GitServer {
  handler: Handler;
  faults: FaultTable;
  setAuth(a?: { user: string; password: string }): void;
  setMeta(m: MetaMode): void;
  /** Every request seen: "METHOD path?query". */
  requests: string[];
  /** Kills any git http-backend still running (close() of the listener normally ends them). */
  close(): void;
}

/** Splits a CGI response head ("Status: 200 OK", headers, blank line). */
function parseCgiHead(head: string): { status: number; headers: [string, string][] } {
  let status = 200;
  const headers: [string, string][] = [];
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (name.toLowerCase() === 'status') status = parseInt(value, 10) || 500;
    else headers.push([name, value]);
  }
  return { status, headers };
}

export function createGitServer(opts: GitServerOptions): GitServer {
  let auth = opts.auth;
  let meta: MetaMode = opts.meta ?? 'correct';
  const faults = opts.faults ?? createFaultTable();
  const requests: string[] = [];
  const children = new Set<ChildProcess>();
  const scheme = opts.repoScheme ?? 'https';

  /** The repository a URL path belongs to, and the rest of the path after it. */
  function findRepo(path: string): { key: string; bare: string; rest: string } | undefined {
    const clean = path.replace(/^\/+/, '');
    let best: { key: string; bare: string; rest: string } | undefined;
    for (const [key, bare] of opts.repos) {
      for (const form of [key + '.git', key]) {
        if (clean === form || clean.startsWith(form + '/')) {
          if (!best || key.length > best.key.length) best = { key, bare, rest: clean.slice(form.length) };
          break;
        }
      }
    }
    return best;
  }

  function goGet(req: IncomingMessage, res: ServerResponse, path: string): void {
    const repo = findRepo(path);
    const fault = faults.find({ module: repo?.key, route: 'go-get' });
    if (opts.authGoGet && auth && !hasBasicAuth(req, auth.user, auth.password)) return sendAuthChallenge(res);
    if (!repo && !fault) return sendText(res, 404, 'not found\n');
    const root = repo ? `${opts.host}/${repo.key}` : '';
    const repoUrl = `${scheme}://${opts.host}/${repo?.key ?? ''}.git`;
    const tag =
      meta === 'missing'
        ? ''
        : meta === 'wrong'
          ? `<meta name="go-import" content="${opts.host}/elsewhere/${repo?.key ?? ''} git ${repoUrl}">`
          : `<meta name="go-import" content="${root} git ${repoUrl}">`;
    const body = `<!DOCTYPE html>\n<html><head>${tag}</head><body>go get ${root}</body></html>\n`;
    respond(req, res, fault, { body, contentType: 'text/html; charset=utf-8' });
  }

  function backend(
    req: IncomingMessage,
    res: ServerResponse,
    repo: { bare: string; rest: string },
    query: string,
  ): void {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dirname(repo.bare),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_PROJECT_ROOT: dirname(repo.bare),
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${basename(repo.bare)}${repo.rest}`,
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: query,
      SERVER_PROTOCOL: 'HTTP/1.1',
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
    };
    if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
    if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
    const proto = req.headers['git-protocol'];
    if (typeof proto === 'string') env.GIT_PROTOCOL = proto;
    if (auth) env.REMOTE_USER = auth.user;
    const child = spawn(HTTP_BACKEND, [], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
    child.on('error', () => {
      children.delete(child);
      if (!res.headersSent) sendText(res, 500, 'git http-backend failed to start\n');
    });
    res.on('close', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    req.pipe(child.stdin).on('error', () => undefined);
    let head = Buffer.alloc(0);
    let headDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const s = head.toString('latin1');
      const crlf = s.indexOf('\r\n\r\n');
      const lf = s.indexOf('\n\n');
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : -1;
      if (end < 0) return;
      headDone = true;
      const { status, headers } = parseCgiHead(s.slice(0, end));
      res.writeHead(status, headers);
      if (end < head.length) res.write(head.subarray(end));
    });
    child.stdout.on('end', () => {
      if (!headDone && !res.headersSent) sendText(res, 502, 'git http-backend gave no response\n');
      else res.end();
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://git.invalid');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (url.searchParams.get('go-get') === '1') return goGet(req, res, url.pathname);
    const repo = findRepo(url.pathname);
    if (!repo) return sendText(res, 404, 'remote: not found\n');
    const route = repo.rest.startsWith('/info/refs') ? 'info/refs' : 'upload-pack';
    const fault = faults.find({ module: repo.key, route });
    const passes = fault?.kind === 'basic-auth' && hasBasicAuth(req, fault.user, fault.password);
    if (fault && !passes)
      return respond(req, res, fault, { body: '', contentType: 'text/plain; charset=utf-8' });
    if (auth && !hasBasicAuth(req, auth.user, auth.password)) return sendAuthChallenge(res, 'git');
    backend(req, res, repo, url.search.replace(/^\?/, ''));
  }

  return {
    handler: handle,
    faults,
    requests,
    setAuth(a) {
      auth = a;
    },
    setMeta(m) {
      meta = m;
    },
    close() {
      for (const c of children) c.kill('SIGKILL');
      children.clear();
    },
  };
}
