/** go.mod: module, require, exclude, retract, tool and ignore, plus the directives it shares with go.work. */
import type { GoModFile, Ignore, Range, Retract, Spanned, Tool } from '../types.ts';
import { checkPathMajor, goQuote, invalidVersionNoun, splitPathVersion } from '../versions.ts';
import { type DirectiveVisitor, eachDirective, prepare, sharedDirectives } from './directives.ts';
import type { Interpreter } from './interpreter.ts';
import type { Token } from './lexer.ts';
import type { Block, Line } from './structure.ts';

const BLOCK_VERBS = ['module', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore'];

/** Parses go.mod text. Never throws. */
export function parseGoMod(text: string): GoModFile {
  const p = prepare(text, 'go.mod');
  const f: GoModFile = {
    kind: 'go.mod',
    godebug: [],
    require: [],
    exclude: [],
    replace: [],
    retract: [],
    tool: [],
    ignore: [],
    errors: p.interp.errors,
  };
  eachDirective(p, BLOCK_VERBS, goModVisitor(p.interp, f));
  return f;
}

/** Gives each go.mod directive line its meaning, writing it into f (or an error into interp). */
function goModVisitor(interp: Interpreter, f: GoModFile): DirectiveVisitor {
  let sawModule = false;
  const shared = sharedDirectives(interp, f);
  return (verbTok, verb, args, line, block) => {
    const tokens = verbTok ? [verbTok, ...args] : args;
    const range = (): Range => interp.lineRange(verbTok, line);
    switch (verb) {
      case 'module': {
        if (sawModule) return interp.errorAt(tokens, 'repeated module statement');
        sawModule = true;
        return moduleDirective(interp, f, tokens, args, directiveComment(block, line));
      }
      case 'require':
      case 'exclude': {
        const r = requirement(interp, verb, tokens, args);
        if (!r) return;
        const { path, version } = r;
        if (verb === 'require') f.require.push({ path, version, indirect: isIndirect(line), range: range() });
        else f.exclude.push({ path, version, range: range() });
        return;
      }
      case 'retract': {
        const r = retract(interp, tokens, args);
        if (r) f.retract.push({ ...r, rationale: directiveComment(block, line), range: range() });
        return;
      }
      case 'tool':
      case 'ignore': {
        const path = interp.oneArg(tokens, args, `${verb} directive expects exactly one argument`);
        if (path)
          (verb === 'tool' ? f.tool : f.ignore).push({ path, range: range() } satisfies Tool & Ignore);
        return;
      }
      default:
        if (!shared.directive(verb, tokens, args, range))
          interp.errorAt(tokens, `unknown directive: ${verb}`);
    }
  };
}

/** `module path`, with its deprecation notice read from the comments even when the path is bad, as go does. */
function moduleDirective(
  interp: Interpreter,
  f: GoModFile,
  tokens: Token[],
  args: Token[],
  comment: string,
): void {
  const deprecated = /(?:^|\n\n)Deprecated: *([\s\S]*?)(?:$|\n\n)/.exec(comment);
  if (deprecated) f.deprecated = deprecated[1];
  if (args.length !== 1) return interp.errorAt(tokens, 'usage: module module/path');
  f.module = interp.oneArg(tokens, args, 'usage: module module/path');
}

/** The `path version` of a require or exclude line, checked in go's order. */
function requirement(
  interp: Interpreter,
  verb: string,
  tokens: Token[],
  args: Token[],
): { path: Spanned; version: Spanned } | undefined {
  if (args.length !== 2) return fail(interp, tokens, `usage: ${verb} module/path v1.2.3`);
  const s = interp.str(args[0]);
  if ('error' in s) return fail(interp, [args[0]], `invalid quoted string: ${s.error}`);
  const v = interp.version(verb, s.value, args[1]);
  if ('error' in v) return fail(interp, [args[1]], v.error);
  const split = splitPathVersion(s.value);
  if (!split.ok) return fail(interp, [args[0]], 'invalid module path');
  const bad = checkPathMajor(v.value, split.pathMajor);
  if (bad !== undefined) return fail(interp, [args[1]], `${verb} ${s.value}: ${bad}`);
  return { path: interp.span(args[0], s.value), version: interp.span(args[1], v.value) };
}

/** Reports an error on the tokens; returns undefined, for `return fail(…)`. */
function fail(interp: Interpreter, at: Token[], message: string): undefined {
  interp.errorAt(at, message);
  return undefined;
}

/** The text of the comments on a directive (or on its block), like go's parseDirectiveComment. */
function directiveComment(block: Block | undefined, line: Line): string {
  let before = line.before;
  let suffix = line.suffix ? [line.suffix.text] : [];
  if (block && before.length === 0 && suffix.length === 0) {
    before = block.before;
    suffix = [];
  }
  return [...before, ...suffix]
    .filter((c) => c.startsWith('//'))
    .map((c) => c.slice(2).trim())
    .join('\n');
}

function isIndirect(line: Line): boolean {
  if (!line.suffix) return false;
  const f = line.suffix.text
    .slice(2)
    .split(/[\t\n\v\f\r \u0085\u00a0\p{Zs}\u2028\u2029]+/u)
    .filter((x) => x !== '');
  return (f.length === 1 && f[0] === 'indirect') || (f.length > 1 && f[0] === 'indirect;');
}

/** `retract v` or `retract [low, high]`: versions as written, checked only for quoting. */
function retract(
  interp: Interpreter,
  tokens: Token[],
  args: Token[],
): Omit<Retract, 'rationale' | 'range'> | undefined {
  const fail = (at: Token[], message: string): undefined => {
    interp.errorAt(at.length > 0 ? at : tokens, message);
    return undefined;
  };
  const ver = (t: Token): Spanned | undefined => {
    const s = interp.str(t);
    if ('error' in s) {
      fail([t], `retract: ${invalidVersionNoun(t.text)} ${goQuote(t.text)} invalid: ${s.error}`);
      return undefined;
    }
    return interp.span(t, s.value);
  };
  let rest: Token[];
  let low: Spanned | undefined;
  let high: Spanned | undefined;
  let interval = false;
  if (args.length === 0 || args[0].text === '(') return fail(args, "expected '[' or version");
  if (args[0].text !== '[') {
    low = high = ver(args[0]);
    if (!low) return undefined;
    rest = args.slice(1);
  } else {
    interval = true;
    if (args.length < 2) return fail(tokens, "expected version after '['");
    low = ver(args[1]);
    if (!low) return undefined;
    if (args.length < 3 || args[2].text !== ',') return fail(tokens, "expected ',' after version");
    if (args.length < 4) return fail(tokens, "expected version after ','");
    high = ver(args[3]);
    if (!high) return undefined;
    if (args.length < 5 || args[4].text !== ']') return fail(tokens, "expected ']' after version");
    rest = args.slice(5);
  }
  if (rest.length > 0) return fail(rest, `unexpected token after version: ${goQuote(rest[0].text)}`);
  return { low, high: high!, interval };
}
