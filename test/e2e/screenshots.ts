/**
 * npm run screenshots: regenerates the README's screenshots in media/screenshots/ from the current build, on the
 * demo workspace: squiggle-hover.png (the hover on a failing require), quick-fix.png (the Quick Fix menu),
 * status.png (the language status item's summary once the checks are done) and,
 * once the client registers gomodDoctor.diagnose, report.png (the Diagnose downloads report).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultToolchain } from '../helpers/go.ts';
import { repoRoot } from './codeServer.ts';
import { DEMO_LINES, startDemo } from './demo.ts';
import { launchBrowser, Workbench } from './workbench.ts';

const outDir = join(repoRoot, 'media/screenshots');

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed (${r.status ?? r.signal})`);
}

function diagnoseRegistered(): boolean {
  const dir = join(repoRoot, 'src/client');
  const text = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  return /registerCommand\(\s*(?:ClientCommands\.diagnose|'gomodDoctor\.diagnose')/.test(text);
}

async function main(): Promise<void> {
  run('bash', [join(repoRoot, 'scripts/e2e-setup.sh')]);
  run(process.execPath, [join(repoRoot, 'scripts/package.mjs')]);
  const demo = await startDemo({ goBin: defaultToolchain().bin });
  const browser = await launchBrowser();
  try {
    const wb = await Workbench.open(browser, demo.url);
    await wb.openFile('go.mod');
    await wb.waitForDoctorProblems((r) => r.length >= 3, 'the demo diagnostics');
    await wb.hoverSquiggle(DEMO_LINES.auth, 'credentials');
    await wb.screenshotTo(join(outDir, 'squiggle-hover.png'));
    await wb.page.mouse.move(5, 5);
    await wb.quickFixTitles(DEMO_LINES.notFound, 20, 'Change the version to v1.2.0');
    await wb.screenshotTo(join(outDir, 'quick-fix.png'));
    await wb.page.keyboard.press('Escape');
    // The status item once the checks are done: idle, with the summary of problems and module roots.
    await wb.languageStatus('module root');
    await wb.screenshotTo(join(outDir, 'status.png'));
    await wb.page.mouse.move(5, 5);
    const written = ['squiggle-hover.png', 'quick-fix.png', 'status.png'];
    if (diagnoseRegistered()) {
      await wb.runCommand('Go Module Doctor: Diagnose downloads');
      await wb.reportText('example.test/lib');
      await wb.screenshotTo(join(outDir, 'report.png'));
      written.push('report.png');
    } else {
      process.stderr.write(
        'screenshots: report.png skipped: the client does not register gomodDoctor.diagnose yet\n',
      );
    }
    await wb.close();
    process.stdout.write(
      `screenshots: wrote ${written.map((w) => join('media/screenshots', w)).join(', ')}\n`,
    );
  } finally {
    await browser.close();
    await demo.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`screenshots: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
