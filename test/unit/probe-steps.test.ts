/** The pure steps of the endpoint probe and of the diagnosis, named when probeEndpoint was split by stage. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gitVerdict } from '../../src/core/probe/diagnoseProbes.ts';
import type { ProxyChoice } from '../../src/core/probe/proxyEnv.ts';
import { answerVerdict, requestInfo, requestText } from '../../src/core/probe/stage/http.ts';
import { endpointTarget, stagePlan } from '../../src/core/probe/stage/run.ts';

const proxy = (u: string): ProxyChoice => ({ url: new URL(u), variable: 'HTTPS_PROXY' });

describe('endpoint target and stage plan', () => {
  test('direct https: connect to the target on 443; dns, tcp, tls, http, auth', () => {
    const t = endpointTarget(new URL('https://[::1]/mod/@v/list'), undefined);
    assert.equal(t.https, true);
    assert.equal(t.connectHost, '::1');
    assert.equal(t.connectPort, 443);
    assert.deepEqual(stagePlan(t), ['dns', 'tcp', 'tls', 'http', 'auth']);
  });

  test('through a proxy: connect to the proxy (its default port by scheme); a proxy stage before tls', () => {
    const t = endpointTarget(new URL('https://proxy.example:8443/x'), proxy('https://fwd.example'));
    assert.equal(t.connectHost, 'fwd.example');
    assert.equal(t.connectPort, 443);
    assert.equal(t.targetPort, 8443);
    assert.deepEqual(stagePlan(t), ['dns', 'tcp', 'proxy', 'tls', 'http', 'auth']);
    const h = endpointTarget(new URL('http://mirror.example/x'), proxy('http://fwd.example:3128'));
    assert.equal(h.connectPort, 3128);
    assert.deepEqual(stagePlan(h), ['dns', 'tcp', 'proxy', 'http', 'auth']);
  });
});

describe('the HTTP request', () => {
  test('proxy credentials from its URL are sent (and recorded by kind only)', () => {
    const t = endpointTarget(
      new URL('http://mirror.example/a?b=1'),
      proxy('http://u:p%40ss@fwd.example:3128'),
    );
    const { http, proxyAuth } = requestInfo(t);
    assert.deepEqual(http.credentials, ['proxy-url']);
    assert.equal(proxyAuth, `Basic ${Buffer.from('u:p@ss').toString('base64')}`);
    assert.ok(!JSON.stringify(http).includes('p%40ss'));
    const text = requestText(t, 'Basic xyz', proxyAuth);
    // Through a plain-HTTP proxy: absolute-form target, Proxy-Authorization, and no Authorization over http.
    assert.match(text, /^GET http:\/\/mirror\.example\/a\?b=1 HTTP\/1\.1\r\n/);
    assert.match(text, /\r\nProxy-Authorization: Basic /);
    assert.doesNotMatch(text, /\r\nAuthorization:/);
    assert.ok(text.endsWith('\r\n\r\n'));
  });

  test('direct https: origin-form target and the user credentials', () => {
    const t = endpointTarget(new URL('https://proxy.example/'), undefined);
    const text = requestText(t, 'Basic xyz', undefined);
    assert.match(text, /^GET \/ HTTP\/1\.1\r\nHost: proxy\.example\r\n/);
    assert.match(text, /\r\nAuthorization: Basic xyz\r\n/);
    assert.doesNotMatch(text, /Proxy-Authorization/);
  });

  test('answers: 404 and 410 mean the server works; other 4xx but 401/403 are warnings', () => {
    assert.equal(answerVerdict(200, 'OK').status, 'ok');
    assert.equal(answerVerdict(200, 'OK').summary, '200 OK');
    assert.equal(answerVerdict(404, 'Not Found').status, 'ok');
    assert.match(answerVerdict(410, 'Gone').summary, /not known there/);
    assert.equal(answerVerdict(401, 'Unauthorized').status, 'ok');
    assert.equal(answerVerdict(400, 'Bad Request').status, 'warning');
  });
});

describe('git ls-remote verdict', () => {
  const base = { spawnError: undefined, timedOut: false, canceled: false, exitCode: 1, stderr: '' };
  test('readable, missing git, timeout, cancel', () => {
    assert.equal(gitVerdict({ ...base, exitCode: 0 }, 5000, 'h', 'https://h/r', []).status, 'ok');
    const missing = gitVerdict({ ...base, spawnError: { message: 'ENOENT' } }, 5000, 'h', 'r', []);
    assert.deepEqual([missing.status, 'category' in missing && missing.category], ['failed', 'vcs']);
    const hung = gitVerdict({ ...base, timedOut: true }, 4600, 'h', 'r', []);
    assert.equal(hung.status, 'timeout');
    assert.match(hung.summary, /\b5 s\b/);
    const cancelled = gitVerdict({ ...base, canceled: true }, 5000, 'h', 'r', []);
    assert.equal('category' in cancelled && cancelled.category, 'timeout');
  });

  test('credentials refused, repository missing, anything else: the last line of git', () => {
    const cat = (stderr: string, output: string[] = []) => {
      const v = gitVerdict({ ...base, stderr }, 5000, 'git.corp.example', 'r', output);
      return 'category' in v ? [v.category, v.summary] : ['ok', v.summary];
    };
    assert.equal(cat('fatal: could not read Username for https://git.corp.example')[0], 'auth');
    assert.equal(cat('remote: HTTP 403')[0], 'auth');
    assert.equal(cat('fatal: repository not found')[0], 'not-found');
    assert.deepEqual(cat('fatal: weird', ['fatal: weird']), ['vcs', 'fatal: weird']);
  });
});
