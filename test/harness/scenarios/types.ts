/**
 * The shape of a scenario: one named, documented way for `go mod download` to fail, with what it
 * needs from the world, the command to run, and the evidence the output must show per Go version.
 */
import type { Category, Stage } from '../../../src/core/categories.ts';
import type { Sandbox, Toolchain } from '../../helpers/go.ts';
import type { World } from '../world.ts';

export interface Expectation {
  /** Exact exit code, or 'nonzero'. Default 'nonzero'. */
  exitCode?: number | 'nonzero';
  /** True when the run is expected to be killed by the scenario's timeout. */
  timedOut?: boolean;
  /** Every pattern must match the output (stderr + stdout, JSON strings decoded). */
  evidence: RegExp[];
  /** No pattern may match. */
  absent?: RegExp[];
  /** Patterns that must match the -x trace lines. */
  trace?: RegExp[];
  /** Overrides the scenario's category for a version that fails differently. */
  category?: Category;
  /** Overrides the scenario's stage for a version that fails differently. */
  stage?: Stage;
}

export interface ScenarioContext {
  world: World;
  tc: Toolchain;
  /** Minor version number: 19, 21, 23, 25, 27. */
  minor: number;
  sb: Sandbox;
  /** The module (or workspace) directory the command runs in. */
  work: string;
  /** The environment the command will run with (mutable in prepare). */
  env: Record<string, string>;
  /** Writes a file relative to `work`. */
  write: (rel: string, text: string) => void;
  /** Runs go in the same sandbox (e.g. to fill the module cache first). */
  go: (args: string[]) => Promise<{ exitCode: number | null; stdout: string; stderr: string }>;
}

export interface Scenario {
  /** Stable kebab-case id: the transcript folder name. */
  id: string;
  title: string;
  /** What situation in the real world this reproduces. */
  reproduces: string;
  /** The real-world message it matches (shape, placeholders allowed). */
  realWorld: string;
  expectedCategory: Category;
  expectedStage: Stage;
  /** Needs the private namespace (real DNS answers, fixed addresses, a root-only mount). */
  needsNetns?: string;
  /** go.mod of the work module (default: a module at go 1.19 without requirements). */
  goMod?: string;
  /** Extra files in the work folder (go.sum, go.work, sub-modules …). */
  files?: Record<string, string>;
  /** Environment over the world's. */
  env?: Record<string, string>;
  /** Arguments after `go` (default: mod download -json -x <modules>). */
  args?: string[];
  /** Modules for the default command. */
  modules?: string[];
  /** Kill the command after this long (default 60 s). */
  timeoutMs?: number;
  /** Configures the shared world once, before any scenario runs (faults keyed to this scenario's own modules or names). */
  setup?(world: World): void;
  /** Last-minute preparation (cache manipulation, PATH changes, pre-runs). */
  prepare?(ctx: ScenarioContext): Promise<void> | void;
  /** Cleanup after the run (undo mounts). */
  cleanup?(ctx: ScenarioContext): Promise<void> | void;
  expect: Expectation;
  /** Per-version differences, merged over `expect` (key: minor version number). */
  byVersion?: (minor: number) => Partial<Expectation> | undefined;
  /** Per-version notes for the documentation. */
  versionNotes?: string;
}

export interface Transcript {
  scenario: string;
  /** Minor version, e.g. "1.27". */
  goVersion: string;
  /** `go version` output, e.g. "go1.27.4". */
  goFullVersion: string;
  expectedCategory: Category;
  expectedStage: Stage;
  command: string[];
  /** The download-relevant variables the command ran with (no secrets exist in the world). */
  env: Record<string, string>;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  /** The -x lines of stderr: `# get …` requests and the commands go ran. */
  trace: string[];
}
