/**
 * `gomod-doctor diagnose` in a terminal, against a module proxy that holds its answer (the real go, newest
 * selected): after go's request has waited 10 s, the early word (the editor's provisional finding) is printed to
 * stderr at the require's place, while go still waits; the final finding follows on stdout once the proxy
 * answers. Without a terminal (a pipe, a CI log) nothing is printed early.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runDiagnose } from '../../src/cli/commands/diagnose.ts';
import { earlyWord } from '../../src/cli/earlyWord.ts';
import { listen } from '../harness/http.ts';
import { sandbox, toolchains } from '../helpers/go.ts';

const HOLD_MS = 16_000;

test('early word: stderr names the waiting require in a terminal, before the final result', async () => {
  const tc = toolchains().at(-1)!;
  let asked = 0;
  let answered = 0;
  const proxy = await listen((_req, res) => {
    asked ||= Date.now();
    const timer = setTimeout(() => {
      answered ||= Date.now();
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found: held, then refused\n');
    }, HOLD_MS);
    res.on('close', () => clearTimeout(timer));
  });
  const sb = sandbox(tc, { GOPROXY: proxy.url });
  try {
    const dir = join(sb.dir, 'app');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'go.mod'),
      'module example.test/app\n\ngo 1.19\n\nrequire example.test/held v1.0.0\n',
    );
    const err: { at: number; text: string }[] = [];
    let out = '';
    const code = await runDiagnose([dir, '--lang', 'en'], {
      out: (s) => void (out += s),
      err: (s) => void err.push({ at: Date.now(), text: s }),
      env: sb.env,
      cwd: dir,
      stdoutIsTTY: false,
      stderrIsTTY: true,
    });
    const early = err.filter((e) => e.text.includes('still waiting'));
    assert.equal(early.length, 1, `one early line: ${JSON.stringify(err.map((e) => e.text))}`);
    assert.match(
      early[0].text,
      new RegExp(`go\\.mod:5:\\d+: still waiting: .*127\\.0\\.0\\.1:${proxy.port}`),
    );
    assert.ok(answered > 0 && early[0].at < answered, 'printed while go was still waiting');
    assert.ok(early[0].at - asked >= 9_000, 'after the request had waited (10 s by default)');
    assert.equal(code, 1);
    assert.match(out, /example\.test\/held@v1\.0\.0/);
    assert.ok(!out.includes('still waiting'), 'the result on stdout is the final one');
  } finally {
    await proxy.close();
    sb.cleanup();
  }
});

test('early word: nothing early for a pipe, for --quiet or for another format', () => {
  const stream = { isTTY: false, write: () => undefined };
  assert.equal(earlyWord(stream, '/', true), undefined);
  assert.equal(earlyWord({ ...stream, isTTY: true }, '/', false), undefined);
  assert.equal(typeof earlyWord({ ...stream, isTTY: true }, '/', true), 'function');
});
