/**
 * The display language set to Simplified Chinese in the real workbench (code-server `--locale zh-cn` with a
 * language pack installed, see languagePack.ts): the extension, its language server and its report speak
 * Chinese. Expected texts come from the shipped translations (l10n/bundle.l10n.zh-cn.json, package.nls.zh-cn.json),
 * so the test checks that they reach the user, not what they say.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { defaultToolchain, type Toolchain } from '../helpers/go.ts';
import { installExtension, repoRoot } from './codeServer.ts';
import {
  installLanguagePack,
  installLanguageProbe,
  LANGUAGE_PROBE_FILE,
  type InstalledLanguagePack,
} from './languagePack.ts';
import { until } from './poll.ts';
import { withSession } from './session.ts';
import { launchBrowser } from './workbench.ts';
import { goMod, PUBLIC_MODULE, startWorld, type E2EWorld } from './world.ts';

const readJson = (rel: string): Record<string, string> =>
  JSON.parse(readFileSync(join(repoRoot, rel), 'utf8')) as Record<string, string>;
const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
const nls = readJson('package.nls.zh-cn.json');
const englishNls = readJson('package.nls.json');

/** The Chinese for an English message of the l10n bundle, with `{0}`, `{1}` … filled in. */
function zh(message: string, ...args: string[]): string {
  const text = bundle[message];
  assert.ok(text, `l10n/bundle.l10n.zh-cn.json has no entry for "${message}"`);
  assert.notEqual(text, message, `"${message}" is not translated`);
  return text.replace(/\{(\d+)\}/g, (m, i: string) => args[Number(i)] ?? m);
}

describe('VS Code end to end in Simplified Chinese', { concurrency: 1 }, () => {
  let tc: Toolchain;
  let world: E2EWorld;
  let browser: Browser;
  let extensionsDir: string;
  let pack: InstalledLanguagePack;
  let tmp: string;

  before(async () => {
    tc = defaultToolchain();
    tmp = mkdtempSync(join(tmpdir(), 'gmd-e2e-zh-'));
    extensionsDir = await installExtension(join(tmp, 'extensions'));
    pack = await installLanguagePack(extensionsDir, tmp, 'zh-cn', '中文(简体)');
    await installLanguageProbe(extensionsDir, tmp);
    world = await startWorld();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await world?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** The report's text, for the test of its labels below. */
  let reportText: string | undefined;

  test('zh-cn: command titles, diagnostic, hover, quick fixes and the report in Chinese; the fix works', async (t) => {
    const proxyHost = `127.0.0.1:${world.proxy.port}`;
    await withSession(
      'zh-cn-not-found',
      browser,
      extensionsDir,
      {
        goBinDir: dirname(tc.bin),
        goEnv: { GOPROXY: world.proxy.url },
        locale: 'zh-cn',
        userDataFiles: { 'languagepacks.json': pack.languagePacksJson },
        files: { 'go.mod': goMod([[PUBLIC_MODULE, 'v1.1.0']]) },
      },
      async ({ sb, wb }) => {
        // What every extension is told the display language is (the client passes it to the language server).
        const probe = join(sb.home, LANGUAGE_PROBE_FILE);
        // The probe extension may be caught between creating the file and writing it: empty is not an answer yet.
        const language = await until(() => (existsSync(probe) && readFileSync(probe, 'utf8')) || undefined, {
          what: 'the probe extension to report vscode.env.language',
          timeoutMs: 60_000,
        });
        assert.equal(language, 'zh-cn');
        t.diagnostic(`vscode.env.language: ${language}`);

        await wb.openFile('go.mod');
        const message = zh('The module proxy {0} does not have this module or version (404/410).', proxyHost);
        const rows = await wb.waitForDoctorProblems((r) => r.length === 1, 'one diagnostic for v1.1.0');
        assert.equal(rows[0].line, 6, rows[0].text);
        assert.ok(rows[0].text.includes(message), `Problems panel: ${rows[0].text}\nexpected: ${message}`);
        assert.doesNotMatch(rows[0].text, /does not have this module/);

        const fixTo = (v: string): string => zh('Change the version to {0}', v);
        // The hover shows the marker first; wait for the language server's part (its last line).
        const hover = await wb.hoverSquiggle(6, zh('Learn more about this cause'));
        for (const part of [
          message,
          `${zh('Stage')}:`,
          `${zh('Fixes (Quick Fix, Ctrl+.)')}:`,
          fixTo('v1.2.0'),
          zh('Learn more about this cause'),
        ])
          assert.ok(hover.includes(part), `hover lacks "${part}": ${hover}`);
        assert.doesNotMatch(hover, /Learn more about this cause|Change the version to/);
        await wb.page.mouse.move(5, 5);

        const titles = await wb.quickFixTitles(6, 20, fixTo('v1.2.0'));
        t.diagnostic(`quick fixes: ${titles.join(' | ')}`);
        assert.ok(
          titles.some((title) => title.includes(fixTo('v1.0.0'))),
          titles.join(' | '),
        );
        // Every entry but VS Code's own menu header (the pack translates nothing of VS Code) is Chinese.
        const english = titles.filter((title) => title !== 'Quick Fix' && !/\p{Script=Han}/u.test(title));
        assert.deepEqual(english, [], `quick fixes without Chinese: ${titles.join(' | ')}`);
        await wb.page.keyboard.press('Escape');

        // The command's title comes from package.nls.zh-cn.json (the palette also lists the English one).
        const category = 'Go Module Doctor';
        assert.notEqual(nls['command.diagnose'], englishNls['command.diagnose']);
        await wb.runCommand(`${category}: ${nls['command.diagnose']}`);
        // Done when the conclusion (written by the language server) names the module with go's failure.
        let seen = '';
        const report = await until(
          async () => {
            seen = (await wb.reportText(zh('Go Module Doctor: download diagnosis'))).replace(/\s+/g, ' ');
            return seen.includes(`${PUBLIC_MODULE}@v1.1.0`) && seen.includes(message) ? seen : undefined;
          },
          { what: 'the report to explain the failing module', timeoutMs: 90_000, describe: () => seen },
        );
        reportText = report;
        for (const part of [zh('Conclusion'), zh('Probes'), zh('Environment'), zh('Variable'), zh('Source')])
          assert.ok(report.includes(part), `report lacks "${part}": ${report}`);
        assert.doesNotMatch(
          report,
          /download diagnosis|Conclusion|Probes|Environment|does not have this module/,
        );
        await wb.screenshot('zh-cn-report');

        // Back to go.mod: apply the fix and watch the diagnostic go.
        await wb.openFile('go.mod');
        await wb.quickFixTitles(6, 20, fixTo('v1.2.0'));
        await wb.chooseQuickFix(fixTo('v1.2.0'));
        await wb.page.keyboard.press('Control+S');
        const gomod = join(sb.workspace, 'go.mod');
        await until(() => readFileSync(gomod, 'utf8').includes(`${PUBLIC_MODULE} v1.2.0\n`), {
          what: 'go.mod on disk to require v1.2.0',
          describe: () => readFileSync(gomod, 'utf8'),
        });
        await wb.waitForDoctorProblems((r) => r.length === 0, 'no diagnostic after the fix');
        assert.deepEqual(await wb.squiggleLines(), []);
      },
    );
  });

  // The report panel's own labels (strings() in src/client/report/panel.ts) and the fix labels it shows
  // (src/core/classify/fixLabels.ts): none of them may show in English.
  test("zh-cn: the report panel's own labels (buttons, status line, cells) are Chinese too", () => {
    assert.ok(reportText, 'the report was not captured (the test above failed)');
    const sources = ['src/client/report/panel.ts', 'src/core/classify/fixLabels.ts']
      .map((f) => readFileSync(join(repoRoot, f), 'utf8'))
      .join('\n');
    const labels = [
      ...sources.matchAll(/(?:vscode\.l10n\.t|\bt)\(\s*(?:'((?:[^'\\]|\\.)+)'|"((?:[^"\\]|\\.)+)")/g),
    ].map((m) => m[1] ?? m[2]);
    assert.ok(labels.length > 20, `found the panel's labels in panel.ts (${labels.length})`);
    // An untranslated label shows as its English text, placeholders filled in.
    const escape = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const untranslated = [...new Set(labels)].filter((l) => bundle[l] === undefined && l.length >= 4);
    const shown = untranslated.filter((l) =>
      new RegExp(
        l
          .split(/\{\d+\}/)
          .map(escape)
          .join('.*?'),
      ).test(reportText ?? ''),
    );
    assert.deepEqual(shown, [], `English labels in the report: ${reportText}`);
  });
});
