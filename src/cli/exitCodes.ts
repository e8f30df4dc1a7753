/** The CLI's exit codes: a public contract, documented in --help and the README. */
export const ExitCode = {
  Ok: 0,
  Failures: 1,
  Usage: 2,
  Environment: 3,
  Internal: 4,
  Interrupted: 130,
  /** Stopped by SIGTERM (128 + 15), after stopping go. */
  Terminated: 143,
} as const;

/** Thrown for bad command-line input; reported with exit code 2. */
export class UsageError extends Error {}
