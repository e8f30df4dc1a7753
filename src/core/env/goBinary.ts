/**
 * Finding the go binary: an explicit setting first, then vscode-go's choices, then PATH — resolved with the
 * same environment the engine will run go with.
 */
import { constants, promises as fs } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

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

async function executable(p: string): Promise<boolean> {
  try {
    const st = await fs.stat(p);
    if (!st.isFile()) return false;
    await fs.access(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function resolveGoBinary(input: GoBinaryInput): Promise<GoBinary> {
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
      if (await executable(c)) return { bin: c, tried };
    } else {
      // A bare name such as "go1.22.3" is looked up on PATH.
      const found = await lookPath(c, input.path ?? '', tried);
      if (found) return { bin: found, tried };
    }
  }
  const found = await lookPath(exe, input.path ?? '', tried);
  return found ? { bin: found, tried } : { tried };
}

async function lookPath(name: string, path: string, tried: string[]): Promise<string | undefined> {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const p = join(dir, name);
    tried.push(p);
    if (await executable(p)) return p;
  }
  return undefined;
}
