/**
 * The shared line/block reader: groups tokens into directive lines and `verb ( … )` blocks, with the comments
 * before each, like go's modfile parser. Structure only; go.mod and go.work give the lines meaning.
 */
import type { Locator } from './locator.ts';
import type { Token } from './lexer.ts';

export interface Line {
  tokens: Token[];
  /** Whole-line comments just before the line (and, in a block, blank-line markers as ""). */
  before: string[];
  suffix?: Token;
  bad: boolean;
}

export interface Block {
  head: Token[];
  lines: Line[];
  before: string[];
}

export type Stmt = { line: Line } | { block: Block };

const isEOL = (t: Token): boolean => t.kind === 'nl' || t.kind === 'eolcomment' || t.kind === 'eof';

function makeLine(tokens: Token[], before: string[], suffix: Token | undefined): Line {
  return { tokens, before, suffix, bad: tokens.some((x) => x.bad) || !!suffix?.bad };
}

/** Groups tokens into lines and blocks, like go's parser (structure only). */
export class Structurer {
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
      if (isEOL(t)) return { line: makeLine(tokens, [], this.endLine()) };
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

  /** The lines of a block up to its closing paren (or the end of the file, reported). */
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
          // A blank line (once per run) separates comment groups, as go records it.
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
        case 'eof':
          this.unterminated(head);
          return block;
        default:
          if (t.kind === 'punct' && t.text === ')') {
            this.closeBlock();
            return block;
          }
          block.lines.push(this.blockLine(comments));
          comments = [];
      }
    }
  }

  private blockLine(before: string[]): Line {
    const tokens: Token[] = [];
    while (!isEOL(this.peek())) tokens.push(this.next());
    return makeLine(tokens, before, this.endLine());
  }

  /** Consumes the closing paren and its line; anything after the paren is an error. */
  private closeBlock(): void {
    this.next();
    if (!isEOL(this.peek())) {
      const first = this.peek();
      let last = first;
      while (!isEOL(this.peek())) last = this.next();
      this.error(first.start, last.end, 'syntax error (expected newline after closing paren)');
    }
    this.endLine();
  }

  private unterminated(head: Token[]): void {
    const p = this.loc.pos(head[0].start);
    this.error(
      head[0].start,
      head[head.length - 1].end,
      `syntax error (unterminated block started at ${this.fileName}:${p.line + 1}:${p.character + 1})`,
    );
  }
}
