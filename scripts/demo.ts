/**
 * npm run demo: VS Code (code-server) with the packed extension on a workspace that fails in several ways at
 * once, against module servers on loopback. Prints the URL to open; Ctrl+C stops everything.
 *
 *   npm run demo [-- --port N] [-- --skip-package]
 *
 * First it installs what it needs (scripts/e2e-setup.sh: code-server in ~/.cache/gomod-doctor, no browser) and
 * packs the current build (npm run package) unless --skip-package is given.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../test/e2e/codeServer.ts';
import { DEMO_LINES, startDemo } from '../test/e2e/demo.ts';
import { defaultToolchain } from '../test/helpers/go.ts';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): void {
  const r = spawnSync(cmd, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed (${r.status ?? r.signal})`);
}

async function main(): Promise<void> {
  const port = Number(option('--port') ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port: a port number');
  process.stderr.write('demo: preparing code-server, go and the extension…\n');
  run('bash', [join(repoRoot, 'scripts/e2e-setup.sh')], { GOMOD_DOCTOR_E2E_NO_BROWSER: '1' });
  if (!process.argv.includes('--skip-package'))
    run(process.execPath, [join(repoRoot, 'scripts/package.mjs')]);
  const tc = defaultToolchain();
  const demo = await startDemo({ goBin: tc.bin, port });
  const lines = [
    '',
    'Go Module Doctor demo is running. Open this URL in a browser:',
    '',
    `  ${demo.url}`,
    '',
    `The workspace's go.mod fails in four ways (go ${tc.version}, loopback module proxy ${demo.proxy.url}):`,
    `  line ${DEMO_LINES.notFound}: a version that does not exist        (Quick Fix: change the version)`,
    `  line ${DEMO_LINES.auth}: a private module that needs credentials (Quick Fix: enter login demo, token demo-token)`,
    `  line ${DEMO_LINES.sumdb}: a private path the checksum database has never seen (Quick Fix: GONOSUMDB/GOPRIVATE)`,
    `  line ${DEMO_LINES.transitive}: a dependency whose own dependency is missing (shown once lines ${DEMO_LINES.auth}-${DEMO_LINES.sumdb} are fixed:`,
    '          go stops loading the module graph at the first module it cannot fetch)',
    '',
    'Press Ctrl+C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('demo: stopping…\n');
  await demo.stop();
  process.stdout.write('demo stopped\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`demo: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
