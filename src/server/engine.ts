/**
 * The server's bridge to the engine: builds the environment, finds go, runs the check for one module root and
 * turns the result into what the server publishes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckCache, checkModule, type AttributedFinding } from '../core/download/check.ts';
import { buildEnv, type EnvSource } from '../core/env/buildEnv.ts';
import { readEffectiveGoEnv } from '../core/env/effective.ts';
import { resolveGoBinary } from '../core/env/goBinary.ts';
import { locateGoEnvFile, readGoEnvFile } from '../core/env/goEnvFile.ts';
import { parseGoMod } from '../core/gomod/parse.ts';
import type { Range } from '../core/gomod/types.ts';
import { t } from '../core/l10n.ts';
import { run } from '../core/run/runner.ts';
import type { DiagnosticData } from './diagnostics.ts';
import type { DoctorSettings, GoExtensionSettings } from './settings.ts';

export interface RootResult {
  diagnostics: { finding: AttributedFinding; extra: Omit<DiagnosticData, 'finding' | 'root'> }[];
  effectiveEnv?: Record<string, string>;
  env?: Record<string, string>;
  envSources?: Record<string, EnvSource>;
  goBin?: string;
  goVersion?: string;
  /** Set when go could not be found or run: the one clear message to show. */
  goMissing?: string;
  /** Processes started for this check (0 when everything came from caches). */
  processes: number;
}

export interface CheckRootOptions {
  root: string;
  settings: DoctorSettings;
  goSettings: GoExtensionSettings;
  httpProxy: string;
  /** Unsaved editor contents by absolute path (not used by the engine yet: it reads the files on disk). */
  overrides: Map<string, string>;
  signal: AbortSignal;
  log: (msg: string) => void;
  processEnv?: Record<string, string | undefined>;
}

const checkCache = new CheckCache();
const effectiveCache = new Map<string, { values: Record<string, string>; goVersion?: string }>();

/** Fetches the versions a module has (for the change-version fix), outside any module so no file is written. */
async function listVersions(goBin: string, env: Record<string, string>, module: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'gmd-versions-'));
  try {
    const r = await run([goBin, 'list', '-m', '-versions', '-json', module], {
      env: { ...env, GOFLAGS: '', GOWORK: 'off' },
      cwd: dir,
      timeoutMs: 30_000,
      maxOutputBytes: 1024 * 1024,
    });
    if (r.exitCode !== 0) return [];
    const parsed = JSON.parse(r.stdout) as { Versions?: unknown };
    return Array.isArray(parsed.Versions)
      ? parsed.Versions.filter((v): v is string => typeof v === 'string')
      : [];
  } catch {
    return [];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function requireRanges(
  file: string,
  path: string,
): Promise<{ pathRange?: Range; versionRange?: Range }> {
  if (!file.endsWith('go.mod')) return {};
  try {
    const mod = parseGoMod(await readFile(file, 'utf8'));
    const req = mod.require.find((r) => r.path.value === path);
    return req ? { pathRange: req.path.range, versionRange: req.version.range } : {};
  } catch {
    return {};
  }
}

export async function checkRoot(o: CheckRootOptions): Promise<RootResult> {
  const processEnv = o.processEnv ?? process.env;
  const goEnvPath = locateGoEnvFile(processEnv);
  const goEnvFile = await readGoEnvFile(goEnvPath);
  const built = buildEnv({
    processEnv,
    goEnvFile,
    settingsEnv: o.settings.env,
    toolsEnvVars: o.goSettings.toolsEnvVars,
    httpProxy: o.httpProxy,
  });
  const go = await resolveGoBinary({
    explicit: o.settings.goPath,
    alternateGo: o.goSettings.alternateGo,
    goroot: o.goSettings.goroot,
    path: built.env.PATH,
  });
  if (!go.bin) {
    return {
      diagnostics: [],
      processes: 0,
      goMissing: t(
        'Go Module Doctor cannot find the go command. Set "gomodDoctor.goPath" (or vscode-go\'s "go.alternateTools" or "go.goroot"), or put go on the PATH of your login shell: VS Code takes its environment from it.',
      ),
    };
  }
  let processes = 0;
  const envKey = JSON.stringify([go.bin, built.env]);
  let eff = effectiveCache.get(envKey);
  if (!eff) {
    const e = await readEffectiveGoEnv(go.bin, built.env, { cwd: o.root, signal: o.signal });
    processes++;
    if (e.error) {
      return {
        diagnostics: [],
        processes,
        goBin: go.bin,
        env: built.env,
        envSources: built.sources,
        goMissing: t('The go command at {0} does not work: {1}', go.bin, e.error),
      };
    }
    eff = { values: e.values, ...(e.goVersion ? { goVersion: e.goVersion } : {}) };
    effectiveCache.set(envKey, eff);
  }
  const result = await checkModule({
    goBin: go.bin,
    dir: o.root,
    env: built.env,
    timeoutMs: o.settings.timeout * 1000,
    signal: o.signal,
    goVersion: eff.goVersion,
    gomodcache: eff.values.GOMODCACHE,
    cache: checkCache,
  });
  processes += result.runs.length;
  if (o.settings.logGoTrace) {
    for (const r of result.runs)
      o.log(`${r.command.join(' ')} → ${r.exitCode ?? r.signal} (${r.durationMs} ms)\n${r.stderr}`);
  }
  const diagnostics: RootResult['diagnostics'] = [];
  for (const f of result.findings) {
    const extra: Omit<DiagnosticData, 'finding' | 'root'> = await requireRanges(
      f.file,
      f.requirePath ?? f.module ?? '',
    );
    if (f.fixes.includes('change-version') && f.module && !o.signal.aborted) {
      extra.versions = await listVersions(go.bin, built.env, f.module);
      processes++;
    }
    diagnostics.push({ finding: f, extra });
  }
  return {
    diagnostics,
    effectiveEnv: eff.values,
    env: built.env,
    envSources: built.sources,
    goBin: go.bin,
    ...(eff.goVersion ? { goVersion: eff.goVersion } : {}),
    processes,
  };
}
