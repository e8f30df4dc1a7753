/**
 * The replace directive, shared by go.mod and go.work: `replace old [v] => new v` or `replace old [v] => ../dir`,
 * checked in go's order so the first problem is the one go reports.
 */
import type { ModuleRef, Replace, Spanned } from '../types.ts';
import { checkPathMajor, goQuote, isDirectoryPath, splitPathVersion } from '../versions.ts';
import type { Interpreter } from './interpreter.ts';
import type { Token } from './lexer.ts';

export function parseReplace(
  interp: Interpreter,
  tokens: Token[],
  args: Token[],
  verb: string,
): Omit<Replace, 'range'> | undefined {
  const arrow = args.length >= 2 && args[1].text === '=>' ? 1 : 2;
  if (args.length < arrow + 2 || args.length > arrow + 3 || args[arrow].text !== '=>') {
    interp.errorAt(
      tokens,
      `usage: ${verb} module/path [v1.2.3] => other/module v1.4\n\t or ${verb} module/path [v1.2.3] => ../local/directory`,
    );
    return undefined;
  }
  const old = replacedModule(interp, args, arrow, verb);
  if (!old) return undefined;
  const replacement = replacementModule(interp, args, arrow, verb);
  if (!replacement) return undefined;
  return { old, new: replacement, local: replacement.version === undefined };
}

/** The left side: a module path, and a version when there is no `=>` right after the path. */
function replacedModule(
  interp: Interpreter,
  args: Token[],
  arrow: number,
  verb: string,
): ModuleRef | undefined {
  const s = interp.str(args[0]);
  if ('error' in s) {
    interp.errorAt([args[0]], `invalid quoted string: ${s.error}`);
    return undefined;
  }
  const split = splitPathVersion(s.value);
  if (!split.ok) {
    interp.errorAt([args[0]], `${verb} ${s.value}: invalid module path`);
    return undefined;
  }
  let version: Spanned | undefined;
  if (arrow === 2) {
    const v = interp.version(verb, s.value, args[1]);
    if ('error' in v) {
      interp.errorAt([args[1]], v.error);
      return undefined;
    }
    const bad = checkPathMajor(v.value, split.pathMajor);
    if (bad !== undefined) {
      interp.errorAt([args[1]], `${verb} ${s.value}: ${bad}`);
      return undefined;
    }
    version = interp.span(args[1], v.value);
  }
  return { path: interp.span(args[0], s.value), ...(version ? { version } : {}) };
}

/** The right side: a module path with a version, or a local directory without one. */
function replacementModule(
  interp: Interpreter,
  args: Token[],
  arrow: number,
  verb: string,
): ModuleRef | undefined {
  const nt = args[arrow + 1];
  const ns = interp.str(nt);
  if ('error' in ns) {
    interp.errorAt([nt], `invalid quoted string: ${ns.error}`);
    return undefined;
  }
  if (args.length === arrow + 2) {
    if (!isDirectoryPath(ns.value)) {
      interp.errorAt(
        [nt],
        ns.value.includes('@')
          ? "replacement module must match format 'path version', not 'path@version'"
          : 'replacement module without version must be directory path (rooted or starting with . or ..)',
      );
      return undefined;
    }
    if (ns.value.includes('\\')) {
      interp.errorAt([nt], 'replacement directory appears to be Windows path (on a non-windows system)');
      return undefined;
    }
    return { path: interp.span(nt, ns.value) };
  }
  const vt = args[arrow + 2];
  const v = interp.version(verb, ns.value, vt);
  if ('error' in v) {
    interp.errorAt([vt], v.error);
    return undefined;
  }
  if (isDirectoryPath(ns.value)) {
    interp.errorAt([nt, vt], `replacement module directory path ${goQuote(ns.value)} cannot have version`);
    return undefined;
  }
  return { path: interp.span(nt, ns.value), version: interp.span(vt, v.value) };
}
