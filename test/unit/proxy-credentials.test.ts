/**
 * The HTTPS_PROXY fix never writes a proxy password into the workspace's settings (issue 18, finding 4): the
 * workspace gets the URL without its credentials, the full value goes to the secret storage (or, on the user's
 * choice, the user's settings) and reaches go's environment only in the settings the server receives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  hasCredentials,
  injectProxySecrets,
  placeProxyEnv,
  splitProxyCredentials,
} from '../../src/core/fix/proxySecrets.ts';

const FULL = 'http://proxy-user:pa%40ss:w0rd@proxy.corp.example:3128';

test('the URL without its credentials, byte for byte otherwise', () => {
  assert.deepEqual(splitProxyCredentials(FULL), { public: 'http://proxy.corp.example:3128', secret: FULL });
  assert.deepEqual(splitProxyCredentials('http://token@p:8080/x'), {
    public: 'http://p:8080/x',
    secret: 'http://token@p:8080/x',
  });
  assert.deepEqual(splitProxyCredentials('http://p:3128'), { public: 'http://p:3128' });
  assert.deepEqual(splitProxyCredentials('localhost,.corp'), { public: 'localhost,.corp' });
  assert.equal(hasCredentials({ NO_PROXY: 'a,b', HTTPS_PROXY: 'http://p:1' }), false);
  assert.equal(hasCredentials({ HTTPS_PROXY: FULL }), true);
});

test('secret storage: the workspace gets no credential, the server gets them back', () => {
  const p = placeProxyEnv({ HTTPS_PROXY: FULL, NO_PROXY: 'localhost' }, 'secret-storage');
  assert.deepEqual(p.workspace, { HTTPS_PROXY: 'http://proxy.corp.example:3128', NO_PROXY: 'localhost' });
  assert.ok(!JSON.stringify(p.workspace).includes('pa%40ss'));
  assert.deepEqual(p.secrets, { HTTPS_PROXY: FULL });
  assert.deepEqual(p.user, {});
  const server = injectProxySecrets({ ...p.workspace, GOPROXY: 'x' }, p.secrets);
  assert.equal(server.HTTPS_PROXY, FULL);
  assert.equal(server.NO_PROXY, 'localhost');
  // The setting was changed to another proxy since: the stored credentials are not sent there.
  assert.equal(
    injectProxySecrets({ HTTPS_PROXY: 'http://other:3128' }, p.secrets).HTTPS_PROXY,
    'http://other:3128',
  );
  assert.deepEqual(injectProxySecrets({}, p.secrets), {});
});

test("the user's choice: their own settings, and the workspace's value removed so it cannot shadow them", () => {
  const p = placeProxyEnv({ HTTPS_PROXY: FULL }, 'user-settings');
  assert.deepEqual(p.workspace, {});
  assert.deepEqual(p.removeFromWorkspace, ['HTTPS_PROXY']);
  assert.deepEqual(p.user, { HTTPS_PROXY: FULL });
  assert.deepEqual(p.secrets, {});
});
