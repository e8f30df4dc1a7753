/** Folders of files for a test, written from a map of relative paths to texts. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** Writes `files` under `root` (`{ 'a/go.mod': text }` creates a/ and writes a/go.mod). */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/**
 * A temporary folder named after `prefix`, removed after the test file's tests; the function returned writes
 * each tree into a fresh folder of it and returns that folder. Call it at the top level of a test file.
 */
export function tempTrees(prefix: string): (files: Record<string, string>) => string {
  const base = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(base, { recursive: true, force: true }));
  let n = 0;
  return (files) => {
    const root = join(base, `t${n++}`);
    writeTree(root, files);
    return root;
  };
}
