/**
 * Finding the go binary: an explicit setting first, then vscode-go's choices, then PATH — resolved with the
 * same environment the engine will run go with.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Every path of a go binary returned is absolute; relative candidates and PATH entries are never used. */
export interface GoBinaryInput {
  /** gomodDoctor.goPath */
  explicit?: string;
  /** vscode-go's go.alternateTools.go */
  alternateGo?: string;
  /** vscode-go's go.goroot */
  goroot?: string;
  /** PATH of the environment go will run with. */
  path?: string;
}

export interface GoBinary {
  bin?: string;
  /** Where each candidate was looked for, in order (for the "go is missing" message). */
  tried: string[];
}

/** Synchronous: two system calls per candidate on every check, far cheaper than two thread-pool round trips. */
function executable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function resolveGoBinary(input: GoBinaryInput): Promise<GoBinary> {
  return Promise.resolve(resolveGoBinarySync(input));
}

export function resolveGoBinarySync(input: GoBinaryInput): GoBinary {
  const tried: string[] = [];
  const exe = process.platform === 'win32' ? 'go.exe' : 'go';
  const candidates: string[] = [];
  for (const c of [input.explicit, input.alternateGo]) {
    if (c && c.trim() !== '') candidates.push(c.trim());
  }
  if (input.goroot && input.goroot.trim() !== '') candidates.push(join(input.goroot.trim(), 'bin', exe));
  for (const c of candidates) {
    if (isAbsolute(c)) {
      tried.push(c);
      if (executable(c)) return { bin: c, tried };
    } else if (/[\\/]/.test(c)) {
      // A relative path ("bin/go") would resolve against the working folder, the workspace: never run it.
      tried.push(c);
    } else {
      // A bare name such as "go1.22.3" is looked up on PATH.
      const found = lookPath(c, input.path ?? '', tried);
      if (found) return { bin: found, tried };
    }
  }
  const found = lookPath(exe, input.path ?? '', tried);
  return found ? { bin: found, tried } : { tried };
}

function lookPath(name: string, path: string, tried: string[]): string | undefined {
  for (const dir of path.split(delimiter)) {
    // Only absolute entries (an empty or relative one would resolve against the working folder).
    if (dir === '' || !isAbsolute(dir)) continue;
    const p = join(dir, name);
    tried.push(p);
    if (executable(p)) return p;
  }
  return undefined;
}
