/**
 * Finds every message the code translates: the first argument of `t(...)` (imported from src/core/l10n.ts)
 * and of `vscode.l10n.t(...)`, in every file under src/.
 *
 * A first argument may be a string literal, or an expression that can only produce strings written in the same
 * file: `a ?? b`, `c ? a : b`, `TABLE.key`, `TABLE[k]` (every value of the table), `TABLE[k].field`, or a
 * `const` bound to one of these. Anything else is reported as unresolved, so a message cannot escape the
 * bundles unnoticed.
 *
 * Run directly to list what the zh-cn bundle lacks or has in excess:
 *   npx tsx test/helpers/l10nScan.ts
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const repoRoot = new URL('../..', import.meta.url).pathname;

export interface Use {
  file: string;
  line: number;
  message: string;
}

export interface Unresolved {
  file: string;
  line: number;
  text: string;
}

export interface ScanResult {
  uses: Use[];
  unresolved: Unresolved[];
  /** Files that call a translation function. */
  files: string[];
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

type Value = { strings: string[]; objects: ts.ObjectLiteralExpression[] } | undefined;

const EMPTY = (): { strings: string[]; objects: ts.ObjectLiteralExpression[] } => ({
  strings: [],
  objects: [],
});

function merge(a: Value, b: Value): Value {
  if (!a || !b) return undefined;
  return { strings: [...a.strings, ...b.strings], objects: [...a.objects, ...b.objects] };
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** The names a file imports `t` under from the l10n module, and whether it uses `vscode.l10n.t`. */
function translationCallees(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (!/(^|\/)l10n\.ts$/.test(st.moduleSpecifier.text)) continue;
    const bindings = st.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const el of bindings.elements) {
        if ((el.propertyName ?? el.name).text === 't') names.add(el.name.text);
      }
    }
  }
  return names;
}

export function scanSources(srcDir = join(repoRoot, 'src')): ScanResult {
  const uses: Use[] = [];
  const unresolved: Unresolved[] = [];
  const files: string[] = [];
  for (const path of sourceFiles(srcDir)) {
    const text = readFileSync(path, 'utf8');
    const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const rel = relative(repoRoot, path);
    const callees = translationCallees(sf);

    // Every `const/let name = init` in the file, by name (a name declared twice is ambiguous).
    const decls = new Map<string, ts.Expression | null>();
    const collect = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
        const prev = decls.get(node.name.text);
        decls.set(node.name.text, prev === undefined && node.initializer ? node.initializer : null);
      }
      ts.forEachChild(node, collect);
    };
    collect(sf);

    const resolve = (e: ts.Expression, depth = 0): Value => {
      if (depth > 20) return undefined;
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e))
        return { ...EMPTY(), strings: [e.text] };
      if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e))
        return resolve(e.expression, depth + 1);
      if (ts.isNonNullExpression(e)) return resolve(e.expression, depth + 1);
      if (ts.isObjectLiteralExpression(e)) return { ...EMPTY(), objects: [e] };
      if (ts.isConditionalExpression(e))
        return merge(resolve(e.whenTrue, depth + 1), resolve(e.whenFalse, depth + 1));
      if (
        ts.isBinaryExpression(e) &&
        (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
          e.operatorToken.kind === ts.SyntaxKind.BarBarToken)
      ) {
        // The left side may be a lookup that yields undefined; its string values still count.
        return merge(resolve(e.left, depth + 1), resolve(e.right, depth + 1));
      }
      if (ts.isIdentifier(e)) {
        const init = decls.get(e.text);
        return init ? resolve(init, depth + 1) : undefined;
      }
      if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
        const base = resolve(e.expression, depth + 1);
        if (!base || base.strings.length > 0 || base.objects.length === 0) return undefined;
        let key: string | undefined;
        if (ts.isPropertyAccessExpression(e)) key = e.name.text;
        else if (ts.isStringLiteral(e.argumentExpression)) key = e.argumentExpression.text;
        let out: Value = EMPTY();
        for (const obj of base.objects) {
          for (const p of obj.properties) {
            if (!ts.isPropertyAssignment(p)) {
              if (key === undefined) return undefined;
              continue;
            }
            if (key !== undefined && propertyName(p.name) !== key) continue;
            out = merge(out, resolve(p.initializer, depth + 1));
            if (!out) return undefined;
          }
        }
        return out;
      }
      return undefined;
    };

    let calls = 0;
    const visit = (node: ts.Node): void => {
      // The translation function passed around as a value (`const l = vscode.l10n.t`) hides its messages.
      const isTRef =
        (ts.isPropertyAccessExpression(node) &&
          node.name.text === 't' &&
          ts.isPropertyAccessExpression(node.expression) &&
          node.expression.name.text === 'l10n' &&
          ts.isIdentifier(node.expression.expression) &&
          node.expression.expression.text === 'vscode') ||
        (ts.isIdentifier(node) &&
          callees.has(node.text) &&
          !ts.isImportSpecifier(node.parent) &&
          !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node));
      if (isTRef && !(ts.isCallExpression(node.parent) && node.parent.expression === node)) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        unresolved.push({ file: rel, line, text: `${node.getText(sf)} used as a value` });
      }
      if (ts.isCallExpression(node)) {
        const c = node.expression;
        const isT = ts.isIdentifier(c) && callees.has(c.text);
        const isVscode =
          ts.isPropertyAccessExpression(c) &&
          c.name.text === 't' &&
          ts.isPropertyAccessExpression(c.expression) &&
          c.expression.name.text === 'l10n' &&
          ts.isIdentifier(c.expression.expression) &&
          c.expression.expression.text === 'vscode';
        if (isT || isVscode) {
          calls++;
          const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
          const arg = node.arguments[0];
          const v = arg ? resolve(arg) : undefined;
          if (!arg || !v || v.objects.length > 0 || v.strings.length === 0) {
            unresolved.push({ file: rel, line, text: arg ? arg.getText(sf) : '' });
          } else {
            for (const message of v.strings) uses.push({ file: rel, line, message });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    if (calls > 0) files.push(rel);
  }
  return { uses, unresolved, files };
}

/** `{0}`, `{1}` … in a message, sorted and without repeats. */
export function placeholders(s: string): string[] {
  return [...new Set([...s.matchAll(/\{(\d+)\}/g)].map((m) => m[0]))].sort();
}

export function readBundle(locale: string): Record<string, string> {
  return JSON.parse(readFileSync(join(repoRoot, `l10n/bundle.l10n.${locale}.json`), 'utf8')) as Record<
    string,
    string
  >;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const r = scanSources();
  const keys = new Set(r.uses.map((u) => u.message));
  const bundle = readBundle('zh-cn');
  const missing = [...keys].filter((k) => !(k in bundle));
  const unused = Object.keys(bundle).filter((k) => !keys.has(k));
  console.log(JSON.stringify({ keys: keys.size, missing, unused, unresolved: r.unresolved }, null, 2));
}
