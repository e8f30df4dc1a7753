/**
 * `npm run demo` end to end: it starts, prints the URL; the workbench at that URL shows the demo's failures as
 * diagnostics; Ctrl+C (SIGINT) stops code-server and the module servers and the process exits cleanly.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './codeServer.ts';
import { DEMO_LINES } from './demo.ts';
import { until } from './poll.ts';
import { launchBrowser, Workbench } from './workbench.ts';

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return false;
  } catch {
    return true;
  }
}

test('npm run demo: prints the URL, shows several failures, stops on Ctrl+C', async () => {
  // The suite has packed the extension already (npm run test:e2e), so the demo skips that step.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'scripts/demo.ts'), '--skip-package'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));
  const browser = await launchBrowser();
  try {
    const url = await until(
      () => {
        if (exitCode !== undefined) throw new Error(`the demo exited (${exitCode}): ${err}`);
        return /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(out)?.[1];
      },
      { what: 'the demo to print its URL', timeoutMs: 120_000, describe: () => `${out}\n${err}` },
    );
    const proxyUrl = /loopback module proxy (https:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    assert.ok(proxyUrl, out);
    const base = new URL(url).origin;

    const wb = await Workbench.open(browser, url);
    try {
      await wb.openFile('go.mod');
      const rows = await wb.waitForDoctorProblems((r) => r.length >= 3, 'at least three diagnostics');
      const lines = new Set(rows.map((r) => r.line));
      for (const line of [DEMO_LINES.notFound, DEMO_LINES.auth, DEMO_LINES.sumdb]) {
        assert.ok(lines.has(line), `a diagnostic on line ${line}: ${JSON.stringify(rows)}`);
      }
      await wb.screenshot('demo');
    } finally {
      await wb.close();
    }

    child.kill('SIGINT');
    const code = await until(() => (exitCode === undefined ? undefined : { code: exitCode }), {
      what: 'the demo to exit after SIGINT',
      timeoutMs: 30_000,
      describe: () => `${out}\n${err}`,
    });
    assert.equal(code.code, 0, err);
    assert.match(out, /demo stopped/);
    assert.ok(await refused(`${base}/healthz`), 'code-server stopped');
    assert.ok(await refused(`${proxyUrl}/`), 'the module proxy stopped');
  } finally {
    if (exitCode === undefined) child.kill('SIGKILL');
    await browser.close();
  }
});
