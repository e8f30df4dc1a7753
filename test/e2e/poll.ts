/**
 * Waiting in end-to-end tests: every wait polls a condition against a deadline and fails with what it waited
 * for and the last thing it saw. No fixed sleeps.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface PollOptions {
  /** What is awaited, for the failure message. */
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
  /** Describes the last observed state when the deadline passes. */
  describe?: () => Promise<string> | string;
}

/** Polls `check` until it returns a value that is not undefined/false; returns that value. */
export async function until<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  opts: PollOptions,
): Promise<T> {
  const started = Date.now();
  const deadline = started + (opts.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) {
        if (process.env.GOMOD_DOCTOR_E2E_DEBUG)
          console.error(`e2e: ${opts.what}: ${Date.now() - started} ms`);
        return v;
      }
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      let seen = '';
      try {
        seen = opts.describe ? await opts.describe() : '';
      } catch (err) {
        seen = `(describe failed: ${String(err)})`;
      }
      const cause = lastError
        ? ` (last error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)})`
        : '';
      throw new Error(
        `timed out after ${opts.timeoutMs ?? 30_000} ms waiting for ${opts.what}${cause}${seen ? `\n${seen}` : ''}`,
      );
    }
    await delay(opts.intervalMs ?? 150);
  }
}

/**
 * Asserts that `check` stays true for `durationMs`, polling it; throws at the first false. The duration is an
 * observation window (the property must hold throughout), not a wait for something to happen.
 */
export async function holds(
  check: () => Promise<boolean> | boolean,
  opts: { what: string; durationMs: number; intervalMs?: number },
): Promise<void> {
  const end = Date.now() + opts.durationMs;
  while (Date.now() < end) {
    if (!(await check()))
      throw new Error(`expected ${opts.what} for ${opts.durationMs} ms, but it stopped holding`);
    await delay(opts.intervalMs ?? 200);
  }
  if (!(await check()))
    throw new Error(`expected ${opts.what} for ${opts.durationMs} ms, but it stopped holding`);
}
