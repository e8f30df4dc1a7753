/**
 * Runs one scenario with one toolchain against a started world and checks its expectations.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sandbox, type Toolchain } from '../../helpers/go.ts';
import type { World } from '../world.ts';
import type { Expectation, Scenario, ScenarioContext, Transcript } from './types.ts';

/** The work module's go.mod when a scenario gives none. */
export const DEFAULT_GO_MOD = 'module example.com/app\n\ngo 1.19\n';

/** Placeholders for per-run folders, so transcripts do not change from run to run. */
export const SANDBOX_PLACEHOLDER = '/tmp/gmd-sandbox';
export const WORLD_PLACEHOLDER = '/tmp/gmd-world';

/** Variables recorded in transcripts. */
const RECORDED_ENV = [
  'GOPROXY',
  'GOSUMDB',
  'GOPRIVATE',
  'GONOPROXY',
  'GONOSUMDB',
  'GOINSECURE',
  'GOFLAGS',
  'GOTOOLCHAIN',
  'GOMODCACHE',
  'GOPATH',
  'GOWORK',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'SSL_CERT_FILE',
  'NETRC',
  'PATH',
];

interface Exec {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs a process in its own process group; on timeout the whole group (go and its git) is killed. */
export function execProcess(
  file: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<Exec> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: 'pipe' });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const killGroup = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, opts.timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(); // any git left behind by go
      resolve({ exitCode: code, signal, timedOut, stdout, stderr, durationMs: Date.now() - started });
    });
  });
}

/** The -x lines: requests (`# get …`) and the commands go printed before running them. */
export function traceLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => /^# get |^\d+\.\d+s # |^(cd|git|mkdir|rm|unzip|ls) /.test(l) || /^[^ ]+; git /.test(l));
}

/** stderr, stdout and the decoded JSON `Error` strings, for matching. */
export function evidenceText(stdout: string, stderr: string): string {
  const decoded: string[] = [];
  for (const m of stdout.matchAll(/"Error": ("(?:[^"\\]|\\.)*")/g)) {
    try {
      decoded.push(JSON.parse(m[1]) as string);
    } catch {
      // keep the raw text only
    }
  }
  return [stderr, stdout, ...decoded].join('\n');
}

export function expectationFor(s: Scenario, minor: number): Expectation {
  return { ...s.expect, ...(s.byVersion?.(minor) ?? {}) };
}

/** Problems found when comparing a transcript with the scenario's expectation (empty = as expected). */
export function checkTranscript(s: Scenario, t: Transcript): string[] {
  const minor = Number(t.goVersion.split('.')[1]);
  const e = expectationFor(s, minor);
  const problems: string[] = [];
  const text = evidenceText(t.stdout, t.stderr);
  const wantExit = e.exitCode ?? 'nonzero';
  if (e.timedOut) {
    if (!t.timedOut) problems.push(`expected a timeout, got exit ${t.exitCode}`);
  } else {
    if (t.timedOut) problems.push('timed out unexpectedly');
    else if (wantExit === 'nonzero' ? t.exitCode === 0 : t.exitCode !== wantExit)
      problems.push(`exit code ${t.exitCode}, expected ${wantExit}`);
  }
  for (const re of e.evidence) if (!re.test(text)) problems.push(`missing evidence ${re}`);
  for (const re of e.absent ?? []) if (re.test(text)) problems.push(`unexpected ${re}`);
  const trace = t.trace.join('\n');
  for (const re of e.trace ?? []) if (!re.test(trace)) problems.push(`trace lacks ${re}`);
  return problems;
}

function replaceAll(s: string, from: string, to: string): string {
  return from === '' ? s : s.split(from).join(to);
}

/** "go1.27.4", from the toolchain's GOROOT/VERSION (no go process, so no telemetry written anywhere). */
function goFullVersion(tc: Toolchain): string {
  const goroot = dirname(dirname(tc.bin));
  try {
    return readFileSync(join(goroot, 'VERSION'), 'utf8').split('\n')[0].trim();
  } catch {
    return `go${tc.version}`;
  }
}

/**
 * A fresh sandbox and work folder on `tc`, with the world's environment and `envOver` on top: the context a
 * scenario's prepare and cleanup hooks receive. The caller cleans up (`ctx.sb.cleanup()`).
 */
export function scenarioContext(
  world: World,
  tc: Toolchain,
  envOver: Record<string, string> = {},
): ScenarioContext {
  const sb = sandbox(tc);
  const work = join(sb.dir, 'work');
  mkdirSync(work, { recursive: true });
  const env: Record<string, string> = { ...sb.env, ...world.env, ...envOver };
  return {
    world,
    tc,
    minor: Number(tc.version.split('.')[1]),
    sb,
    work,
    env,
    write: (rel, text) => {
      mkdirSync(dirname(join(work, rel)), { recursive: true });
      writeFileSync(join(work, rel), text);
    },
    go: async (args) => {
      const r = await execProcess(tc.bin, args, { cwd: work, env, timeoutMs: 60_000 });
      return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

/** Runs `s` with `tc` in a fresh sandbox and returns its transcript (paths normalised). */
export async function runScenario(world: World, s: Scenario, tc: Toolchain): Promise<Transcript> {
  const ctx = scenarioContext(world, tc, s.env);
  const { minor, sb, work, env, write } = ctx;
  try {
    write('go.mod', s.goMod ?? DEFAULT_GO_MOD);
    for (const [rel, text] of Object.entries(s.files ?? {})) write(rel, text);
    await s.prepare?.(ctx);
    const args = s.args ?? ['mod', 'download', '-json', '-x', ...(s.modules ?? [])];
    const r = await execProcess(tc.bin, args, { cwd: work, env, timeoutMs: s.timeoutMs ?? 60_000 });
    const norm = (x: string): string =>
      replaceAll(replaceAll(x, sb.dir, SANDBOX_PLACEHOLDER), world.dir, WORLD_PLACEHOLDER);
    const recorded: Record<string, string> = {};
    for (const k of RECORDED_ENV) if (env[k] !== undefined && env[k] !== '') recorded[k] = norm(env[k]);
    const stderr = norm(r.stderr);
    return {
      scenario: s.id,
      goVersion: tc.version,
      goFullVersion: goFullVersion(tc),
      expectedCategory: expectationFor(s, minor).category ?? s.expectedCategory,
      expectedStage: expectationFor(s, minor).stage ?? s.expectedStage,
      command: ['go', ...args],
      env: recorded,
      exitCode: r.exitCode,
      signal: r.signal,
      timedOut: r.timedOut,
      durationMs: r.durationMs,
      stdout: norm(r.stdout),
      stderr,
      trace: traceLines(stderr),
    };
  } finally {
    await s.cleanup?.(ctx);
    sb.cleanup();
  }
}
