/**
 * What the language status item shows for a status notification (src/shared/protocol.ts StatusParams): busy only
 * while a check runs, what go is waiting for during a hang, and a summary when idle. Pure, so it is unit-tested
 * without VS Code; src/client/status.ts applies it to the item.
 */
import { t } from '../core/l10n.ts';
import type { StatusParams, StatusWaiting } from '../shared/protocol.ts';

export interface StatusView {
  text: string;
  detail: string;
  busy: boolean;
  severity: 'information' | 'warning' | 'error';
  /** The item's link: re-check when idle, stop the checks while they run, the log otherwise. */
  command: 'recheck' | 'stop' | 'showOutput';
}

function roots(n: number): string {
  return n === 1 ? t('1 module root') : t('{0} module roots', n);
}

/** "host (25 s, for module)" for each request waited on, longest first. */
function waitingText(waiting: StatusWaiting[]): string {
  return [...waiting]
    .sort((a, b) => b.seconds - a.seconds)
    .map((w) =>
      w.module
        ? t('{0} ({1} s, for {2})', w.host, Math.round(w.seconds), w.module)
        : t('{0} ({1} s)', w.host, Math.round(w.seconds)),
    )
    .join('; ');
}

/** The idle summary beside the problem count of the text: module roots checked, vendored roots. */
export function summary(p: StatusParams): string {
  const parts = [roots(p.roots)];
  const vendored = p.vendoredRoots ?? 0;
  if (vendored > 0)
    parts.push(vendored === 1 ? t('1 builds from vendor/') : t('{0} build from vendor/', vendored));
  return parts.join(' · ');
}

export function statusView(p: StatusParams): StatusView {
  const base = { busy: false, severity: 'information' as const, command: 'showOutput' as const };
  switch (p.state) {
    case 'disabled':
      return { ...base, text: t('Go Module Doctor: disabled'), detail: p.detail };
    case 'untrusted':
      return {
        ...base,
        severity: 'warning',
        text: t('Go Module Doctor: off'),
        detail: t('This workspace is not trusted, so the go command is not run.'),
      };
    case 'no-go':
      return { ...base, severity: 'error', text: t('Go Module Doctor: go not found'), detail: p.detail };
    case 'running': {
      const waiting = p.waiting ?? [];
      if (waiting.length > 0) {
        const longest = Math.round(Math.max(...waiting.map((w) => w.seconds)));
        return {
          ...base,
          busy: true,
          command: 'stop',
          severity: 'warning',
          text: t('Go Module Doctor: waiting {0} s for an answer', longest),
          detail: t('go is waiting for: {0}', waitingText(waiting)),
        };
      }
      const checking = p.checking ?? 0;
      return {
        ...base,
        busy: true,
        command: 'stop',
        text: t('Go Module Doctor: checking…'),
        detail: checking > 0 ? t('Checking {0} of {1}.', checking, roots(p.roots)) : p.detail,
      };
    }
    case 'idle':
      return {
        busy: false,
        severity: p.failures > 0 ? 'warning' : 'information',
        text:
          p.failures === 0
            ? t('Go Module Doctor: OK')
            : p.failures === 1
              ? t('Go Module Doctor: 1 problem')
              : t('Go Module Doctor: {0} problems', p.failures),
        detail: summary(p),
        command: 'recheck',
      };
  }
}
