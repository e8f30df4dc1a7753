/**
 * The go.mod / go.work parser against the real go command: `go mod edit -json` / `go work edit -json`.
 *
 * 1. Every real file of test/data/gomod: the same module, go, toolchain,
 *    godebug, require (with indirect), exclude, replace, retract, tool and ignore — on every selected Go.
 * 2. Mutation fuzzing (newest selected Go only): seeded mutations of those files (test/helpers/gomodMutations.ts);
 *    the parser never throws, keeps every range inside the document, and agrees with go on valid/invalid for at
 *    least 99% of the variants. How long the slowest variant takes to parse is a benchmark figure
 *    (bench/micro.ts, `npm run bench`), not a test.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseGoMod, parseGoWork } from '../../src/core/gomod/parse.ts';
import type { GoModFile, GoWorkFile, Range, Replace } from '../../src/core/gomod/types.ts';
import { type Sandbox, type Toolchain, runGo, sandbox, toolchains } from '../helpers/go.ts';
import { corpusDirs, loadCorpus, mutatedVariants } from '../helpers/gomodMutations.ts';

type Json = Record<string, unknown>;
const ver = (path: string, version?: string): Json =>
  version ? { Path: path, Version: version } : { Path: path };
const keyOf = (p: string, v?: string): string => `${p}@${v ?? ''}`;

/** go keeps the last of duplicate replacements (by old path and version). */
function dedupeReplace(list: Replace[]): Replace[] {
  const seen = new Set<string>();
  const keep: Replace[] = [];
  for (let i = list.length - 1; i >= 0; i--) {
    const k = keyOf(list[i].old.path.value, list[i].old.version?.value);
    if (!seen.has(k)) keep.unshift(list[i]);
    seen.add(k);
  }
  return keep;
}
function dedupeFirst<T>(list: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((x) => !seen.has(key(x)) && (seen.add(key(x)), true));
}
function omitEmpty(o: Json): Json {
  return Object.fromEntries(
    Object.entries(o).filter(
      ([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0),
    ),
  );
}
const replaceJson = (r: Replace): Json => ({
  Old: ver(r.old.path.value, r.old.version?.value),
  New: ver(r.new.path.value, r.new.version?.value),
});

/** Our result in the shape of `go mod edit -json`. */
function modAsGoJson(f: GoModFile): Json {
  return omitEmpty({
    Module: omitEmpty({ Path: f.module?.value ?? '', Deprecated: f.deprecated }),
    Go: f.go?.value,
    Toolchain: f.toolchain?.value,
    GoDebug: f.godebug.map((g) => ({ Key: g.key.value, Value: g.value.value })),
    Require: f.require.map((r) =>
      omitEmpty({ Path: r.path.value, Version: r.version.value, Indirect: r.indirect || undefined }),
    ),
    Exclude: dedupeFirst(f.exclude, (x) => keyOf(x.path.value, x.version.value)).map((x) =>
      ver(x.path.value, x.version.value),
    ),
    Replace: dedupeReplace(f.replace).map(replaceJson),
    Retract: f.retract.map((r) =>
      omitEmpty({ Low: r.low.value, High: r.high.value, Rationale: r.rationale }),
    ),
    Tool: dedupeFirst(f.tool, (t) => t.path.value).map((t) => ({ Path: t.path.value })),
    Ignore: dedupeFirst(f.ignore, (t) => t.path.value).map((t) => ({ Path: t.path.value })),
  });
}
function workAsGoJson(f: GoWorkFile): Json {
  return omitEmpty({
    Go: f.go?.value,
    Toolchain: f.toolchain?.value,
    Godebug: f.godebug.map((g) => ({ Key: g.key.value, Value: g.value.value })),
    Use: f.use.map((u) => ({ DiskPath: u.path.value })),
    Replace: dedupeReplace(f.replace).map(replaceJson),
  });
}
function goJsonNormalized(stdout: string): Json {
  const j = JSON.parse(stdout) as Json;
  if (j.Module && typeof j.Module === 'object') j.Module = omitEmpty(j.Module as Json);
  return omitEmpty(j);
}

/** Runs go mod/work edit -json on text in its own directory. */
async function goEditJson(
  tc: Toolchain,
  sb: Sandbox,
  dir: string,
  f: { kind: 'mod' | 'work'; text: string | Buffer },
) {
  mkdirSync(dir, { recursive: true });
  const file = f.kind === 'mod' ? 'go.mod' : 'go.work';
  writeFileSync(join(dir, file), f.text);
  return runGo(tc, sb, [f.kind, 'edit', '-json', file], { cwd: dir, env: { GOFLAGS: '' } });
}

/**
 * Directives and syntax that older go commands do not know: their rejection is a version difference,
 * not a disagreement. Returns the reason, or undefined.
 */
function versionDifference(tc: Toolchain, stderr: string): string | undefined {
  const minor = Number(tc.version.split('.')[1]);
  const introduced: Record<string, number> = { toolchain: 21, godebug: 23, tool: 24, ignore: 25 };
  const m = /unknown (?:directive|block type): (\w+)/.exec(stderr);
  if (m && introduced[m[1]] !== undefined && minor < introduced[m[1]])
    return `${m[1]} needs go1.${introduced[m[1]]}`;
  if (minor < 21 && /invalid go version '\d+\.\d+\.\d+'/.test(stderr))
    return 'three-part go versions need go1.21';
  return undefined;
}

const corpus = loadCorpus();
const all = toolchains();

describe('gomod parser agrees with go mod edit -json on real files', () => {
  for (const tc of all) {
    describe(`go ${tc.version}`, () => {
      let sb: Sandbox;
      before(() => (sb = sandbox(tc)));
      after(() => sb.cleanup());
      test(`${corpus.length} files (at least 25 real go.mod/go.work files from test/data/gomod)`, async () => {
        assert.ok(readdirSync(corpusDirs[0]).filter((n) => !n.endsWith('.tsv')).length >= 25);
        const differences: string[] = [];
        let compared = 0;
        for (const [i, c] of corpus.entries()) {
          const ours = c.kind === 'mod' ? parseGoMod(c.text) : parseGoWork(c.text);
          assert.deepEqual(ours.errors, [], `${c.name}: our parser reported errors`);
          const r = await goEditJson(tc, sb, join(sb.dir, `c${i}`), c);
          if (r.exitCode !== 0) {
            const why = versionDifference(tc, r.stderr);
            assert.ok(why, `${c.name}: go ${tc.version} rejected it: ${r.stderr}`);
            differences.push(`${c.name}: ${why}`);
            continue;
          }
          const mine = ours.kind === 'go.mod' ? modAsGoJson(ours) : workAsGoJson(ours);
          // go 1.23-1.25 accept godebug blocks but their `go mod edit -json` has no GoDebug field yet.
          if (mine.GoDebug && !r.stdout.includes('"GoDebug"') && Number(tc.version.split('.')[1]) < 26) {
            delete mine.GoDebug;
            differences.push(`${c.name}: go ${tc.version} prints no GoDebug in -json (compared without it)`);
          }
          assert.deepEqual(mine, goJsonNormalized(r.stdout), `${c.name} differs from go ${tc.version}`);
          compared++;
        }
        console.log(
          `go ${tc.version}: ${compared}/${corpus.length} files identical; version differences: ${differences.length}`,
        );
        for (const d of differences) console.log(`  ${d}`);
        if (tc === all[all.length - 1] && Number(tc.version.split('.')[1]) >= 25)
          assert.equal(compared, corpus.length);
      });
    });
  }
});

// ---- mutation fuzzing -------------------------------------------------------------------------------

/** LSP lines of a text (after a leading BOM) and their lengths. */
function lineLengths(text: string): number[] {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return t.split(/\r\n|\r|\n/).map((l) => l.length);
}
function* rangesOf(x: unknown): Generator<Range> {
  if (Array.isArray(x)) for (const y of x) yield* rangesOf(y);
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if ('start' in o && 'end' in o) yield o as unknown as Range;
    else for (const v of Object.values(o)) yield* rangesOf(v);
  }
}
function checkRanges(text: string, f: unknown): string | undefined {
  const lens = lineLengths(text);
  const inside = (p: { line: number; character: number }) =>
    Number.isInteger(p.line) &&
    p.line >= 0 &&
    p.line < lens.length &&
    p.character >= 0 &&
    p.character <= lens[p.line];
  for (const r of rangesOf(f)) {
    if (!inside(r.start) || !inside(r.end)) return `range outside the document: ${JSON.stringify(r)}`;
    if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) {
      return `reversed range ${JSON.stringify(r)}`;
    }
  }
  return undefined;
}

const VARIANTS = 2400;

describe('gomod parser mutation fuzzing', () => {
  const tc = all[all.length - 1];
  let sb: Sandbox;
  before(() => (sb = sandbox(tc)));
  after(() => sb.cleanup());

  // No overall time limit: each go run has its own (runGo, 120 s), and 2,400 of them take what the machine gives.
  test(`${VARIANTS} seeded variants against go ${tc.version}`, async () => {
    const variants = mutatedVariants(corpus, VARIANTS);
    const ourValid: boolean[] = [];
    for (const v of variants) {
      const f = v.kind === 'mod' ? parseGoMod(v.text) : parseGoWork(v.text);
      const bad = checkRanges(v.text, f);
      assert.equal(bad, undefined, `${v.from}: ${bad}\n${v.text}`);
      ourValid.push(f.errors.length === 0);
    }
    const goValid: boolean[] = new Array<boolean>(variants.length);
    const goErr: string[] = new Array<string>(variants.length);
    let next = 0;
    const worker = async (w: number) => {
      for (let i = next++; i < variants.length; i = next++) {
        const r = await goEditJson(tc, sb, join(sb.dir, `w${w}`), variants[i]);
        goValid[i] = r.exitCode === 0;
        goErr[i] = r.stderr;
      }
    };
    await Promise.all([worker(0), worker(1)]);
    const kinds = new Map<string, number>();
    let disagreements = 0;
    for (let i = 0; i < variants.length; i++) {
      if (ourValid[i] === goValid[i]) continue;
      disagreements++;
      const kind = goValid[i]
        ? `we reject, go accepts: ${(variants[i].kind === 'mod' ? parseGoMod : parseGoWork)(variants[i].text).errors[0].message.replace(/["'`].*$/, '…')}`
        : `we accept, go rejects: ${goErr[i]
            .split('\n')
            .slice(1)
            .join(' ')
            .replace(/^\S+:\d+(:\d+)?: /, '')
            .slice(0, 80)}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if (process.env.GOMOD_DOCTOR_FUZZ_VERBOSE) console.log(`--- ${kind}\n${variants[i].text}\n${goErr[i]}`);
    }
    const invalid = goValid.filter((x) => !x).length;
    const agreement = (100 * (variants.length - disagreements)) / variants.length;
    console.log(
      `fuzz: ${variants.length} variants (${invalid} invalid for go), ` +
        `agreement ${agreement.toFixed(2)}%, disagreements ${disagreements}`,
    );
    for (const [k, n] of kinds) console.log(`  ${n} × ${k}`);
    // Remaining kinds of disagreement, explained:
    // (none expected; any new kind is printed above)
    assert.ok(invalid > variants.length / 5, 'the mutations should make many files invalid');
    assert.ok(agreement >= 99, `agreement ${agreement.toFixed(2)}% < 99%`);
  });
});
