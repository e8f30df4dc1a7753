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
