/**
 * A GOPROXY protocol server over the fixture modules: `<module>/@v/list`, `@v/<v>.info`, `.mod`,
 * `.zip` and `<module>/@latest`, with "!x" case-escaping and URL-decoding, text/plain "not found"
 * bodies like the public proxy's, and per-module/per-route faults. Optionally it also serves a
 * checksum database under `/sumdb/<name>/` (answering `supported`), as proxies may.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFaultTable, respond, type FaultTable, type Route } from './faults.ts';
import { alteredZip, unescapePath, type BuiltModule } from './fixtures.ts';
import { sendText, type Handler } from './http.ts';

export interface GoProxyOptions {
  modules: BuiltModule[];
  faults?: FaultTable;
  /** URL path the proxy lives under, e.g. "/mod" (GOPROXY=http://host:port/mod). Default: "". */
  prefix?: string;
  /** A checksum database to serve under /sumdb/<name>/ (otherwise `supported` answers 404). */
  sumdb?: { name: string; handler: Handler };
}

export interface GoProxy {
  handler: Handler;
  faults: FaultTable;
  /** Every request path seen (after the prefix), in order. */
  requests: string[];
}

/** Compares two semantic versions (vMAJOR.MINOR.PATCH[-pre][+build]); enough for fixtures. */
export function compareSemver(a: string, b: string): number {
  const parse = (v: string): { nums: number[]; pre: string } => {
    const m = /^v(\d+)\.(\d+)\.(\d+)(?:-([^+]*))?/.exec(v);
    if (!m) return { nums: [-1, -1, -1], pre: '' };
    return { nums: [+m[1], +m[2], +m[3]], pre: m[4] ?? '' };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i] - y.nums[i];
  if (x.pre === y.pre) return 0;
  if (x.pre === '') return 1;
  if (y.pre === '') return -1;
  return x.pre < y.pre ? -1 : 1;
}

const isPseudo = (v: string): boolean => /\d{14}-[0-9a-f]{12}(\+incompatible)?$/.test(v);

export function createGoProxy(opts: GoProxyOptions): GoProxy {
  const faults = opts.faults ?? createFaultTable();
  const requests: string[] = [];
  const prefix = (opts.prefix ?? '').replace(/\/+$/, '');

  function notFound(res: ServerResponse, text: string): void {
    sendText(res, 404, text + '\n');
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    let path = url.pathname;
    if (prefix !== '') {
      if (!path.startsWith(prefix + '/')) return notFound(res, 'not found: outside the proxy prefix');
      path = path.slice(prefix.length);
    }
    requests.push(path);
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return sendText(res, 400, 'bad request: malformed URL escape\n');
    }

    const sumdb = /^\/sumdb\/([^/]+)\/(.*)$/.exec(decoded);
    if (sumdb) {
      const fault = faults.find({ route: 'supported' });
      if (fault || !opts.sumdb || opts.sumdb.name !== sumdb[1]) {
        return respond(req, res, fault, {
          status: 404,
          body: 'not found\n',
          contentType: 'text/plain; charset=utf-8',
        });
      }
      if (sumdb[2] === 'supported') return sendText(res, 200, '');
      req.url = '/' + sumdb[2] + url.search;
      return opts.sumdb.handler(req, res);
    }

    let route: Route;
    let version: string | undefined;
    const at = decoded.indexOf('/@');
    if (at < 0) return notFound(res, 'not found: not a module proxy URL');
    const escModule = decoded.slice(1, at);
    const rest = decoded.slice(at + 1);
    if (rest === '@latest') route = 'latest';
    else if (rest === '@v/list') route = 'list';
    else {
      const m = /^@v\/(.+)\.(info|mod|zip)$/.exec(rest);
      if (!m) return notFound(res, `not found: unknown request ${rest}`);
      route = m[2] as Route;
      const v = unescapePath(m[1]);
      if (v === undefined) return sendText(res, 400, `bad request: invalid escaped version ${m[1]}\n`);
      version = v;
    }
    const module = unescapePath(escModule);
    if (module === undefined)
      return sendText(res, 400, `bad request: invalid escaped module path ${escModule}\n`);
    const fault = faults.find({ module, version, route });
    const versions = opts.modules.filter((m) => m.path === module);

    if (route === 'list') {
      if (versions.length === 0 && !fault)
        return notFound(res, `not found: module ${module}: no matching versions`);
      const body = versions
        .map((m) => m.version)
        .filter((v) => !isPseudo(v))
        .sort(compareSemver)
        .map((v) => v + '\n')
        .join('');
      return respond(req, res, fault, { body, contentType: 'text/plain; charset=utf-8' });
    }
    if (route === 'latest') {
      const latest = [...versions].sort((a, b) => compareSemver(a.version, b.version)).pop();
      if (!latest && !fault) return notFound(res, `not found: module ${module}: no matching versions`);
      return respond(req, res, fault, { body: latest?.info ?? '', contentType: 'application/json' });
    }
    const m = versions.find((x) => x.version === version);
    if (!m) {
      if (fault) return respond(req, res, fault, { body: '', contentType: 'text/plain; charset=utf-8' });
      return notFound(res, `not found: ${module}@${version}: invalid version: unknown revision ${version}`);
    }
    if (route === 'info') return respond(req, res, fault, { body: m.info, contentType: 'application/json' });
    if (route === 'mod')
      return respond(req, res, fault, { body: m.mod, contentType: 'text/plain; charset=utf-8' });
    return respond(req, res, fault, {
      body: m.zip,
      contentType: 'application/zip',
      altered: () => alteredZip(m),
    });
  }

  return { handler: handle, faults, requests };
}
