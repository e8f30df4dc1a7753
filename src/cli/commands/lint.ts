/**
 * `gomod-doctor lint [DIR] [--json]`: findings about the download configuration itself (misspelled variables,
 * removed flags, GOPROXY entries go rejects, patterns that match nothing, .netrc entries and git rules that can
 * never apply, settings wider than needed), in-process: no go process, no network. Exit 1 when a finding is an
 * error or a warning.
 */
import { resolve } from 'node:path';
import { buildEnv } from '../../core/env/buildEnv.ts';
import { resolveGoBinary } from '../../core/env/goBinary.ts';
import { locateGoEnvFile, readGoEnvFile } from '../../core/env/goEnvFile.ts';
import { gorootBeforeGo } from '../../core/env/goroot.ts';
import { localeFromEnv, setLocale, t } from '../../core/l10n.ts';
import { lintSettings, type LintFinding } from '../../core/lint/index.ts';
import { workspaceRequires } from '../../core/probe/targets.ts';
import { redact } from '../../core/redact.ts';
import { sourceLabel } from '../../core/route/index.ts';
import { outsideNote } from '../../core/workspace/folderRoot.ts';
import { ExitCode, UsageError } from '../exitCodes.ts';
import { parseLang, splitArgs } from '../format/index.ts';

export function lintHelp(): string {
  return [
    t('Usage: gomod-doctor lint [options] [DIR]'),
    '',
    t(
      'Checks the download settings themselves (environment, go env file, .netrc, git configuration) against the requires of the go.work go uses in DIR (the file GOWORK names, else the nearest go.work at or above DIR) or of DIR/go.mod, and explains each problem. Starts no process and uses no network.',
    ),
    '',
    t('Options:'),
    `  --json             ${t('print JSON (documented in docs/cli.md)')}`,
    `  --go PATH          ${t('the go command whose GOROOT defaults apply (default: go on PATH)')}`,
    `  --lang en|zh-cn    ${t('language of the messages (default: LC_ALL, LC_MESSAGES, LANG)')}`,
    `  --help, -h         ${t('this help')}`,
    '',
  ].join('\n');
}

/**
 * The fix as the user would apply it (values redacted for display): `go env -w/-u` for the go env file and go's
 * defaults; for a value from the process environment, where it is set, since `go env -w` does not override it.
 */
export function fixCommand(f: LintFinding): string | undefined {
  const x = f.fix;
  if (!x) return undefined;
  const inShell = f.source === 'process';
  const set = (k: string, v: string): string =>
    redact(inShell ? `export ${k}=${JSON.stringify(v)}` : `go env -w ${k}=${JSON.stringify(v)}`);
  if (x.action === 'unset') return inShell ? `unset ${x.variable}` : `go env -u ${x.variable}`;
  if (x.action === 'set') return set(x.variable, x.value);
  return `${set(x.to, x.value)}  (${t('and remove {0}', x.variable)})`;
}

function text(findings: LintFinding[]): string {
  if (findings.length === 0) return t('No problem found in the download settings.') + '\n';
  const out: string[] = [];
  for (const f of findings) {
    const where = f.source ? ` (${sourceLabel(f.source)})` : f.origin ? ` (${redact(f.origin)})` : '';
    out.push(`${f.severity}: [${f.rule}] ${f.variable}${where}`, `  ${f.message}`);
    const cmd = fixCommand(f);
    if (cmd) out.push(`  ${t('fix')}: ${cmd}`);
  }
  return out.join('\n') + '\n';
}

export async function runLint(
  argv: string[],
  io: { out(s: string): void; err?(s: string): void; env: Record<string, string | undefined>; cwd: string },
): Promise<number> {
  const { options, positional } = splitArgs(argv, ['--go', '--lang'], ['--json', '--help', '-h']);
  const lang = options.get('--lang')?.at(-1);
  setLocale(lang !== undefined ? parseLang(lang) : localeFromEnv(io.env));
  if (options.has('--help') || options.has('-h')) {
    io.out(lintHelp());
    return ExitCode.Ok;
  }
  if (positional.length > 1) throw new UsageError(t('expected at most one DIR'));
  const dir = resolve(io.cwd, positional[0] ?? '.');
  const built = buildEnv({ processEnv: io.env, goEnvFile: await readGoEnvFile(locateGoEnvFile(io.env)) });
  const go = options.get('--go')?.at(-1);
  const bin = (await resolveGoBinary({ ...(go ? { explicit: go } : {}), path: built.env.PATH ?? '' })).bin;
  // The go.work go uses in DIR (folderRoot.ts), as diagnose takes it: GOROOT as set, else the go binary's.
  const goroot = gorootBeforeGo(built.env, go ? { explicit: go } : {});
  const { place, requires } = await workspaceRequires(dir, built.env, goroot);
  if (place.outside !== undefined)
    io.err?.(`gomod-doctor lint: ${redact(outsideNote(place.outside, dir))}\n`);
  const findings = lintSettings({
    env: built.env,
    sources: built.sources,
    ...(bin ? { goBin: bin } : {}),
    requires: requires.map((r) => r.path),
  });
  if (options.has('--json')) {
    const shown = findings.map((f) =>
      f.fix ? { ...f, fix: JSON.parse(redact(JSON.stringify(f.fix))) as typeof f.fix } : f,
    );
    const goWork = place.work ?? null;
    io.out(JSON.stringify({ schemaVersion: 1, root: dir, goWork, findings: shown }, null, 2) + '\n');
  } else io.out(text(findings));
  return findings.some((f) => f.severity !== 'info') ? ExitCode.Failures : ExitCode.Ok;
}

export const lint = {
  name: 'lint',
  summary: 'check the download settings themselves',
  run: (argv: string[]) =>
    runLint(argv, {
      out: (s) => process.stdout.write(s),
      err: (s) => process.stderr.write(s),
      env: process.env,
      cwd: process.cwd(),
    }),
};
