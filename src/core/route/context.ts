/**
 * Everything the route reads besides the settings, read in-process: the .netrc go reads (NETRC, else
 * ~/.netrc or %USERPROFILE%\_netrc), the one git's curl reads (~/.netrc), and git's configuration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CredentialInput } from './credentials.ts';
import { readGitConfig } from './gitconfig.ts';
import type { RouteEnv } from './goenv.ts';

function readText(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** The .netrc go reads under `env`. */
export function goNetrcPath(env: Record<string, string | undefined>, platform = process.platform): string {
  if (env.NETRC) return env.NETRC;
  const home = (platform === 'win32' ? env.USERPROFILE : env.HOME) ?? '';
  return join(home, platform === 'win32' ? '_netrc' : '.netrc');
}

export function credentialInput(renv: RouteEnv): CredentialInput {
  const netrcPath = goNetrcPath(renv.env);
  const gitNetrc = join(renv.env.HOME ?? renv.env.USERPROFILE ?? '', '.netrc');
  const netrcText = readText(netrcPath);
  const gitNetrcText = gitNetrc === netrcPath ? netrcText : readText(gitNetrc);
  return {
    ...(renv.goVersion ? { goVersion: renv.goVersion } : {}),
    goauth: renv.vars.GOAUTH.value,
    netrcPath,
    ...(netrcText !== undefined ? { netrcText } : {}),
    ...(gitNetrcText !== undefined ? { gitNetrcText } : {}),
    git: readGitConfig(renv.env),
  };
}
