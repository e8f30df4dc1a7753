/**
 * The repository stands alone: nothing under src/, test/, bench/ or scripts/ reads a path outside it.
 * A clone with nothing beside it must pass npm test, so `../shared` (reference material for developers)
 * and absolute paths of a developer's machine are refused wherever they appear in code.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, test } from 'node:test';
import { outsideReferences } from '../helpers/standsAlone.ts';

const root = resolve(new URL('../..', import.meta.url).pathname);
const SCANNED = ['src', 'test', 'bench', 'scripts', '.ci'];
// Data files are inputs, not code; the real go.mod files there are copies with their source recorded.
const SKIPPED_DIRS = new Set([join(root, 'test/data'), join(root, 'node_modules'), join(root, 'dist')]);
// The guard's own examples of what it refuses.
const GUARD_FILES = new Set(['test/unit/stands-alone.test.ts', 'test/helpers/standsAlone.ts']);
const CODE = /\.(ts|mts|cts|js|mjs|cjs|sh|json)$|^run$/;

function codeFiles(dir: string): string[] {
  if (SKIPPED_DIRS.has(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...codeFiles(p));
    else if (CODE.test(name)) out.push(p);
  }
  return out;
}

describe('the repository stands alone', () => {
  test('no file under src/, test/, bench/, scripts/ or .ci/ refers to a path outside the repository', () => {
    const files = SCANNED.flatMap((d) => codeFiles(join(root, d))).filter(
      (f) => !GUARD_FILES.has(relative(root, f)),
    );
    assert.ok(files.length > 50, `scanned only ${files.length} files: the walk is broken`);
    const found: string[] = [];
    for (const file of files) {
      const rel = relative(root, file);
      for (const hit of outsideReferences(readFileSync(file, 'utf8'), dirname(rel))) {
        found.push(`${rel}:${hit.line}: ${hit.text}`);
      }
    }
    assert.deepEqual(found, [], `paths outside the repository:\n${found.join('\n')}`);
  });

  test('the guard catches a ../shared reference, a root-relative escape and a developer path', () => {
    const cases: Array<[string, string]> = [
      ["const K = join(repoRoot, '../shared/corpus/gomod/k.go.mod');", 'test/unit'],
      ["const dir = join(root, '..', 'shared', 'corpus');", 'bench'],
      ["import x from '../../../outside/thing.ts';", 'test/unit'],
      ["readFileSync('/work/shared/corpus/real-errors-dev.jsonl')", 'test/unit'],
      ["const corpus = readFileSync('/home/dev/projects/corpus.jsonl');", 'scripts'],
      ['cat ../shared/reference/environment.md', '.ci'],
    ];
    for (const [text, dir] of cases) {
      assert.equal(outsideReferences(text, dir).length, 1, `not caught: ${text}`);
    }
  });

  test('the guard leaves paths inside the repository alone', () => {
    const cases: Array<[string, string]> = [
      ["import { x } from '../shared/protocol.ts';", 'src/server'],
      ["import { y } from '../../src/core/gomod/parse.ts';", 'test/unit'],
      ["const K = join(repoRoot, 'test/data/gomod/k.go.mod');", 'test/unit'],
      ["const root = new URL('../..', import.meta.url).pathname;", 'test/unit'],
      ["const tmp = join(tmpdir(), 'x'); const p = '/tmp/x';", 'bench'],
      [
        "const text = 'git ls-remote -q origin in /home/u/go/pkg/mod/cache/vcs/0a06: exit status 128';",
        'test/unit',
      ],
    ];
    for (const [text, dir] of cases) {
      assert.deepEqual(outsideReferences(text, dir), [], `flagged: ${text}`);
    }
    assert.equal(sep, '/', 'this guard assumes POSIX paths (the CI machine)');
  });
});
