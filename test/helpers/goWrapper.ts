/**
 * A go wrapper first on a sandbox's PATH: it records every go process the code under test starts (its pid,
 * folder, GOPROXY and arguments) and then becomes the real go (exec: the pid is go's own). Tests count the
 * processes a server spent, and see whether a given go process still runs.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox, Toolchain } from './go.ts';

export interface GoInvocation {
  pid: number;
  cwd: string;
  goproxy: string;
  args: string;
}

export interface GoWrapper {
  /** Every go process started so far, in order. */
  invocations(): GoInvocation[];
  /** The `go mod download` processes started so far. */
  downloads(): GoInvocation[];
}

export function installGoWrapper(sb: Sandbox, tc: Toolchain, name = 'wrapper-bin'): GoWrapper {
  const bin = join(sb.dir, name);
  mkdirSync(bin);
  const log = join(sb.dir, `${name}.log`);
  writeFileSync(
    join(bin, 'go'),
    `#!/bin/sh\necho "$$|$PWD|$GOPROXY|$*" >> '${log}'\nexec '${tc.bin}' "$@"\n`,
  );
  chmodSync(join(bin, 'go'), 0o755);
  sb.env.PATH = `${bin}:${sb.env.PATH}`;
  const invocations = (): GoInvocation[] => {
    let text = '';
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const [pid, cwd, goproxy, ...rest] = l.split('|');
        return { pid: Number(pid), cwd, goproxy, args: rest.join('|') };
      });
  };
  return {
    invocations,
    downloads: () => invocations().filter((i) => i.args.startsWith('mod download')),
  };
}

/** Whether a process still runs (signal 0 reaches it). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `pred` holds (an in-process server works in this process: yield to it between looks). */
export async function until(what: string, pred: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
