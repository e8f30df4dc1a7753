/**
 * The parsed form of go.mod and go.work files, with exact LSP positions.
 *
 * Positions are 0-based; `character` counts UTF-16 code units, and lines are split the way LSP splits
 * them (`\r\n`, `\n` or a lone `\r`). A leading byte-order mark is not counted (editors hide it): line 0,
 * character 0 is the first character after it.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A value and where it was written. For a quoted token, `value` is unquoted and `range` covers the quotes. */
export interface Spanned<T = string> {
  value: T;
  range: Range;
}

/** A syntax or validity error; `message` is worded like the go command's own. */
export interface ParseError {
  range: Range;
  message: string;
}

/**
 * `require path version`. `version.value` is the canonical form the go command uses (`v1.2` becomes
 * `v1.2.0`, build metadata other than `+incompatible` is dropped); `version.range` covers the token as written.
 * `range` covers the entry from its first token through its trailing comment, if any.
 */
export interface Require {
  path: Spanned;
  version: Spanned;
  indirect: boolean;
  range: Range;
}

/** `exclude path version` (version canonical, as for Require). */
export interface Exclude {
  path: Spanned;
  version: Spanned;
  range: Range;
}

/** One side of a replace. `version` is absent on the left for "all versions" and on the right for a local directory. */
export interface ModuleRef {
  path: Spanned;
  version?: Spanned;
}

export interface Replace {
  old: ModuleRef;
  new: ModuleRef;
  /** True when the right side is a local directory (no version). */
  local: boolean;
  range: Range;
}

/**
 * `retract v1.2.3` (low and high are the same token) or `retract [v1.0.0, v1.1.0]`.
 * Versions are as written (the go command checks them only when it knows the module path).
 * `rationale` is the text of the comments on the line, or else on its block, one comment a line.
 */
export interface Retract {
  low: Spanned;
  high: Spanned;
  interval: boolean;
  rationale: string;
  range: Range;
}

/** `godebug key=value`; key and value ranges are parts of the one token. */
export interface Godebug {
  key: Spanned;
  value: Spanned;
  range: Range;
}

/** `tool path`. */
export interface Tool {
  path: Spanned;
  range: Range;
}

/** `ignore path`. */
export interface Ignore {
  path: Spanned;
  range: Range;
}

/** go.work `use dir`. */
export interface Use {
  path: Spanned;
  range: Range;
}

export interface GoModFile {
  kind: 'go.mod';
  module?: Spanned;
  /** The "Deprecated:" paragraph of the comments on the module directive, if any. */
  deprecated?: string;
  go?: Spanned;
  toolchain?: Spanned;
  godebug: Godebug[];
  require: Require[];
  exclude: Exclude[];
  replace: Replace[];
  retract: Retract[];
  tool: Tool[];
  ignore: Ignore[];
  errors: ParseError[];
}

export interface GoWorkFile {
  kind: 'go.work';
  go?: Spanned;
  toolchain?: Spanned;
  godebug: Godebug[];
  use: Use[];
  replace: Replace[];
  errors: ParseError[];
}
