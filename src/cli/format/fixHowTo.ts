/**
 * How a person applies each fix of a finding from a terminal: the fix's label (src/core/classify/fixLabels.ts)
 * and, where there is one, the exact command or line to run or paste: `go env -w` with the value the editor's fix
 * would set (merged into the current list, never replacing it), the .netrc line with the secret left for the
 * user, the go command to run. The environment values come from the fixes' own rules, never re-derived here.
 */
import { fixLabel } from '../../core/classify/fixLabels.ts';
import type { Finding, FixId } from '../../core/classify/types.ts';
import { netrcMachineForGo } from '../../core/fix/netrc.ts';
import { privatePatternFor } from '../../core/fix/patternList.ts';
import { t } from '../../core/l10n.ts';
import { redact } from '../../core/redact.ts';
import { envChangesFor } from '../../server/fixes.ts';

export interface FixHowTo {
  id: FixId;
  label: string;
  /** A command to run, or a line to paste where `where` says; absent when no single command applies. */
  command?: string;
  /** Where a pasted line goes (a file), when it is not a command. */
  where?: string;
}

/** Quotes a value for a POSIX shell when it needs it (a GOFLAGS list, a "|" in GOPROXY). */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function goEnvWrite(vars: Record<string, string> | undefined): string | undefined {
  if (!vars || Object.keys(vars).length === 0) return undefined;
  // The current values may hold a credential (a GOPROXY URL with a password): never printed.
  return redact(
    `go env -w ${Object.entries(vars)
      .map(([k, v]) => shellWord(`${k}=${v}`))
      .join(' ')}`,
  );
}

const GO_COMMANDS: Partial<Record<FixId, string>> = {
  'go-mod-download': 'go mod download',
  'go-mod-tidy': 'go mod tidy',
  'go-mod-vendor': 'go mod vendor',
};

/** The command for one fix, given the finding and go's effective environment (what `go env` prints). */
function commandFor(
  id: FixId,
  f: Finding,
  effective: Record<string, string>,
): Omit<FixHowTo, 'id' | 'label'> {
  const fixed = GO_COMMANDS[id];
  if (fixed) return { command: fixed };
  const env = (inputs: Record<string, string>): { command?: string } => {
    const command = goEnvWrite(
      envChangesFor({ fix: id, uri: '', category: f.category, scope: 'user', inputs }, effective),
    );
    return command ? { command } : {};
  };
  switch (id) {
    case 'set-goprivate':
    case 'set-gonosumdb':
    case 'set-goinsecure':
      return f.module ? env({ pattern: privatePatternFor(f.module) }) : {};
    case 'gotoolchain-local':
    case 'fix-cache-permissions':
      return env({});
    case 'set-goproxy':
    case 'enable-goproxy':
      // The proxy is the user's choice (one they can reach); direct stays as the fallback, as the editor sets it.
      return { command: `go env -w GOPROXY=${t('<proxy URL>')},direct` };
    case 'set-goproxy-pipe': {
      const current = effective.GOPROXY ?? '';
      return current.includes(',') ? { command: goEnvWrite({ GOPROXY: current.replace(/,/g, '|') }) } : {};
    }
    case 'netrc-credentials': {
      if (!f.host) return {};
      const machine = netrcMachineForGo(`https://${f.host}`);
      return {
        command: `machine ${machine} login ${t('<login>')} password ${t('<password or token>')}`,
        where: '~/.netrc',
      };
    }
    default:
      return {};
  }
}

export function fixHowTo(f: Finding, effective: Record<string, string> = {}): FixHowTo[] {
  return f.fixes.map((id) => {
    const how = commandFor(id, f, effective);
    return {
      id,
      // A label ending in "…" opens a prompt in the editor; on a terminal nothing is asked.
      label: fixLabel(id).replace(/…$/, ''),
      ...(how.command ? { command: how.command } : {}),
      ...(how.where ? { where: how.where } : {}),
    };
  });
}
