/**
 * Classifies one scenario transcript (stored or live) as the engine would: the JSON errors of
 * `go mod download -json`, go's stderr with its -x trace, the exit code or signal. Returns the first finding's
 * category and stage ('none' when nothing was found).
 */
import { classify, type Finding } from '../../src/core/classify/index.ts';
import { decodeModDownload } from '../../src/core/download/jsonStream.ts';
import type { Transcript } from '../harness/scenarios/types.ts';

/** The parts of a scenario transcript the classifier reads. */
export type TranscriptLike = Pick<
  Transcript,
  'exitCode' | 'signal' | 'timedOut' | 'stdout' | 'stderr' | 'trace'
>;

/** Every finding of a transcript, most fundamental first. */
export function transcriptFindings(t: TranscriptLike): Finding[] {
  const jsonErrors = decodeModDownload(t.stdout)
    .filter((m) => m.Error !== undefined)
    .map((m) => ({ path: m.Path, ...(m.Version ? { version: m.Version } : {}), error: m.Error! }));
  return classify({
    jsonErrors,
    stderr: t.stderr,
    trace: t.trace.join('\n'),
    ...(t.exitCode !== null ? { exitCode: t.exitCode } : {}),
    ...(t.signal ? { signal: t.signal } : {}),
    ...(t.timedOut ? { timedOut: true } : {}),
  });
}

export function classifyTranscript(t: TranscriptLike): { category: string; stage: string | undefined } {
  const findings = transcriptFindings(t);
  return { category: findings[0]?.category ?? 'none', stage: findings[0]?.stage };
}
