/** go.work: the use directive, plus the directives it shares with go.mod. */
import type { GoWorkFile, Range, Use } from '../types.ts';
import { eachDirective, prepare, sharedDirectives } from './directives.ts';

/** Parses go.work text. Never throws. */
export function parseGoWork(text: string): GoWorkFile {
  const p = prepare(text, 'go.work');
  const { interp } = p;
  const f: GoWorkFile = { kind: 'go.work', godebug: [], use: [], replace: [], errors: interp.errors };
  const shared = sharedDirectives(interp, f);
  eachDirective(p, ['godebug', 'use', 'replace'], (verbTok, verb, args, line) => {
    const tokens = verbTok ? [verbTok, ...args] : args;
    const range = (): Range => interp.lineRange(verbTok, line);
    switch (verb) {
      case 'use': {
        const path = interp.oneArg(tokens, args, 'usage: use local/dir');
        if (path) f.use.push({ path, range: range() } satisfies Use);
        return;
      }
      default:
        if (!shared.directive(verb, tokens, args, range))
          interp.errorAt(tokens, `unknown directive: ${verb}`);
    }
  });
  return f;
}
