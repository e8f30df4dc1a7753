/**
 * `gomod-doctor checksum MODULE@VERSION [DIR] [--json] [--fix]`: checksum forensics after a mismatch — the hashes
 * from the proxy, the origin, the checksum database and go.sum, and which case it is. `--fix` rewrites the
 * module's go.sum lines from the checksum database, only when go.sum alone differs (atomically; nothing else is
 * ever written).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildEnv } from '../../core/env/buildEnv.ts';
import { resolveGoBinary } from '../../core/env/goBinary.ts';
import { locateGoEnvFile, readGoEnvFile } from '../../core/env/goEnvFile.ts';
import {
  checksumForensics,
  rewriteGoSum,
  type ForensicsResult,
  type Hashes,
} from '../../core/forensics/index.ts';
import { writeFileAtomic } from '../../core/fs/atomicWrite.ts';
import { localeFromEnv, setLocale, t } from '../../core/l10n.ts';
import { redact } from '../../core/redact.ts';
import { ExitCode, UsageError } from '../exitCodes.ts';
import { parseLang, splitArgs } from '../format/index.ts';

export function checksumHelp(): string {
  return [
    t('Usage: gomod-doctor checksum [options] MODULE@VERSION [DIR]'),
    '',
    t(
      'After a checksum mismatch: compares the hashes of MODULE@VERSION from the proxy, from its origin (GOPROXY=direct, in a private module cache), from the checksum database and from DIR/go.sum, and says which case it is: the tag was moved, go.sum is stale, or the proxy disagrees with the database.',
    ),
    '',
    t('Options:'),
    `  --fix              ${t("when only go.sum differs, replace its lines for MODULE@VERSION with the checksum database's")}`,
    `  --json             ${t('print JSON (documented in docs/cli.md)')}`,
    `  --go PATH          ${t('the go command to use (default: go on PATH)')}`,
    `  --lang en|zh-cn    ${t('language of the messages (default: LC_ALL, LC_MESSAGES, LANG)')}`,
    `  --help, -h         ${t('this help')}`,
    '',
  ].join('\n');
}

function line(name: string, h: Hashes): string {
  const v = h.zip ? `${h.zip}${h.mod ? `  go.mod ${h.mod}` : ''}` : `(${h.error ?? t('none')})`;
  return `  ${name.padEnd(10)} ${v}${h.from ? `  ${redact(h.from)}` : ''}`;
}

function text(r: ForensicsResult): string {
  return [
    `${r.module}@${r.version}: ${r.verdict}`,
    line(t('proxy'), r.proxy),
    line(t('origin'), r.origin),
    line(t('database'), r.db),
    line('go.sum', r.goSum),
    '',
    r.message,
    '',
  ].join('\n');
}

export async function runChecksum(
  argv: string[],
  io: { out(s: string): void; env: Record<string, string | undefined>; cwd: string },
): Promise<number> {
  const { options, positional } = splitArgs(argv, ['--go', '--lang'], ['--json', '--fix', '--help', '-h']);
  const lang = options.get('--lang')?.at(-1);
  setLocale(lang !== undefined ? parseLang(lang) : localeFromEnv(io.env));
  if (options.has('--help') || options.has('-h')) return (io.out(checksumHelp()), ExitCode.Ok);
  const at = positional[0]?.lastIndexOf('@') ?? -1;
  if (positional.length < 1 || positional.length > 2 || at <= 0)
    throw new UsageError(t('expected MODULE@VERSION and at most one DIR'));
  const [module, version] = [positional[0].slice(0, at), positional[0].slice(at + 1)];
  const dir = resolve(io.cwd, positional[1] ?? '.');
  const built = buildEnv({ processEnv: io.env, goEnvFile: await readGoEnvFile(locateGoEnvFile(io.env)) });
  const go = options.get('--go')?.at(-1);
  const bin = (await resolveGoBinary({ ...(go ? { explicit: go } : {}), path: built.env.PATH ?? '' })).bin;
  if (!bin) return (io.out(t('The go command was not found.') + '\n'), ExitCode.Environment);
  const goSumPath = join(dir, 'go.sum');
  let goSumText: string | undefined;
  try {
    goSumText = readFileSync(goSumPath, 'utf8');
  } catch {
    goSumText = undefined;
  }
  const r = await checksumForensics({
    goBin: bin,
    module,
    version,
    env: built.env,
    ...(goSumText !== undefined ? { goSumText } : {}),
  });
  io.out(options.has('--json') ? JSON.stringify({ schemaVersion: 1, ...r }, null, 2) + '\n' : text(r));
  if (options.has('--fix') && r.goSumLines && goSumText !== undefined) {
    await writeFileAtomic(goSumPath, rewriteGoSum(goSumText, module, version, r.goSumLines));
    if (!options.has('--json'))
      io.out(t('go.sum: the lines of {0} were replaced.', `${module}@${version}`) + '\n');
  }
  return r.verdict === 'all-agree' ? ExitCode.Ok : ExitCode.Failures;
}

export const checksum = {
  name: 'checksum',
  summary: 'checksum forensics after a mismatch',
  run: (argv: string[]) =>
    runChecksum(argv, { out: (s) => process.stdout.write(s), env: process.env, cwd: process.cwd() }),
};
