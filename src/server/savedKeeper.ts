/**
 * The server's results kept between sessions (core saved.ts): used once the client gives a place outside the
 * workspace for them (VS Code's global storage), written a moment after the last check and at shutdown.
 */
import { isAbsolute, join } from 'node:path';
import { SavedResults } from '../core/download/saved.ts';
import { insideFolder } from '../core/fs/inside.ts';
import { getLocale, t } from '../core/l10n.ts';
import { redact } from '../core/redact.ts';

/** How long after the last check the file is written (a batch's roots finish one after another). */
const SAVE_DELAY_MS = 2_000;

export class SavedKeeper {
  results?: SavedResults;
  log: (msg: string) => void = () => undefined;
  private timer?: NodeJS.Timeout;

  /**
   * Keeps results under `dir` from now on (and uses those an earlier session kept there); refused (false) unless
   * it is an absolute path outside every workspace folder.
   */
  useDir(dir: unknown, workspaceFolders: string[]): boolean {
    if (typeof dir !== 'string' || !isAbsolute(dir)) return false;
    if (workspaceFolders.some((f) => insideFolder(dir, f))) return false;
    this.results = new SavedResults(join(dir, 'results.json'), getLocale());
    return true;
  }

  saveSoon(): void {
    if (!this.results) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.saveNow(), SAVE_DELAY_MS);
    this.timer.unref();
  }

  saveNow(): void {
    clearTimeout(this.timer);
    try {
      this.results?.save();
    } catch (e) {
      this.log(redact(t('Could not keep the results for the next session: {0}', (e as Error).message)));
    }
  }
}
