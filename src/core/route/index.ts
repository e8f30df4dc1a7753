/**
 * The route go takes for a module (see route.ts), and the one call the surfaces need: from the environment
 * the engine built (buildEnv's env and sources) to the route of a module, in-process.
 */
import type { EnvSource } from '../env/buildEnv.ts';
import { credentialInput } from './context.ts';
import { resolveRouteEnv } from './goenv.ts';
import { routeMarkdown } from './render.ts';
import { computeRoute, type ModuleRoute } from './route.ts';

export { computeRoute, parseGoproxy, parseGosumdb, ROUTE_SCHEMA_VERSION } from './route.ts';
export type { ModuleRoute, RouteStep, HostRoute, PatternMatch } from './route.ts';
export { routeMarkdown, routeMarkdownLines, routeText, sourceLabel } from './render.ts';
export { resolveRouteEnv, type RouteEnv } from './goenv.ts';
export { credentialInput } from './context.ts';

export interface RouteRequest {
  module: string;
  version?: string;
  env: Record<string, string>;
  sources: Record<string, EnvSource>;
  goBin?: string;
  /** `go env -json` values, when the caller has them. */
  effective?: Record<string, string>;
}

/** The route of one module. Reads the .netrc files and git's configuration; starts no process. */
export function routeFor(r: RouteRequest): ModuleRoute {
  const renv = resolveRouteEnv({
    env: r.env,
    sources: r.sources,
    ...(r.goBin ? { goBin: r.goBin } : {}),
    ...(r.effective ? { effective: r.effective } : {}),
  });
  return computeRoute(r.module, r.version, { renv, creds: credentialInput(renv) });
}

/** The route of one module as Markdown, for a hover (see routeFor). */
export function routeMarkdownFor(r: RouteRequest): string {
  return routeMarkdown(routeFor(r));
}
