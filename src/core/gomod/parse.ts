/**
 * A go.mod / go.work parser with exact LSP ranges that never throws, runs in linear time and keeps
 * going after a bad line. It follows the grammar and the checks of the go command's modfile package
 * as `go mod edit` applies them, and words its errors the same way.
 */
import type {
  GoModFile,
  GoWorkFile,
  Godebug,
  Ignore,
  ParseError,
  Range,
  Replace,
  Retract,
  Spanned,
  Tool,
  Use,
} from './types.ts';
import {
  GO_VERSION_RE,
  TOOLCHAIN_RE,
  canonicalVersion,
  checkPathMajor,
  goQuote,
  goQuoteRune,
  goUnquote,
  invalidVersionNoun,
  isDirectoryPath,
  isPrintable,
  splitPathVersion,
} from './versions.ts';

type Kind = 'ident' | 'string' | 'punct' | 'nl' | 'comment' | 'eolcomment' | 'eof';

interface Token {
  kind: Kind;
  text: string;
  start: number;
  end: number;
  /** A lexical error was reported on this token. */
  bad: boolean;
}

interface Line {
  tokens: Token[];
  /** Whole-line comments just before the line (and, in a block, blank-line markers as ""). */
  before: string[];
  suffix?: Token;
  bad: boolean;
}

interface Block {
  head: Token[];
  lines: Line[];
  before: string[];
}

type Stmt = { line: Line } | { block: Block };

class Locator {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }
  pos(offset: number): { line: number; character: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // Clamp to the end of the line's content: never point inside a line break.
    return { line: lo, character: Math.min(o, this.contentEnd(lo)) - this.starts[lo] };
  }
  private contentEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    const next = this.starts[line + 1];
    return this.text[next - 1] === '\n' && this.text[next - 2] === '\r' ? next - 2 : next - 1;
  }
  range(start: number, end: number): Range {
    return { start: this.pos(start), end: this.pos(end) };
  }
}

function isSpaceRune(ch: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\p{Zs}\u2028\u2029]$/u.test(ch);
}

/** 1 for the ASCII characters an identifier may hold (isIdentRune below 0x80). */
const ASCII_IDENT = new Uint8Array(0x80);
for (let c = 0x21; c < 0x7f; c++) ASCII_IDENT[c] = '()[]{},'.includes(String.fromCharCode(c)) ? 0 : 1;

function isIdentRune(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c > 0x20 && c < 0x7f && !'()[]{},'.includes(ch);
  switch (ch) {
    case ' ':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case ',':
      return false;
  }
  return isPrintable(ch) && !isSpaceRune(ch);
}

/** The code point at i as a string (one or two UTF-16 units; a lone surrogate stays one unit). */
function runeAt(s: string, i: number): string {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d < 0xe000) return s.slice(i, i + 2);
  }
  return s[i];
}

interface LexError {
  start: number;
  end: number;
  message: string;
}

function lex(s: string, errors: LexError[]): Token[] {
  const toks: Token[] = [];
  let i = 0;
  let lineHasText = false;
  const push = (kind: Kind, start: number, end: number, bad = false, text = s.slice(start, end)): void => {
    toks.push({ kind, text, start, end, bad });
  };
  /** A comment from i to the end of the line; it swallows the newline, as go's lexer does. */
  const comment = (bad: boolean): void => {
    const start = i;
    let j = s.indexOf('\n', i);
    const nl = j >= 0;
    if (!nl) j = s.length;
    let end = j;
    if (end > start && s[end - 1] === '\r') end--;
    push(lineHasText ? 'eolcomment' : 'comment', start, end, bad);
    i = nl ? j + 1 : j;
    lineHasText = false;
  };
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && s[i + 1] === '/') {
      comment(false);
      continue;
    }
    if (c === '/' && s[i + 1] === '*') {
      errors.push({ start: i, end: i + 2, message: 'mod files must use // comments (not /* */ comments)' });
      lineHasText = true;
      comment(true);
      continue;
    }
    if (c === '\n') {
      push('nl', i, i + 1);
      i++;
      lineHasText = false;
      continue;
    }
    lineHasText = true;
    if ('()[]{},'.includes(c)) {
      push('punct', i, i + 1);
      i++;
      continue;
    }
    if (c === '"' || c === '`') {
      const start = i;
      i++;
      let bad = false;
      for (;;) {
        if (i >= s.length) {
          errors.push({ start, end: i, message: 'unexpected EOF in string' });
          bad = true;
          break;
        }
        if (s[i] === '\n') {
          errors.push({ start, end: i, message: 'unexpected newline in string' });
          bad = true;
          break;
        }
        const d = s[i++];
        if (d === c) break;
        if (d === '\\' && c === '"') {
          if (i >= s.length) {
            errors.push({ start, end: i, message: 'unexpected EOF in string' });
            bad = true;
            break;
          }
          i += runeAt(s, i).length;
        }
      }
      push('string', start, i, bad);
      continue;
    }
    const r = runeAt(s, i);
    if (!isIdentRune(r)) {
      errors.push({ start: i, end: i + r.length, message: `unexpected input character ${goQuoteRune(r)}` });
      push('ident', i, i + r.length, true);
      i += r.length;
      continue;
    }
    const start = i;
    let bad = false;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x2f) {
        const n = s.charCodeAt(i + 1);
        if (n === 0x2f) break;
        if (n === 0x2a) {
          errors.push({
            start: i,
            end: i + 2,
            message: 'mod files must use // comments (not /* */ comments)',
          });
          bad = true;
          break;
        }
      }
      // ASCII, nearly every character of a go.mod: a table lookup instead of a one-character string.
      if (c < 0x80) {
        if (ASCII_IDENT[c] === 0) break;
        i++;
        continue;
      }
      const ch = runeAt(s, i);
      if (!isIdentRune(ch)) break;
      i += ch.length;
    }
    push('ident', start, i, bad);
    if (bad) comment(true);
  }
  push('eof', s.length, s.length);
  return toks;
}

const isEOL = (t: Token): boolean => t.kind === 'nl' || t.kind === 'eolcomment' || t.kind === 'eof';

/** Groups tokens into lines and blocks, like go's parser (structure only). */
class Structurer {
  private p = 0;
  readonly stmts: Stmt[] = [];
  constructor(
    private readonly toks: Token[],
    private readonly error: (start: number, end: number, message: string) => void,
    private readonly fileName: string,
    private readonly loc: Locator,
  ) {}

  private peek(): Token {
    return this.toks[this.p];
  }
  private next(): Token {
    const t = this.toks[this.p];
    if (t.kind !== 'eof') this.p++;
    return t;
  }

  run(): void {
    let pending: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (t.kind === 'nl' || t.kind === 'eolcomment') {
        this.next();
        pending = [];
      } else if (t.kind === 'comment') {
        this.next();
        pending.push(t.text);
      } else {
        const stmt = this.stmt();
        if ('line' in stmt) stmt.line.before = pending;
        else stmt.block.before = pending;
        this.stmts.push(stmt);
        pending = [];
      }
    }
  }

  /** Ends a line at its end-of-line token; returns the trailing comment, if any. */
  private endLine(): Token | undefined {
    const t = this.next();
    return t.kind === 'eolcomment' ? t : undefined;
  }

  private stmt(): Stmt {
    const tokens: Token[] = [this.next()];
    for (;;) {
      const t = this.peek();
      if (isEOL(t)) {
        const suffix = this.endLine();
        return { line: { tokens, before: [], suffix, bad: tokens.some((x) => x.bad) || !!suffix?.bad } };
      }
      this.next();
      if (t.kind === 'punct' && t.text === '(') {
        const n = this.peek();
        if (isEOL(n)) return { block: this.block(tokens) };
        if (n.kind === 'punct' && n.text === ')') {
          this.next();
          if (isEOL(this.peek())) {
            this.endLine();
            return { block: { head: tokens, lines: [], before: [] } };
          }
          tokens.push(t, n);
          continue;
        }
      }
      tokens.push(t);
    }
  }

  private block(head: Token[]): Block {
    const block: Block = { head, lines: [], before: [] };
    let comments: string[] = [];
    for (;;) {
      const t = this.peek();
      switch (t.kind) {
        case 'eolcomment':
          this.next();
          break;
        case 'nl':
          this.next();
          if (
            (comments.length === 0 && block.lines.length > 0) ||
            (comments.length > 0 && comments[comments.length - 1] !== '')
          ) {
            comments.push('');
          }
          break;
        case 'comment':
          this.next();
          comments.push(t.text);
          break;
        case 'eof': {
          const p = this.loc.pos(head[0].start);
          this.error(
            head[0].start,
            head[head.length - 1].end,
            `syntax error (unterminated block started at ${this.fileName}:${p.line + 1}:${p.character + 1})`,
          );
          return block;
        }
        default:
          if (t.kind === 'punct' && t.text === ')') {
            this.next();
            if (!isEOL(this.peek())) {
              const first = this.peek();
              let last = first;
              while (!isEOL(this.peek())) last = this.next();
              this.error(first.start, last.end, 'syntax error (expected newline after closing paren)');
            }
            this.endLine();
            return block;
          }
          {
            const tokens: Token[] = [];
            while (!isEOL(this.peek())) tokens.push(this.next());
            const suffix = this.endLine();
            block.lines.push({
              tokens,
              before: comments,
              suffix,
              bad: tokens.some((x) => x.bad) || !!suffix?.bad,
            });
            comments = [];
          }
      }
    }
  }
}

/** Shared machinery for interpreting lines. */
class Interpreter {
  readonly errors: ParseError[] = [];
  constructor(readonly loc: Locator) {}

  error(start: number, end: number, message: string): void {
    this.errors.push({ range: this.loc.range(start, end), message });
  }
  errorAt(tokens: Token[], message: string): void {
    this.error(tokens[0].start, tokens[tokens.length - 1].end, message);
  }
  span(t: Token, value = t.text): Spanned {
    return { value, range: this.loc.range(t.start, t.end) };
  }
  /** The entry's range: its first token through its trailing comment. */
  lineRange(verbTok: Token | undefined, line: Line): Range {
    const first = verbTok ?? line.tokens[0];
    const last = line.suffix ?? line.tokens[line.tokens.length - 1];
    return this.loc.range(first.start, last.end);
  }

  /** go's parseString: unquotes "…", rejects other quotes. */
  str(t: Token): { value: string } | { error: string } {
    if (t.text.startsWith('"')) {
      const v = goUnquote(t.text);
      return v === undefined ? { error: 'invalid syntax' } : { value: v };
    }
    if (/["'`]/.test(t.text)) return { error: 'unquoted string cannot contain quote' };
    return { value: t.text };
  }

  /** go's parseVersion without a fixer: the canonical version, or go's message. */
  version(verb: string, path: string, t: Token): { value: string } | { error: string } {
    const prefix = path !== '' ? `${verb} ${path}: ` : `${verb}: `;
    const s = this.str(t);
    if ('error' in s) {
      return { error: `${prefix}${invalidVersionNoun(t.text)} ${goQuote(t.text)} invalid: ${s.error}` };
    }
    const cv = canonicalVersion(s.value);
    if (cv === '') {
      return {
        error: `${prefix}${invalidVersionNoun(s.value)} ${goQuote(s.value)} invalid: must be of the form v1.2.3`,
      };
    }
    return { value: cv };
  }

  godebug(tokens: Token[], args: Token[]): Godebug | undefined {
    if (args.length !== 1 || /["`',]/.test(args[0].text)) {
      this.errorAt(tokens, 'usage: godebug key=value');
      return undefined;
    }
    const t = args[0];
    const eq = t.text.indexOf('=');
    if (eq < 0) {
      this.errorAt(tokens, 'usage: godebug key=value');
      return undefined;
    }
    return {
      key: { value: t.text.slice(0, eq), range: this.loc.range(t.start, t.start + eq) },
      value: { value: t.text.slice(eq + 1), range: this.loc.range(t.start + eq + 1, t.end) },
      range: { start: this.loc.pos(0), end: this.loc.pos(0) },
    };
  }

  oneArg(tokens: Token[], args: Token[], usage: string): Spanned | undefined {
    if (args.length !== 1) {
      this.errorAt(tokens, usage);
      return undefined;
    }
    const s = this.str(args[0]);
    if ('error' in s) {
      this.errorAt(args, `invalid quoted string: ${s.error}`);
      return undefined;
    }
    return this.span(args[0], s.value);
  }

  goVersion(tokens: Token[], args: Token[]): Spanned | undefined {
    if (args.length !== 1) {
      this.errorAt(tokens, 'go directive expects exactly one argument');
      return undefined;
    }
    if (!GO_VERSION_RE.test(args[0].text)) {
      this.errorAt(args, `invalid go version '${args[0].text}': must match format 1.23.0`);
      return undefined;
    }
    return this.span(args[0]);
  }

  toolchain(tokens: Token[], args: Token[]): Spanned | undefined {
    if (args.length !== 1) {
      this.errorAt(tokens, 'toolchain directive expects exactly one argument');
      return undefined;
    }
    if (!TOOLCHAIN_RE.test(args[0].text)) {
      this.errorAt(
        args,
        `invalid toolchain version '${args[0].text}': must match format go1.23.0 or default`,
      );
      return undefined;
    }
    return this.span(args[0]);
  }

  replace(tokens: Token[], args: Token[], verb: string): Omit<Replace, 'range'> | undefined {
    const arrow = args.length >= 2 && args[1].text === '=>' ? 1 : 2;
    if (args.length < arrow + 2 || args.length > arrow + 3 || args[arrow].text !== '=>') {
      this.errorAt(
        tokens,
        `usage: ${verb} module/path [v1.2.3] => other/module v1.4\n\t or ${verb} module/path [v1.2.3] => ../local/directory`,
      );
      return undefined;
    }
    const s = this.str(args[0]);
    if ('error' in s) {
      this.errorAt([args[0]], `invalid quoted string: ${s.error}`);
      return undefined;
    }
    const split = splitPathVersion(s.value);
    if (!split.ok) {
      this.errorAt([args[0]], `${verb} ${s.value}: invalid module path`);
      return undefined;
    }
    let oldVersion: Spanned | undefined;
    if (arrow === 2) {
      const v = this.version(verb, s.value, args[1]);
      if ('error' in v) {
        this.errorAt([args[1]], v.error);
        return undefined;
      }
      const bad = checkPathMajor(v.value, split.pathMajor);
      if (bad !== undefined) {
        this.errorAt([args[1]], `${verb} ${s.value}: ${bad}`);
        return undefined;
      }
      oldVersion = this.span(args[1], v.value);
    }
    const nt = args[arrow + 1];
    const ns = this.str(nt);
    if ('error' in ns) {
      this.errorAt([nt], `invalid quoted string: ${ns.error}`);
      return undefined;
    }
    let newVersion: Spanned | undefined;
    if (args.length === arrow + 2) {
      if (!isDirectoryPath(ns.value)) {
        this.errorAt(
          [nt],
          ns.value.includes('@')
            ? "replacement module must match format 'path version', not 'path@version'"
            : 'replacement module without version must be directory path (rooted or starting with . or ..)',
        );
        return undefined;
      }
      if (ns.value.includes('\\')) {
        this.errorAt([nt], 'replacement directory appears to be Windows path (on a non-windows system)');
        return undefined;
      }
    } else {
      const vt = args[arrow + 2];
      const v = this.version(verb, ns.value, vt);
      if ('error' in v) {
        this.errorAt([vt], v.error);
        return undefined;
      }
      if (isDirectoryPath(ns.value)) {
        this.errorAt([nt, vt], `replacement module directory path ${goQuote(ns.value)} cannot have version`);
        return undefined;
      }
      newVersion = this.span(vt, v.value);
    }
    return {
      old: { path: this.span(args[0], s.value), ...(oldVersion ? { version: oldVersion } : {}) },
      new: { path: this.span(nt, ns.value), ...(newVersion ? { version: newVersion } : {}) },
      local: newVersion === undefined,
    };
  }
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

interface Prepared {
  loc: Locator;
  interp: Interpreter;
  stmts: Stmt[];
}

function prepare(raw: string, fileName: string): Prepared {
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

/** Visits each directive line: (verb token, verb, args, line, block). Reports unknown block types. */
function eachDirective(
  p: Prepared,
  blockVerbs: readonly string[],
  visit: (verbTok: Token | undefined, verb: string, args: Token[], line: Line, block?: Block) => void,
): void {
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
function sharedDirectives(interp: Interpreter, f: GoModFile | GoWorkFile) {
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
          const r = interp.replace(tokens, args, verb);
          if (r) f.replace.push({ ...r, range: range() });
          return true;
        }
        default:
          return false;
      }
    },
  };
}

/** Parses go.mod text. Never throws. */
export function parseGoMod(text: string): GoModFile {
  const p = prepare(text, 'go.mod');
  const { interp } = p;
  const f: GoModFile = {
    kind: 'go.mod',
    godebug: [],
    require: [],
    exclude: [],
    replace: [],
    retract: [],
    tool: [],
    ignore: [],
    errors: interp.errors,
  };
  let sawModule = false;
  const shared = sharedDirectives(interp, f);
  const blockVerbs = ['module', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore'];
  eachDirective(p, blockVerbs, (verbTok, verb, args, line, block) => {
    const tokens = verbTok ? [verbTok, ...args] : args;
    const range = (): Range => interp.lineRange(verbTok, line);
    switch (verb) {
      case 'module': {
        if (sawModule) return interp.errorAt(tokens, 'repeated module statement');
        sawModule = true;
        const deprecated = /(?:^|\n\n)Deprecated: *([\s\S]*?)(?:$|\n\n)/.exec(directiveComment(block, line));
        if (deprecated) f.deprecated = deprecated[1];
        if (args.length !== 1) return interp.errorAt(tokens, 'usage: module module/path');
        f.module = interp.oneArg(tokens, args, 'usage: module module/path');
        return;
      }
      case 'require':
      case 'exclude': {
        if (args.length !== 2) return interp.errorAt(tokens, `usage: ${verb} module/path v1.2.3`);
        const s = interp.str(args[0]);
        if ('error' in s) return interp.errorAt([args[0]], `invalid quoted string: ${s.error}`);
        const v = interp.version(verb, s.value, args[1]);
        if ('error' in v) return interp.errorAt([args[1]], v.error);
        const split = splitPathVersion(s.value);
        if (!split.ok) return interp.errorAt([args[0]], 'invalid module path');
        const bad = checkPathMajor(v.value, split.pathMajor);
        if (bad !== undefined) return interp.errorAt([args[1]], `${verb} ${s.value}: ${bad}`);
        const path = interp.span(args[0], s.value);
        const version = interp.span(args[1], v.value);
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
  });
  return f;
}

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

/** Parses go.work text. Never throws. */
export function parseGoWork(text: string): GoWorkFile {
  const p = prepare(text, 'go.work');
  const { interp } = p;
  const f: GoWorkFile = { kind: 'go.work', godebug: [], use: [], replace: [], errors: interp.errors };
  const shared = sharedDirectives(interp, f);
  eachDirective(p, ['godebug', 'use', 'replace'], (verbTok, verb, args, line) => {
    const tokens = verbTok ? [verbTok, ...args] : args;
    const range = (): Range => interp.lineRange(verbTok, line);
    switch (verb) {
      case 'use': {
        const path = interp.oneArg(tokens, args, 'usage: use local/dir');
        if (path) f.use.push({ path, range: range() } satisfies Use);
        return;
      }
      default:
        if (!shared.directive(verb, tokens, args, range))
          interp.errorAt(tokens, `unknown directive: ${verb}`);
    }
  });
  return f;
}
