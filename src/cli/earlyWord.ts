/**
 * The CLI's early word on a hang: when `diagnose` prints text to a terminal and a request of go's has waited
 * (10 s by default), the same finding the editor shows as a provisional diagnostic goes to stderr at once, with
 * its place, instead of a silent wait until the timeout. Each place and host is told once; the final result
 * follows on stdout as usual. A pipe or a CI log gets nothing early (the result says it all).
 */
import type { AttributedFinding } from '../core/download/types.ts';
import { t } from '../core/l10n.ts';
import { redact } from '../core/redact.ts';
import { toLocation } from './format/model.ts';
import type { Stream } from './term.ts';

export function earlyWord(
  stream: Stream,
  base: string,
  enabled: boolean,
): ((findings: AttributedFinding[]) => void) | undefined {
  if (!enabled || stream.isTTY !== true) return undefined;
  const told = new Set<string>();
  return (findings) => {
    for (const f of findings) {
      const loc = toLocation(f.file, f.range, base);
      const key = `${loc.file}:${loc.line}:${f.host ?? ''}`;
      if (told.has(key)) continue;
      told.add(key);
      // Clear the spinner's line first; it redraws itself below.
      stream.write(
        `\r\u001b[2K${loc.file}:${loc.line}:${loc.column}: ${t('still waiting')}: ${redact(f.summary)}\n`,
      );
    }
  };
}
