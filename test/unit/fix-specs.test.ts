/**
 * One table for fixes (src/core/fix/specs.ts): the quick fixes, the report panel's buttons, the client's
 * questions and the protocol's fix sets all come from it, so they cannot drift apart.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Category } from '../../src/core/categories.ts';
import { FIX_IDS, type FixId } from '../../src/core/classify/types.ts';
import { FIX_SPECS, questionsFor, SPEC_IDS } from '../../src/core/fix/specs.ts';
import { fixRequestFor } from '../../src/client/report/messages.ts';
import { codeActionsFor } from '../../src/server/codeActions.ts';
import type { DiagnosticData } from '../../src/server/diagnostics.ts';
import { DANGEROUS_FIXES, ENV_FIXES } from '../../src/shared/protocol.ts';

const RANGE = { start: { line: 4, character: 8 }, end: { line: 4, character: 30 } };

function diag(
  category: Category,
  fixes: FixId[],
  module: string,
  extra: Partial<DiagnosticData> = {},
): Diagnostic {
  const finding = {
    category,
    stage: undefined,
    ruleId: 'test',
    summary: 's',
    evidence: [],
    fixes,
    module,
    version: 'v1.0.0',
    host: 'git.corp.example',
    file: '/ws/go.mod',
    range: RANGE,
  };
  return { range: RANGE, message: 's', code: category, data: { finding, root: '/ws', ...extra } };
}

const argsOf = (a: {
  command?: { arguments?: unknown[] };
}): { fix?: string; inputs?: Record<string, string> } => a.command?.arguments?.[0] ?? {};

test('the report panel and the quick fix add the same GOPRIVATE/GONOSUMDB pattern for every shared host', () => {
  for (const module of [
    'gitee.com/org/x',
    'codeberg.org/o/r/v2',
    'github.com/acme/lib',
    'git.corp.example/a/b',
  ]) {
    for (const fix of ['set-goprivate', 'set-gonosumdb'] as const) {
      const quick = codeActionsFor('file:///ws/go.mod', diag('sumdb', [fix], module), { richClient: true });
      const fromQuick = argsOf(quick[0]).inputs?.pattern;
      const panel = fixRequestFor({ type: 'fix', fix, category: 'sumdb', module }, '/ws');
      assert.ok(fromQuick, `${fix} ${module}: no quick fix`);
      assert.equal(panel?.inputs?.pattern, fromQuick, `${fix} ${module}`);
    }
  }
  const gitee = fixRequestFor(
    { type: 'fix', fix: 'set-goprivate', category: 'sumdb', module: 'gitee.com/org/x' },
    '/ws',
  );
  assert.equal(gitee?.inputs?.pattern, 'gitee.com/org');
});

test('the table has exactly one entry per fix id, each with a label', () => {
  assert.deepEqual([...SPEC_IDS].sort(), [...FIX_IDS].sort());
  for (const id of FIX_IDS) assert.ok(FIX_SPECS[id].label().length > 3, id);
});

test("the protocol's dangerous and environment fix sets are the table's", () => {
  assert.deepEqual([...DANGEROUS_FIXES].sort(), FIX_IDS.filter((id) => FIX_SPECS[id].danger).sort());
  assert.deepEqual([...ENV_FIXES].sort(), FIX_IDS.filter((id) => FIX_SPECS[id].writes === 'go-env').sort());
  assert.ok(DANGEROUS_FIXES.has('set-goinsecure') && ENV_FIXES.has('set-goprivate'));
});

test('every fix that writes something is offered as a quick fix, and advice never is', () => {
  for (const id of FIX_IDS) {
    const spec = FIX_SPECS[id];
    // go.mod edits need a document (code-actions.test.ts); go.sum lines a missing-sum finding (gosum tests).
    if (spec.writes === 'go.mod' || spec.writes === 'go.sum') continue;
    const actions = codeActionsFor('file:///ws/go.mod', diag('http-proxy', [id], 'git.corp.example/a/b'), {
      richClient: true,
    }).filter((a) => argsOf(a).fix === id);
    if (spec.writes === 'advice') assert.equal(actions.length, 0, id);
    else assert.ok(actions.length > 0, `${id} is not offered`);
    if (spec.writes === 'go-env' || spec.writes === 'process-env') assert.ok(spec.env, `${id} sets nothing`);
    // The panel offers the same (except advice, which it names only).
    const req = fixRequestFor(
      {
        type: 'fix',
        fix: id,
        category: 'http-proxy',
        module: 'git.corp.example/a/b',
        host: 'git.corp.example',
        version: 'v1.0.0',
      },
      '/ws',
    );
    assert.equal(req === undefined, spec.writes === 'advice', id);
  }
});

test('the client asks the danger question first and the scope last, as the table says', () => {
  assert.deepEqual(questionsFor('set-goinsecure'), ['confirm-danger', 'scope']);
  assert.deepEqual(questionsFor('netrc-credentials'), ['credentials']);
  assert.deepEqual(questionsFor('set-goproxy'), ['proxy', 'scope']);
  assert.deepEqual(questionsFor('set-proxy-env'), ['env-value']);
  assert.deepEqual(questionsFor('check-dns'), []);
});
