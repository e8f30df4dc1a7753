/**
 * Driving the VS Code workbench in Debian's Chromium with playwright-core: open files, read squiggles from the
 * editor's decorations, the Problems panel, hovers, quick fixes, input boxes and quick picks, notifications and
 * the language status. Every wait polls against a deadline.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { until } from './poll.ts';

/** What visibleText reads of an element in the page (this project's types do not include the DOM's). */
interface PageElement {
  checkVisibility(): boolean;
  textContent: string | null;
}

export const artifactsDir = join(new URL('../..', import.meta.url).pathname, '.test-artifacts/e2e');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/** The source every diagnostic of the extension carries. */
export const SOURCE = 'Go Module Doctor';

export interface ProblemRow {
  text: string;
  /** 1-based line from the row's "[Ln N, Col M]". */
  line?: number;
}

export class Workbench {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(browser: Browser, url: string): Promise<Workbench> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    const wb = new Workbench(context, page);
    await until(async () => (await page.locator('.monaco-workbench .part.statusbar').count()) > 0, {
      what: 'the workbench to load',
      timeoutMs: 60_000,
    });
    return wb;
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(artifactsDir, { recursive: true });
    const path = join(artifactsDir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** A screenshot of the whole window at `path`. */
  async screenshotTo(path: string): Promise<void> {
    mkdirSync(dirname(path), { recursive: true });
    await this.page.screenshot({ path });
  }

  private async visibleText(selector: string): Promise<string[]> {
    // One read of the page: counting the rows and then reading the nth one raced with a list that re-rendered in
    // between (a diagnostic going away), and the read waited 30 s for a row that was gone.
    return this.page
      .locator(selector)
      .evaluateAll((els) =>
        (els as unknown as PageElement[])
          .filter((e) => e.checkVisibility())
          .map((e) => (e.textContent ?? '').trim()),
      );
  }

  /** Opens a file at the top of the workspace from the Explorer and waits for its editor. */
  async openFile(name: string): Promise<void> {
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    await until(
      async () => {
        if (!(await row.isVisible())) return false;
        await row.dblclick();
        return (await this.page.locator('.tabs-container .tab.active', { hasText: name }).count()) > 0;
      },
      { what: `${name} to open from the Explorer`, timeoutMs: 60_000, intervalMs: 300 },
    );
    await until(
      async () => (await this.page.locator('.editor-instance .monaco-editor .view-lines').count()) > 0,
      {
        what: `the editor of ${name}`,
      },
    );
  }

  /** Opens the Problems panel (Ctrl+Shift+M) unless it is open. */
  async showProblems(): Promise<void> {
    if (await this.page.locator('.markers-panel').isVisible()) return;
    await until(
      async () => {
        if (!(await this.page.locator('.markers-panel').isVisible()))
          await this.page.keyboard.press('Control+Shift+M');
        return this.page.locator('.markers-panel').isVisible();
      },
      { what: 'the Problems panel', timeoutMs: 15_000, intervalMs: 500 },
    );
  }

  /** Rows of the Problems panel (file rows and marker rows). */
  async problems(): Promise<ProblemRow[]> {
    await this.showProblems();
    const rows = await this.visibleText('.markers-panel .monaco-list-row');
    return rows.map((text) => {
      const m = /\[Ln (\d+), Col \d+\]/.exec(text);
      return m ? { text, line: Number(m[1]) } : { text };
    });
  }

  /** The extension's diagnostics in the Problems panel. */
  async doctorProblems(): Promise<ProblemRow[]> {
    return (await this.problems()).filter((r) => r.line !== undefined && r.text.includes(SOURCE));
  }

  async waitForDoctorProblems(
    pred: (rows: ProblemRow[]) => boolean,
    what: string,
    timeoutMs = 90_000,
  ): Promise<ProblemRow[]> {
    return until(
      async () => {
        const rows = await this.doctorProblems();
        return pred(rows) ? rows : undefined;
      },
      {
        what,
        timeoutMs,
        intervalMs: 300,
        describe: async () => `Problems panel: ${JSON.stringify(await this.problems())}`,
      },
    );
  }

  /** 1-based editor lines that carry an error squiggle, read from the editor's decorations. */
  async squiggleLines(): Promise<number[]> {
    const editor = this.page.locator('.editor-instance .monaco-editor').first();
    const squiggles = editor.locator('.view-overlays .squiggly-error');
    const numbers = editor.locator('.margin-view-overlays .line-numbers');
    const lineBoxes: { line: number; top: number; bottom: number }[] = [];
    for (let i = 0; i < (await numbers.count()); i++) {
      const el = numbers.nth(i);
      const box = await el.boundingBox();
      const line = Number(((await el.textContent()) ?? '').trim());
      if (box && Number.isInteger(line) && line > 0)
        lineBoxes.push({ line, top: box.y, bottom: box.y + box.height });
    }
    const lines = new Set<number>();
    for (let i = 0; i < (await squiggles.count()); i++) {
      const box = await squiggles.nth(i).boundingBox();
      if (!box) continue;
      const mid = box.y + box.height / 2;
      const hit = lineBoxes.find((l) => mid >= l.top && mid < l.bottom);
      if (hit) lines.add(hit.line);
    }
    return [...lines].sort((a, b) => a - b);
  }

  /** Moves the cursor to line:column (1-based) with Go to Line (Ctrl+G). */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await until(
      async () => {
        const text = (await this.visibleText('.statusbar-item[id="status.editor.selection"]')).join(' ');
        // The status bar counts a tab as its visual width, so only the line is compared.
        return text.includes(`Ln ${line},`);
      },
      { what: `the cursor at ${line}:${column}`, timeoutMs: 10_000 },
    );
  }

  /** Hovers the first error squiggle on `line` and returns the hover's text. */
  async hoverSquiggle(line: number, expect: string): Promise<string> {
    const editor = this.page.locator('.editor-instance .monaco-editor').first();
    return until(
      async () => {
        const squiggles = editor.locator('.view-overlays .squiggly-error');
        const numbers = editor.locator('.margin-view-overlays .line-numbers', {
          hasText: new RegExp(`^\\s*${line}\\s*$`),
        });
        const lineBox = await numbers.first().boundingBox();
        if (!lineBox) return undefined;
        for (let i = 0; i < (await squiggles.count()); i++) {
          const box = await squiggles.nth(i).boundingBox();
          if (!box) continue;
          const mid = box.y + box.height / 2;
          if (mid < lineBox.y || mid >= lineBox.y + lineBox.height) continue;
          await this.page.mouse.move(box.x + Math.min(20, box.width / 2), mid);
          const hover = this.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expect });
          await hover.first().waitFor({ state: 'visible', timeout: 4_000 });
          return ((await hover.first().textContent()) ?? '').trim();
        }
        // Nudge the mouse away so the next attempt starts a fresh hover.
        await this.page.mouse.move(5, 5);
        return undefined;
      },
      { what: `a hover containing "${expect}" on line ${line}`, timeoutMs: 30_000, intervalMs: 500 },
    );
  }

  /** Opens the Quick Fix menu (Ctrl+.) at line:column and returns the titles it offers. */
  async quickFixTitles(line: number, column: number, expect: string): Promise<string[]> {
    return until(
      async () => {
        await this.page.keyboard.press('Escape');
        await this.goTo(line, column);
        await this.page.keyboard.press('Control+.');
        const menu = this.page.locator('.action-widget');
        await menu
          .locator('.monaco-list-row', { hasText: expect })
          .first()
          .waitFor({ state: 'visible', timeout: 5_000 });
        return this.visibleText('.action-widget .monaco-list-row');
      },
      { what: `a quick fix "${expect}" at ${line}:${column}`, timeoutMs: 60_000, intervalMs: 500 },
    );
  }

  /** Chooses a Quick Fix by its title in the open menu (with the keyboard: the menu blocks pointer events). */
  async chooseQuickFix(title: string): Promise<void> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await until(
      async () => {
        const focused = this.page.locator('.action-widget .monaco-list-row.action.focused');
        if (
          (await focused.count()) > 0 &&
          ((await focused.first().getAttribute('aria-label')) ?? '').includes(title)
        )
          return true;
        await this.page.keyboard.press('ArrowDown');
        return false;
      },
      {
        what: `the quick fix "${title}" to be focused`,
        timeoutMs: 10_000,
        intervalMs: 100,
        describe: async () => (await this.visibleText('.action-widget .monaco-list-row')).join(' | '),
      },
    );
    await this.page.keyboard.press('Enter');
    await until(async () => !(await rows.first().isVisible()), {
      what: 'the quick fix menu to close',
      timeoutMs: 10_000,
    });
  }

  /** Waits for an input box whose prompt or title contains `prompt`, types `value` and presses Enter. */
  async answerInputBox(prompt: string, value: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await until(
      async () => (await widget.isVisible()) && ((await widget.textContent()) ?? '').includes(prompt),
      {
        what: `an input box asking "${prompt}"`,
        timeoutMs: 20_000,
        describe: async () => `quick input: ${(await widget.textContent()) ?? ''}`,
      },
    );
    await widget.locator('input').fill(value);
    await this.page.keyboard.press('Enter');
    await until(
      async () => !(await widget.isVisible()) || !((await widget.textContent()) ?? '').includes(prompt),
      { what: `the input box "${prompt}" to close`, timeoutMs: 10_000 },
    );
  }

  /** Waits for a quick pick with an item labelled `label` and picks it. */
  async pick(label: string): Promise<void> {
    const row = this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label })
      .first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await row.click();
  }

  /** Texts of the notifications currently shown as toasts. */
  async notifications(): Promise<string[]> {
    return this.visibleText('.notifications-toasts .notification-toast');
  }

  /** Texts of every notification in the notification center (opened for reading). */
  async allNotifications(): Promise<string[]> {
    if (!(await this.page.locator('.notifications-center').isVisible())) {
      await this.page.locator('.statusbar-item[id="status.notifications"]').click();
    }
    await this.page.locator('.notifications-center').waitFor({ state: 'visible', timeout: 10_000 });
    return this.visibleText('.notifications-center .notification-list-item');
  }

  /** Texts of the language status hover (the `{}` item in the status bar), opened by hovering it. */
  async languageStatus(expect: string): Promise<string> {
    return until(
      async () => {
        const item = this.page.locator('.statusbar-item[id="status.languageStatus"]');
        if (!(await item.isVisible())) return undefined;
        await this.page.mouse.move(5, 5);
        await item.hover();
        const hover = this.page
          .locator('.monaco-hover:not(.hidden), .workbench-hover-container')
          .filter({ hasText: expect });
        await hover.first().waitFor({ state: 'visible', timeout: 3_000 });
        return ((await hover.first().textContent()) ?? '').trim();
      },
      { what: `the language status to say "${expect}"`, timeoutMs: 60_000, intervalMs: 500 },
    );
  }

  /** Runs a command by its title from the Command Palette. */
  async runCommand(title: string): Promise<void> {
    await until(
      async () => {
        await this.page.keyboard.press('Escape');
        await this.page.keyboard.press('Control+Shift+P');
        const input = this.page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 3_000 });
        await input.fill(`>${title}`);
        const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
        await row.waitFor({ state: 'visible', timeout: 5_000 });
        await this.page.keyboard.press('Enter');
        return true;
      },
      { what: `the command "${title}" in the Command Palette`, timeoutMs: 30_000 },
    );
  }

  /** Trusts the workspace through the Workspace Trust editor. */
  async trustWorkspace(): Promise<void> {
    await this.runCommand('Workspaces: Manage Workspace Trust');
    const button = this.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^\s*Trust\s*$/ });
    await until(
      async () => {
        if (!(await button.first().isVisible())) return false;
        await button.first().click();
        return true;
      },
      {
        what: 'the Trust button of the Workspace Trust editor',
        describe: async () => (await this.visibleText('.workspace-trust-editor .monaco-button')).join(' | '),
      },
    );
    await until(
      async () =>
        (await this.page.locator('.workspace-trust-editor', { hasText: 'You trust this' }).count()) > 0,
      {
        what: 'the workspace to be trusted',
        describe: async () => (await this.visibleText('.workspace-trust-editor')).join(' | '),
      },
    );
  }

  /** The text of a report that contains `expect`: in an editor or in a webview. */
  async reportText(expect: string): Promise<string> {
    return until(
      async () => {
        for (const frame of this.page.frames()) {
          if (frame === this.page.mainFrame()) continue;
          const text = await frame
            .locator('body')
            .textContent({ timeout: 1_000 })
            .catch(() => null);
          if (text?.includes(expect)) return text;
        }
        const editor = (await this.visibleText('.editor-instance .view-lines'))
          .join('\n')
          .replace(/\u00a0/g, ' ');
        return editor.includes(expect) ? editor : undefined;
      },
      { what: `a report mentioning ${expect}`, timeoutMs: 90_000, intervalMs: 500 },
    );
  }

  /** Status bar texts, for failure messages. */
  async statusBar(): Promise<string[]> {
    return this.visibleText('.part.statusbar .statusbar-item');
  }

  locator(selector: string): Locator {
    return this.page.locator(selector);
  }
}
