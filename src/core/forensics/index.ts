/** Checksum forensics (forensics.ts): on request, which of proxy, origin, checksum database and go.sum disagree. */
export { checksumForensics, goSumHashes, rewriteGoSum, verdictOf } from './forensics.ts';
export type { ForensicsResult, Hashes, Verdict, ForensicsInput } from './forensics.ts';
