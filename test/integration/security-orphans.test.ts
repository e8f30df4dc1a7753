/**
 * Issue 18, finding 6: nothing outlives the CLI or the language server. Each is killed with SIGKILL (no exit
 * handler runs) while go waits on a proxy that never answers; every process of that run (go, and anything go
 * started) must be gone within 5 s, and no temporary folder of the tool may remain. Folders a dead process left
 * behind are swept when the next one starts. Real go, the built CLI and server (dist/).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startLsp } from '../helpers/lspClient.ts';
import { defaultToolchain, sandbox, type Sandbox } from '../helpers/go.ts';

const root = new URL('../..', import.meta.url).pathname;
const ORPHAN_LIMIT_MS = 5000;

/** Processes whose environment holds `mark` (go and its children inherit it; the test's own do not). */
function processesWithMark(mark: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(mark))
        out.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ')}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

async function until(pred: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return pred();
}

const gmdFolders = (dir: string): string[] => readdirSync(dir).filter((n) => n.startsWith('gmd-'));

let hung: net.Server;
let port = 0;
const sockets = new Set<net.Socket>();
let sb: Sandbox;
let tmp: string;

before(async () => {
  // A module proxy that accepts connections and never answers.
  hung = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
  port = (hung.address() as net.AddressInfo).port;
  sb = sandbox(defaultToolchain());
  tmp = join(sb.dir, 'tmp');
  mkdirSync(tmp);
});

after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => hung.close(r));
  sb.cleanup();
});

function project(name: string): string {
  const dir = join(sb.dir, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'go.mod'),
    'module example.test/app\n\ngo 1.19\n\nrequire example.test/slow v1.0.0\n',
  );
  return dir;
}

function env(mark: string): Record<string, string> {
  const [k, v] = mark.split('=');
  return { ...sb.env, GOPROXY: `http://127.0.0.1:${port}`, GOSUMDB: 'off', TMPDIR: tmp, [k]: v };
}

const goOf = (mark: string): string[] =>
  processesWithMark(mark).filter((p) => !p.includes('cli.cjs') && !p.includes('server.cjs'));

describe('no orphans', () => {
  test('SIGKILL of the CLI mid-download: go stops and its temporary folder goes', async () => {
    const mark = `GMD_ORPHAN_MARK=${randomUUID()}`;
    const child = spawn(process.execPath, [join(root, 'dist/cli.cjs'), 'diagnose', '--timeout', '120'], {
      cwd: project('cli'),
      env: env(mark),
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    assert.ok(await until(() => goOf(mark).length > 0 && gmdFolders(tmp).length > 0, 20_000), 'go started');
    child.kill('SIGKILL');
    await exited;
    const gone = await until(() => processesWithMark(mark).length === 0, ORPHAN_LIMIT_MS);
    assert.ok(gone, `left running: ${processesWithMark(mark).join('\n')}`);
    assert.ok(await until(() => gmdFolders(tmp).length === 0, ORPHAN_LIMIT_MS), gmdFolders(tmp).join(', '));
  });

  test('SIGKILL of the language server mid-download: go stops', async () => {
    const mark = `GMD_ORPHAN_MARK=${randomUUID()}`;
    const ws = project('lsp');
    const lsp = await startLsp({ env: env(mark), workspace: ws });
    const text = readFileSync(join(ws, 'go.mod'), 'utf8');
    await lsp.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: `file://${join(ws, 'go.mod')}`, languageId: 'go.mod', version: 1, text },
    });
    try {
      assert.ok(await until(() => goOf(mark).length > 0, 20_000), `go started: ${lsp.stderr()}`);
      lsp.child.kill('SIGKILL');
      const gone = await until(() => processesWithMark(mark).length === 0, ORPHAN_LIMIT_MS);
      assert.ok(gone, `left running: ${processesWithMark(mark).join('\n')}`);
      assert.ok(await until(() => gmdFolders(tmp).length === 0, ORPHAN_LIMIT_MS), gmdFolders(tmp).join(', '));
    } finally {
      lsp.conn.dispose();
    }
  });

  test('the next start sweeps folders of processes that are gone, and only those', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    const stale = join(tmp, `gmd-check-${dead}-abcdef`);
    const live = join(tmp, `gmd-check-${process.pid}-abcdef`);
    mkdirSync(stale);
    mkdirSync(live);
    const dir = project('next');
    writeFileSync(
      join(dir, 'go.mod'),
      'module example.test/next\n\ngo 1.19\n\nrequire example.test/x v1.0.0\n',
    );
    const r = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'diagnose'], {
      cwd: dir,
      env: { ...env(`GMD_ORPHAN_MARK=${randomUUID()}`), GOPROXY: 'off' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(gmdFolders(tmp), [`gmd-check-${process.pid}-abcdef`]);
  });
});
