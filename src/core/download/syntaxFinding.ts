/**
 * A go.mod or go.work that does not parse: nothing is downloaded, and each syntax error is the finding at its place.
 * One definition for every surface (the language server and the CLI).
 */
import type { Range } from '../gomod/types.ts';
import { t } from '../l10n.ts';
import type { AttributedFinding } from './types.ts';

export function syntaxFinding(
  file: string,
  name: string,
  e: { message: string; range: Range },
): AttributedFinding {
  return {
    category: 'syntax',
    stage: 'config',
    ruleId: 'gomod-syntax',
    summary: t('{0} does not parse, so nothing can be downloaded: {1}', name, e.message),
    evidence: [`${name}:${e.range.start.line + 1}:${e.range.start.character + 1}: ${e.message}`],
    fixes: ['fix-go-mod-syntax'],
    file,
    range: e.range,
  };
}
