/**
 * Adversarial logs (test/helpers/adversarialLog.ts): the classifier reads through megabytes of lines built to make
 * backtracking regular expressions slow and still finds the real error among them. How long that takes is a
 * benchmark figure (bench/micro.ts, `npm run bench`, guarded in CI by its quick mode), not a test.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainText } from '../../src/core/classify/index.ts';
import { adversarialLine, adversarialLog } from '../helpers/adversarialLog.ts';

test('a 1 MB adversarial log: the real errors among the noise are found, the last one at its very end', () => {
  const last = 'go: z.test/last@v1.2.3: reading https://proxy.test/z.test/last/@v/v1.2.3.info: 404 Not Found';
  const findings = explainText(adversarialLog(1_000_000) + '\n' + last + '\n');
  const shown = JSON.stringify(findings.map((f) => [f.category, f.ruleId, f.module]));
  const timeout = findings.find((f) => f.category === 'timeout');
  assert.ok(timeout, shown);
  assert.equal(timeout.module, 'a.test/m');
  assert.equal(timeout.host, 'p.test');
  const notFound = findings.find((f) => f.category === 'not-found');
  assert.ok(notFound, shown);
  assert.equal(notFound.module, 'z.test/last');
  assert.equal(notFound.version, 'v1.2.3');
});

test('one 1 MB line without a newline: one unclassified finding whose evidence is cut short', () => {
  const findings = explainText(adversarialLine());
  assert.deepEqual(
    findings.map((f) => f.category),
    ['unknown'],
  );
  const evidence = findings[0].evidence.join('\n');
  assert.ok(evidence.startsWith('go: a.test/m@v1.0.0: Get "https://x/'), evidence.slice(0, 80));
  assert.ok(evidence.length < 1000, `evidence of ${evidence.length} characters`);
});
