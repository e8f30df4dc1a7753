/**
 * `gomod-doctor diagnose` through the built CLI (dist/cli.cjs) with the real go against loopback servers
 * (test/harness goproxy + sumdb): for each category the exit code, the JSON (category, file, line, column) and
 * the SARIF (validated against the SARIF 2.1.0 schema in test/data/sarif); the github format; --fail-on,
 * --offline; exit codes 2 and 3; SIGINT (130) and SIGTERM (143) during a hung download with no go process left.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createFaultTable } from '../harness/faults.ts';
import { buildModules, type BuiltFixtures } from '../harness/fixtures.ts';
import { createGoProxy, type GoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { createSumDB, type SumDB } from '../harness/sumdb.ts';
import { sandbox, toolchains, type Sandbox, type Toolchain } from '../helpers/go.ts';

const root = new URL('../..', import.meta.url).pathname;
const cli = join(root, 'dist/cli.cjs');

// ajv-draft-04 is CommonJS; the SARIF 2.1.0 schema is a draft-04 document.
const require = createRequire(import.meta.url);
type ValidateFn = ((data: unknown) => boolean) & { errors?: unknown };
interface AjvLike {
  compile(schema: unknown): ValidateFn;
}
const AjvDraft04 = require('ajv-draft-04') as new (o: Record<string, unknown>) => AjvLike;
const addFormats = require('ajv-formats') as (ajv: AjvLike) => void;
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(
  JSON.parse(readFileSync(join(root, 'test/data/sarif/sarif-schema-2.1.0.json'), 'utf8')) as unknown,
);

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the built CLI without blocking this process's event loop (the loopback servers live here). */
function runCli(
  args: string[],
  opts: { cwd: string; env: Record<string, string>; uid?: number; gid?: number; bundle?: string },
): Promise<CliResult> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [opts.bundle ?? cli, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: opts.uid,
      gid: opts.gid,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

interface JsonFinding {
  category: string;
  file: string | null;
  line: number | null;
  column: number | null;
  module: string | null;
  requirePath: string | null;
  fixes: string[];
  summary: string;
}
interface JsonDoc {
  schemaVersion: number;
  exitCode: number;
  findings: JsonFinding[];
  modules: { path: string; version: string; status: string }[];
  summary: Record<string, number>;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations?: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number; startColumn: number };
    };
  }[];
}
interface SarifDoc {
  version: string;
  runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: SarifResult[] }[];
}

function checkSarif(stdout: string): SarifDoc {
  const doc = JSON.parse(stdout) as SarifDoc;
  const ok = validateSarif(doc);
  assert.ok(ok, `SARIF is not schema-valid: ${JSON.stringify(validateSarif.errors, null, 1)}`);
  return doc;
}

/** Processes whose environment carries `mark` (the CLI and every go it started inherit it). */
function processesWithMark(mark: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(mark)) {
        out.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ')}`);
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

const MAIN = 'example.test/main';

/** One go.mod requiring `requires`; the first require sits on line 6, column 2. */
function writeProject(dir: string, requires: string[], opts: { go?: string; sums?: string[] } = {}): void {
  mkdirSync(dir, { recursive: true });
  const body = `module ${MAIN}\n\ngo ${opts.go ?? '1.19'}\n\nrequire (\n${requires.map((r) => `\t${r}\n`).join('')})\n`;
  writeFileSync(join(dir, 'go.mod'), body);
  writeFileSync(join(dir, 'go.sum'), (opts.sums ?? []).map((l) => `${l}\n`).join(''));
}

function goMinor(tc: Toolchain): number {
  return Number(tc.version.split('.')[1]);
}

interface Case {
  name: string;
  category: string;
  requires: string[];
  /** Extra environment for the CLI. */
  env?: (w: WorldRef) => Record<string, string>;
  args?: string[];
  go?: string;
  sums?: (fx: BuiltFixtures) => string[];
  /** What the newest go does may differ from older ones: return undefined to expect no failure. */
  expect?: (tc: Toolchain) => { category: string; code: number } | undefined;
}

interface WorldRef {
  proxyUrl: string;
  sumdbUrl: string;
  sumdb: SumDB;
  closedPort: number;
}

const CASES: Case[] = [
  { name: 'every module downloadable', category: '', requires: ['example.test/ok v1.0.0'] },
  { name: 'not-found: 404', category: 'not-found', requires: ['example.test/missing v1.2.3'] },
  { name: 'not-found: 410', category: 'not-found', requires: ['example.test/gone v1.0.0'] },
  {
    // The proxy's 404 ("invalid version: unknown revision" in its body) decides: not-found, on every go version.
    name: 'not-found: unknown revision of a module the proxy has',
    category: 'not-found',
    requires: ['example.test/ok v1.9.9'],
  },
  { name: 'auth: 401', category: 'auth', requires: ['example.test/private v1.0.0'] },
  { name: 'server: 500', category: 'server', requires: ['example.test/broken v1.0.0'] },
  { name: 'server: 429', category: 'server', requires: ['example.test/busy v1.0.0'] },
  {
    name: 'connect: refused port',
    category: 'connect',
    requires: ['example.test/ok2 v1.0.0'],
    env: (w) => ({ GOPROXY: `http://127.0.0.1:${w.closedPort}` }),
  },
  {
    name: 'timeout: a proxy that never answers, --timeout 3',
    category: 'timeout',
    requires: ['example.test/slow v1.0.0'],
    args: ['--timeout', '3'],
  },
  {
    name: 'sumdb: 404 from the checksum database',
    category: 'sumdb',
    requires: ['example.test/unlisted v1.0.0'],
    env: (w) => ({ GOSUMDB: `${w.sumdb.verifierKey} ${w.sumdbUrl}` }),
  },
  {
    name: 'checksum-mismatch: go.sum altered',
    category: 'checksum-mismatch',
    requires: ['example.test/summed v1.0.0'],
    sums: (fx) => {
      const [zip, mod] = fx.goSumLines('example.test/summed', 'v1.0.0');
      return [zip.replace(/h1:.{4}/, 'h1:AAAA'), mod];
    },
  },
  {
    name: 'path-mismatch: the module declares another path',
    category: 'path-mismatch',
    requires: ['example.test/declared v1.0.0'],
  },
  {
    name: 'config: GOPROXY=off',
    category: 'config',
    requires: ['example.test/ok3 v1.0.0'],
    env: () => ({ GOPROXY: 'off' }),
  },
  {
    name: 'toolchain: go line newer than the local go, GOTOOLCHAIN=local',
    category: 'toolchain',
    requires: ['example.test/ok v1.0.0'],
    go: '1.99',
    // go 1.19 and 1.20 do not enforce the go line (go 1.21 made it a requirement): nothing fails there.
    expect: (tc) => (goMinor(tc) >= 21 ? { category: 'toolchain', code: 1 } : undefined),
  },
];

for (const tc of toolchains()) {
  describe(`gomod-doctor diagnose with go ${tc.version}`, () => {
    let sb: Sandbox;
    let fx: BuiltFixtures;
    let proxy: GoProxy;
    let server: Listening;
    let sumdb: SumDB;
    let sumdbServer: Listening;
    let closed: Listening;
    let world: WorldRef;
    let n = 0;

    before(async () => {
      execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'ignore' });
      sb = sandbox(tc);
      const v1 = [{ version: 'v1.0.0' }];
      fx = await buildModules(
        [
          { path: 'example.test/ok', versions: v1 },
          { path: 'example.test/ok2', versions: v1 },
          { path: 'example.test/ok3', versions: v1 },
          { path: 'example.test/gone', versions: v1 },
          { path: 'example.test/private', versions: v1 },
          { path: 'example.test/broken', versions: v1 },
          { path: 'example.test/busy', versions: v1 },
          { path: 'example.test/slow', versions: v1 },
          { path: 'example.test/unlisted', versions: v1 },
          { path: 'example.test/summed', versions: v1 },
          {
            path: 'example.test/declared',
            versions: [{ version: 'v1.0.0', goMod: 'module example.test/elsewhere\n\ngo 1.19\n' }],
          },
        ],
        sb.dir,
      );
      const faults = createFaultTable();
      faults.set({ module: 'example.test/gone' }, { kind: 'status', status: 410, body: 'gone\n' });
      faults.set({ module: 'example.test/private' }, { kind: 'basic-auth', user: 'u', password: 'p' });
      faults.set(
        { module: 'example.test/broken' },
        { kind: 'status', status: 500, body: 'internal error\n' },
      );
      faults.set(
        { module: 'example.test/busy' },
        { kind: 'status', status: 429, retryAfter: 1, body: 'slow down\n' },
      );
      faults.set({ module: 'example.test/slow' }, { kind: 'hang' });
      proxy = createGoProxy({ modules: fx.modules, faults });
      server = await listen(proxy.handler);
      sumdb = createSumDB({ name: 'sum.test', modules: fx.modules });
      sumdb.faults.set(
        { module: 'example.test/unlisted', route: 'lookup' },
        { kind: 'status', status: 404, body: 'not found\n' },
      );
      sumdbServer = await listen(sumdb.handler);
      closed = await listen(() => undefined);
      const closedPort = closed.port;
      await closed.close();
      world = { proxyUrl: server.url, sumdbUrl: sumdbServer.url, sumdb, closedPort };
    });
    after(async () => {
      await server.close();
      await sumdbServer.close();
      sb.cleanup();
    });

    const envFor = (extra: Record<string, string> = {}): Record<string, string> => ({
      ...sb.env,
      GOPROXY: world.proxyUrl,
      GOSUMDB: 'off',
      ...extra,
    });

    for (const c of CASES) {
      test(`${c.name}: exit code, JSON and SARIF`, async () => {
        const dir = join(sb.dir, `p${n++}`);
        writeProject(dir, c.requires, { go: c.go, sums: c.sums?.(fx) });
        const env = envFor(c.env?.(world));
        const expect = c.expect ? c.expect(tc) : c.category ? { category: c.category, code: 1 } : undefined;

        const j = await runCli(['diagnose', '--format', 'json', ...(c.args ?? [])], { cwd: dir, env });
        const doc = JSON.parse(j.stdout) as JsonDoc;
        const shown = `exit ${j.code}\n${j.stdout}\n${j.stderr}`;
        assert.equal(doc.schemaVersion, 1);
        if (!expect) {
          assert.equal(j.code, 0, shown);
          assert.deepEqual(doc.findings, [], shown);
          assert.equal(doc.exitCode, 0);
        } else {
          assert.equal(j.code, expect.code, shown);
          assert.equal(doc.exitCode, expect.code);
          assert.ok(doc.findings.length >= 1, shown);
          const f = doc.findings[0];
          assert.equal(f.category, expect.category, shown);
          assert.equal(f.file, 'go.mod', shown);
          if (expect.category === 'toolchain') {
            assert.equal(f.line, 3, 'the go line');
            assert.equal(f.column, 4, 'its version');
          } else {
            assert.equal(f.line, 6, 'the require line');
            assert.equal(f.column, 2);
            assert.equal(f.requirePath, c.requires[0].split(' ')[0]);
          }
          assert.ok(f.summary.length > 0);
        }

        const s = await runCli(['diagnose', '--format', 'sarif', ...(c.args ?? [])], { cwd: dir, env });
        assert.equal(s.code, expect?.code ?? 0, s.stderr);
        const sarif = checkSarif(s.stdout);
        const results = sarif.runs[0].results;
        if (!expect) assert.equal(results.length, 0);
        else {
          const r = results[0];
          assert.equal(r.ruleId, expect.category);
          const rules = sarif.runs[0].tool.driver.rules;
          assert.equal(rules[r.ruleIndex].id, expect.category);
          assert.match(rules[r.ruleIndex].helpUri, new RegExp(`/docs/categories/${expect.category}\\.md$`));
          const loc = r.locations![0].physicalLocation;
          assert.equal(loc.artifactLocation.uri, 'go.mod');
          assert.equal(loc.region.startLine, expect.category === 'toolchain' ? 3 : 6);
          assert.equal(loc.region.startColumn, expect.category === 'toolchain' ? 4 : 2);
        }
      });
    }

    test('go-missing: --go /nonexistent exits 3 with a go-missing finding (json, sarif)', async () => {
      const dir = join(sb.dir, `p${n++}`);
      writeProject(dir, ['example.test/ok v1.0.0']);
      const j = await runCli(['diagnose', '--go', '/nonexistent/go', '--format', 'json'], {
        cwd: dir,
        env: envFor(),
      });
      assert.equal(j.code, 3, j.stderr);
      const doc = JSON.parse(j.stdout) as JsonDoc;
      assert.equal(doc.findings[0].category, 'go-missing');
      const s = await runCli(['diagnose', '--go', '/nonexistent/go', '--format', 'sarif'], {
        cwd: dir,
        env: envFor(),
      });
      assert.equal(s.code, 3);
      assert.equal(checkSarif(s.stdout).runs[0].results[0].ruleId, 'go-missing');
    });
  });
}

describe('gomod-doctor diagnose (newest go): formats, options, exit codes, signals', () => {
  const tc = toolchains().at(-1)!;
  let sb: Sandbox;
  let server: Listening;
  let proxy: GoProxy;
  let fx: BuiltFixtures;
  let n = 0;
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...sb.env,
    GOPROXY: server.url,
    GOSUMDB: 'off',
    ...extra,
  });
  const project = (requires: string[], sums: string[] = []): string => {
    const dir = join(sb.dir, `q${n++}`);
    writeProject(dir, requires, { sums });
    return dir;
  };

  before(async () => {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'ignore' });
    sb = sandbox(tc);
    fx = await buildModules(
      [
        { path: 'example.test/ok', versions: [{ version: 'v1.0.0' }] },
        { path: 'example.test/slow', versions: [{ version: 'v1.0.0' }] },
      ],
      sb.dir,
    );
    const faults = createFaultTable();
    faults.set({ module: 'example.test/slow' }, { kind: 'hang' });
    proxy = createGoProxy({ modules: fx.modules, faults });
    server = await listen(proxy.handler);
  });
  after(async () => {
    await server.close();
    sb.cleanup();
  });

  test('text: grouped by cause, file:line:column, no colour and no progress when not a TTY', async () => {
    const dir = project([
      'example.test/ok v1.0.0',
      'example.test/missing v1.2.3',
      'example.test/gone2 v0.1.0',
    ]);
    const r = await runCli(['diagnose'], { cwd: dir, env: env() });
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /\[\d+m/, 'no escape sequences off a TTY');
    assert.equal(r.stderr, '', 'nothing on stderr in a CI log');
    assert.match(r.stdout, /^1\/2 not-found /m);
    assert.match(r.stdout, /go\.mod:7:2/);
    assert.match(r.stdout, /go\.mod:8:2/);
    assert.match(r.stdout, /causes of failure: 2: 3 modules, 0 in the module cache, 1 downloaded, 2 failed/);
    // FORCE_COLOR turns colour on; NO_COLOR wins over it.
    assert.match((await runCli(['diagnose'], { cwd: dir, env: env({ FORCE_COLOR: '1' }) })).stdout, /\[31m/);
    assert.doesNotMatch(
      (await runCli(['diagnose'], { cwd: dir, env: env({ FORCE_COLOR: '1', NO_COLOR: '1' }) })).stdout,
      /\[\d+m/,
    );
    const q = await runCli(['diagnose', '--quiet'], { cwd: dir, env: env() });
    assert.equal(q.code, 1);
    assert.doesNotMatch(q.stdout, /evidence|causes of failure/);
  });

  test('github: workflow commands with escaped properties and message', async () => {
    const dir = project(['example.test/missing v1.2.3']);
    const r = await runCli(['diagnose', '--format', 'github'], { cwd: dir, env: env() });
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stdout);
    assert.match(
      lines[0],
      /^::error file=go\.mod,line=6,col=2,endLine=6,endColumn=\d+,title=gomod-doctor not-found%3A [^:,]+::example\.test\/missing@v1\.2\.3: /,
    );
    assert.ok(!lines[0].includes('\n'));
    assert.match(lines[0], /%0A/, 'newlines in the message are escaped');
  });

  test('--fail-on: only the listed categories fail; others become warnings', async () => {
    const dir = project(['example.test/missing v1.2.3']);
    const notCounted = await runCli(['diagnose', '--fail-on', 'auth,timeout', '--format', 'json'], {
      cwd: dir,
      env: env(),
    });
    assert.equal(notCounted.code, 0, notCounted.stderr);
    assert.equal((JSON.parse(notCounted.stdout) as JsonDoc).findings[0].category, 'not-found');
    const counted = await runCli(['diagnose', '--fail-on', 'not-found', '--format', 'github'], {
      cwd: dir,
      env: env(),
    });
    assert.equal(counted.code, 1);
    const warn = await runCli(['diagnose', '--fail-on', 'auth', '--format', 'github'], {
      cwd: dir,
      env: env(),
    });
    assert.match(warn.stdout, /^::warning /);
    assert.equal((await runCli(['diagnose', '--fail-on', 'nonsense'], { cwd: dir, env: env() })).code, 2);
  });

  test('--offline: no go download; modules not in the cache are reported as not checked', async () => {
    const dir = project(['example.test/ok v1.0.0', 'example.test/missing v1.2.3']);
    // example.test/ok into the module cache first (a normal run downloads it).
    await runCli(['diagnose'], { cwd: project(['example.test/ok v1.0.0']), env: env() });
    const r = await runCli(['diagnose', '--offline', '--format', 'json'], {
      cwd: dir,
      env: env({ GOPROXY: 'http://127.0.0.1:9' }),
    });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as JsonDoc;
    assert.deepEqual(doc.findings, []);
    assert.deepEqual(
      doc.modules.map((m) => [m.path, m.status]),
      [
        ['example.test/ok', 'cached'],
        ['example.test/missing', 'not-checked'],
      ],
    );
    assert.equal(doc.summary.notChecked, 1);
  });

  test('--probe adds the stage-by-stage diagnosis (json: probe; text: its report); the exit code is from the check', async () => {
    const dir = project(['example.test/missing v1.2.3']);
    const j = await runCli(['diagnose', '--probe', '--format', 'json', '--timeout', '20'], {
      cwd: dir,
      env: env(),
    });
    assert.equal(j.code, 1, j.stderr);
    const doc = JSON.parse(j.stdout) as JsonDoc & {
      probe?: { schemaVersion: number; probes: { kind: string; url: string }[] };
    };
    assert.equal(doc.findings[0].category, 'not-found');
    assert.equal(doc.probe?.schemaVersion, 1);
    assert.ok(
      doc.probe.probes.some((p) => p.kind === 'goproxy' && p.url.startsWith(server.url)),
      JSON.stringify(doc.probe.probes),
    );
    const txt = await runCli(['diagnose', '--probe', '--timeout', '20'], { cwd: dir, env: env() });
    assert.equal(txt.code, 1);
    assert.match(txt.stdout, /go\.mod:6:2/);
    assert.match(txt.stdout, /TCP/);
  });

  test('explain shares the formats: --format json is --json, sarif is schema-valid, github has no file', async () => {
    const log = join(sb.dir, 'go.log');
    writeFileSync(
      log,
      'go: example.test/missing@v1.2.3: reading https://proxy.example.test/example.test/missing/@v/v1.2.3.info: 404 Not Found\n',
    );
    const json = await runCli(['explain', '--format', 'json', log], { cwd: sb.dir, env: env() });
    const legacy = await runCli(['explain', '--json', log], { cwd: sb.dir, env: env() });
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.stdout, legacy.stdout);
    const sarif = await runCli(['explain', '--format', 'sarif', log], { cwd: sb.dir, env: env() });
    assert.equal(checkSarif(sarif.stdout).runs[0].results[0].ruleId, 'not-found');
    const gh = await runCli(['explain', '--format=github', log], { cwd: sb.dir, env: env() });
    assert.match(gh.stdout, /^::error title=gomod-doctor not-found%3A /);
    assert.equal((await runCli(['explain', '--format', 'xml', log], { cwd: sb.dir, env: env() })).code, 2);
  });

  test('--lang zh-cn and LANG select the language of the help', async () => {
    const en = await runCli(['diagnose', '--help'], { cwd: sb.dir, env: env() });
    assert.equal(en.code, 0);
    assert.match(en.stdout, /Exit codes:/);
    assert.match(en.stdout, /--format text\|json\|sarif\|github/);
    assert.match(en.stdout, /--probe/);
    const zh = await runCli(['diagnose', '--help', '--lang', 'zh-cn'], { cwd: sb.dir, env: env() });
    const zhEnv = await runCli(['diagnose', '--help'], {
      cwd: sb.dir,
      env: env({ LC_ALL: '', LANG: 'zh_CN.UTF-8' }),
    });
    assert.equal(zh.code, 0);
    assert.equal(zh.stdout, zhEnv.stdout);
    assert.equal((await runCli(['diagnose', '--lang', 'xx'], { cwd: sb.dir, env: env() })).code, 2);
  });

  test('exit 2: usage errors', async () => {
    for (const args of [
      ['--bogus'],
      ['--format', 'xml'],
      ['--timeout', '0'],
      ['--timeout', 'soon'],
      ['a', 'b'],
      ['--quiet', '--verbose'],
      ['--format'],
    ]) {
      const r = await runCli(['diagnose', ...args], { cwd: sb.dir, env: env() });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^gomod-doctor diagnose: /);
    }
  });

  test('exit 3: no go.mod, a missing DIR, an unreadable go.mod, go not executable', async () => {
    const empty = join(sb.dir, 'empty');
    mkdirSync(empty);
    assert.equal((await runCli(['diagnose'], { cwd: empty, env: env() })).code, 3);
    assert.equal((await runCli(['diagnose', join(sb.dir, 'nowhere')], { cwd: sb.dir, env: env() })).code, 3);
    const dir = project(['example.test/ok v1.0.0']);
    const noExec = join(sb.dir, 'not-executable-go');
    writeFileSync(noExec, '#!/bin/sh\nexit 0\n');
    chmodSync(noExec, 0o644);
    const r = await runCli(['diagnose', '--go', noExec], { cwd: dir, env: env() });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /not-executable-go does not exist or is not executable/);
    // A go that runs but cannot report its environment is unusable too.
    const broken = join(sb.dir, 'broken-go');
    writeFileSync(broken, '#!/bin/sh\necho "go: something is wrong" >&2\nexit 2\n');
    chmodSync(broken, 0o755);
    assert.equal((await runCli(['diagnose', '--go', broken], { cwd: dir, env: env() })).code, 3);
    // No readable go.mod, for every user: a directory in its place…
    const isDir = join(sb.dir, 'go-mod-is-a-directory');
    mkdirSync(join(isDir, 'go.mod'), { recursive: true });
    const d = await runCli(['diagnose'], { cwd: isDir, env: env() });
    assert.equal(d.code, 3, d.stderr);
    assert.match(d.stderr, /cannot read .*go-mod-is-a-directory\/go\.mod/);
    // …and a go.mod without read permission, read by an unprivileged user (as root, the CLI runs as nobody, in a
    // folder nobody may enter: the sandbox's own folders are private).
    const asRoot = process.getuid?.() === 0;
    const unreadable = mkdtempSync(join(tmpdir(), 'gmd-unreadable-'));
    try {
      chmodSync(unreadable, 0o755);
      writeFileSync(join(unreadable, 'go.mod'), 'module example.test/unreadable\n\ngo 1.19\n');
      chmodSync(join(unreadable, 'go.mod'), 0);
      // nobody runs its own copy of the bundle: the checkout may sit in a folder only root may enter.
      let nobody = {};
      if (asRoot) {
        copyFileSync(cli, join(unreadable, 'cli.cjs'));
        chmodSync(join(unreadable, 'cli.cjs'), 0o644);
        nobody = { uid: 65534, gid: 65534, bundle: join(unreadable, 'cli.cjs') };
      }
      const u = await runCli(['diagnose'], { cwd: unreadable, env: env(), ...nobody });
      assert.equal(u.code, 3, u.stderr);
      assert.match(u.stderr, /cannot read .*gmd-unreadable-\w+\/go\.mod/);
    } finally {
      rmSync(unreadable, { recursive: true, force: true });
    }
    // A go.mod that does not parse is a failure (1) at its line, not an unusable environment.
    const bad = join(sb.dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'go.mod'), 'module example.test/bad\n\nrequire (\n\texample.test/ok\n)\n');
    const s = await runCli(['diagnose', '--format', 'json'], { cwd: bad, env: env() });
    assert.equal(s.code, 1, s.stderr);
    const f = (JSON.parse(s.stdout) as JsonDoc).findings[0];
    assert.equal(f.category, 'syntax');
    assert.equal(f.line, 4);
  });

  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    test(`exit ${code} on ${sig} during a hung download: go is stopped, nothing partial on stdout`, async () => {
      const dir = project(['example.test/slow v1.0.0']);
      const seen = proxy.requests.length;
      const mark = `GMD_CLI_TEST_MARK=${randomUUID()}`;
      const [k, v] = mark.split('=');
      const child = spawn(process.execPath, [cli, 'diagnose', '--format', 'json', '--timeout', '60'], {
        cwd: dir,
        env: env({ [k]: v }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      // Wait until go is waiting on the proxy.
      const deadline = Date.now() + 20_000;
      while (
        !proxy.requests.slice(seen).some((p) => p.startsWith('/example.test/slow/')) &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 50));
      const goRunning = processesWithMark(mark).filter((p) => !p.includes('cli.cjs'));
      assert.ok(goRunning.length >= 1, `go is running: ${stderr}`);
      const t0 = Date.now();
      child.kill(sig);
      const c = await exited;
      assert.equal(c, code, stderr);
      assert.ok(Date.now() - t0 < 5000, 'stops promptly');
      assert.equal(stdout, '', 'no partial JSON');
      assert.match(stderr, sig === 'SIGINT' ? /interrupted/ : /terminated/);
      assert.deepEqual(processesWithMark(mark), [], 'no go process left');
    });
  }
});
