/**
 * No workspace binary without consent (issue 18, finding 1), with the real language server started as VS Code
 * starts it (in the first workspace folder): a relative PATH entry in the workspace's gomodDoctor.env or in
 * vscode-go's go.toolsEnvVars never runs the workspace's bin/go (the server says it left the entry out and runs
 * the real go instead).
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { defaultToolchain, sandbox } from '../helpers/go.ts';
import { startLsp } from '../helpers/lspClient.ts';

for (const where of ['gomodDoctor.env', 'go.toolsEnvVars'] as const) {
  test(`a relative PATH entry in ${where} does not run the workspace's bin/go`, async () => {
    const tc = defaultToolchain();
    const sb = sandbox(tc);
    try {
      const ws = join(sb.dir, 'ws');
      const marker = join(sb.dir, 'workspace-go-ran');
      mkdirSync(join(ws, 'bin'), { recursive: true });
      writeFileSync(join(ws, 'go.mod'), 'module example.com/app\n\ngo 1.19\n');
      writeFileSync(join(ws, 'bin', 'go'), `#!/bin/sh\necho ran > '${marker}'\nexit 1\n`);
      chmodSync(join(ws, 'bin', 'go'), 0o755);
      const path = `bin:${dirname(tc.bin)}:/usr/bin:/bin`;
      const settings: Record<string, unknown> = { runOn: 'save', timeout: 60 };
      const goSettings: Record<string, unknown> = {};
      if (where === 'gomodDoctor.env') settings.env = { PATH: path };
      else goSettings.toolsEnvVars = { PATH: path };
      const lsp = await startLsp({ env: sb.env, workspace: ws, settings, cwd: ws, goSettings });
      try {
        // The server finds the module root and checks it once its settings are read; wait for that check.
        const checked = (): boolean =>
          (lsp.statuses as { state?: string; roots?: number }[]).some(
            (st) => st.state !== 'running' && (st.roots ?? 0) > 0,
          );
        for (let i = 0; i < 300 && !checked() && !existsSync(marker); i++)
          await new Promise((r) => setTimeout(r, 100));
        assert.ok(checked() || existsSync(marker), `no check ran: ${JSON.stringify(lsp.statuses)}`);
        assert.equal(existsSync(marker), false, "the workspace's bin/go ran");
        assert.ok(
          lsp.logs.some((l) => l.includes('Relative PATH entries are not used') && l.includes('bin')),
          `no message about the refused entry: ${lsp.logs.join('\n')}`,
        );
        assert.ok(
          !lsp.messages.some((m) => /cannot find the go command|does not work/.test(m.message)),
          JSON.stringify(lsp.messages),
        );
      } finally {
        await lsp.close();
      }
    } finally {
      sb.cleanup();
    }
  });
}
