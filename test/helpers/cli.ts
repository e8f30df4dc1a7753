/**
 * The built CLI (dist/cli.cjs), run without blocking this process: the loopback servers a test starts answer
 * from here while it runs.
 */
import { join } from 'node:path';
import { execa } from 'execa';

const cli = join(new URL('../..', import.meta.url).pathname, 'dist/cli.cjs');

export async function runBuiltCli(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<{ code?: number; stdout: string; stderr: string }> {
  const r = await execa(process.execPath, [cli, ...args], {
    ...(cwd === undefined ? {} : { cwd }),
    env,
    extendEnv: false,
    reject: false,
    timeout: 120_000,
  });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}
