/**
 * The editor experience end to end (issue 17), with the packed .vsix in code-server and the real go: a hung
 * proxy's provisional diagnostic and then the final one, a status item that returns to idle, go.mod recognised and
 * highlighted as the language go.mod, Diagnose downloads from the editor title, the commands hidden in
 * Restricted Mode, no duplicate syntax diagnostic beside a stand-in vscode-go (`golang.go`), and the results
 * kept for the next session written to the extension's global storage (the client's storageDir), never the workspace.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { listen, type Listening } from '../harness/http.ts';
import { defaultToolchain } from '../helpers/go.ts';
import { installExtension, updateMachineSettings } from './codeServer.ts';
import { holds, until } from './poll.ts';
import { withSession } from './session.ts';
import { installStandIn, STAND_IN_SOURCE } from './standIn.ts';
import { launchBrowser, SOURCE, type Workbench } from './workbench.ts';
import { goMod, PUBLIC_MODULE, startWorld, type E2EWorld } from './world.ts';

/** How long the hanging proxy holds a request before it answers 404 (go's final answer). */
const HOLD_MS = 35_000;

/** Lines with a squiggle of the given kind in the active editor. */
async function squiggleLines(wb: Workbench, kind: 'error' | 'warning'): Promise<number[]> {
  const editor = wb.page.locator('.editor-instance .monaco-editor').first();
  const numbers = editor.locator('.margin-view-overlays .line-numbers');
  const boxes: { line: number; top: number; bottom: number }[] = [];
  for (let i = 0; i < (await numbers.count()); i++) {
    const box = await numbers.nth(i).boundingBox();
    const line = Number(((await numbers.nth(i).textContent()) ?? '').trim());
    if (box && line > 0) boxes.push({ line, top: box.y, bottom: box.y + box.height });
  }
  const squiggles = editor.locator(`.view-overlays .squiggly-${kind}`);
  const lines = new Set<number>();
  for (let i = 0; i < (await squiggles.count()); i++) {
    const box = await squiggles.nth(i).boundingBox();
    const mid = box ? box.y + box.height / 2 : -1;
    const hit = boxes.find((b) => mid >= b.top && mid < b.bottom);
    if (hit) lines.add(hit.line);
  }
  return [...lines].sort((a, b) => a - b);
}

/** True while the language status shows its busy spinner. */
async function statusBusy(wb: Workbench): Promise<boolean> {
  return (await wb.locator('.statusbar-item[id="status.languageStatus"] .codicon-loading').count()) > 0;
}

/** Titles the Command Palette lists for `query`. */
async function paletteTitles(wb: Workbench, query: string): Promise<string[]> {
  await wb.page.keyboard.press('Escape');
  await wb.page.keyboard.press('Control+Shift+P');
  const input = wb.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${query}`);
  await wb.page.waitForTimeout(1_000);
  const rows = wb.locator('.quick-input-list .monaco-list-row');
  const out: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push(((await rows.nth(i).textContent()) ?? '').trim());
  await wb.page.keyboard.press('Escape');
  return out;
}

const DIAGNOSE_ACTION = '.editor-actions .action-label[aria-label*="Diagnose downloads"]';

describe('VS Code end to end: the editor experience', { concurrency: 1 }, () => {
  let goBinDir: string;
  let world: E2EWorld;
  let browser: Browser;
  let tmp: string;
  let extensionsDir: string;

  before(async () => {
    goBinDir = dirname(defaultToolchain().bin);
    tmp = mkdtempSync(join(tmpdir(), 'gmd-e2e-editor-'));
    extensionsDir = await installExtension(join(tmp, 'extensions'));
    world = await startWorld();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await world?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('a hung proxy: a provisional warning on the require within 15 s, then the final diagnostic; status idle after', async () => {
    // A module proxy that accepts every request and holds it, then answers 404: go waits, then fails.
    let firstRequest = 0;
    const hung: Listening = await listen((req: IncomingMessage, res: ServerResponse) => {
      // The version list (asked afterwards for the change-version fix) is answered at once: only the download hangs.
      if (req.url?.endsWith('/@v/list')) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found\n');
        return;
      }
      firstRequest ||= Date.now();
      const timer = setTimeout(() => {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found: held and refused by the e2e proxy\n');
      }, HOLD_MS);
      res.on('close', () => clearTimeout(timer));
    });
    const host = `127.0.0.1:${hung.port}`;
    try {
      await withSession(
        'editor-hung-proxy',
        browser,
        extensionsDir,
        { goBinDir, goEnv: { GOPROXY: hung.url }, files: { 'go.mod': goMod([[PUBLIC_MODULE, 'v1.0.0']]) } },
        async ({ wb }) => {
          await wb.openFile('go.mod');
          const early = await wb.waitForDoctorProblems(
            (r) => r.some((x) => x.line === 6 && x.text.includes(host)),
            'a provisional diagnostic naming the hung host on the require',
            HOLD_MS - 5_000,
          );
          const waited = Date.now() - firstRequest;
          assert.ok(firstRequest > 0, 'go asked the hung proxy');
          assert.ok(waited <= 15_000, `shown ${waited} ms after go's first request (at most 15 s)`);
          assert.equal(early.length, 1, JSON.stringify(early));
          assert.deepEqual(
            await squiggleLines(wb, 'warning'),
            [6],
            'a warning, not an error: go is still waiting',
          );
          assert.match(await wb.languageStatus('waiting'), new RegExp(host.replace(/\./g, '\\.')));
          await wb.page.mouse.move(5, 5);

          const final = await wb.waitForDoctorProblems(
            (r) => r.length === 1 && r[0].line === 6 && !r[0].text.includes('waiting'),
            'the final diagnostic once the proxy answered',
            HOLD_MS + 60_000,
          );
          assert.match(final[0].text, /not-found/);
          await until(async () => (await squiggleLines(wb, 'error')).includes(6), {
            what: 'an error squiggle',
          });
          await until(async () => !(await statusBusy(wb)), { what: 'the status item to stop spinning' });
          await holds(async () => !(await statusBusy(wb)), {
            what: 'the status item idle',
            durationMs: 4_000,
          });
          assert.match(await wb.languageStatus('1 module root'), /Go Module Doctor: 1 problem/);
        },
      );
    } finally {
      await hung.close();
    }
  });

  test("results kept for the next session: in the extension's global storage, private, never in the workspace", async () => {
    // Two roots, each with a module that does not exist: one batch download, and both results kept.
    const root = (name: string): string =>
      goMod([
        [PUBLIC_MODULE, 'v1.0.0'],
        [`example.test/missing-${name}`, 'v0.0.1'],
      ]).replace('example.test/app', `example.test/${name}`);
    const sums = world.fixtures.goSumLines(PUBLIC_MODULE, 'v1.0.0').join('\n') + '\n';
    const files = { 'a/go.mod': root('a'), 'a/go.sum': sums, 'b/go.mod': root('b'), 'b/go.sum': sums };
    await withSession(
      'editor-kept-results',
      browser,
      extensionsDir,
      { goBinDir, goEnv: { GOPROXY: world.proxy.url }, files },
      async ({ sb, wb }) => {
        // The extension starts on a workspace holding a go.mod, and checks both roots without a file open.
        await wb.waitForDoctorProblems(
          (r) => r.filter((x) => x.line === 7).length === 2,
          "both roots' missing modules in the Problems panel",
        );
        const file = join(sb.userDataDir, 'User/globalStorage/gomod-doctor.gomod-doctor/results.json');
        const kept = await until(
          () => {
            try {
              return JSON.parse(readFileSync(file, 'utf8')) as { locale: string; entries: object };
            } catch {
              return undefined;
            }
          },
          { what: `the kept results in ${file} (written 2 s after the last check)`, timeoutMs: 60_000 },
        );
        assert.equal(Object.keys(kept.entries).length, 2, 'one result per root');
        assert.equal(kept.locale, 'en');
        assert.equal(statSync(file).mode & 0o777, 0o600);
        const inWorkspace = readdirSync(sb.workspace, { recursive: true }).map(String);
        assert.deepEqual(
          inWorkspace.filter((f) => !/^(a|b)(\/go\.(mod|sum))?$/.test(f)),
          [],
          'nothing but the two roots in the workspace',
        );
      },
    );
  });

  test('go.mod is the language go.mod, highlighted; Diagnose downloads in its title bar opens the report', async () => {
    await withSession(
      'editor-language-title',
      browser,
      extensionsDir,
      {
        goBinDir,
        goEnv: { GOPROXY: world.proxy.url },
        files: { 'go.mod': goMod([[PUBLIC_MODULE, 'v1.1.0']]) },
      },
      async ({ wb }) => {
        await wb.openFile('go.mod');
        await until(
          async () => ((await wb.statusBar()).some((s) => s.includes('Go Module File')) ? true : undefined),
          {
            what: 'the language mode "Go Module File"',
            describe: async () => (await wb.statusBar()).join(' | '),
          },
        );
        const tokens = wb.locator('.editor-instance .view-lines span[class*="mtk"]');
        const seen = new Set<string>();
        for (let i = 0; i < (await tokens.count()); i++)
          seen.add((await tokens.nth(i).getAttribute('class')) ?? '');
        const classes = [...seen];
        assert.ok(
          classes.length >= 3,
          `several token colours (keyword, path, version): ${classes.join(' ')}`,
        );
        await wb.waitForDoctorProblems((r) => r.length === 1, 'the diagnostic before the report');
        // The status returns to idle after the check.
        await holds(async () => !(await statusBusy(wb)), { what: 'the status item idle', durationMs: 3_000 });

        const action = wb.locator(DIAGNOSE_ACTION);
        await action.first().waitFor({ state: 'visible', timeout: 30_000 });
        await action.first().click();
        const text = (await wb.reportText(`${PUBLIC_MODULE}@v1.1.0`)).replace(/\s+/g, ' ');
        assert.match(text, /download diagnosis/);
        // The configuration sections of the report (issue 21) are drawn too: the failing module's route and
        // the comparison with the login shell (its outcome depends on the machine; the heading always shows).
        const route = (await wb.reportText('Checksum database: ')).replace(/\s+/g, ' ');
        const routeHead = new RegExp(`Route\\s*${PUBLIC_MODULE.replace(/[.]/g, '\\.')}@v1\\.1\\.0`);
        assert.match(route, routeHead);
        const config = (await wb.reportText('Editor and terminal')).replace(/\s+/g, ' ');
        assert.match(
          config,
          /Editor and terminal\s*(The terminal gives go|The login shell|go in the editor|[A-Z_]+: editor)/,
        );
      },
    );
  });

  test('Restricted Mode: the commands are not offered; once trusted they are', async () => {
    await withSession(
      'editor-restricted',
      browser,
      extensionsDir,
      {
        goBinDir,
        goEnv: { GOPROXY: world.proxy.url },
        userSettings: {
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.banner': 'always',
        },
        files: { 'go.mod': goMod([[PUBLIC_MODULE, 'v1.0.0']]) },
      },
      async ({ wb }) => {
        await wb.openFile('go.mod');
        await wb.languageStatus('not trusted');
        await wb.page.mouse.move(5, 5);
        const restricted = await paletteTitles(wb, 'Go Module Doctor');
        assert.deepEqual(
          restricted.filter((t) => /Diagnose downloads|Re-check modules|Show log/.test(t)),
          [],
          `nothing of ours in the palette: ${restricted.join(' | ')}`,
        );
        assert.equal(await wb.locator(DIAGNOSE_ACTION).count(), 0, 'no Diagnose action in the title bar');

        // Control: the same palette query lists them once the folder is trusted.
        await wb.trustWorkspace();
        await wb.openFile('go.mod');
        const trusted = await until(
          async () => {
            const titles = await paletteTitles(wb, 'Go Module Doctor');
            return titles.some((t) => t.includes('Diagnose downloads')) ? titles : undefined;
          },
          { what: 'the commands in the palette after trusting', timeoutMs: 60_000 },
        );
        assert.ok(
          trusted.some((t) => t.includes('Re-check modules')),
          trusted.join(' | '),
        );
        await wb.locator(DIAGNOSE_ACTION).first().waitFor({ state: 'visible', timeout: 30_000 });
      },
    );
  });

  test('beside vscode-go (a stand-in golang.go publishing the syntax error): the error is shown once', async () => {
    const dir = await installExtension(join(tmp, 'extensions-with-go'));
    installStandIn(dir);
    const text = 'module example.test/app\n\ngo 1.19\n\nbogus directive\n';
    await withSession(
      'editor-gopls-duplicate',
      browser,
      dir,
      {
        goBinDir,
        goEnv: { GOPROXY: world.proxy.url },
        userSettings: { 'go.useLanguageServer': false },
        files: { 'go.mod': text },
      },
      async ({ sb, wb }) => {
        await wb.openFile('go.mod');
        const rowsOn5 = async (): Promise<string[]> =>
          (await wb.problems()).filter((r) => r.line === 5).map((r) => r.text);
        // With gopls off, vscode-go reports nothing of its own: both diagnostics show (the control).
        const both = await until(
          async () => {
            const rows = await rowsOn5();
            return rows.some((r) => r.includes(SOURCE)) && rows.some((r) => r.includes(STAND_IN_SOURCE))
              ? rows
              : undefined;
          },
          { what: "both extensions' syntax diagnostics on line 5 (gopls off)", timeoutMs: 90_000 },
        );
        assert.equal(both.length, 2, both.join('\n'));

        // The remote (machine) settings of code-server's host, which the workbench reads from disk.
        updateMachineSettings(sb, { 'go.useLanguageServer': true });
        await until(async () => !(await rowsOn5()).some((r) => r.includes(SOURCE)), {
          what: 'our syntax diagnostic to go once gopls runs',
          timeoutMs: 90_000,
          describe: async () => (await rowsOn5()).join('\n'),
        });
        await holds(
          async () => {
            const rows = await rowsOn5();
            return rows.length === 1 && rows[0].includes(STAND_IN_SOURCE);
          },
          { what: 'exactly one syntax diagnostic on line 5, the one of vscode-go', durationMs: 5_000 },
        );
      },
    );
  });
});
