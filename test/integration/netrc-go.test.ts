/**
 * Issue 18, finding 5: the .netrc writer and the real go agree. For each layout (the named cases and generated
 * ones), go itself (go mod download against an HTTPS module proxy on loopback that records the Basic
 * credentials it receives) must (1) send what our reading of go's parser (goNetrcLookup) says it sends, before
 * the fix, and (2) send exactly the credentials the fix wrote, after it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { goNetrcLookup, upsertNetrcEntry } from '../../src/core/fix/netrc.ts';
import { createTestCA, type TestCA } from '../harness/ca.ts';
import { listen, type Listening } from '../harness/http.ts';
import { defaultToolchain, runGo, sandbox, type Sandbox } from '../helpers/go.ts';
import { generatedLayout, NAMED_LAYOUTS } from '../helpers/netrcLayouts.ts';

let dir: string;
let ca: TestCA;
let server: Listening;
let sb: Sandbox;
let work: string;
let last: string | undefined;
const tc = defaultToolchain();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gmd-netrc-go-'));
  ca = await createTestCA(join(dir, 'ca'));
  server = await listen(
    (req, res) => {
      const auth = req.headers.authorization;
      last = auth?.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
      res.statusCode = 404;
      res.end('not found');
    },
    { tls: ca.issue(['127.0.0.1']) },
  );
  sb = sandbox(tc);
  work = join(sb.dir, 'work');
  mkdirSync(work);
  writeFileSync(join(work, 'go.mod'), 'module example.test/app\n\ngo 1.19\n');
});

after(async () => {
  await server.close();
  sb.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** The "user:password" go sends with the .netrc `text`, or '' for none. */
async function goSends(text: string): Promise<string> {
  writeFileSync(sb.env.NETRC, text, { mode: 0o600 });
  last = undefined;
  const r = await runGo(tc, sb, ['mod', 'download', '-json', 'example.test/m@v1.0.0'], {
    cwd: work,
    env: { GOPROXY: `https://127.0.0.1:${server.port}`, SSL_CERT_FILE: ca.caCertPath, GOFLAGS: '-mod=mod' },
  });
  assert.notEqual(last, undefined, `go reached the proxy: ${r.stderr}`);
  return last!;
}

const layouts: [string, string][] = [
  ...Object.entries(NAMED_LAYOUTS),
  ...Array.from(
    { length: 20 },
    (_, i) => [`generated #${i + 1}`, generatedLayout(i + 1)] as [string, string],
  ),
];

test(`go ${tc.version} reads every layout as we do, and finds the credentials after every fix`, async () => {
  // The machine name this go looks up: host:port on recent versions, the host alone on older ones.
  const both = `machine 127.0.0.1:${server.port} login a password port\nmachine 127.0.0.1 login b password host\n`;
  const machine = (await goSends(both)) === 'a:port' ? `127.0.0.1:${server.port}` : '127.0.0.1';
  const wrong: string[] = [];
  for (const [name, layout] of layouts) {
    const beforeText = layout.replace(/\bT\b/g, machine);
    const ours = goNetrcLookup(beforeText, machine);
    const goBefore = await goSends(beforeText);
    if (goBefore !== (ours ? `${ours.login}:${ours.password}` : ''))
      wrong.push(`${name}: before the fix go sent "${goBefore}", we read ${JSON.stringify(ours)}`);
    const password = `pw-${wrong.length}-${name.length}`;
    const fixed = upsertNetrcEntry(beforeText, machine, 'fixed-user', password);
    const goAfter = await goSends(fixed);
    if (goAfter !== `fixed-user:${password}`)
      wrong.push(`${name}: after the fix go sent "${goAfter}" with ${JSON.stringify(fixed)}`);
  }
  assert.deepEqual(wrong, []);
});
