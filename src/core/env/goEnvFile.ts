/**
 * The user's go env file (written by `go env -w`): where the go command looks for it, and how it reads it.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/**
 * The file the go command would read under `env`: $GOENV when set ("off" disables the file), else
 * os.UserConfigDir()/go/env — $XDG_CONFIG_HOME or ~/.config on Linux and other Unixes, ~/Library/Application
 * Support on macOS, %AppData% on Windows. Undefined when there is none.
 */
export function locateGoEnvFile(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const goenv = env.GOENV ?? '';
  if (goenv === 'off') return undefined;
  if (goenv !== '') return goenv;
  let configDir: string | undefined;
  if (platform === 'win32') {
    configDir = env.AppData ?? env.APPDATA;
  } else if (platform === 'darwin') {
    if (env.HOME) configDir = join(env.HOME, 'Library/Application Support');
  } else {
    const xdg = env.XDG_CONFIG_HOME ?? '';
    if (xdg !== '') configDir = isAbsolute(xdg) ? xdg : undefined;
    else if (env.HOME) configDir = join(env.HOME, '.config');
  }
  if (configDir === undefined || configDir === '') return undefined;
  return platform === 'win32' ? `${configDir}\\go\\env` : join(configDir, 'go', 'env');
}

/**
 * Parses a go env file the way the go command does: one KEY=VALUE a line; lines without "=" or whose first
 * character is not an upper-case letter (comments, blanks) are skipped; the value is the rest of the line,
 * taken literally; a later line for the same key wins.
 */
export function parseGoEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let line of text.split('\n')) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const c = line.charCodeAt(0);
    if (c < 65 || c > 90) continue;
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** What one read of the go env file found. */
export interface GoEnvFileRead {
  path: string;
  /** The settings; undefined when the file does not exist or cannot be read (go then ignores it silently). */
  values?: Record<string, string>;
  /** Why a file that exists could not be read ("EISDIR", "EACCES", …); go ignores such a file too. */
  error?: string;
  /** 1-based numbers of lines go skips that are not blank and not a # comment: a setting that has no effect. */
  skipped: number[];
  /** The text read ('' when none), to notice a later edit of the file. */
  text: string;
}

/**
 * Lines that set nothing although they look meant (not blank, not a `#` comment): go skips them (no "=", not
 * starting with a capital), or reads a name no variable has ("GOFLAGS -mod=vendor" sets "GOFLAGS -mod").
 */
export function skippedGoEnvLines(text: string): number[] {
  const out: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0 || !/^[A-Z][A-Za-z0-9_]*$/.test(line.slice(0, eq))) out.push(i + 1);
  });
  return out;
}

/** Reads and parses the file at once (a few hundred bytes; the planner is synchronous). */
export function readGoEnvFileSync(path: string): GoEnvFileRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    return {
      path,
      skipped: [],
      text: '',
      ...(code === 'ENOENT' || code === 'ENOTDIR' ? {} : { error: code }),
    };
  }
  return { path, values: parseGoEnvFile(text), skipped: skippedGoEnvLines(text), text };
}

/** Reads and parses the file; undefined when it does not exist or cannot be read. */
export function readGoEnvFile(path: string | undefined): Promise<Record<string, string> | undefined> {
  // Synchronous underneath: one small file per check, and an asynchronous read is a thread-pool round trip.
  return Promise.resolve(path === undefined ? undefined : readGoEnvFileSync(path).values);
}
