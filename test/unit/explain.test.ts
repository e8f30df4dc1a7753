// `gomod-doctor explain`: the command function and the real CLI entry point.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runExplain, type ExplainIo } from '../../src/cli/commands/explain.ts';
import { UsageError } from '../../src/cli/exitCodes.ts';

function io(stdin = '', files: Record<string, string> = {}): ExplainIo & { stdout: string; stderr: string } {
  const r = {
    stdout: '',
    stderr: '',
    readStdin: () => Promise.resolve(stdin),
    readFile: (p: string) =>
      p in files
        ? Promise.resolve(files[p])
        : Promise.reject(new Error(`ENOENT: no such file or directory, open '${p}'`)),
    out: (s: string) => void (r.stdout += s),
    err: (s: string) => void (r.stderr += s),
  };
  return r;
}

const LOG = [
  '2024-05-01T10:00:00.1234567Z go: downloading example.com/a v1.0.0',
  '2024-05-01T10:00:00.1234567Z go: example.com/a@v1.0.0: Get "https://proxy.golang.org/example.com/a/@v/v1.0.0.zip": dial tcp: lookup proxy.golang.org on 10.0.0.2:53: no such host',
  '2024-05-01T10:00:00.1234567Z go: example.com/b@v1.0.0: Get "https://proxy.golang.org/example.com/b/@v/v1.0.0.zip": dial tcp: lookup proxy.golang.org on 10.0.0.2:53: no such host',
  '2024-05-01T10:00:00.1234567Z go: example.com/c@v0.1.0: missing go.sum entry; to add it:',
  '2024-05-01T10:00:00.1234567Z \tgo mod download example.com/c',
].join('\n');

describe('explain', () => {
  test('--json: findings de-duplicated by cause, most fundamental first', async () => {
    const x = io(LOG);
    assert.equal(await runExplain(['--json', '-'], x), 0);
    const out = JSON.parse(x.stdout) as { findings: Record<string, unknown>[] };
    assert.deepEqual(
      out.findings.map((f) => f.category),
      ['config', 'dns'],
    );
    const dns = out.findings[1];
    for (const k of ['category', 'stage', 'module', 'version', 'host', 'summary', 'evidence', 'fixes']) {
      assert.ok(k in dns, k);
    }
    assert.equal(dns.host, 'proxy.golang.org');
    assert.equal(dns.stage, 'resolve');
    assert.equal(dns.ruleId, 'dns');
  });

  test('human text', async () => {
    const x = io('', { '/log.txt': LOG });
    assert.equal(await runExplain(['/log.txt'], x), 0);
    assert.match(x.stdout, /^Finding 1 of 2/m);
    assert.match(x.stdout, /dns \(stage: resolve\): The host name proxy\.golang\.org could not be resolved/);
    assert.match(x.stdout, /module: example\.com\/a@v1\.0\.0/);
    assert.match(x.stdout, /fixes: /);
  });

  test('nothing recognisable: one unknown finding, exit 0', async () => {
    const x = io('all good here\n');
    assert.equal(await runExplain(['--json'], x), 0);
    const out = JSON.parse(x.stdout) as { findings: { category: string }[] };
    assert.deepEqual(
      out.findings.map((f) => f.category),
      ['unknown'],
    );
  });

  test('usage errors throw UsageError (exit 2 in main), unreadable file exits 3', async () => {
    await assert.rejects(runExplain(['--nope'], io()), UsageError);
    await assert.rejects(runExplain(['a', 'b'], io()), UsageError);
    const x = io();
    assert.equal(await runExplain(['/does/not/exist'], x), 3);
    assert.match(x.stderr, /cannot read \/does\/not\/exist/);
  });

  test('--lang zh-cn (or LANG) explains in Chinese; a bad --lang is a usage error', async () => {
    const line =
      'go: example.com/x@v1.0.0: reading https://proxy.golang.org/example.com/x/@v/v1.0.0.info: 404 Not Found\n';
    const zh = io(line);
    assert.equal(await runExplain(['--lang', 'zh-cn', '-'], zh), 0);
    assert.match(zh.stdout, /模块代理 proxy\.golang\.org 上没有这个模块或版本/);
    assert.match(zh.stdout, /模块: example\.com\/x@v1\.0\.0/);
    const en = io(line);
    assert.equal(await runExplain(['--lang=en', '-'], en), 0);
    assert.doesNotMatch(en.stdout, /[\u4e00-\u9fff]/);
    assert.match(en.stdout, /does not have this module or version/);
    await assert.rejects(runExplain(['--lang', 'fr', '-'], io(line)), UsageError);
    await assert.rejects(runExplain(['--lang'], io(line)), UsageError);
    const env = { ...process.env, LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
    const root = new URL('../..', import.meta.url).pathname;
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'explain'], {
      input: line,
      encoding: 'utf8',
      cwd: root,
      env,
    });
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /模块代理/);
    const help = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--help'], {
      encoding: 'utf8',
      cwd: root,
      env,
    });
    assert.match(help.stdout, /^用法：gomod-doctor <命令> \[选项\]/);
  });

  test('the real CLI: file, stdin, exit codes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-'));
    const file = join(dir, 'ci.log');
    writeFileSync(file, LOG);
    const cli = (args: string[], input?: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'explain', ...args], {
        input,
        encoding: 'utf8',
        cwd: new URL('../..', import.meta.url).pathname,
      });
    const a = cli(['--json', file]);
    assert.equal(a.status, 0, a.stderr);
    assert.equal((JSON.parse(a.stdout) as { findings: unknown[] }).findings.length, 2);
    const b = cli(['--json', '-'], 'go: example.com/hello@v1.0.0: module lookup disabled by GOPROXY=off\n');
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /"category": "config"/);
    assert.equal(cli(['--bogus']).status, 2);
    assert.equal(cli([join(dir, 'missing.log')]).status, 3);
  });
});
