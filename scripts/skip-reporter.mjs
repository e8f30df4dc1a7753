// A node:test reporter that writes one JSON line per check that did not run: a skipped test or suite (with its
// reason) or a todo. scripts/test.mjs runs it beside the spec reporter and prints what it wrote at the end of
// the run, because node's own summary counts a skipped suite's tests as nothing at all.
//
//   {"kind":"skip","suite":false,"file":"test/integration/x.test.ts","name":"outer > inner","reason":"…"}
import { relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

export default async function* skipReporter(source) {
  // The names of the enclosing suites, per file (files report in parallel).
  const stacks = new Map();
  for await (const event of source) {
    const d = event.data ?? {};
    const file = d.file ? relative(root, d.file) : '';
    if (event.type === 'test:start') {
      const stack = stacks.get(file) ?? [];
      stack.length = d.nesting;
      stack.push(d.name);
      stacks.set(file, stack);
      continue;
    }
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (d.skip === undefined && d.todo === undefined) continue;
    const outer = (stacks.get(file) ?? []).slice(0, d.nesting);
    const reason = d.skip ?? d.todo;
    yield (
      JSON.stringify({
        kind: d.skip !== undefined ? 'skip' : 'todo',
        suite: d.details?.type === 'suite',
        file,
        name: [...outer, d.name].join(' > '),
        reason: typeof reason === 'string' && reason !== '' ? reason : '(no reason given)',
      }) + '\n'
    );
  }
}
