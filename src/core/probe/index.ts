/** Diagnose downloads: the probe engine (see diagnose.ts). */
export { diagnoseDownloads, type DiagnoseOptions, type DiagnoseTimeouts } from './diagnose.ts';
export { DEFAULT_STAGE_TIMEOUTS, type LookupFn, type StageTimeouts } from './stages.ts';
export { noProxyMatches, proxyFor } from './proxyEnv.ts';
export { conclude, CATEGORY_RANK } from './conclude.ts';
export { diagnoseRoot, type DiagnoseRootInput } from './diagnoseRoot.ts';
