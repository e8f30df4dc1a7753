/**
 * The language server speaks the editor's language: the same failing require (a version the module proxy does
 * not have) checked by a server initialized with locale 'en' and by one with 'zh-cn'. The Chinese diagnostic,
 * hover and quick-fix titles must be exactly the zh-cn bundle's texts for the English ones, with the same
 * arguments, and contain Chinese characters.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildModules } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { sandbox, toolchains, type Sandbox } from '../helpers/go.ts';
import { readBundle } from '../helpers/l10nScan.ts';
import { startLsp } from '../helpers/lspClient.ts';

const zh = readBundle('zh-cn');
const CJK = /[\u4e00-\u9fff]/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The Chinese text the bundle gives for an English message built from a template: finds the template the
 * message was made from (the most specific one that matches) and puts the same arguments into its translation.
 */
function expectedChinese(english: string): string {
  let best: { literal: number; zh: string } | undefined;
  for (const [template, cn] of Object.entries(zh)) {
    const order: number[] = [];
    const source = template
      .split(/(\{\d+\})/)
      .map((part) => {
        const m = /^\{(\d+)\}$/.exec(part);
        if (!m) return escapeRegExp(part);
        order.push(Number(m[1]));
        return '(.+?)';
      })
      .join('');
    const match = new RegExp(`^${source}$`, 's').exec(english);
    if (!match) continue;
    const args: string[] = [];
    order.forEach((n, i) => (args[n] = match[i + 1]));
    const literal = template.replace(/\{\d+\}/g, '').length;
    if (!best || literal > best.literal)
      best = { literal, zh: cn.replace(/\{(\d+)\}/g, (_, n: string) => args[Number(n)] ?? '') };
  }
  assert.ok(best, `no bundle template produces ${JSON.stringify(english)}`);
  return best.zh;
}

interface Seen {
  message: string;
  code?: string;
  hover: string;
  titles: string[];
}

for (const tc of toolchains()) {
  describe(`language server in Simplified Chinese with go ${tc.version}`, () => {
    let sb: Sandbox;
    let server: Listening;

    before(async () => {
      sb = sandbox(tc);
      const fx = await buildModules(
        [{ path: 'example.test/lib', versions: [{ version: 'v1.0.0' }, { version: 'v1.2.0' }] }],
        join(sb.dir, 'fixtures'),
      );
      server = await listen(createGoProxy({ modules: fx.modules }).handler);
      sb.env.GOPROXY = server.url;
      sb.env.GOSUMDB = 'off';
    });

    after(async () => {
      await server.close();
      sb.cleanup();
    });

    async function check(locale: string): Promise<Seen> {
      const ws = join(sb.dir, `ws-${locale}`);
      mkdirSync(ws, { recursive: true });
      const gomod = join(ws, 'go.mod');
      writeFileSync(gomod, 'module example.test/app\n\ngo 1.19\n\nrequire (\n\texample.test/lib v1.1.0\n)\n');
      const lsp = await startLsp({
        env: sb.env,
        workspace: ws,
        locale,
        richClient: true,
        settings: { runOn: 'save', timeout: 60 },
      });
      try {
        const uri = `file://${gomod}`;
        const pub = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
        assert.equal(pub.diagnostics.length, 1, JSON.stringify(pub.diagnostics));
        const d = pub.diagnostics[0];
        const hover = await lsp.conn.sendRequest<{ contents: { value: string } } | null>(
          'textDocument/hover',
          {
            textDocument: { uri },
            position: { line: 5, character: 20 },
          },
        );
        const actions = await lsp.conn.sendRequest<{ title: string }[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: d.range,
          context: { diagnostics: [d] },
        });
        return {
          message: d.message,
          code: d.code,
          hover: hover?.contents.value ?? '',
          titles: actions.map((a) => a.title),
        };
      } finally {
        await lsp.close();
      }
    }

    test('diagnostic, hover and quick fixes are the bundle’s Chinese for the English ones', async () => {
      const en = await check('en');
      const cn = await check('zh-cn');
      assert.equal(cn.code, 'not-found');
      assert.equal(cn.code, en.code, 'the category id is not translated');
      assert.doesNotMatch(en.message, CJK);

      assert.match(cn.message, CJK);
      assert.equal(cn.message, expectedChinese(en.message));

      assert.ok(en.titles.length > 0, 'quick fixes are offered');
      assert.equal(cn.titles.length, en.titles.length);
      for (let i = 0; i < en.titles.length; i++) {
        assert.match(cn.titles[i], CJK, cn.titles[i]);
        assert.equal(cn.titles[i], expectedChinese(en.titles[i]));
      }
      assert.ok(
        cn.titles.includes(zh['Change the version to {0}'].replace('{0}', 'v1.2.0')),
        cn.titles.join(' | '),
      );

      // The hover's headings and sentences are the bundle's; go's own output (the evidence) stays as go wrote it.
      for (const label of [
        'Stage',
        'What go said',
        'Fixes (Quick Fix, Ctrl+.)',
        'Learn more about this cause',
      ]) {
        assert.ok(en.hover.includes(label), `English hover has ${label}`);
        assert.ok(cn.hover.includes(zh[label]), `Chinese hover has ${zh[label]}:\n${cn.hover}`);
        assert.ok(!cn.hover.includes(`${label}:`), `Chinese hover still says ${label}`);
      }
      assert.ok(cn.hover.includes(cn.message), 'the hover repeats the Chinese summary');
      for (const title of cn.titles) assert.ok(cn.hover.includes(title), `hover lists ${title}`);
      assert.match(cn.hover, /docs\/categories\/not-found\.md/);
    });
  });
}
