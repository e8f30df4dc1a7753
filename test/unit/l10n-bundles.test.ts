/**
 * Every translated message has a Chinese text and every Chinese text is used: the messages in the code (t() and
 * vscode.l10n.t(), found by test/helpers/l10nScan.ts) against l10n/bundle.l10n.zh-cn.json, and the %keys% of
 * package.json against package.nls.json and package.nls.zh-cn.json. Placeholders must match.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { explainExitCode, explainText } from '../../src/core/classify/index.ts';
import { setLocale } from '../../src/core/l10n.ts';
import { placeholders, readBundle, repoRoot, scanSources } from '../helpers/l10nScan.ts';

const CJK = /[\u4e00-\u9fff]/;

/** Messages with no words to translate (product names, protocol words, pure formats). */
const SAME_IN_CHINESE = new Set(['Go Module Doctor', 'Go', 'GET {0}', '{0} → {1}', '{0}@{1}: {2}']);

function readJson(rel: string): Record<string, string> {
  return JSON.parse(readFileSync(join(repoRoot, rel), 'utf8')) as Record<string, string>;
}

const scan = scanSources();
const used = new Set(scan.uses.map((u) => u.message));
const zh = readBundle('zh-cn');

test('every translated message in the code has a literal (or table) English text', () => {
  assert.deepEqual(
    scan.unresolved.map((u) => `${u.file}:${u.line}: ${u.text}`),
    [],
    'first arguments of t() must be string literals or lookups in a table of literals in the same file',
  );
  assert.ok(used.size > 50, `expected many messages, found ${used.size}`);
});

test('the zh-cn bundle has every message the code uses', () => {
  const missing = [...used].filter((k) => typeof zh[k] !== 'string' || zh[k] === '');
  const where = missing.map((k) => {
    const u = scan.uses.find((x) => x.message === k);
    return `${u?.file}:${u?.line}: ${JSON.stringify(k)}`;
  });
  assert.deepEqual(where, [], 'add these to l10n/bundle.l10n.zh-cn.json (npx tsx test/helpers/l10nScan.ts)');
});

test('the zh-cn bundle has no message the code no longer uses', () => {
  assert.deepEqual(
    Object.keys(zh).filter((k) => !used.has(k)),
    [],
  );
});

test('zh-cn texts keep the placeholders of the English text and are Chinese', () => {
  for (const [en, cn] of Object.entries(zh)) {
    assert.deepEqual(placeholders(cn), placeholders(en), `placeholders of ${JSON.stringify(en)}`);
    if (!SAME_IN_CHINESE.has(en)) assert.match(cn, CJK, `${JSON.stringify(en)} is not translated`);
  }
});

test('package.json %keys%, package.nls.json and package.nls.zh-cn.json agree', () => {
  const raw = readFileSync(join(repoRoot, 'package.json'), 'utf8');
  const keys = new Set([...raw.matchAll(/"%([^%"\s]+)%"/g)].map((m) => m[1]));
  const en = readJson('package.nls.json');
  const cn = readJson('package.nls.zh-cn.json');
  assert.deepEqual(
    [...keys].filter((k) => !(k in en)),
    [],
    'package.nls.json lacks keys package.json uses',
  );
  assert.deepEqual(
    Object.keys(en).filter((k) => !keys.has(k)),
    [],
    'package.nls.json has unused keys',
  );
  assert.deepEqual(Object.keys(en).sort(), Object.keys(cn).sort(), 'package.nls.zh-cn.json keys');
  for (const [k, v] of Object.entries(en)) {
    assert.ok(typeof cn[k] === 'string' && cn[k] !== '', `package.nls.zh-cn.json: ${k}`);
    assert.deepEqual(placeholders(cn[k]), placeholders(v), `placeholders of ${k}`);
    // Paths (walkthrough media) and product names stay as they are; sentences are translated.
    if (/\s/.test(v) && !SAME_IN_CHINESE.has(v)) assert.match(cn[k], CJK, `package.nls.zh-cn.json: ${k}`);
  }
});

test('the scanner follows tables and refuses what it cannot see', () => {
  const dir = mkdtempSync(join(tmpdir(), 'l10n-scan-'));
  try {
    mkdirSync(join(dir, 'core'));
    writeFileSync(
      join(dir, 'core', 'a.ts'),
      [
        "import { t } from '../core/l10n.ts';",
        "const TABLE = { a: 'Alpha {0}', b: 'Beta' } as const;",
        "const NESTED: Record<string, { what: string }> = { x: { what: 'Ex' }, y: { what: 'Why' } };",
        'export function f(k: keyof typeof TABLE, n: string, dyn: string): string[] {',
        '  const s = NESTED[n];',
        "  return [t('Literal'), t(TABLE.a, 1), t(TABLE[k] ?? 'Fallback'), t(s.what), t(dyn), t(`x${n}`)];",
        '}',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'core', 'b.ts'),
      "import * as vscode from 'vscode';\nconst t = (s: string) => s;\nvscode.l10n.t('Client');\nt('not ours');\nconst l = vscode.l10n.t;\nl('Hidden');\n",
    );
    const r = scanSources(dir);
    assert.deepEqual(
      [...new Set(r.uses.map((u) => u.message))].sort(),
      ['Alpha {0}', 'Beta', 'Client', 'Ex', 'Fallback', 'Literal', 'Why'].sort(),
    );
    assert.deepEqual(
      r.unresolved.map((u) => u.text),
      ['dyn', '`x${n}`', 'vscode.l10n.t used as a value'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('in zh-cn every finding of the real corpus and every exit-code explanation reads in Chinese', () => {
  const texts = readdirSync(join(repoRoot, 'test/data/corpus'))
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(repoRoot, 'test/data/corpus', f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text);
  setLocale('zh-cn');
  try {
    let findings = 0;
    for (const text of texts) {
      for (const f of explainText(text)) {
        findings++;
        assert.match(f.summary, CJK, `untranslated summary ${JSON.stringify(f.summary)} for ${f.ruleId}`);
      }
    }
    assert.ok(findings >= texts.length, `${findings} findings for ${texts.length} messages`);
    for (const code of [0, 1, 2, 124, 126, 127, 128, 130, 137, 143, 3]) {
      assert.match(explainExitCode(code), CJK, `exit code ${code}`);
    }
    assert.match(explainExitCode(undefined, 'SIGKILL'), CJK);
  } finally {
    setLocale('en');
  }
});
