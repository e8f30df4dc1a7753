/**
 * The npm tarball: `npm pack`, install it into an empty folder (runtime dependencies come from the registry),
 * then `npx gomod-doctor --help` and `npx gomod-doctor diagnose` on a small scenario (a 404 on the loopback
 * proxy) from there, without the repository or VS Code.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildModules } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { sandbox, toolchains, type Sandbox } from '../helpers/go.ts';

const root = new URL('../..', import.meta.url).pathname;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm tarball: npx gomod-doctor', () => {
  const tc = toolchains().at(-1)!;
  let work: string;
  let sb: Sandbox;
  let server: Listening;
  let installDir: string;

  before(async () => {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'ignore' });
    work = mkdtempSync(join(tmpdir(), 'gmd-pack-'));
    execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, stdio: 'ignore' });
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tgz, 'npm pack wrote a tarball');
    installDir = join(work, 'consumer');
    mkdirSync(installDir);
    writeFileSync(join(installDir, 'package.json'), '{"name":"consumer","private":true}\n');
    const r = await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tgz)],
      installDir,
      process.env,
    );
    assert.equal(r.code, 0, r.stderr);
    sb = sandbox(tc);
    const fx = await buildModules([{ path: 'example.test/ok', versions: [{ version: 'v1.0.0' }] }], sb.dir);
    server = await listen(createGoProxy({ modules: fx.modules }).handler);
  });
  after(async () => {
    await server?.close();
    sb?.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  test('npx gomod-doctor --help lists diagnose and the exit codes', async () => {
    const r = await run('npx', ['--no-install', 'gomod-doctor', '--help'], installDir, process.env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /diagnose/);
    assert.match(r.stdout, /130 {2}interrupted/);
  });

  test('npx gomod-doctor diagnose reports a 404 at its require line (exit 1)', async () => {
    const proj = join(installDir, 'proj');
    mkdirSync(proj);
    writeFileSync(
      join(proj, 'go.mod'),
      'module example.test/main\n\ngo 1.19\n\nrequire (\n\texample.test/ok v1.0.0\n\texample.test/missing v1.2.3\n)\n',
    );
    // npx needs PATH to find node and npm; go comes from the sandbox PATH entry.
    const env = {
      ...sb.env,
      PATH: `${sb.env.PATH}:${process.env.PATH ?? ''}`,
      GOPROXY: server.url,
      GOSUMDB: 'off',
    };
    const r = await run('npx', ['--no-install', 'gomod-doctor', 'diagnose', '--format', 'json'], proj, env);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const doc = JSON.parse(r.stdout) as {
      findings: { category: string; file: string; line: number; column: number }[];
    };
    assert.deepEqual(
      doc.findings.map((f) => [f.category, f.file, f.line, f.column]),
      [['not-found', 'go.mod', 7, 2]],
    );
  });
});
