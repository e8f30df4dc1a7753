import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERVER_ONLY_VAR, serverEnv, serverOnlyEnvRemoved } from '../../src/shared/serverExecArgv.ts';

test('the server gets MALLOC_ARENA_MAX and MALLOC_TRIM_THRESHOLD_ unless the user set them, and marks what it added', () => {
  assert.deepEqual(serverEnv({ PATH: '/bin' }), {
    MALLOC_ARENA_MAX: '2',
    MALLOC_TRIM_THRESHOLD_: '131072',
    [SERVER_ONLY_VAR]: 'MALLOC_ARENA_MAX,MALLOC_TRIM_THRESHOLD_',
  });
  assert.deepEqual(
    serverEnv({ MALLOC_ARENA_MAX: '8' }),
    { MALLOC_TRIM_THRESHOLD_: '131072', [SERVER_ONLY_VAR]: 'MALLOC_TRIM_THRESHOLD_' },
    'the user’s own value stays, and stays for go',
  );
  assert.deepEqual(serverEnv({ MALLOC_ARENA_MAX: '8', MALLOC_TRIM_THRESHOLD_: '0' }), {});
});

test('at start the server removes what was added for it, and only that', () => {
  const env: Record<string, string | undefined> = { PATH: '/bin', HOME: '/h', ...serverEnv({}) };
  serverOnlyEnvRemoved(env);
  assert.deepEqual(env, { PATH: '/bin', HOME: '/h' });

  const user: Record<string, string | undefined> = { MALLOC_ARENA_MAX: '8', MALLOC_TRIM_THRESHOLD_: '0' };
  serverOnlyEnvRemoved(user);
  assert.deepEqual(
    user,
    { MALLOC_ARENA_MAX: '8', MALLOC_TRIM_THRESHOLD_: '0' },
    'without the marker nothing goes',
  );

  // The marker names only variables of SERVER_ENV: it cannot remove anything else.
  const odd: Record<string, string | undefined> = {
    PATH: '/bin',
    GOPROXY: 'x',
    [SERVER_ONLY_VAR]: 'PATH,GOPROXY',
  };
  serverOnlyEnvRemoved(odd);
  assert.deepEqual(odd, { PATH: '/bin', GOPROXY: 'x' });
});
