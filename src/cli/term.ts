/**
 * Terminal helpers for the CLI: colour only where a person reads it (a TTY, or FORCE_COLOR), never when
 * NO_COLOR is set; a progress line on stderr only when stderr is a TTY, erased before anything else prints.
 */

export interface Stream {
  isTTY?: boolean;
  write(s: string): unknown;
}

/**
 * Colour rules (https://no-color.org and the FORCE_COLOR convention): NO_COLOR set to anything non-empty turns
 * colour off; FORCE_COLOR "0" or "false" turns it off, any other non-empty value turns it on; otherwise colour
 * is on for a TTY whose TERM is not "dumb".
 */
export function colorEnabled(stream: Stream, env: Record<string, string | undefined>): boolean {
  if ((env.NO_COLOR ?? '') !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return !(force === '0' || force.toLowerCase() === 'false');
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

const sgr =
  (open: number, close: number) =>
  (s: string): string =>
    `\u001b[${open}m${s}\u001b[${close}m`;

export function palette(enabled: boolean): Palette {
  if (!enabled) {
    const id = (s: string): string => s;
    return { bold: id, dim: id, red: id, yellow: id, green: id, cyan: id };
  }
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    green: sgr(32, 39),
    cyan: sgr(36, 39),
  };
}

const FRAMES = ['|', '/', '-', '\\'];

/** A one-line spinner with elapsed seconds; does nothing unless `stream` is a TTY. */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private readonly started = Date.now();
  private shown = false;

  constructor(
    private readonly stream: Stream,
    private label: string,
    enabled: boolean,
  ) {
    if (enabled && stream.isTTY === true) {
      this.timer = setInterval(() => this.draw(), 100);
      this.timer.unref();
    }
  }

  setLabel(label: string): void {
    this.label = label;
  }

  private draw(): void {
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    this.stream.write(`\r\u001b[2K${FRAMES[this.frame++ % FRAMES.length]} ${this.label} ${secs}s`);
    this.shown = true;
  }

  /** Stops and erases the line. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.shown) this.stream.write('\r\u001b[2K');
    this.shown = false;
  }
}
