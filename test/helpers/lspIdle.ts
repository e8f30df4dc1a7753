/** Waiting for the language server to finish, as the tests that count its work need. */
import type { StatusParams } from '../../src/shared/protocol.ts';
import type { TestLspClient } from './lspClient.ts';

/** Waits until the last status is idle and stays so for a moment (a batch may hand roots on after an idle). */
export async function waitIdle(
  lsp: Pick<TestLspClient, 'statuses'>,
  timeoutMs = 90_000,
): Promise<StatusParams> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = lsp.statuses[lsp.statuses.length - 1] as StatusParams | undefined;
    if (s?.state === 'idle') {
      const n = lsp.statuses.length;
      await new Promise((r) => setTimeout(r, 700));
      if (lsp.statuses.length === n) return s;
      continue;
    }
    if (Date.now() > deadline) throw new Error(`status not idle: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
