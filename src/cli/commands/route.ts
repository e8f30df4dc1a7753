/**
 * `gomod-doctor route MODULE[@VERSION] [--json]`: the way go will fetch a module (proxies in order and how
 * each error falls through, the private-path patterns that match, the checksum database, the credentials for
 * each host), computed from the environment and the go env file, without starting go or touching the network.
 * The JSON is documented in docs/cli.md.
 */
import { buildEnv } from '../../core/env/buildEnv.ts';
import { resolveGoBinary } from '../../core/env/goBinary.ts';
import { locateGoEnvFile, readGoEnvFile } from '../../core/env/goEnvFile.ts';
import { localeFromEnv, setLocale, t } from '../../core/l10n.ts';
import { redact } from '../../core/redact.ts';
import { routeFor, routeText } from '../../core/route/index.ts';
import { ExitCode, UsageError } from '../exitCodes.ts';
import { parseLang, splitArgs } from '../format/index.ts';

export interface RouteArgs {
  module: string;
  version?: string;
  json: boolean;
  go?: string;
  lang?: string;
  help: boolean;
}

/** Pure: argv to options (throws UsageError). */
export function parseRouteArgs(argv: string[]): RouteArgs {
  const { options, positional } = splitArgs(argv, ['--go', '--lang'], ['--json', '--help', '-h']);
  const help = options.has('--help') || options.has('-h');
  if (help) return { module: '', json: false, help };
  if (positional.length !== 1) throw new UsageError(t('expected exactly one MODULE[@VERSION]'));
  const arg = positional[0];
  const at = arg.lastIndexOf('@');
  const module = at > 0 ? arg.slice(0, at) : arg;
  const version = at > 0 ? arg.slice(at + 1) : undefined;
  if (module === '' || /\s/.test(module) || version === '')
    throw new UsageError(t('"{0}" is not a module path (MODULE or MODULE@VERSION)', arg));
  const lang = options.get('--lang')?.at(-1);
  if (lang !== undefined) parseLang(lang);
  const go = options.get('--go')?.at(-1);
  return {
    module,
    ...(version !== undefined ? { version } : {}),
    json: options.has('--json'),
    ...(go !== undefined ? { go } : {}),
    ...(lang !== undefined ? { lang } : {}),
    help,
  };
}

export function routeHelp(): string {
  return [
    t('Usage: gomod-doctor route [options] MODULE[@VERSION]'),
    '',
    t(
      'Shows the way go will fetch MODULE: the GOPROXY entries in order and which errors move on to the next, the GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE pattern that matches and where it was set, the checksum database, and the credentials go and git will send to each host. Starts no process and uses no network.',
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

export interface RouteIo {
  out(s: string): void;
  env: Record<string, string | undefined>;
}

export async function runRoute(argv: string[], io: RouteIo): Promise<number> {
  const args = parseRouteArgs(argv);
  setLocale(args.lang ?? localeFromEnv(io.env));
  if (args.help) {
    io.out(routeHelp());
    return ExitCode.Ok;
  }
  const goEnvFile = await readGoEnvFile(locateGoEnvFile(io.env));
  const built = buildEnv({ processEnv: io.env, goEnvFile });
  const go = (
    await resolveGoBinary({ ...(args.go ? { explicit: args.go } : {}), path: built.env.PATH ?? '' })
  ).bin;
  const route = routeFor({
    module: args.module,
    ...(args.version ? { version: args.version } : {}),
    env: built.env,
    sources: built.sources,
    ...(go ? { goBin: go } : {}),
  });
  io.out(args.json ? redact(JSON.stringify(route, null, 2)) + '\n' : routeText(route));
  return ExitCode.Ok;
}

export const route = {
  name: 'route',
  summary: 'show the way go will fetch a module',
  run: (argv: string[]) => runRoute(argv, { out: (s) => process.stdout.write(s), env: process.env }),
};
