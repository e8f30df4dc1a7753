/**
 * What go.mod and go.work parsing share: reading the text into statements, walking each directive line (in a
 * block or not), and the directives both files have (go, toolchain, godebug, replace).
 */
import type { GoModFile, GoWorkFile, Range } from '../types.ts';
import { Interpreter } from './interpreter.ts';
import { type LexError, type Token, lex } from './lexer.ts';
import { Locator } from './locator.ts';
import { parseReplace } from './replace.ts';
import { type Block, type Line, type Stmt, Structurer } from './structure.ts';

export interface Prepared {
  loc: Locator;
  interp: Interpreter;
  stmts: Stmt[];
}

/** Lexes and structures the text, collecting every lexical and structural error in `interp`. */
export function prepare(raw: string, fileName: string): Prepared {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const loc = new Locator(text);
  const interp = new Interpreter(loc);
  if (text !== raw) {
    // go refuses a byte-order mark; report it like go does, and read the rest anyway.
    interp.errors.push({ range: loc.range(0, 0), message: "unexpected input character '\\ufeff'" });
  }
  const lexErrors: LexError[] = [];
  const toks = lex(text, lexErrors);
  for (const e of lexErrors) interp.error(e.start, e.end, e.message);
  const st = new Structurer(toks, (a, b, m) => interp.error(a, b, m), fileName, loc);
  st.run();
  return { loc, interp, stmts: st.stmts };
}

export type DirectiveVisitor = (
  verbTok: Token | undefined,
  verb: string,
  args: Token[],
  line: Line,
  block?: Block,
) => void;

/** Visits each directive line: (verb token, verb, args, line, block). Reports unknown block types. */
export function eachDirective(p: Prepared, blockVerbs: readonly string[], visit: DirectiveVisitor): void {
  for (const stmt of p.stmts) {
    if ('line' in stmt) {
      if (stmt.line.bad) continue;
      const [verbTok, ...args] = stmt.line.tokens;
      visit(verbTok, verbTok.text, args, stmt.line);
      continue;
    }
    const b = stmt.block;
    if (b.head.length > 1 || !blockVerbs.includes(b.head[0].text)) {
      if (!b.head.some((t) => t.bad))
        p.interp.errorAt(b.head, `unknown block type: ${b.head.map((t) => t.text).join(' ')}`);
      continue;
    }
    for (const line of b.lines) {
      if (line.bad) continue;
      visit(undefined, b.head[0].text, line.tokens, line, b);
    }
  }
}

/**
 * The directives go.mod and go.work share (go, toolchain, godebug, replace), written into either file.
 * `directive` returns false for any other verb.
 */
export function sharedDirectives(interp: Interpreter, f: GoModFile | GoWorkFile) {
  let sawGo = false;
  let sawToolchain = false;
  return {
    directive(verb: string, tokens: Token[], args: Token[], range: () => Range): boolean {
      switch (verb) {
        case 'go': {
          if (sawGo) {
            interp.errorAt(tokens, 'repeated go statement');
            return true;
          }
          const v = interp.goVersion(tokens, args);
          if (v) [f.go, sawGo] = [v, true];
          return true;
        }
        case 'toolchain': {
          if (sawToolchain) {
            interp.errorAt(tokens, 'repeated toolchain statement');
            return true;
          }
          const v = interp.toolchain(tokens, args);
          if (v) [f.toolchain, sawToolchain] = [v, true];
          return true;
        }
        case 'godebug': {
          const g = interp.godebug(tokens, args);
          if (g) f.godebug.push({ ...g, range: range() });
          return true;
        }
        case 'replace': {
          const r = parseReplace(interp, tokens, args, verb);
          if (r) f.replace.push({ ...r, range: range() });
          return true;
        }
        default:
          return false;
      }
    },
  };
}
