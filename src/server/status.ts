/**
 * The status notification, computed from the objects that know the truth when it is sent: 'running' only while
 * a check is in flight, 'idle' with a summary after the last one, and what go is waiting for while it hangs.
 */
import type { Diagnostic } from 'vscode-languageserver/node';
import { t } from '../core/l10n.ts';
import type { StatusParams, StatusWaiting } from '../shared/protocol.ts';
import { isDiagnosticData } from './diagnostics.ts';

export interface StatusSource {
  enabled(): boolean;
  goMissing(): boolean;
  /** Roots with a check in flight. */
  checking(): number;
  roots(): number;
  vendored(): number;
  problems(): number;
  /** Provisional diagnostics of checks waiting on go, with when each was first shown (ms since the epoch). */
  waiting(): { diagnostic: Diagnostic; since: number }[];
}

function waitingOf(list: { diagnostic: Diagnostic; since: number }[], now: number): StatusWaiting[] {
  return list.map(({ diagnostic, since }) => {
    const f = isDiagnosticData(diagnostic.data) ? diagnostic.data.finding : undefined;
    return {
      host: f?.host ?? '',
      seconds: Math.round((f?.waitedMs ?? now - since) / 1000),
      ...(f?.module ? { module: f.module } : {}),
    };
  });
}

function detailOf(p: StatusParams): string {
  if (p.state === 'running') {
    const w = p.waiting?.[0];
    if (w) return t('Waiting for {0} to answer ({1})…', w.host || '?', w.module ?? '?');
    return t('Checking {0} of {1} module roots…', p.checking ?? 0, p.roots);
  }
  const summary =
    p.failures === 0
      ? t('All modules can be downloaded.')
      : t('{0} download problems in {1} module roots.', p.failures, p.roots);
  const vendored = p.vendoredRoots ?? 0;
  return vendored > 0
    ? `${summary} ${t('{0} of them build from vendor/ (nothing to download).', vendored)}`
    : summary;
}

export function statusOf(src: StatusSource): StatusParams {
  const checking = src.checking();
  const waiting = waitingOf(src.waiting(), Date.now());
  const state: StatusParams['state'] = !src.enabled()
    ? 'disabled'
    : src.goMissing()
      ? 'no-go'
      : checking > 0
        ? 'running'
        : 'idle';
  const p: StatusParams = {
    state,
    failures: src.problems(),
    roots: src.roots(),
    detail: '',
    vendoredRoots: src.vendored(),
    checking,
    waiting: state === 'running' ? waiting : [],
  };
  p.detail = detailOf(p);
  return p;
}

/** How long a 'running' status is held back after the one before, when only its counts changed (ms). */
const RUNNING_EVERY_MS = 200;

/** What, beside the counts, makes a status worth sending at once: its state and what go is waiting for. */
const shapeOf = (p: StatusParams): string =>
  JSON.stringify([p.state, (p.waiting ?? []).map((w) => [w.host, w.module])]);

/**
 * Sends the status once per turn of the event loop, and only when it changed. While checks run, a status that
 * differs from the last one sent only in its counts waits until `runningEveryMs` after it (then the latest is
 * sent): a warm restart of a hundred roots changed the count root by root, a hundred notifications in a second
 * for a progress text. A change of state (idle at the end) or of what go waits for goes at once.
 */
export class StatusReporter {
  private pending = false;
  private last = '';
  private lastShape = '';
  private lastAt = 0;
  private held: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (p: StatusParams) => void,
    private readonly src: StatusSource,
    private readonly runningEveryMs = RUNNING_EVERY_MS,
  ) {}

  update(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.flush();
    });
  }

  private flush(): void {
    const p = statusOf(this.src);
    const text = JSON.stringify(p);
    if (text === this.last) return;
    const shape = shapeOf(p);
    const wait = this.lastAt + this.runningEveryMs - Date.now();
    if (p.state === 'running' && shape === this.lastShape && wait > 0) {
      this.held ??= setTimeout(() => {
        this.held = undefined;
        this.flush();
      }, wait).unref();
      return;
    }
    clearTimeout(this.held);
    this.held = undefined;
    this.last = text;
    this.lastShape = shape;
    this.lastAt = Date.now();
    this.send(p);
  }
}
