/**
 * The runner with real processes: results never throw, output is capped, and a timeout or a cancellation
 * stops the whole process tree — a real go hung on a proxy that accepts and never answers, and a real go
 * whose git hangs on a repository server that never answers — leaving no go or git process behind.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildEnv } from '../../src/core/env/buildEnv.ts';
import { run } from '../../src/core/run/runner.ts';
import { parseTrace, openOperations } from '../../src/core/download/trace.ts';
import { listenServer, type Listening } from '../harness/http.ts';
import { sandbox, toolchains } from '../helpers/go.ts';

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<Listening> {
  const server = net.createServer(() => {
    /* accept and wait */
  });
  return listenServer(server);
}

/** Live (non-zombie) processes whose environment or command line mentions `marker`. */
function processesMentioning(marker: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (cmdline.includes(marker) || environ.includes(marker)) out.push(`${pid} ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function noneLeft(marker: string): Promise<string[]> {
  // The kernel needs a moment to reap; poll briefly rather than sleep blindly.
  const deadline = Date.now() + 1000;
  let left = processesMentioning(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = processesMentioning(marker);
  }
  return left;
}

test('exit codes, stdout and stderr come back; nothing throws', async () => {
  const env = { PATH: '/usr/bin:/bin' };
  const r = await run(['sh', '-c', 'echo out; echo err >&2; exit 3'], { env });
  assert.equal(r.exitCode, 3);
  assert.equal(r.stdout, 'out\n');
  assert.equal(r.stderr, 'err\n');
  assert.equal(r.timedOut, false);
  assert.equal(r.canceled, false);
  assert.deepEqual(r.command, ['sh', '-c', 'echo out; echo err >&2; exit 3']);
  const missing = await run(['/nonexistent/go', 'version'], { env });
  assert.equal(missing.spawnError?.code, 'ENOENT');
  assert.equal(missing.exitCode, undefined);
});

test('the environment is exactly the one given', async () => {
  const r = await run(['/usr/bin/env'], { env: { ONLY: 'this' } });
  assert.equal(r.stdout, 'ONLY=this\n');
});

test('output beyond the cap is dropped from the middle; head and tail survive', async () => {
  const r = await run(['sh', '-c', 'echo FIRST; yes filler | head -c 2000000; echo; echo LAST'], {
    env: { PATH: '/usr/bin:/bin' },
    maxOutputBytes: 4096,
  });
  assert.equal(r.exitCode, 0);
  assert.equal(r.truncated, true);
  assert.ok(r.stdout.length < 4096 + 100);
  assert.ok(r.stdout.startsWith('FIRST\n'));
  assert.ok(r.stdout.endsWith('LAST\n'));
  assert.match(r.stdout, /bytes omitted/);
});

test('cancellation kills the whole process group, grandchildren included', async () => {
  const marker = `gmd-runner-cancel-${process.pid}`;
  const ac = new AbortController();
  const p = run(['sh', '-c', `sleep 1000 & sleep 1000; : ${marker}`], {
    env: { PATH: '/usr/bin:/bin', MARK: marker },
    signal: ac.signal,
  });
  setTimeout(() => ac.abort(), 200);
  const r = await p;
  assert.equal(r.canceled, true);
  assert.ok(r.durationMs < 2000);
  assert.deepEqual(await noneLeft(marker), []);
});

for (const tc of toolchains()) {
  test(`go ${tc.version} hung on a silent GOPROXY: stopped within T + 2 s, no go process left`, async () => {
    const server = await silentServer();
    const sb = sandbox(tc, { GOPROXY: `http://127.0.0.1:${server.port}`, GOSUMDB: 'off' });
    try {
      const dir = join(sb.dir, 'm');
      mkdirSync(dir);
      writeFileSync(join(dir, 'go.mod'), 'module example.test/m\n\ngo 1.19\n');
      const env = buildEnv({ processEnv: sb.env }).env;
      const T = 2000;
      const r = await run([tc.bin, 'mod', 'download', '-json', '-x', 'example.test/hang@v1.0.0'], {
        cwd: dir,
        env,
        timeoutMs: T,
      });
      assert.equal(r.timedOut, true);
      assert.ok(r.durationMs < T + 2000, `${r.durationMs} ms`);
      assert.ok(r.signal === 'SIGTERM' || r.signal === 'SIGKILL', String(r.signal));
      const open = openOperations(parseTrace(r.stderr));
      assert.equal(open[0]?.host, `127.0.0.1:${server.port}`);
      assert.equal(open[0]?.module, 'example.test/hang');
      assert.deepEqual(await noneLeft(sb.dir), []);
    } finally {
      await server.close();
      sb.cleanup();
    }
  });

  test(`go ${tc.version} whose git hangs (GOPROXY=direct): stopped within T + 2 s, no go or git left`, async () => {
    const server = await silentServer();
    const sb = sandbox(tc, { GOPROXY: 'direct', GOSUMDB: 'off' });
    try {
      writeFileSync(
        join(sb.home, '.gitconfig'),
        `[url "http://127.0.0.1:${server.port}/"]\n\tinsteadOf = https://github.com/\n`,
      );
      const dir = join(sb.dir, 'm');
      mkdirSync(dir);
      writeFileSync(join(dir, 'go.mod'), 'module example.test/m\n\ngo 1.19\n');
      const env = buildEnv({ processEnv: sb.env }).env;
      const T = 3000;
      let sawGit = false;
      const watcher = setInterval(() => {
        if (processesMentioning(sb.dir).some((p) => /\bgit\b/.test(p))) sawGit = true;
      }, 100);
      const r = await run([tc.bin, 'mod', 'download', '-json', '-x', 'github.com/gmd-test/hang@v1.0.0'], {
        cwd: dir,
        env,
        timeoutMs: T,
      });
      clearInterval(watcher);
      assert.equal(r.timedOut, true, r.stderr);
      assert.ok(r.durationMs < T + 2000, `${r.durationMs} ms`);
      assert.ok(sawGit, 'git was running while go waited');
      const open = openOperations(parseTrace(r.stderr));
      assert.equal(open[0]?.kind, 'vcs', r.stderr);
      assert.equal(open[0]?.host, 'github.com');
      assert.deepEqual(await noneLeft(sb.dir), []);
    } finally {
      await server.close();
      sb.cleanup();
    }
  });
}
