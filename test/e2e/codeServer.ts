/**
 * code-server (the real VS Code workbench and a Node extension host) for end-to-end tests and the demo.
 *
 * Every run gets its own sandbox: a private HOME whose login-shell profile sets PATH (VS Code resolves the
 * extension host's environment from the login shell, as it does for real users), a go env file that points go at
 * loopback servers only, its own user-data dir with the user settings, and a workspace folder. The extension is
 * installed from the packed .vsix, the artifact users get.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { until } from './poll.ts';

export const repoRoot = new URL('../..', import.meta.url).pathname;

/** The code-server launcher installed by scripts/e2e-setup.sh. */
export function codeServerBin(): string {
  const cache = process.env.GOMOD_DOCTOR_CACHE ?? join(homedir(), '.cache/gomod-doctor');
  const bin = join(cache, 'code-server/node_modules/.bin/code-server');
  if (!existsSync(bin))
    throw new Error(`code-server is not installed: run scripts/e2e-setup.sh (looked for ${bin})`);
  return bin;
}

/** The .vsix `npm run package` writes. */
export function vsixPath(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const p = join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
  if (!existsSync(p)) throw new Error(`${p} is missing: run npm run package`);
  return p;
}

/** Installs the .vsix into a fresh extensions folder (shared by every workbench of a run). */
export async function installExtension(extensionsDir: string): Promise<string> {
  mkdirSync(extensionsDir, { recursive: true });
  const r = await execa(
    codeServerBin(),
    [
      '--install-extension',
      vsixPath(),
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      join(extensionsDir, '.ud'),
    ],
    { reject: false, timeout: 120_000, env: { ...process.env, HOME: extensionsDir } },
  );
  if (r.exitCode !== 0)
    throw new Error(`installing the .vsix failed:\n${String(r.stdout)}\n${String(r.stderr)}`);
  rmSync(join(extensionsDir, '.ud'), { recursive: true, force: true });
  return extensionsDir;
}

export interface SandboxOptions {
  /** Folder holding the `go` to put on PATH (the login shell's PATH); null: no go at all. */
  goBinDir: string | null;
  /** Extra folders put first on PATH (e.g. a recording go wrapper). */
  pathPrefix?: string[];
  /** Values of the user's go env file ($HOME/.config/go/env), on top of the sandbox's defaults. */
  goEnv?: Record<string, string>;
  /** Environment variables exported by the login profile (e.g. SSL_CERT_FILE). */
  env?: Record<string, string>;
  /** VS Code user settings, on top of the quiet defaults below. */
  userSettings?: Record<string, unknown>;
  /** Workspace files by relative path. */
  files: Record<string, string>;
  /** Display language for the workbench (code-server `--locale`); it takes effect only with a language pack. */
  locale?: string;
  /** Files in the user-data folder by relative path (e.g. the `languagepacks.json` of an installed pack). */
  userDataFiles?: Record<string, string>;
}

export interface WorkbenchSandbox {
  dir: string;
  home: string;
  userDataDir: string;
  workspace: string;
  /** The PATH the login profile sets. */
  path: string;
  /** Environment for code-server itself. */
  processEnv: Record<string, string>;
  userSettingsPath: string;
  /** The display language code-server is started with, if any. */
  locale?: string;
  cleanup(): void;
}

/** User settings that keep the workbench quiet and offline. */
const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
};

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export function createSandbox(opts: SandboxOptions): WorkbenchSandbox {
  const dir = mkdtempSync(join(tmpdir(), 'gmd-e2e-'));
  const home = join(dir, 'home');
  const userDataDir = join(dir, 'user-data');
  const workspace = join(dir, 'workspace');
  for (const d of [home, join(home, '.config/go'), join(userDataDir, 'User'), workspace])
    mkdirSync(d, { recursive: true });
  const path = [
    ...(opts.pathPrefix ?? []),
    ...(opts.goBinDir ? [opts.goBinDir] : []),
    '/usr/local/bin',
    '/usr/bin',
    '/bin',
  ].join(':');
  const exported: Record<string, string> = { PATH: path, ...opts.env };
  const profile =
    '# written by the e2e sandbox: the login shell VS Code resolves its environment from\n' +
    Object.entries(exported)
      .map(([k, v]) => `export ${k}=${shellQuote(v)}\n`)
      .join('');
  writeFileSync(join(home, '.profile'), profile);
  writeFileSync(join(home, '.bashrc'), profile);
  writeFileSync(join(home, '.gitconfig'), '');
  const goEnv: Record<string, string> = {
    GOPATH: join(dir, 'gopath'),
    GOMODCACHE: join(dir, 'gopath/pkg/mod'),
    GOCACHE: join(dir, 'gocache'),
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-modcacherw',
    GOPROXY: 'off',
    GOSUMDB: 'off',
    ...opts.goEnv,
  };
  writeFileSync(
    join(home, '.config/go/env'),
    Object.entries(goEnv)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
  const userSettingsPath = join(userDataDir, 'User/settings.json');
  writeFileSync(userSettingsPath, JSON.stringify({ ...QUIET_SETTINGS, ...opts.userSettings }, null, 2));
  for (const [rel, text] of Object.entries(opts.userDataFiles ?? {})) {
    const p = join(userDataDir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
  }
  for (const [rel, text] of Object.entries(opts.files)) {
    const p = join(workspace, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
  }
  const processEnv: Record<string, string> = {
    ...exported,
    HOME: home,
    SHELL: '/bin/bash',
    USER: process.env.USER ?? 'root',
    LANG: 'C.UTF-8',
    TMPDIR: tmpdir(),
  };
  return {
    dir,
    home,
    userDataDir,
    workspace,
    path,
    processEnv,
    userSettingsPath,
    ...(opts.locale ? { locale: opts.locale } : {}),
    cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
}

/** Merges settings into the sandbox's user settings file (the workbench picks the change up from disk). */
export function updateUserSettings(sb: WorkbenchSandbox, values: Record<string, unknown>): void {
  const current = JSON.parse(readFileSync(sb.userSettingsPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(sb.userSettingsPath, JSON.stringify({ ...current, ...values }, null, 2));
}

/**
 * Merges settings into the machine settings of the code-server host (`Machine/settings.json`, what VS Code calls
 * Remote settings). code-server is a remote window: machine-scoped settings such as gomodDoctor.goPath are read
 * from there, not from the browser user's settings.
 */
export function updateMachineSettings(sb: WorkbenchSandbox, values: Record<string, unknown>): void {
  const file = join(sb.userDataDir, 'Machine/settings.json');
  mkdirSync(join(file, '..'), { recursive: true });
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...current, ...values }, null, 2));
}

/** A `go` wrapper that appends its arguments to a log file and runs the real go. */
export function writeGoWrapper(dir: string, realGo: string, logFile: string): string {
  mkdirSync(dir, { recursive: true });
  const wrapper = join(dir, 'go');
  writeFileSync(
    wrapper,
    `#!/bin/sh\nprintf '%s\\n' "$*" >> ${shellQuote(logFile)}\nexec ${shellQuote(realGo)} "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}

export interface RunningCodeServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** What code-server printed so far. */
  output(): string;
  /** Stops code-server and every process it started (its process group); resolves when it has exited. */
  stop(): Promise<void>;
}

export async function startCodeServer(opts: {
  sandbox: WorkbenchSandbox;
  extensionsDir: string;
  /** Default 0: any free port. */
  port?: number;
}): Promise<RunningCodeServer> {
  const sb = opts.sandbox;
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${opts.port ?? 0}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--extensions-dir',
    opts.extensionsDir,
    '--user-data-dir',
    sb.userDataDir,
    ...(sb.locale ? ['--locale', sb.locale] : []),
    sb.workspace,
  ];
  const child = spawn(codeServerBin(), args, {
    env: sb.processEnv,
    cwd: sb.workspace,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (exited) return;
    const pid = child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timedOut = await Promise.race([
      exit.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), 10_000).unref()),
    ]);
    try {
      // The group may hold helpers that outlive the launcher: end them too.
      process.kill(-pid, 'SIGKILL');
    } catch {
      // none left
    }
    if (timedOut) await exit;
  };
  try {
    const port = await until(
      () => {
        if (exited) throw new Error('code-server exited');
        const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        return m ? Number(m[1]) : undefined;
      },
      { what: 'code-server to listen', timeoutMs: 60_000, describe: () => out },
    );
    const url = `http://127.0.0.1:${port}`;
    await until(
      async () => {
        const r = await fetch(`${url}/healthz`);
        return r.ok;
      },
      { what: 'code-server /healthz', timeoutMs: 30_000, describe: () => out },
    );
    return { url, port, child, output: () => out, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The workbench URL that opens a folder. */
export function folderUrl(server: RunningCodeServer, folder: string): string {
  return `${server.url}/?folder=${encodeURIComponent(folder)}`;
}
