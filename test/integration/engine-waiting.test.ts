/**
 * Early word on a hang, with the real go against a loopback GOPROXY: a request that never answers is reported
 * while go still runs, on the require it serves, with the host and a growing waited time, then replaced by the
 * final timeout finding; a slow request that does answer is reported, then withdrawn with one empty list.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkModule, type AttributedFinding } from '../../src/core/download/check.ts';
import type { Range } from '../../src/core/gomod/types.ts';
import type { GoProxy } from '../harness/goproxy.ts';
import type { Listening } from '../harness/http.ts';
import { toolchains, type Sandbox } from '../helpers/go.ts';
import { startProxyWorld } from '../helpers/proxyWorld.ts';

function textAt(text: string, r: Range): string {
  return text.split('\n')[r.start.line].slice(r.start.character, r.end.character);
}

for (const tc of toolchains()) {
  describe(`early word on a hang, go ${tc.version}`, () => {
    let proxy: GoProxy;
    let server: Listening;
    let sb: Sandbox;
    let env: Record<string, string>;
    let goVersion: string | undefined;
    let n = 0;

    before(async () => {
      ({ sb, proxy, server, env, goVersion } = await startProxyWorld(tc, [
        { path: 'example.test/ok', versions: [{ version: 'v1.0.0' }] },
        { path: 'example.test/stuck', versions: [{ version: 'v1.0.0' }] },
        { path: 'example.test/late', versions: [{ version: 'v1.0.0' }] },
      ]));
    });
    after(async () => {
      await server.close();
      sb.cleanup();
    });

    function project(requires: string[]): { dir: string; gomod: string } {
      const dir = join(sb.dir, `proj${n++}`);
      mkdirSync(dir, { recursive: true });
      const gomod = `module example.test/main\n\ngo 1.19\n\nrequire (\n${requires.map((r) => `\t${r}\n`).join('')})\n`;
      writeFileSync(join(dir, 'go.mod'), gomod);
      return { dir, gomod };
    }

    test('a proxy that never answers: provisional findings on the require while go waits, then the final one', async () => {
      proxy.faults.set({ module: 'example.test/stuck' }, { kind: 'hang' });
      try {
        const { dir, gomod } = project(['example.test/ok v1.0.0', 'example.test/stuck v1.0.0']);
        const calls: { at: number; findings: AttributedFinding[] }[] = [];
        const started = Date.now();
        const r = await checkModule({
          goBin: tc.bin,
          dir,
          env,
          goVersion,
          timeoutMs: 5000,
          waitNoticeMs: 1000,
          onWaiting: (findings) => calls.push({ at: Date.now() - started, findings }),
        });
        const early = calls.filter((c) => c.findings.length > 0);
        assert.ok(
          early.length >= 2,
          `reported about once a second: ${JSON.stringify(calls.map((c) => c.at))}`,
        );
        assert.ok(early[0].at >= 1000, `not before waitNoticeMs: ${early[0].at} ms`);
        const f = early[0].findings[0];
        assert.equal(early[0].findings.length, 1, JSON.stringify(early[0].findings));
        assert.equal(f.provisional, true);
        assert.equal(f.category, 'timeout');
        assert.equal(f.ruleId, 'engine-waiting');
        assert.equal(f.host, `127.0.0.1:${server.port}`);
        assert.equal(f.module, 'example.test/stuck');
        assert.equal(f.file, join(dir, 'go.mod'));
        assert.equal(textAt(gomod, f.range), 'example.test/stuck v1.0.0');
        assert.match(f.summary, new RegExp(`127\\.0\\.0\\.1:${server.port}`));
        assert.deepEqual(f.fixes, ['set-goproxy', 'check-network', 'set-goprivate']);
        assert.ok(f.waitedMs! >= 1000);
        const last = early[early.length - 1].findings[0];
        assert.ok(last.waitedMs! > f.waitedMs!, 'the waited time grows');
        // The final result replaces the early word: the timeout finding on the same line, not provisional.
        assert.equal(r.runs[0].timedOut, true);
        assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
        assert.equal(r.findings[0].category, 'timeout');
        assert.equal(r.findings[0].provisional, undefined);
        assert.deepEqual(r.findings[0].range, f.range);
        const after = calls.length;
        await new Promise((res) => setTimeout(res, 1500));
        assert.equal(calls.length, after, 'nothing reported after the check returned');
      } finally {
        proxy.faults.set({ module: 'example.test/stuck' }, undefined);
      }
    });

    test('a slow request that does answer: reported, then withdrawn with one empty list; no finding at the end', async () => {
      proxy.faults.set({ module: 'example.test/late', route: 'info' }, { kind: 'delay', ms: 2600 });
      try {
        const { dir } = project(['example.test/late v1.0.0']);
        const calls: AttributedFinding[][] = [];
        const r = await checkModule({
          goBin: tc.bin,
          dir,
          env,
          goVersion,
          timeoutMs: 30_000,
          waitNoticeMs: 1000,
          onWaiting: (findings) => calls.push(findings),
        });
        assert.deepEqual(r.findings, [], JSON.stringify(r.runs.map((x) => x.stderr)));
        const firstEmpty = calls.findIndex((c) => c.length === 0);
        assert.ok(firstEmpty > 0, `reported before withdrawn: ${JSON.stringify(calls.map((c) => c.length))}`);
        assert.equal(calls[0][0].module, 'example.test/late');
        assert.equal(calls.filter((c) => c.length === 0).length, 1, 'withdrawn once');
        assert.equal(calls[calls.length - 1].length, 0, 'the last word is the empty list');
      } finally {
        proxy.faults.set({ module: 'example.test/late', route: 'info' }, undefined);
      }
    });
  });
}
