/**
 * Finds references to paths outside the repository in a file's text: the shared reference folder beside a
 * checkout, a root-relative path that climbs out, a relative literal that escapes from the file's folder, and
 * absolute paths of a developer's machine. Used by the stands-alone guard test.
 */
import { posix } from 'node:path';

export interface OutsideHit {
  line: number;
  text: string;
}

const SHARED_FOLDER = /\.\.\/shared\/(corpus|reference|hooks)\b/;
// A repository-root variable joined with a path that starts by climbing: join(root, '..', …), join(repoRoot, '../x').
const ROOT_CLIMB = /\b(root|repoRoot|repositoryRoot|repo|ROOT|REPO_ROOT)\s*,\s*['"`]\.\.(['"`/])/;
// This workplace's folder anywhere; other home folders only where the line reads or lists files (go's messages
// in test data quote paths like /home/u/go/pkg/mod, which are text, not inputs).
const WORKPLACE_PATH = /(^|['"`\s=(])\/work\//;
const HOME_PATH = /(^|['"`\s=(])(\/(home|Users|root|mnt)\/|[A-Za-z]:\\Users\\)/;
const READS =
  /\b(readFileSync|readFile|readdirSync|readdir|existsSync|statSync|createReadStream|join|resolve|cat|cp|cd|source)\b/;
const RELATIVE_LITERAL = /['"`](\.\.?\/[^'"`\s]*)['"`]/g;

/** Whether a relative path, taken from `dir` (relative to the repository root), leaves the repository. */
function escapes(dir: string, literal: string): boolean {
  const target = posix.normalize(posix.join(dir, literal));
  return target === '..' || target.startsWith('../');
}

function lineHit(line: string, dir: string): boolean {
  if (SHARED_FOLDER.test(line) || ROOT_CLIMB.test(line) || WORKPLACE_PATH.test(line)) return true;
  if (HOME_PATH.test(line) && READS.test(line)) return true;
  for (const m of line.matchAll(RELATIVE_LITERAL)) {
    if (escapes(dir, m[1])) return true;
  }
  return false;
}

/** One hit per offending line of `text`, a file in folder `dir` (relative to the repository root). */
export function outsideReferences(text: string, dir: string): OutsideHit[] {
  const hits: OutsideHit[] = [];
  text.split('\n').forEach((line, i) => {
    if (lineHit(line, dir)) hits.push({ line: i + 1, text: line.trim().slice(0, 160) });
  });
  return hits;
}
