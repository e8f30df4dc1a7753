/**
 * A go.mod / go.work parser with exact LSP ranges that never throws, runs in linear time and keeps
 * going after a bad line. It follows the grammar and the checks of the go command's modfile package
 * as `go mod edit` applies them, and words its errors the same way.
 *
 * This file is the entry point every importer uses; the pieces live in ./parser/: lexer.ts (text to
 * tokens), structure.ts (the shared line/block reader), locator.ts (offsets to LSP positions),
 * interpreter.ts and replace.ts (argument checks shared by both files), directives.ts (the walk over
 * directives and those both files have), goMod.ts and goWork.ts (each file's own directives).
 */
export { parseGoMod } from './parser/goMod.ts';
export { parseGoWork } from './parser/goWork.ts';
