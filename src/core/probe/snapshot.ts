/**
 * The environment part of the report: go, the module-related variables and where each came from, proxies,
 * .netrc (machines only), GOAUTH, git and its credential helpers and insteadOf rules.
 */
import { promises as fs, statSync } from 'node:fs';
import type { EnvSource } from '../env/buildEnv.ts';
import { summarizeNetrc } from '../fix/netrc.ts';
import { goNetrcFile } from '../fix/netrcFile.ts';
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import type { EnvSnapshot, EnvVar, NetrcInfo } from '../report/model.ts';
import { run } from '../run/runner.ts';
import { parseProxyValue, redactedUrl } from './proxyEnv.ts';

/** The variables of `go env -json` a module download depends on. */
export const MODULE_VARS = [
  'GO111MODULE',
  'GOPROXY',
  'GOSUMDB',
  'GOPRIVATE',
  'GONOPROXY',
  'GONOSUMDB',
  'GOINSECURE',
  'GOVCS',
  'GOAUTH',
  'GOFLAGS',
  'GOTOOLCHAIN',
  'GOMODCACHE',
  'GOPATH',
  'GOWORK',
  'GOENV',
  'GOROOT',
  'GOVERSION',
];

export const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

export function versionAtLeast(v: string | undefined, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(v ?? '');
  if (!m) return false;
  return +m[1] > major || (+m[1] === major && +m[2] >= minor);
}

/** A value for display: URL passwords and tokens replaced; proxy values parsed like go parses them. */
export function displayValue(name: string, value: string): string {
  if (value === '') return '';
  if (/_PROXY$/i.test(name) && !/^NO_PROXY$/i.test(name)) {
    const u = parseProxyValue(value);
    return u ? redactedUrl(u) : redact(value);
  }
  if (name === 'GOAUTH') return displayGoauth(value);
  if (name === 'GOPROXY' || name === 'GOSUMDB') {
    return value
      .split(/([,|\s])/)
      .map((part) => {
        if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(part)) return part;
        try {
          return redactedUrl(new URL(part));
        } catch {
          return redact(part);
        }
      })
      .join('');
  }
  return redact(value);
}

/** GOAUTH's keywords; any other entry is a command go runs (`PROGRAM ARGS…`, also written `command PROGRAM …`). */
const GOAUTH_KEYWORDS = ['off', 'netrc', 'git'];

/**
 * GOAUTH with every command's arguments hidden: `netrc`, `off`, `git DIR` are shown; a command shows its program
 * only (its arguments may carry a token).
 */
export function displayGoauth(value: string): string {
  return value
    .split(';')
    .map((entry) => {
      const words = entry
        .trim()
        .split(/\s+/)
        .filter((w) => w !== '');
      if (words.length === 0) return '';
      if (GOAUTH_KEYWORDS.includes(words[0])) return redact(words.join(' '));
      const lead = words[0] === 'command' ? 2 : 1;
      const rest = words.length > lead ? ` ${t('(arguments hidden)')}` : '';
      return words.slice(0, lead).map(redact).join(' ') + rest;
    })
    .filter((s) => s !== '')
    .join('; ');
}

/** Strings inside GOAUTH that may be secret (a command's arguments). */
export function goauthSecrets(value: string): string[] {
  const out: string[] = [];
  for (const entry of value.split(';')) {
    const words = entry
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    if (words.length > 0 && !GOAUTH_KEYWORDS.includes(words[0]))
      out.push(...words.slice(words[0] === 'command' ? 2 : 1));
  }
  return out;
}

/** The .netrc go reads (goNetrcFile: _netrc on Windows only when it exists); '' when no home folder is set. */
export function netrcPath(env: Record<string, string>): string {
  try {
    return goNetrcFile(env, process.platform, (p) => statSync(p, { throwIfNoEntry: false }) !== undefined);
  } catch {
    return '';
  }
}

export async function readNetrcInfo(path: string): Promise<{ info: NetrcInfo; text?: string }> {
  try {
    const st = await fs.stat(path);
    const text = await fs.readFile(path, 'utf8');
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
    return {
      info: {
        path,
        exists: true,
        mode,
        tooOpen: process.platform !== 'win32' && (st.mode & 0o077) !== 0,
        machines: summarizeNetrc(text),
      },
      text,
    };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { info: { path, exists: false, machines: [] } };
    return { info: { path, exists: true, machines: [], error: code ?? String(e) } };
  }
}

export interface SnapshotInput {
  goBin: string;
  goVersion?: string;
  goError?: string;
  env: Record<string, string>;
  envSources: Record<string, EnvSource>;
  effective: Record<string, string>;
  trustSource: string;
  signal?: AbortSignal;
  timeoutMs: number;
}

export async function snapshotEnv(i: SnapshotInput): Promise<{ snapshot: EnvSnapshot; netrcText?: string }> {
  const vars: EnvVar[] = [];
  for (const name of MODULE_VARS) {
    if (name === 'GOAUTH' && !versionAtLeast(i.goVersion, 1, 24)) continue;
    const value = i.effective[name] ?? i.env[name] ?? '';
    const fromEnv = (i.env[name] ?? '') !== '';
    const source: EnvVar['source'] = fromEnv
      ? (i.envSources[name] ?? 'process')
      : value === ''
        ? 'unset'
        : 'go-default';
    vars.push({ name, value: displayValue(name, value), source });
  }
  const proxyVars: EnvVar[] = PROXY_VARS.filter((n) => (i.env[n] ?? '') !== '').map((name) => ({
    name,
    value: displayValue(name, i.env[name]),
    source: i.envSources[name] ?? 'process',
  }));
  const netrc = await readNetrcInfo(netrcPath(i.env));
  const git = await gitInfo(i.env, i.signal, i.timeoutMs);
  const snapshot: EnvSnapshot = {
    go: { path: i.goBin, ok: i.goError === undefined, ...(i.goVersion ? { version: i.goVersion } : {}) },
    vars,
    proxyVars,
    netrc: netrc.info,
    git,
    trustStore: i.trustSource,
  };
  if (i.goError) snapshot.go.error = redact(i.goError);
  if (versionAtLeast(i.goVersion, 1, 24)) {
    const v = i.effective.GOAUTH ?? i.env.GOAUTH ?? '';
    snapshot.goauth = { value: displayGoauth(v === '' ? 'netrc' : v), applies: true };
  }
  return { snapshot, ...(netrc.text !== undefined ? { netrcText: netrc.text } : {}) };
}

async function gitInfo(
  env: Record<string, string>,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<EnvSnapshot['git']> {
  const opts = { env, timeoutMs, signal, maxOutputBytes: 256 * 1024 };
  const v = await run(['git', 'version'], opts);
  if (v.spawnError || v.exitCode !== 0) {
    return {
      credentialHelpers: [],
      insteadOf: [],
      error: v.spawnError ? t('git is not installed (or not on PATH)') : redact(v.stderr.trim()),
    };
  }
  const [helpers, rules] = await Promise.all([
    run(['git', 'config', '--get-all', 'credential.helper'], opts),
    run(['git', 'config', '--get-regexp', '^url\\..*\\.insteadof$'], opts),
  ]);
  const insteadOf: { from: string; to: string }[] = [];
  for (const line of rules.stdout.split('\n')) {
    const m = /^url\.(.+)\.insteadof\s+(.*)$/i.exec(line.trim());
    if (m) insteadOf.push({ from: redact(m[2]), to: redact(m[1]) });
  }
  return {
    version: v.stdout.trim().replace(/^git version\s*/, ''),
    credentialHelpers: helpers.stdout
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map(redact),
    insteadOf,
  };
}
