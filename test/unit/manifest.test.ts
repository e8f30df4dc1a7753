/**
 * package.json's editor contributions: the go.mod/go.work/go.sum languages with vscode-go's ids and our own
 * grammars (scope names of our own, so nothing is overwritten when vscode-go is installed too), commands offered
 * only where they can run, Diagnose downloads in the go.mod editor title, no virtual workspaces, the links a
 * marketplace shows. The grammars are run on sample lines by a small TextMate matcher (match rules, includes,
 * one-line begin/end), enough to check what each part of a line is coloured as.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;
interface Manifest {
  bugs: { url: string };
  homepage: string;
  capabilities: { virtualWorkspaces: { supported: boolean } };
  contributes: {
    languages: { id: string; filenames: string[] }[];
    grammars: { language: string; scopeName: string; path: string }[];
    commands: { command: string; enablement?: string; icon?: string }[];
    menus: Record<string, { command: string; when: string; group?: string }[]>;
  };
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

interface Rule {
  match?: string;
  name?: string;
  captures?: Record<string, { name: string }>;
  include?: string;
  patterns?: Rule[];
  begin?: string;
  end?: string;
}
interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository?: Record<string, Rule>;
}

const grammars = new Map<string, Grammar>();
for (const g of pkg.contributes.grammars) {
  const grammar = JSON.parse(readFileSync(join(root, g.path), 'utf8')) as Grammar;
  assert.equal(grammar.scopeName, g.scopeName, `${g.path} declares the scope package.json names`);
  grammars.set(g.scopeName, grammar);
}

/** The rules a pattern list stands for, includes resolved ("#name" in the grammar, "scope#name" in another). */
function flatten(rules: Rule[], g: Grammar): { rule: Rule; re: RegExp }[] {
  return rules.flatMap((r) => {
    if (r.include) {
      const [scope, name] = r.include.split('#');
      const owner = scope ? grammars.get(scope) : g;
      assert.ok(owner?.repository?.[name], `include ${r.include} resolves`);
      return flatten([owner.repository[name]], owner);
    }
    if (r.patterns && !r.match && !r.begin) return flatten(r.patterns, g);
    return [{ rule: r, re: new RegExp(r.match ?? r.begin!, 'gd') }];
  });
}

/** [text, scope] for each coloured part of one line. */
function tokenize(scope: string, line: string): [string, string][] {
  const g = grammars.get(scope)!;
  const rules = flatten(g.patterns, g);
  const out: [string, string][] = [];
  let pos = 0;
  while (pos < line.length) {
    let best: { rule: Rule; m: RegExpExecArray } | undefined;
    for (const { rule, re } of rules) {
      re.lastIndex = pos;
      const m = re.exec(line);
      if (m && (!best || m.index < best.m.index)) best = { rule, m };
    }
    if (!best || best.m[0] === '') break;
    const { rule, m } = best;
    if (rule.begin) {
      const end = new RegExp(rule.end!, 'g');
      end.lastIndex = m.index + m[0].length;
      const e = end.exec(line);
      const stop = e ? e.index + e[0].length : line.length;
      out.push([line.slice(m.index, stop), rule.name!]);
      pos = stop;
      continue;
    }
    if (rule.captures) {
      for (const [i, c] of Object.entries(rule.captures))
        if (m[Number(i)] !== undefined) out.push([m[Number(i)], c.name]);
    } else out.push([m[0], rule.name!]);
    pos = m.index + m[0].length;
  }
  return out;
}

const kind = (scope: string): string => scope.split('.').slice(0, 2).join('.');

test('go.mod, go.work and go.sum are languages with the ids vscode-go uses, each with a grammar of ours', () => {
  const langs = pkg.contributes.languages;
  assert.deepEqual(
    langs.map((l) => [l.id, l.filenames[0]]),
    [
      ['go.mod', 'go.mod'],
      ['go.work', 'go.work'],
      ['go.sum', 'go.sum'],
    ],
  );
  for (const l of langs)
    assert.ok(
      pkg.contributes.grammars.some((g) => g.language === l.id),
      `${l.id} has a grammar`,
    );
  // vscode-go's grammars are registered as "go.mod" and "go.sum": the same scope name would replace one of them.
  for (const scope of grammars.keys()) assert.match(scope, /^source\.gomod-doctor\./);
});

test('the go.mod grammar colours directives, paths, versions, operators and comments', () => {
  const s = 'source.gomod-doctor.mod';
  assert.deepEqual(
    tokenize(s, 'module example.com/app // the app').map(([t, sc]) => [t, kind(sc)]),
    [
      ['module', 'keyword.other'],
      ['example.com/app', 'entity.name'],
      ['// the app', 'comment.line'],
    ],
  );
  assert.deepEqual(
    tokenize(s, 'go 1.22.3').map(([t, sc]) => [t, kind(sc)]),
    [
      ['go', 'keyword.other'],
      ['1.22.3', 'constant.numeric'],
    ],
  );
  assert.deepEqual(
    tokenize(s, '\tgolang.org/x/text v0.3.8-0.20211004125949-5bd84dd9b33b // indirect').map(([t, sc]) => [
      t,
      kind(sc),
    ]),
    [
      ['golang.org/x/text', 'entity.name'],
      ['v0.3.8-0.20211004125949-5bd84dd9b33b', 'constant.numeric'],
      ['// indirect', 'comment.line'],
    ],
  );
  assert.deepEqual(
    tokenize(s, 'replace example.com/a v1.0.0 => ../a').map(([t, sc]) => [t, kind(sc)]),
    [
      ['replace', 'keyword.other'],
      ['example.com/a', 'entity.name'],
      ['v1.0.0', 'constant.numeric'],
      ['=>', 'keyword.operator'],
      ['../a', 'string.unquoted'],
    ],
  );
  assert.deepEqual(
    tokenize(s, 'retract [v1.0.0, v1.0.5+incompatible]').map(([t, sc]) => [t, kind(sc)]),
    [
      ['retract', 'keyword.other'],
      ['[', 'punctuation.separator'],
      ['v1.0.0', 'constant.numeric'],
      [',', 'punctuation.separator'],
      ['v1.0.5+incompatible', 'constant.numeric'],
      [']', 'punctuation.separator'],
    ],
  );
  assert.deepEqual(
    tokenize(s, 'require "example.com/q" v2.0.0').map(([t, sc]) => [t, kind(sc)]),
    [
      ['require', 'keyword.other'],
      ['"example.com/q"', 'string.quoted'],
      ['v2.0.0', 'constant.numeric'],
    ],
  );
  // A module path ending in a major version stays one path.
  assert.deepEqual(
    tokenize(s, '\texample.com/m/v2 v2.1.0').map(([t]) => t),
    ['example.com/m/v2', 'v2.1.0'],
  );
});

test('the go.work and go.sum grammars', () => {
  assert.deepEqual(
    tokenize('source.gomod-doctor.work', 'use ./svc // local').map(([t, sc]) => [t, kind(sc)]),
    [
      ['use', 'keyword.other'],
      ['./svc', 'string.unquoted'],
      ['// local', 'comment.line'],
    ],
  );
  assert.deepEqual(
    tokenize('source.gomod-doctor.sum', 'example.com/a v1.0.0/go.mod h1:abc+/=').map(([t, sc]) => [
      t,
      kind(sc),
    ]),
    [
      ['example.com/a', 'entity.name'],
      ['v1.0.0', 'constant.numeric'],
      ['/go.mod', 'keyword.other'],
      ['h1:', 'keyword.other'],
      ['abc+/=', 'string.unquoted'],
    ],
  );
  assert.equal(kind(tokenize('source.gomod-doctor.sum', 'not a go.sum line')[0][1]), 'invalid.illegal');
});

test('commands are offered only in a trusted workspace with a module root; Diagnose is in the go.mod title bar', () => {
  const commands = pkg.contributes.commands;
  const palette = pkg.contributes.menus.commandPalette;
  for (const c of commands) {
    assert.match(c.enablement ?? '', /isWorkspaceTrusted/, `${c.command} is disabled in Restricted Mode`);
    const entry = palette.find((p) => p.command === c.command);
    assert.ok(entry && /isWorkspaceTrusted/.test(entry.when), `${c.command} is hidden in Restricted Mode`);
  }
  for (const id of ['gomodDoctor.diagnose', 'gomodDoctor.recheck'])
    assert.match(palette.find((p) => p.command === id)!.when, /gomodDoctor\.hasModuleRoot/);
  const title = pkg.contributes.menus['editor/title'];
  const diagnose = title.find((t) => t.command === 'gomodDoctor.diagnose');
  assert.ok(diagnose, 'Diagnose downloads is in the editor title');
  assert.match(diagnose.when, /resourceFilename =~ \/\^go\\\.\(mod\|work\)\$\//);
  assert.equal(diagnose.group, 'navigation');
  assert.ok(commands.find((c) => c.command === 'gomodDoctor.diagnose')?.icon, 'it has an icon');
});

test('no virtual workspaces; the marketplace links', () => {
  assert.equal(pkg.capabilities.virtualWorkspaces.supported, false);
  assert.match(pkg.bugs.url, /^https:\/\/\S+\/issues$/);
  assert.match(pkg.homepage, /^https:\/\//);
});
