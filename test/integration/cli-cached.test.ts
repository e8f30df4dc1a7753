/**
 * `gomod-doctor diagnose` on a module with 200 requires that are all in the module cache: the built CLI reports
 * every one cached with one go process (go env -json) and none for downloads. The cache is filled by one real
 * `go mod download` against the loopback proxy; --go points at a wrapper that logs each start and execs the real
 * go. How long the run takes is a benchmark figure (bench/micro.ts, `npm run bench`), not a test.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildModules, type BuiltFixtures } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { runGo, sandbox, toolchains, type Sandbox } from '../helpers/go.ts';

const root = new URL('../..', import.meta.url).pathname;
const cli = join(root, 'dist/cli.cjs');
const N = 200;

function runCli(args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe(`gomod-doctor diagnose: ${N} requires, all in the module cache`, () => {
  const tc = toolchains().at(-1)!;
  let sb: Sandbox;
  let fx: BuiltFixtures;
  let server: Listening;
  let dir: string;
  let wrapper: string;
  let log: string;

  before(async () => {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'ignore' });
    sb = sandbox(tc);
    const paths = Array.from({ length: N }, (_, i) => `example.test/dep${String(i).padStart(3, '0')}`);
    fx = await buildModules(
      paths.map((path) => ({ path, versions: [{ version: 'v1.0.0' }] })),
      sb.dir,
    );
    server = await listen(createGoProxy({ modules: fx.modules }).handler);
    dir = join(sb.dir, 'big');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'go.mod'),
      `module example.test/big\n\ngo 1.19\n\nrequire (\n${paths.map((p) => `\t${p} v1.0.0\n`).join('')})\n`,
    );
    writeFileSync(join(dir, 'go.sum'), paths.flatMap((p) => fx.goSumLines(p, 'v1.0.0')).join('\n') + '\n');
    const dl = await runGo(tc, sb, ['mod', 'download'], { cwd: dir, env: { GOPROXY: server.url } });
    assert.equal(dl.exitCode, 0, dl.stderr);
    log = join(sb.dir, 'go-starts.log');
    wrapper = join(sb.dir, 'go-wrapper');
    writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${tc.bin}' "$@"\n`);
    chmodSync(wrapper, 0o755);
  });
  after(async () => {
    await server.close();
    sb.cleanup();
  });

  test('every require reported cached, with one go process (go env -json) and no download', async () => {
    // The proxy is switched off: any download attempt would fail loudly.
    const env = { ...sb.env, GOPROXY: 'off', GOSUMDB: 'off' };
    // Twice: the second run finds the same (nothing the first run left behind changes the answer).
    for (let i = 0; i < 2; i++) {
      writeFileSync(log, '');
      const r = await runCli(['diagnose', '--format', 'json', '--go', wrapper], dir, env);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const doc = JSON.parse(r.stdout) as { summary: Record<string, number>; findings: unknown[] };
      assert.equal(doc.summary.modules, N);
      assert.equal(doc.summary.cached, N);
      assert.deepEqual(doc.findings, []);
      const starts = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
      assert.deepEqual(starts, ['env -json'], 'one go process: go env -json');
    }
  });
});
