/**
 * Every scenario of the catalog × every selected Go version (GOMOD_DOCTOR_GO_VERSIONS; CI: all):
 * the real go command, run against the harness world inside a private network namespace, must
 * still show the failure the scenario is meant to show.
 *
 * One child process (test/harness/run-scenarios.ts, inside `unshare -n -m`) runs the whole matrix
 * with two go processes at a time; each scenario × version is then its own test. Without a
 * namespace (non-root, no user namespaces) the world runs in loopback mode and the scenarios that
 * need real DNS or fixed addresses are skipped with the reason; in CI that is a failure.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isCategory, isStage } from '../../src/core/categories.ts';
import { MATRIX, selectedVersions, toolchains } from '../helpers/go.ts';
import { canUseNetns, netnsReason, spawnInNetns } from '../harness/netns.ts';
import { SCENARIOS } from '../harness/scenarios/catalog.ts';
import { checkTranscript, expectationFor } from '../harness/scenarios/run.ts';
import { classifyTranscript } from '../helpers/classifyTranscript.ts';
import type { Transcript } from '../harness/scenarios/types.ts';

const root = new URL('../..', import.meta.url).pathname;
const versions = selectedVersions();

type Line = Transcript | { scenario: string; goVersion: string; skipped?: string; error?: string };

let results: Promise<Map<string, Line>> | undefined;

function runAll(): Promise<Map<string, Line>> {
  toolchains(versions); // install before entering the namespace (no network inside)
  const netns = canUseNetns();
  if (!netns && process.env.CI) {
    return Promise.reject(new Error(`CI must run every scenario, but no namespace: ${netnsReason()}`));
  }
  const args = [
    '--import',
    'tsx',
    'test/harness/run-scenarios.ts',
    '--mode',
    netns ? 'netns' : 'loopback',
    '--go',
    versions.join(','),
  ];
  const opts = { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'] };
  const child = netns ? spawnInNetns(process.execPath, args, opts) : spawn(process.execPath, args, opts);
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      const map = new Map<string, Line>();
      for (const l of stdout.split('\n')) {
        if (l.trim() === '') continue;
        const t = JSON.parse(l) as Line;
        map.set(`${t.scenario}@${t.goVersion}`, t);
      }
      if (code !== 0) return reject(new Error(`run-scenarios exited ${code}:\n${stderr.slice(-4000)}`));
      const done = /done in [\d.]+ s/.exec(stderr);
      if (done) process.stderr.write(`scenarios: ${versions.join(',')} ${done[0]}\n`);
      resolve(map);
    });
  });
}

describe('scenario catalog', () => {
  test('has at least 30 scenarios with unique ids', () => {
    assert.ok(SCENARIOS.length >= 30, `${SCENARIOS.length} scenarios`);
    assert.equal(new Set(SCENARIOS.map((s) => s.id)).size, SCENARIOS.length);
  });

  test('test/SCENARIOS.md documents every scenario', () => {
    const doc = readFileSync(join(root, 'test/SCENARIOS.md'), 'utf8');
    const missing = SCENARIOS.filter((s) => !doc.includes(`### \`${s.id}\``)).map((s) => s.id);
    assert.deepEqual(missing, []);
  });

  for (const version of versions) {
    describe(`go ${version}`, () => {
      for (const s of SCENARIOS) {
        test(s.id, async (t) => {
          results ??= runAll();
          const line = (await results).get(`${s.id}@${version}`);
          assert.ok(line, `no result for ${s.id} on ${version}`);
          if ('skipped' in line && line.skipped) {
            t.skip(line.skipped);
            return;
          }
          if ('error' in line && line.error) assert.fail(`harness error: ${line.error}`);
          const tr = line as Transcript;
          const problems = checkTranscript(s, tr);
          // Live classification: what the engine's classifier makes of this very run.
          const e = expectationFor(s, Number(version.split('.')[1]));
          const got = classifyTranscript(tr);
          const want = { category: e.category ?? s.expectedCategory, stage: e.stage ?? s.expectedStage };
          if (got.category !== want.category || got.stage !== want.stage)
            problems.push(`classified ${got.category}/${got.stage}, expected ${want.category}/${want.stage}`);
          assert.deepEqual(
            problems,
            [],
            `${s.id} on go ${version}:\n${problems.join('\n')}\n--- stderr ---\n${tr.stderr.slice(-3000)}\n--- stdout ---\n${tr.stdout.slice(-2000)}`,
          );
        });
      }
    });
  }
});

describe('stored transcripts (test/data/transcripts, npm run transcripts)', () => {
  for (const s of SCENARIOS) {
    test(s.id, () => {
      assert.ok(isCategory(s.expectedCategory), s.expectedCategory);
      assert.ok(isStage(s.expectedStage), s.expectedStage);
      for (const version of MATRIX) {
        const file = join(root, 'test/data/transcripts', s.id, `${version}.json`);
        let t: Transcript;
        try {
          t = JSON.parse(readFileSync(file, 'utf8')) as Transcript;
        } catch (e) {
          assert.fail(`${file}: ${e instanceof Error ? e.message : String(e)} (run npm run transcripts)`);
        }
        const e = expectationFor(s, Number(version.split('.')[1]));
        assert.equal(t.expectedCategory, e.category ?? s.expectedCategory, `${file}: stale category`);
        assert.equal(t.expectedStage, e.stage ?? s.expectedStage, `${file}: stale stage`);
        assert.deepEqual(checkTranscript(s, t), [], `${file} no longer meets the scenario's expectation`);
      }
    });
  }
});
