/** The classifier's public surface. */
export { classify, classifyMessage, explainText, messagesOf } from './classify.ts';
export { explainExitCode } from './exitCodes.ts';
export { RULES } from './rules.ts';
export { FIX_IDS, type ClassifyInput, type Finding, type FixId } from './types.ts';
export { fixLabel } from './fixLabels.ts';
