/**
 * Go toolchains for tests, and the real go command in a sealed environment.
 *
 * Toolchains come from scripts/go-toolchains.sh (cached outside the repository).
 * GOMOD_DOCTOR_GO_VERSIONS selects them: unset = the newest only, "all" = the whole matrix,
 * or a comma-separated list such as "1.19,1.23".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export const MATRIX = ['1.19', '1.21', '1.23', '1.25', '1.27'] as const;

export interface Toolchain {
  /** Minor version, e.g. "1.23". */
  version: string;
  /** Absolute path of its go binary. */
  bin: string;
}

const repoRoot = new URL('../..', import.meta.url).pathname;

/** Versions selected by GOMOD_DOCTOR_GO_VERSIONS. */
export function selectedVersions(spec = process.env.GOMOD_DOCTOR_GO_VERSIONS): string[] {
  const s = (spec ?? '').trim();
  if (s === '') return [MATRIX[MATRIX.length - 1]];
  if (s === 'all') return [...MATRIX];
  return s
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

let cache: Map<string, string> | undefined;

/** Installs (when missing) and returns the given toolchains. */
export function toolchains(versions: string[] = selectedVersions()): Toolchain[] {
  cache ??= new Map();
  const missing = versions.filter((v) => !cache!.has(v));
  if (missing.length > 0) {
    const out = execFileSync('bash', [join(repoRoot, 'scripts/go-toolchains.sh'), ...missing], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    for (const line of out.trim().split('\n')) {
      const [v, bin] = line.split(' ');
      if (v && bin) cache.set(v, bin);
    }
  }
  return versions.map((version) => ({ version, bin: cache!.get(version)! }));
}

/**
 * The oldest and the newest selected toolchains (one when a single version is selected): for a test of the
 * language server's own logic over go's output, whose go-version differences the engine's tests already cover
 * on every version.
 */
export function edgeToolchains(): Toolchain[] {
  const all = toolchains();
  return all.length > 1 ? [all[0], all[all.length - 1]] : all;
}

/** The newest selected toolchain. */
export function defaultToolchain(): Toolchain {
  const all = toolchains();
  return all[all.length - 1];
}

export interface Sandbox {
  dir: string;
  home: string;
  env: Record<string, string>;
  cleanup(): void;
}

/**
 * A private HOME, GOENV, GOPATH, GOMODCACHE and NETRC, with GOTOOLCHAIN=local and an explicit
 * GOPROXY/GOSUMDB, so a test never touches the developer's own Go setup. PATH keeps only system
 * folders plus the toolchain's bin.
 */
export function sandbox(tc: Toolchain, extra: Record<string, string> = {}): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'gmd-sandbox-'));
  const home = join(dir, 'home');
  // Telemetry off: go 1.23+ would otherwise start a background uploader that writes into HOME after go itself
  // has exited (and races the sandbox's removal).
  mkdirSync(join(home, '.config/go/telemetry'), { recursive: true });
  writeFileSync(join(home, '.config/go/telemetry/mode'), 'off\n');
  writeFileSync(join(home, '.gitconfig'), '');
  const goBinDir = tc.bin.slice(0, tc.bin.lastIndexOf('/'));
  const env: Record<string, string> = {
    PATH: `${goBinDir}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GOENV: join(home, '.config/go/env'),
    GOPATH: join(dir, 'gopath'),
    GOMODCACHE: join(dir, 'gopath/pkg/mod'),
    GOCACHE: join(dir, 'gocache'),
    NETRC: join(home, '.netrc'),
    GIT_CONFIG_NOSYSTEM: '1',
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-modcacherw',
    GOPROXY: 'off',
    GOSUMDB: 'off',
    GONOSUMDB: '',
    GOPRIVATE: '',
    GONOPROXY: '',
    GOINSECURE: '',
    GO111MODULE: 'on',
    LC_ALL: 'C',
    TMPDIR: tmpdir(),
    ...extra,
  };
  return {
    dir,
    home,
    env,
    cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
}

export interface GoResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** Runs the real go command in the sandbox; never throws on a non-zero exit. */
export async function runGo(
  tc: Toolchain,
  sb: Sandbox,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<GoResult> {
  const r = await execa(tc.bin, args, {
    cwd: opts.cwd ?? sb.dir,
    env: { ...sb.env, ...opts.env },
    extendEnv: false,
    reject: false,
    timeout: opts.timeoutMs ?? 120_000,
    stripFinalNewline: false,
  });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}
