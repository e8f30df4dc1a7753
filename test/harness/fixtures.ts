/**
 * Fixture modules declared as data, turned into what the servers hand out: module zips (entries
 * prefixed `path@version/`), `.info`/`.mod` bodies, the `h1:` hashes go.sum records, and bare git
 * repositories with one tagged commit per version.
 *
 * The zip writer is hand-written on top of zlib (deflate-raw + crc32): a module zip needs only local
 * headers, a central directory and the end record, which is less code than a dependency's API.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ModuleVersionDef {
  version: string;
  /** Files besides go.mod, by slash-separated relative name. Default: one `doc.go`. */
  files?: Record<string, string>;
  /** Default: "module <path>\n\ngo 1.19\n". */
  goMod?: string;
  /** RFC 3339; default: one day per version after 2023-01-01. */
  time?: string;
}

export interface ModuleDef {
  path: string;
  versions: ModuleVersionDef[];
  /** Also publish the module as a bare git repository with one tag per version. */
  git?: {
    /** URL path on the git server, e.g. "team/private" (default: the path without its host). */ repoPath?: string;
  };
}

export interface BuiltModule {
  path: string;
  version: string;
  /** The `.info` JSON. */
  info: string;
  /** The `.mod` file. */
  mod: string;
  zip: Buffer;
  /** go.sum hash of the zip. */
  h1: string;
  /** go.sum hash of the go.mod. */
  modH1: string;
  /** RFC 3339 commit time. */
  time: string;
  /** Relative file names and contents, go.mod included (what the zip holds, without the prefix). */
  files: Record<string, string>;
}

export interface BuiltFixtures {
  modules: BuiltModule[];
  /** The two go.sum lines for path@version (zip hash, go.mod hash). */
  goSumLines(path: string, version: string): string[];
  /** Bare repositories by their URL path (without ".git"). */
  gitRepos: Map<string, string>;
}

// ---------------------------------------------------------------------------------------------
// zip

interface ZipEntry {
  name: string;
  data: Buffer;
}

/** A zip of the given entries (deflated, fixed 1980-01-01 timestamps, UTF-8 names). */
export function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data);
    const crc = crc32(e.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// ---------------------------------------------------------------------------------------------
// hashes

const sha256 = (b: Buffer | string): Buffer => createHash('sha256').update(b).digest();

/** dirhash "h1": SHA-256 over the sorted lines "<sha256 hex>  <name>\n", base64, "h1:" prefix. */
export function hash1(files: { name: string; data: Buffer | string }[]): string {
  const lines = files
    .map((f) => ({ name: f.name, sum: sha256(f.data).toString('hex') }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => {
      if (f.name.includes('\n')) throw new Error(`file name with newline: ${JSON.stringify(f.name)}`);
      return `${f.sum}  ${f.name}\n`;
    })
    .join('');
  return 'h1:' + sha256(lines).toString('base64');
}

// ---------------------------------------------------------------------------------------------
// modules

function defaultTime(index: number): string {
  return new Date(Date.UTC(2023, 0, 1 + index)).toISOString().replace('.000Z', 'Z');
}

function lastElem(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  const ident = last.replace(/[^A-Za-z0-9_]/g, '');
  return /^[A-Za-z_]/.test(ident) ? ident : 'pkg';
}

/** Builds one module version (no I/O). */
export function buildModule(path: string, def: ModuleVersionDef, index = 0): BuiltModule {
  const mod = def.goMod ?? `module ${path}\n\ngo 1.19\n`;
  const time = def.time ?? defaultTime(index);
  const files: Record<string, string> = {
    'go.mod': mod,
    ...(def.files ?? {
      'doc.go': `// Package ${lastElem(path)} is a test fixture.\npackage ${lastElem(path)}\n`,
    }),
  };
  const prefix = `${path}@${def.version}/`;
  const entries = Object.keys(files)
    .sort()
    .map((name) => ({ name: prefix + name, data: Buffer.from(files[name], 'utf8') }));
  return {
    path,
    version: def.version,
    info: JSON.stringify({ Version: def.version, Time: time }) + '\n',
    mod,
    zip: writeZip(entries),
    h1: hash1(entries),
    modH1: hash1([{ name: 'go.mod', data: mod }]),
    time,
    files,
  };
}

/** A valid zip of the same module whose content differs (an extra file): its h1 differs. */
export function alteredZip(m: BuiltModule): Buffer {
  const prefix = `${m.path}@${m.version}/`;
  const files: Record<string, string> = {
    ...m.files,
    'altered.txt': 'this content is not what go.sum recorded\n',
  };
  return writeZip(Object.keys(files).map((n) => ({ name: prefix + n, data: Buffer.from(files[n]) })));
}

/** The environment for the harness's own git commands: no system or user configuration. */
export function gitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Fixture',
    GIT_AUTHOR_EMAIL: 'fixture@example.test',
    GIT_COMMITTER_NAME: 'Fixture',
    GIT_COMMITTER_EMAIL: 'fixture@example.test',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  };
}

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  execFileSync('git', args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
}

function writeTree(dir: string, files: Record<string, string>): void {
  for (const name of readdirSync(dir)) if (name !== '.git') rmSync(join(dir, name), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function repoPathOf(def: ModuleDef): string {
  const p = def.git?.repoPath ?? def.path.split('/').slice(1).join('/');
  return p.replace(/^\/+/, '').replace(/\.git$/, '');
}

/** Builds every module version, and a bare git repository for each module with `git`. */
export function buildModules(defs: ModuleDef[], workDir: string): Promise<BuiltFixtures> {
  const modules: BuiltModule[] = [];
  const gitRepos = new Map<string, string>();
  for (const def of defs) {
    const built = def.versions.map((v, i) => buildModule(def.path, v, i));
    modules.push(...built);
    if (!def.git) continue;
    const repoPath = repoPathOf(def);
    const bare = join(workDir, 'git', `${repoPath}.git`);
    mkdirSync(dirname(bare), { recursive: true });
    const home = mkdtempSync(join(workDir, 'githome-'));
    const env = gitEnv(home);
    const work = mkdtempSync(join(workDir, 'gitwork-'));
    git(['init', '-q', '-b', 'main', '.'], work, env);
    for (const m of built) {
      writeTree(work, m.files);
      git(['add', '-A'], work, env);
      const dated = { ...env, GIT_AUTHOR_DATE: m.time, GIT_COMMITTER_DATE: m.time };
      git(['commit', '-q', '--allow-empty', '-m', `${m.path} ${m.version}`], work, dated);
      git(['tag', m.version], work, dated);
    }
    git(['clone', '-q', '--bare', work, bare], workDir, env);
    rmSync(work, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
    gitRepos.set(repoPath, bare);
  }
  return Promise.resolve({
    modules,
    gitRepos,
    goSumLines(path, version) {
      const m = modules.find((x) => x.path === path && x.version === version);
      if (!m) throw new Error(`goSumLines: no fixture ${path}@${version}`);
      return [`${path} ${version} ${m.h1}`, `${path} ${version}/go.mod ${m.modH1}`];
    },
  });
}

// ---------------------------------------------------------------------------------------------
// module path escaping (the "!x" form used in proxy URLs and the module cache)

/** "github.com/Foo" -> "github.com/!foo". */
export function escapePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

/** "github.com/!foo" -> "github.com/Foo"; undefined when malformed (upper case, or "!" not before a-z). */
export function unescapePath(p: string): string | undefined {
  if (/[A-Z]/.test(p)) return undefined;
  let bad = false;
  const out = p.replace(/!(.?)/g, (_, c: string) => {
    if (!/^[a-z]$/.test(c)) bad = true;
    return c.toUpperCase();
  });
  return bad ? undefined : out;
}

/** Writes a main module (go.mod requiring `requires`, and a go.sum with `goSum` lines) into `dir`. */
export function writeMainModule(
  dir: string,
  requires: { path: string; version: string }[],
  goSum: string[] = [],
  name = 'example.test/main',
): void {
  mkdirSync(dir, { recursive: true });
  const req = requires.map((r) => `require ${r.path} ${r.version}\n`).join('');
  writeFileSync(join(dir, 'go.mod'), `module ${name}\n\ngo 1.19\n\n${req}`);
  writeFileSync(join(dir, 'go.sum'), goSum.map((l) => l + '\n').join(''));
}

/** The `Error` fields of `go mod download -json` output (concatenated JSON objects), by module path. */
export function downloadErrors(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const obj of parseJsonStream(stdout)) {
    if (typeof obj.Path === 'string' && typeof obj.Error === 'string') out.set(obj.Path, obj.Error);
  }
  return out;
}

/** Parses go's stream of pretty-printed JSON objects. */
export function parseJsonStream(stdout: string): Record<string, unknown>[] {
  const objs: Record<string, unknown>[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < stdout.length; i++) {
    const c = stdout[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) {
      objs.push(JSON.parse(stdout.slice(start, i + 1)) as Record<string, unknown>);
    }
  }
  return objs;
}
