/**
 * Node flags for the language server process, set where it is started (the VS Code client; the benchmark starts
 * it the same way). Measured on the 232-require benchmark workspace after the first check: idle RSS 63-68 MB
 * without them, 52-53 MB with them; the server's work is a few small allocations per edit, so neither a
 * 16 MB young generation nor four V8 worker threads buy it anything.
 * - `--max-semi-space-size=1`: a young generation of 1 MB semi-spaces instead of growing to 16 MB.
 * - `--v8-pool-size=1`: one V8 platform worker thread (concurrent GC and compilation) instead of one per core;
 *   each thread also holds its own malloc arena.
 * An editor that starts `gomod-doctor lsp --stdio` can pass the same flags with NODE_OPTIONS.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=1', '--v8-pool-size=1'];

/**
 * Environment variables for the language server process itself, not for the go it runs:
 * - `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates an arena of its own (the libuv pool has four);
 *   two are plenty for a server that allocates little. Measured on the 232-require benchmark workspace: 1.2-1.4 MB
 *   less resident memory after the first check (other C libraries ignore it).
 * - `MALLOC_TRIM_THRESHOLD_=131072`: glibc gives memory above 128 KB at the top of its heap back to the system
 *   and keeps allocations of 128 KB or more in mappings of their own, returned when freed; without a set value
 *   both thresholds grow with the first large frees (V8's parser and compiler allocate and free megabytes while
 *   the server's bundle loads) and those megabytes stay resident. Measured on this machine, production bundle: 59.7-59.8 MB
 *   resident after start without it, 55.4 MB with it.
 * The server removes them from its environment when it starts (serverOnlyEnvRemoved), so go and git never see
 * them; a value the user set is left alone.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

/** Names the server removes from its environment at start. */
export const SERVER_ONLY_VAR = 'GOMOD_DOCTOR_SERVER_ONLY';

/** What to add to the environment the server is started with (`base`: the starter's environment). */
export function serverEnv(base: Record<string, string | undefined>): Record<string, string> {
  const added: Record<string, string> = {};
  for (const [k, v] of Object.entries(SERVER_ENV)) if (base[k] === undefined) added[k] = v;
  const names = Object.keys(added);
  if (names.length > 0) added[SERVER_ONLY_VAR] = names.join(',');
  return added;
}

/** Removes from `env` (the server's process.env) the variables its starter set for the server only. */
export function serverOnlyEnvRemoved(env: Record<string, string | undefined>): void {
  for (const name of (env[SERVER_ONLY_VAR] ?? '').split(',')) {
    if (name in SERVER_ENV) delete env[name];
  }
  delete env[SERVER_ONLY_VAR];
}
