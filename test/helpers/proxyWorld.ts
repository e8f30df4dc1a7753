/**
 * A sandbox with its own go environment and a loopback module proxy serving built fixtures: the setup the
 * engine's integration tests share. GOSUMDB is off; the environment is what buildEnv gives the engine.
 */
import { buildEnv } from '../../src/core/env/buildEnv.ts';
import { readEffectiveGoEnv } from '../../src/core/env/effective.ts';
import { buildModules, type BuiltFixtures, type ModuleDef } from '../harness/fixtures.ts';
import { createGoProxy, type GoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { sandbox, type Sandbox, type Toolchain } from './go.ts';

export interface ProxyWorld {
  sb: Sandbox;
  fx: BuiltFixtures;
  proxy: GoProxy;
  server: Listening;
  env: Record<string, string>;
  goVersion: string | undefined;
}

export async function startProxyWorld(tc: Toolchain, defs: ModuleDef[]): Promise<ProxyWorld> {
  const sb = sandbox(tc);
  const fx = await buildModules(defs, sb.dir);
  const proxy = createGoProxy({ modules: fx.modules });
  const server = await listen(proxy.handler);
  const env = buildEnv({ processEnv: { ...sb.env, GOPROXY: server.url, GOSUMDB: 'off' } }).env;
  const goVersion = (await readEffectiveGoEnv(tc.bin, env)).goVersion;
  return { sb, fx, proxy, server, env, goVersion };
}
