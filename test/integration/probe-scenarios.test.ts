/**
 * diagnoseDownloads against the scenario catalog, with the real go, inside the private network namespace
 * (real names resolve through the harness DNS responder, so the DNS stage is the real resolver's answer).
 *
 * This file is both the test and, with GMD_PROBE_CHILD=1, the child that runs inside the namespace: the
 * child starts the world, runs one diagnosis per scenario × Go version and prints one JSON line each; the
 * parent checks that the conclusion names the right root cause first and the stage picture marks the right
 * stage. One extra case makes every endpoint hang and checks that the diagnosis ends within 30 s and says
 * which stage hung where.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { readEffectiveGoEnv } from '../../src/core/env/effective.ts';
import { diagnoseDownloads } from '../../src/core/probe/diagnose.ts';
import type { Category } from '../../src/core/categories.ts';
import type { ProbeStageId, Report, StageStatus } from '../../src/core/report/model.ts';
import { renderReportText } from '../../src/core/report/render.ts';
import { answer } from '../harness/dns.ts';
import { listen } from '../harness/http.ts';
import { canUseNetns, netnsReason, spawnInNetns } from '../harness/netns.ts';
import { SCENARIOS, setupScenarios } from '../harness/scenarios/catalog.ts';
import { PRIVATE_PREFIXES, UNIVERSE } from '../harness/scenarios/modules.ts';
import type { Scenario } from '../harness/scenarios/types.ts';
import { scenarioContext } from '../harness/scenarios/run.ts';
import { startWorld, type World } from '../harness/world.ts';
import { selectedVersions, toolchains, type Toolchain } from '../helpers/go.ts';

interface Expect {
  /** The first root cause's category (per Go minor version when it differs). */
  category: Category | ((minor: number) => Category);
  /** The probe (by kind) and stage that must be marked failed; undefined: every probe passes. */
  probe?: { id: string; stage: ProbeStageId; status?: StageStatus };
  /** The first cause comes from a probe (true) or from the modules / go (false). */
  fromProbe: boolean;
}

const EXPECT: Record<string, Expect> = {
  'dns-no-such-host': { category: 'dns', probe: { id: 'goproxy:0', stage: 'dns' }, fromProbe: true },
  'dns-server-misbehaving': { category: 'dns', probe: { id: 'goproxy:0', stage: 'dns' }, fromProbe: true },
  'connection-refused': { category: 'connect', probe: { id: 'goproxy:0', stage: 'tcp' }, fromProbe: true },
  'proxy-hangs': {
    category: 'timeout',
    probe: { id: 'goproxy:0', stage: 'http', status: 'timeout' },
    fromProbe: true,
  },
  'tls-unknown-authority': { category: 'tls', probe: { id: 'goproxy:0', stage: 'tls' }, fromProbe: true },
  'tls-wrong-host': { category: 'tls', probe: { id: 'goproxy:0', stage: 'tls' }, fromProbe: true },
  'http-proxy-407': { category: 'http-proxy', probe: { id: 'goproxy:0', stage: 'proxy' }, fromProbe: true },
  'http-proxy-refuses-connect': {
    category: 'http-proxy',
    probe: { id: 'goproxy:0', stage: 'proxy' },
    fromProbe: true,
  },
  'goproxy-401': { category: 'auth', probe: { id: 'goproxy:0', stage: 'auth' }, fromProbe: true },
  'goproxy-5xx': { category: 'server', probe: { id: 'goproxy:0', stage: 'http' }, fromProbe: true },
  'sumdb-unreachable': { category: 'connect', probe: { id: 'sumdb', stage: 'tcp' }, fromProbe: true },
  'sumdb-404-private': { category: 'sumdb', fromProbe: false },
  'not-found-404': { category: 'not-found', fromProbe: false },
  'checksum-mismatch-gosum': { category: 'checksum-mismatch', fromProbe: false },
  // go 1.19/1.20 reject the three-part go line as a parse error, but the cause is a go too old (the catalog agrees).
  'toolchain-unavailable': { category: 'toolchain', fromProbe: false },
};

const HANG_CASE = 'every-endpoint-hangs';

interface Line {
  scenario: string;
  goVersion: string;
  report?: Report;
  text?: string;
  wallMs?: number;
  error?: string;
}

// ------------------------------------------------------------------------------------------ child

/** A go.mod requiring the scenario's modules (scenarios name them as arguments of go mod download). */
function goModFor(s: Scenario): string {
  if (s.goMod) return s.goMod;
  const reqs = (s.modules ?? []).map((m) => m.split('@')).map(([p, v]) => `\t${p} ${v}`);
  return `module example.com/app\n\ngo 1.19\n${reqs.length > 0 ? `\nrequire (\n${reqs.join('\n')}\n)\n` : ''}`;
}

/** Servers that accept and never answer: a bare TCP one (TLS hangs) and an HTTPS one (HTTP hangs). */
async function startHangs(world: World): Promise<Record<string, string>> {
  const sockets = new Set<net.Socket>();
  const raw = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => s.destroy());
  });
  await new Promise<void>((resolve) => raw.listen(443, '127.0.0.5', resolve));
  const rawGit = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => s.destroy());
  });
  await new Promise<void>((resolve) => rawGit.listen(443, '127.0.0.7', resolve));
  const httpHang = await listen(() => undefined, {
    host: '127.0.0.6',
    port: 443,
    tls: world.ca.issue(['sumhang.corp.example']),
  });
  world.setDns('hang.corp.example', answer(['127.0.0.5']));
  world.setDns('sumhang.corp.example', answer(['127.0.0.6']));
  world.setDns('git.hang.example', answer(['127.0.0.7']));
  world.onClose(async () => {
    for (const s of sockets) s.destroy();
    await Promise.all([
      new Promise<void>((r) => raw.close(() => r())),
      new Promise<void>((r) => rawGit.close(() => r())),
      httpHang.close(),
    ]);
  });
  return {
    GOPROXY: 'https://hang.corp.example',
    GOSUMDB: 'sum.golang.org https://sumhang.corp.example',
    GOPRIVATE: 'git.hang.example',
  };
}

async function diagnoseOne(
  world: World,
  tc: Toolchain,
  s: Scenario | undefined,
  hangEnv: Record<string, string>,
): Promise<Line> {
  const ctx = scenarioContext(world, tc, { ...(s?.env ?? {}), ...(s ? {} : hangEnv) });
  const { sb, work, env, write } = ctx;
  try {
    if (s) {
      write('go.mod', goModFor(s));
      for (const [rel, text] of Object.entries(s.files ?? {})) write(rel, text);
      await s.prepare?.(ctx);
    } else {
      write(
        'go.mod',
        'module example.com/app\n\ngo 1.19\n\nrequire (\n\texample.com/hello v1.0.0\n\tgit.hang.example/team/lib v1.0.0\n)\n',
      );
    }
    const eff = await readEffectiveGoEnv(tc.bin, env, { cwd: work });
    const sources = Object.fromEntries(Object.keys(env).map((k) => [k, 'process' as const]));
    const started = Date.now();
    const report = await diagnoseDownloads({
      goBin: tc.bin,
      root: work,
      env,
      envSources: sources,
      effective: eff.values,
      goVersion: eff.goVersion,
      ...(eff.error ? { goError: eff.error } : {}),
      // The catalog's hang is an HTTP hang: shorter limits keep the suite fast. The all-hang case uses the
      // defaults, which are what the 30-second promise is about.
      ...(s ? { timeouts: { totalMs: 15_000, httpMs: 4_000, gitMs: 5_000 } } : {}),
    });
    return {
      scenario: s?.id ?? HANG_CASE,
      goVersion: tc.version,
      report,
      text: renderReportText(report),
      wallMs: Date.now() - started,
    };
  } finally {
    await s?.cleanup?.(ctx);
    sb.cleanup();
  }
}

async function child(): Promise<void> {
  const versions = selectedVersions();
  const tcs = toolchains(versions);
  const only = process.env.GMD_PROBE_ONLY?.split(',');
  const chosen = SCENARIOS.filter((s) => s.id in EXPECT && (!only || only.includes(s.id)));
  const world = await startWorld({ mode: 'netns', modules: UNIVERSE, privatePrefixes: PRIVATE_PREFIXES });
  try {
    setupScenarios(world, chosen);
    const hangEnv = await startHangs(world);
    const jobs: (() => Promise<void>)[] = [];
    for (const tc of tcs) {
      for (const s of [...chosen, ...(!only || only.includes(HANG_CASE) ? [undefined] : [])]) {
        jobs.push(async () => {
          let line: Line;
          try {
            line = await diagnoseOne(world, tc, s, hangEnv);
          } catch (e) {
            line = {
              scenario: s?.id ?? HANG_CASE,
              goVersion: tc.version,
              error: String((e as Error).stack ?? e),
            };
          }
          process.stdout.write(JSON.stringify(line) + '\n');
          process.stderr.write(`${tc.version} ${line.scenario}: ${line.wallMs ?? '-'} ms\n`);
        });
      }
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) await jobs[next++]();
    };
    await Promise.all([worker(), worker()]);
  } finally {
    await world.close();
  }
}

// ----------------------------------------------------------------------------------------- parent

let results: Promise<Map<string, Line>> | undefined;

function runChild(): Promise<Map<string, Line>> {
  toolchains(selectedVersions()); // installed before entering the namespace
  const root = new URL('../..', import.meta.url).pathname;
  const self = new URL(import.meta.url).pathname;
  const child = spawnInNetns(process.execPath, ['--import', 'tsx', self], {
    cwd: root,
    env: { ...process.env, GMD_PROBE_CHILD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`probe child exited ${code}:\n${stderr.slice(-4000)}`));
      const map = new Map<string, Line>();
      for (const l of stdout.split('\n')) {
        if (l.trim() === '') continue;
        const line = JSON.parse(l) as Line;
        map.set(`${line.scenario}@${line.goVersion}`, line);
      }
      resolve(map);
    });
  });
}

async function lineFor(id: string, version: string): Promise<Line & { report: Report }> {
  results ??= runChild();
  const line = (await results).get(`${id}@${version}`);
  assert.ok(line, `no result for ${id} on ${version}`);
  assert.equal(line.error, undefined, line.error);
  assert.ok(line.report);
  return line as Line & { report: Report };
}

if (process.env.GMD_PROBE_CHILD === '1') {
  await child();
} else {
  // Each test is skipped on its own without a namespace (a skipped suite would hide how many checks did not run).
  const skip = canUseNetns() ? false : `no namespace: ${netnsReason()}`;
  describe('diagnoseDownloads: scenarios', () => {
    for (const version of selectedVersions()) {
      const minor = Number(version.split('.')[1]);
      describe(`go ${version}`, () => {
        for (const [id, want] of Object.entries(EXPECT)) {
          test(id, { skip }, async () => {
            const { report, text } = await lineFor(id, version);
            const cat = typeof want.category === 'function' ? want.category(minor) : want.category;
            const first = report.conclusion[0];
            assert.ok(first, `no root cause:\n${text}`);
            assert.equal(first.category, cat, `first cause ${first.category}, want ${cat}:\n${text}`);
            assert.equal(
              first.source.kind === 'probe',
              want.fromProbe,
              `cause source ${first.source.kind}:\n${text}`,
            );
            assert.ok(first.fixes.length > 0, 'the first cause has a fix');
            if (want.probe) {
              const p = report.probes.find((x) => x.id === want.probe!.id);
              assert.ok(p, `no probe ${want.probe.id}`);
              assert.equal(p.failedStage, want.probe.stage, `failed stage:\n${text}`);
              const st = p.stages.find((x) => x.id === want.probe!.stage)!;
              assert.equal(st.status, want.probe.status ?? 'failed', `stage status:\n${text}`);
              assert.equal(first.source.kind === 'probe' && first.source.stage, want.probe.stage);
              // Every stage before the failed one passed; none after it ran.
              const i = p.stages.indexOf(st);
              for (const before of p.stages.slice(0, i))
                assert.ok(['ok', 'warning'].includes(before.status), `${before.id} ${before.status}`);
              for (const after of p.stages.slice(i + 1))
                assert.ok(
                  ['skipped', 'failed'].includes(after.status) || after.id === 'git',
                  `${after.id} ${after.status}`,
                );
            } else {
              const failed = report.probes.filter((p) => p.failedStage);
              assert.deepEqual(
                failed.map((p) => p.id),
                [],
                `no probe should fail:\n${text}`,
              );
            }
            assert.equal(report.state, 'done');
            assert.ok(report.durationMs < 30_000, `${report.durationMs} ms`);
          });
        }
        test(HANG_CASE, { skip }, async () => {
          const { report, text, wallMs } = await lineFor(HANG_CASE, version);
          assert.ok(wallMs! < 30_000, `took ${wallMs} ms`);
          const byId = new Map(report.probes.map((p) => [p.id, p]));
          const want: [string, ProbeStageId][] = [
            ['goproxy:0', 'tls'],
            ['sumdb', 'http'],
            ['private:git.hang.example', 'tls'],
          ];
          for (const [id, stage] of want) {
            const p = byId.get(id);
            assert.ok(p, `no probe ${id}:\n${text}`);
            assert.equal(p.failedStage, stage, `${id}:\n${text}`);
            assert.equal(p.stages.find((s) => s.id === stage)?.status, 'timeout', `${id}:\n${text}`);
            assert.match(p.summary, new RegExp(`hung at the ${stage.toUpperCase()} stage`));
          }
          assert.equal(report.conclusion[0]?.category, 'timeout', text);
          assert.match(text ?? '', /HUNG/);
          const hungModules = report.modules.filter((m) => m.status !== 'ok' && m.status !== 'cached');
          assert.ok(
            hungModules.length > 0 || report.modulesNote,
            `the module check says it was stopped:\n${text}`,
          );
        });
      });
    }
  });
}
