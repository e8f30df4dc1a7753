/**
 * The gomod-doctor command line. Each subcommand lives in its own file under src/cli/commands.
 *
 * Exit codes: 0 success, 1 failures found, 2 usage error, 3 environment unusable, 4 internal error,
 * 130 interrupted.
 */
import { localeFromEnv, setLocale, t } from '../core/l10n.ts';
import { ExitCode, UsageError } from './exitCodes.ts';

interface Command {
  name: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}

/**
 * The commands, each loaded only when it runs, so `--help` and a quick `parse` do not pay for the engine.
 * The summary here is what `--help` prints.
 */
interface CommandEntry {
  name: string;
  /** Translated when called (the locale is set from the environment first). */
  summary: () => string;
  load(): Promise<Command>;
}

const commands: CommandEntry[] = [
  {
    name: 'diagnose',
    summary: () => t('check that every module of a go.mod / go.work can be downloaded (for CI)'),
    load: async () => (await import('./commands/diagnose.ts')).diagnose,
  },
  {
    name: 'explain',
    summary: () => t('explain the go failures in a log (FILE or stdin)'),
    load: async () => (await import('./commands/explain.ts')).explain,
  },
  {
    name: 'parse',
    summary: () => t('print what the go.mod / go.work parser finds (--json for scripts)'),
    load: async () => (await import('./commands/parse.ts')).parseCommand,
  },
  {
    name: 'route',
    summary: () =>
      t('show the way go will fetch a module: proxies, private patterns, checksum database, credentials'),
    load: async () => (await import('./commands/route.ts')).route,
  },
  {
    name: 'lint',
    summary: () =>
      t(
        'check the download settings themselves: misspelled variables, rejected GOPROXY entries, unused patterns, .netrc and git rules that never apply',
      ),
    load: async () => (await import('./commands/lint.ts')).lint,
  },
  {
    name: 'checksum',
    summary: () =>
      t(
        'after a checksum mismatch: compare proxy, origin, checksum database and go.sum, and say which case it is',
      ),
    load: async () => (await import('./commands/checksum.ts')).checksum,
  },
  {
    name: 'lsp',
    summary: () => t('run the language server for any editor (--stdio)'),
    load: () =>
      Promise.resolve({
        name: 'lsp',
        summary: '',
        run: () => {
          // The server is its own bundle beside this one; it reads --stdio from the command line and keeps the
          // process alive until the editor sends exit.
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          require('./server.cjs');
          return new Promise<number>(() => undefined);
        },
      }),
  },
];

function help(): string {
  const lines = [
    t('Usage: gomod-doctor <command> [options]'),
    '',
    t('Commands:'),
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary()}`),
    '',
    t('Options:'),
    `  --help       ${t('show help (also: gomod-doctor <command> --help)')}`,
    `  --version    ${t('print the version')}`,
    '',
    t('Exit codes:'),
    `  0    ${t('success')}`,
    `  1    ${t('failures found')}`,
    `  2    ${t('usage error')}`,
    `  3    ${t('the environment is unusable (go missing, a file unreadable)')}`,
    `  4    ${t('internal error')}`,
    `  130  ${t('interrupted (SIGINT)')}`,
    `  143  ${t('terminated (SIGTERM)')}`,
  ];
  return lines.join('\n') + '\n';
}

declare const PACKAGE_VERSION: string | undefined;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  setLocale(localeFromEnv(process.env));
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (name === '--version') {
    process.stdout.write(`${typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'dev'}\n`);
    return ExitCode.Ok;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`gomod-doctor: ${t('unknown command "{0}"', name)}\n\n${help()}`);
    return ExitCode.Usage;
  }
  const command = await entry.load();
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`gomod-doctor ${command.name}: ${err.message}\n`);
      return ExitCode.Usage;
    }
    process.stderr.write(
      `gomod-doctor: ${t('internal error')}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return ExitCode.Internal;
  }
}

// A command that handles SIGINT itself (diagnose: stop go first) has its own listener; otherwise exit at once.
process.on('SIGINT', () => {
  if (process.listenerCount('SIGINT') === 1) process.exit(ExitCode.Interrupted);
});
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`gomod-doctor: internal error: ${String(err)}\n`);
    process.exitCode = ExitCode.Internal;
  },
);
