/**
 * One documentation page per failure category, in English and in Chinese, with the sections every page needs;
 * every fix a classifier rule suggests is explained on its category's page; quoted examples are the corpus's
 * texts verbatim; the links of diagnostics (docsUrl) and of the pages themselves point at files that exist.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { CATEGORIES } from '../../src/core/categories.ts';
import { RULES } from '../../src/core/classify/rules.ts';
import { FIX_IDS } from '../../src/core/classify/types.ts';
import { docsUrl, REPOSITORY_URL } from '../../src/server/docs.ts';

const root = new URL('../..', import.meta.url).pathname;

interface Lang {
  dir: string;
  sections: string[];
  fixes: string;
  examples: string;
  cite: RegExp;
}

const LANGS: Record<'en' | 'zh-cn', Lang> = {
  en: {
    dir: 'docs/categories',
    sections: ['What it means', 'Usual causes', 'How to confirm', 'Fixes', 'Examples'],
    fixes: 'Fixes',
    examples: 'Examples',
    cite: /corpus id `([\w.-]+)`/g,
  },
  'zh-cn': {
    dir: 'docs/zh-cn/categories',
    sections: ['含义', '常见原因', '如何确认', '修复方法', '真实示例'],
    fixes: '修复方法',
    examples: '真实示例',
    cite: /语料编号 `([\w.-]+)`/g,
  },
};

interface CorpusEntry {
  id: string;
  labels: string[];
  text: string;
}

const corpus = new Map<string, CorpusEntry>();
for (const file of readdirSync(join(root, 'test/data/corpus')).filter((f) => f.endsWith('.jsonl'))) {
  for (const line of readFileSync(join(root, 'test/data/corpus', file), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const e = JSON.parse(line) as CorpusEntry;
    corpus.set(e.id, e);
  }
}

/** The page's `## ` sections by heading, in order. */
function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = md.split(/^## /m).slice(1);
  for (const p of parts) {
    const nl = p.indexOf('\n');
    out.set(p.slice(0, nl).trim(), p.slice(nl + 1));
  }
  return out;
}

function page(lang: Lang, category: string): string {
  return readFileSync(join(root, lang.dir, `${category}.md`), 'utf8');
}

test('every category has an English and a Chinese page with every required section', () => {
  const missing: string[] = [];
  for (const c of CATEGORIES) {
    for (const [name, lang] of Object.entries(LANGS)) {
      const path = join(root, lang.dir, `${c}.md`);
      if (!existsSync(path)) {
        missing.push(`${name}: ${lang.dir}/${c}.md`);
        continue;
      }
      const md = readFileSync(path, 'utf8');
      assert.ok(md.startsWith(`# \`${c}\`: `), `${lang.dir}/${c}.md: the title names the category`);
      const s = sections(md);
      assert.deepEqual([...s.keys()], lang.sections, `${lang.dir}/${c}.md: sections`);
      for (const [heading, body] of s) {
        assert.ok(body.trim().length > 40, `${lang.dir}/${c}.md: section "${heading}" is empty`);
      }
      if (name === 'zh-cn') {
        const cjk = md.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
        assert.ok(cjk > 200, `${lang.dir}/${c}.md is written in Chinese (${cjk} CJK characters)`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

test('no page for a category that does not exist', () => {
  for (const lang of Object.values(LANGS)) {
    const pages = readdirSync(join(root, lang.dir))
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.slice(0, -3));
    assert.deepEqual(
      pages.filter((p) => !(CATEGORIES as readonly string[]).includes(p)),
      [],
    );
  }
});

test('each page explains every fix its category’s rules suggest, with a known fix id', () => {
  for (const c of CATEGORIES) {
    const wanted = new Set(RULES.filter((r) => r.category === c).flatMap((r) => r.fixes));
    for (const lang of Object.values(LANGS)) {
      const fixes = sections(page(lang, c)).get(lang.fixes) ?? '';
      for (const f of wanted)
        assert.ok(fixes.includes(`\`${f}\``), `${lang.dir}/${c}.md: fix ${f} is not explained`);
      for (const m of fixes.matchAll(/^- `([a-z-]+)`/gm)) {
        assert.ok(
          (FIX_IDS as readonly string[]).includes(m[1]),
          `${lang.dir}/${c}.md: unknown fix id ${m[1]}`,
        );
      }
    }
  }
});

test('quoted examples are verbatim corpus messages of that category', () => {
  for (const c of CATEGORIES) {
    const inCorpus = [...corpus.values()].some((e) => e.labels.includes(c));
    for (const lang of Object.values(LANGS)) {
      const body = sections(page(lang, c)).get(lang.examples) ?? '';
      const cites = [...body.matchAll(lang.cite)];
      if (inCorpus) assert.ok(cites.length > 0, `${lang.dir}/${c}.md quotes no real message`);
      for (const m of cites) {
        const e = corpus.get(m[1]);
        assert.ok(e, `${lang.dir}/${c}.md cites unknown corpus id ${m[1]}`);
        assert.ok(e.labels.includes(c), `${m[1]} is not labelled ${c}`);
        const after = body.slice((m.index ?? 0) + m[0].length);
        const block = /^\s*```text\n([\s\S]*?)\n```/.exec(after);
        assert.ok(block, `${lang.dir}/${c}.md: no quoted block after ${m[1]}`);
        assert.equal(
          block[1],
          e.text.replace(/^\n+|\n+$/g, ''),
          `${lang.dir}/${c}.md: ${m[1]} is not verbatim`,
        );
      }
    }
  }
});

test('every diagnostic link (docsUrl) points at a page in this repository', () => {
  const prefix = `${REPOSITORY_URL}/blob/main/`;
  for (const c of CATEGORIES) {
    const url = docsUrl(c);
    assert.ok(url.startsWith(prefix), url);
    const rel = url.slice(prefix.length);
    assert.ok(existsSync(join(root, rel)), `${url}: ${rel} does not exist`);
  }
});

test('the indexes list every category and every relative link in the docs resolves', () => {
  for (const lang of Object.values(LANGS)) {
    const index = readFileSync(join(root, lang.dir, 'README.md'), 'utf8');
    for (const c of CATEGORIES) assert.ok(index.includes(`(${c}.md)`), `${lang.dir}/README.md lacks ${c}`);
  }
  const files = [
    ...Object.values(LANGS).flatMap((l) =>
      readdirSync(join(root, l.dir))
        .filter((f) => f.endsWith('.md'))
        .map((f) => join(root, l.dir, f)),
    ),
    ...(existsSync(join(root, 'docs/walkthrough'))
      ? readdirSync(join(root, 'docs/walkthrough'), { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.md'))
          .map((f) => join(root, 'docs/walkthrough', f))
      : []),
  ];
  const broken: string[] = [];
  for (const file of files) {
    const md = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const m of md.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1].split('#')[0];
      if (target === '' || /^[a-z]+:/i.test(target)) continue;
      if (!existsSync(resolve(dirname(file), target))) broken.push(`${file.slice(root.length)} → ${m[1]}`);
    }
  }
  assert.deepEqual(broken, []);
});
