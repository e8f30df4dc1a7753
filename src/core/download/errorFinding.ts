/**
 * The finding of one module's error in `go mod download -json`, classified once per reported object: a batch
 * across roots's failure is read by the language server's change-version listing and by the check of every root
 * that needs the module, and classifying it is most of what attributing it costs.
 */
import { classify } from '../classify/index.ts';
import type { Finding } from '../classify/types.ts';
import type { ModDownloadJson } from './jsonStream.ts';

/**
 * The exit code a batch's failure is classified with: each root's check attributes it as if its own go had
 * failed on the module (go mod download exits 1).
 */
export const BATCH_FAILURE_EXIT = 1;

const classified = new WeakMap<ModDownloadJson, { key: string; finding: Finding | undefined }>();

/** Its finding (a copy of its own for each caller, who may change it); undefined for a module without error. */
export function downloadErrorFinding(
  o: ModDownloadJson,
  exitCode: number | undefined,
  goVersion: string | undefined,
): Finding | undefined {
  if (o.Error === undefined) return undefined;
  const key = `${exitCode ?? ''}\0${goVersion ?? ''}`;
  let hit = classified.get(o);
  if (hit?.key !== key) {
    const jsonErrors = [{ path: o.Path, version: o.Version, error: o.Error }];
    hit = { key, finding: classify({ jsonErrors, exitCode, goVersion })[0] };
    classified.set(o, hit);
  }
  return hit.finding && structuredClone(hit.finding);
}

/**
 * Classifies a batch's failures together, as soon as its go run ends, for the roots' checks to find: one after
 * another, the rule table's expressions stay warm (each classified in the middle of a root's check took about
 * three times as long).
 */
export function classifyBatchFailures(objs: ModDownloadJson[], goVersion: string | undefined): void {
  for (const o of objs) if (o.Error !== undefined) downloadErrorFinding(o, BATCH_FAILURE_EXIT, goVersion);
}
