/**
 * How a person applies each fix of a finding from a terminal: the fix's label (src/core/classify/fixLabels.ts)
 * and, where there is one, the exact command or line to run or paste: `go env -w` with the value the editor's fix
 * would set (merged into the current list, never replacing it), the .netrc line with the secret left for the
 * user, the go command to run. The environment values come from the fix table (src/core/fix/specs.ts), never
 * re-derived here.
 */
import { fixLabel } from '../../core/classify/fixLabels.ts';
import type { Finding, FixId } from '../../core/classify/types.ts';
import { netrcMachineForGo } from '../../core/fix/netrc.ts';
import { fixSpec } from '../../core/fix/specs.ts';
import { t } from '../../core/l10n.ts';
import { redact } from '../../core/redact.ts';

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

/** Stands for the proxy the user chooses while the fix table builds the GOPROXY value around it. */
const CHOSEN_PROXY = 'https://chosen-proxy.invalid';

/** `go env -w` with what the fix table says the fix sets, for this finding and go's current values. */
function goEnvCommand(id: FixId, f: Finding, effective: Record<string, string>): string | undefined {
  const spec = fixSpec(id);
  if (spec.writes !== 'go-env' || !spec.env) return undefined;
  if (spec.asks?.includes('proxy')) {
    // The proxy is the user's choice (one they can reach); the table adds what goes around it (direct).
    const command = goEnvWrite(spec.env({ proxy: CHOSEN_PROXY }, effective));
    return command?.replace(CHOSEN_PROXY, t('<proxy URL>'));
  }
  const offers = spec.offers?.(f, { richClient: false }) ?? [];
  for (const o of offers.length > 0 ? offers : [{ inputs: {} }]) {
    const command = goEnvWrite(spec.env(o.inputs, effective));
    if (command) return command;
  }
  return undefined;
}

/** The command for one fix, given the finding and go's effective environment (what `go env` prints). */
function commandFor(
  id: FixId,
  f: Finding,
  effective: Record<string, string>,
): Omit<FixHowTo, 'id' | 'label'> {
  const fixed = GO_COMMANDS[id] ?? goEnvCommand(id, f, effective);
  if (fixed) return { command: fixed };
  switch (id) {
    case 'enable-goproxy':
      return { command: goEnvCommand('set-goproxy', f, effective) };
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
