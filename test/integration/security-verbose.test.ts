/**
 * Issue 18, finding 2: `gomod-doctor diagnose --verbose` prints the settings and go's commands; a JWT-style
 * access token as the GOPROXY password (over 500 characters), a proxy password with quotes and a raw "@", and a
 * token used as the URL user appear nowhere in its output, in any format. The built CLI, the real go.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultToolchain, sandbox } from '../helpers/go.ts';

const root = new URL('../..', import.meta.url).pathname;
const JWT = `eyJhbGciOiJSUzI1NiJ9.${'eyJzdWIiOiJjaSJ9'.repeat(40)}.JwtCanary7`;
const CANARIES = ['JwtCanary7', 'QuoteCanary8', 'UserTokCanary9'];

test('diagnose --verbose shows no secret from the settings or go', () => {
  const tc = defaultToolchain();
  const sb = sandbox(tc);
  try {
    const dir = join(sb.dir, 'work');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'go.mod'),
      'module example.test/app\n\ngo 1.19\n\nrequire example.test/x v1.0.0\n',
    );
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = spawnSync(
        process.execPath,
        [join(root, 'dist/cli.cjs'), 'diagnose', '--verbose', '--format', format],
        {
          cwd: dir,
          encoding: 'utf8',
          timeout: 60_000,
          env: {
            ...sb.env,
            GOPROXY: `https://oauth2:${JWT}@127.0.0.1:1,https://UserTokCanary9@127.0.0.1:2`,
            HTTPS_PROXY: `http://me:pa"s'QuoteCanary8@x@127.0.0.1:3`,
            GOFLAGS: '-mod=mod',
          },
        },
      );
      const out = `${r.stdout}\n${r.stderr}`;
      assert.match(r.stderr, /GOPROXY=/, 'verbose printed the settings');
      for (const c of CANARIES) assert.ok(!out.includes(c), `${format}: ${c} in ${out}`);
    }
  } finally {
    sb.cleanup();
  }
});
