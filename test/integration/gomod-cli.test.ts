/** `gomod-doctor parse` through the built CLI: exit codes, JSON contract, and speed on a 1,000-require go.mod. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;
const cli = join(root, 'dist/cli.cjs');
let dir: string;

/** Preloaded into the CLI process: prints its CPU time (user + system, all threads) on stderr at exit. */
const CPU_PRELOAD =
  "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(2, '\\n@@cpu ' + (u.user + u.system) / 1000 + '\\n'); });\n";

function run(args: string[], opts: { cpu?: string } = {}) {
  const t0 = performance.now();
  const pre = opts.cpu ? ['-r', opts.cpu] : [];
  const r = spawnSync(process.execPath, [...pre, cli, 'parse', ...args], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  const cpu = /\n@@cpu ([\d.]+)\n/.exec(r.stderr);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms, cpuMs: cpu ? Number(cpu[1]) : NaN };
}

describe('gomod-doctor parse', () => {
  before(() => {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'gmd-parse-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('exit 0 and schemaVersion 1 JSON for a valid go.mod', () => {
    const f = join(dir, 'go.mod');
    writeFileSync(f, 'module example.com/m\n\ngo 1.22\n\nrequire golang.org/x/text v0.14.0 // indirect\n');
    const r = run([f, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(j.schemaVersion, 1);
    assert.equal(j.kind, 'go.mod');
    assert.deepEqual(j.require, [
      {
        path: {
          value: 'golang.org/x/text',
          range: { start: { line: 4, character: 8 }, end: { line: 4, character: 25 } },
        },
        version: {
          value: 'v0.14.0',
          range: { start: { line: 4, character: 26 }, end: { line: 4, character: 33 } },
        },
        indirect: true,
        range: { start: { line: 4, character: 0 }, end: { line: 4, character: 45 } },
      },
    ]);
  });

  test('exit 1 with every error printed, go.work chosen by name, --kind forces', () => {
    const f = join(dir, 'go.work');
    writeFileSync(f, 'go 1.22\nuse ./a\nrequire x v1.0.0\nuse\n');
    const r = run([f]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /go\.work:3:1: unknown directive: require/);
    assert.match(r.stdout, /go\.work:4:1: usage: use local\/dir/);
    assert.match(r.stdout, /use {7}\.\/a @2:1/);
    const asMod = run([f, '--kind', 'mod', '--json']);
    assert.equal(asMod.code, 1);
    assert.equal((JSON.parse(asMod.stdout) as { kind: string }).kind, 'go.mod');
  });

  test('exit 2 on usage errors, 3 on an unreadable file without a stack trace', () => {
    assert.equal(run([]).code, 2);
    assert.equal(run(['a', 'b']).code, 2);
    assert.equal(run(['x', '--kind', 'zip']).code, 2);
    const r = run([join(dir, 'missing', 'go.mod')]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /cannot read .*ENOENT/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('a 1,000-require go.mod prints in under 300 ms', () => {
    const lines = ['module example.com/big', '', 'go 1.22', '', 'require ('];
    for (let i = 0; i < 1000; i++)
      lines.push(`\texample.com/dep${i}/v2 v2.${i}.0${i % 3 === 0 ? ' // indirect' : ''}`);
    lines.push(')', '');
    const f = join(dir, 'big', 'go.mod');
    execFileSync('mkdir', ['-p', join(dir, 'big')]);
    writeFileSync(f, lines.join('\n'));
    run([f, '--json']); // warm the file cache
    const preload = join(dir, 'cpu-preload.cjs');
    writeFileSync(preload, CPU_PRELOAD);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = run([f, '--json'], { cpu: preload });
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { require: unknown[] }).require.length, 1000);
      assert.ok(Number.isFinite(r.cpuMs), `no CPU time reported: ${r.stderr}`);
      wall.push(r.ms);
      cpu.push(r.cpuMs);
    }
    const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
    const [w, c] = [sorted(wall), sorted(cpu)];
    const mid = (a: number[]) => a[Math.floor(a.length / 2)].toFixed(0);
    console.log(
      `parse --json of a 1,000-require go.mod: wall median ${mid(w)} ms (min ${w[0].toFixed(0)}, max ${w[w.length - 1].toFixed(0)}), CPU median ${mid(c)} ms (min ${c[0].toFixed(0)})`,
    );
    // The process's CPU time (node start, bundle load, parse, JSON) is what it costs: unlike wall time it does
    // not grow when other test files share the 2 cores.
    assert.ok(c[0] < 300, `CPU time best of 7: ${c[0].toFixed(0)} ms (wall ${w[0].toFixed(0)} ms)`);
  });
});
