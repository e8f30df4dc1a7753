/**
 * Exit codes and signals of the go command, explained correctly.
 *
 * go itself exits 0 (success), 1 (any failure: download, verification, configuration) or 2 (usage: unknown
 * flag, bad flag value from GOFLAGS, unknown subcommand). Shells report 126 (found but not executable) and
 * 127 (command not found). A process killed by signal N shows up in a shell as 128+N (130 SIGINT, 137
 * SIGKILL — often the kernel's OOM killer —, 143 SIGTERM); timeout(1) exits 124. git's own exit status 128
 * (git's die()) and 129 (git usage) appear inside go's messages as "exit status 128"; they are not go's
 * exit codes.
 */
import { t } from '../l10n.ts';

const SIGNALS: Record<string, { n: number; what: string }> = {
  SIGHUP: { n: 1, what: 'the terminal or session went away (SIGHUP)' },
  SIGINT: { n: 2, what: 'it was interrupted (SIGINT, Ctrl+C)' },
  SIGQUIT: { n: 3, what: 'it was asked to quit (SIGQUIT)' },
  SIGABRT: { n: 6, what: 'it aborted (SIGABRT)' },
  SIGKILL: {
    n: 9,
    what: 'it was killed (SIGKILL): by a timeout, by a user, or by the kernel out-of-memory killer',
  },
  SIGSEGV: { n: 11, what: 'it crashed (SIGSEGV)' },
  SIGPIPE: { n: 13, what: 'its output pipe was closed (SIGPIPE)' },
  SIGTERM: {
    n: 15,
    what: 'it was asked to terminate (SIGTERM), for example by a timeout or a CI job cancel',
  },
};

const BY_NUMBER = new Map(Object.entries(SIGNALS).map(([name, s]) => [s.n, name]));

/** A plain-words explanation of a process's exit code and/or the signal that ended it. */
export function explainExitCode(code: number | undefined, signal?: string): string {
  if (signal) {
    const s = SIGNALS[signal];
    return s
      ? t('The process was stopped by a signal: {0}.', t(s.what))
      : t('The process was stopped by signal {0}.', signal);
  }
  if (code === undefined) return t('The process has no exit code.');
  switch (code) {
    case 0:
      return t('Exit code 0: success.');
    case 1:
      return t(
        'Exit code 1: the go command failed (a download, verification or configuration error); see its messages.',
      );
    case 2:
      return t('Exit code 2: a usage error (an unknown flag, a bad GOFLAGS value or an unknown subcommand).');
    case 124:
      return t('Exit code 124: the timeout command stopped the process because it ran too long.');
    case 126:
      return t(
        'Exit code 126 (from the shell): the command was found but could not be executed (permissions or wrong binary format).',
      );
    case 127:
      return t(
        'Exit code 127 (from the shell): the command was not found (go is not installed or not on PATH).',
      );
    default:
      break;
  }
  if (code > 128 && code < 160) {
    const name = BY_NUMBER.get(code - 128);
    const what = name ? t(SIGNALS[name].what) : t('signal {0}', code - 128);
    return t('Exit code {0} (128+{1}): the process was stopped by a signal: {2}.', code, code - 128, what);
  }
  if (code === 128) {
    return t(
      'Exit code 128: not an exit code of the go command; git exits 128 on fatal errors (shown inside go messages as "exit status 128").',
    );
  }
  return t('Exit code {0}: not an exit code the go command uses (it uses 0, 1 and 2).', code);
}
