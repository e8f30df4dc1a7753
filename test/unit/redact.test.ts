// Secrets never appear in what the engine shows: redaction of URLs, headers, .netrc content, tokens.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redact, redactionRuleNeeds } from '../../src/core/redact.ts';
import { classify, classifyMessage, explainText } from '../../src/core/classify/index.ts';

const CANARY = 'Canary9q7Zk2Secret';

describe('redact', () => {
  test('URL passwords like go does (user:xxxxx@host)', () => {
    assert.equal(
      redact(`Get "https://bob:${CANARY}@proxy.corp.test/a/@v/list": 403`),
      'Get "https://bob:xxxxx@proxy.corp.test/a/@v/list": 403',
    );
    assert.equal(redact(`http://u:${CANARY}@127.0.0.1:8080/x`), 'http://u:xxxxx@127.0.0.1:8080/x');
    assert.ok(!redact(`git clone https://oauth2:${CANARY}@gitlab.test/g/p.git`).includes(CANARY));
  });

  test('a token used as the URL user name', () => {
    const out = redact(`https://x${CANARY}abcdefghijkl@github.com/org/repo`);
    assert.ok(!out.includes(CANARY));
    assert.match(out, /https:\/\/xxxxx@github\.com/);
  });

  test('Authorization and Proxy-Authorization headers keep only the scheme', () => {
    assert.equal(redact(`Authorization: Bearer ${CANARY}`), 'Authorization: Bearer xxxxx');
    assert.equal(redact(`Proxy-Authorization: Basic ${CANARY}==`), 'Proxy-Authorization: Basic xxxxx');
    assert.equal(redact(`authorization:${CANARY}`), 'authorization:xxxxx');
  });

  test('.netrc content', () => {
    const netrc = `machine git.corp.test login alice password ${CANARY}\nmachine b.test\n  login bob\n  password ${CANARY}2`;
    const out = redact(netrc);
    assert.ok(!out.includes(CANARY));
    assert.ok(!out.includes('alice') && !out.includes('bob'));
    assert.match(out, /machine git\.corp\.test login xxxxx password xxxxx/);
    // Prose keeps its words; a URL user without a password may be a token (issue 18), so it goes.
    assert.equal(redact("Password for 'https://tk@github.com':"), "Password for 'https://xxxxx@github.com':");
  });

  test('query parameters and key=value secrets', () => {
    assert.equal(
      redact(`https://h.test/x?access_token=${CANARY}&a=1`),
      'https://h.test/x?access_token=xxxxx&a=1',
    );
    assert.equal(redact(`https://h.test/x?private_token=${CANARY}`), 'https://h.test/x?private_token=xxxxx');
    assert.ok(!redact(`https://s.test/o?X-Amz-Signature=${CANARY}`).includes(CANARY));
    assert.ok(!redact(`password=${CANARY}`).includes(CANARY));
    assert.ok(!redact(`"token": "${CANARY}"`).includes(CANARY));
  });

  test('token shapes', () => {
    for (const tok of [
      'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789',
      'glpat-AbCdEfGhIjKlMnOpQrSt',
      'AKIAABCDEFGHIJKLMNOP',
    ]) {
      assert.ok(!redact(`token in text ${tok} here`).includes(tok), tok);
    }
  });

  test('GOAUTH command output (a header block) is redacted', () => {
    const out = redact(`https://git.corp.test\n\nAuthorization: Bearer ${CANARY}\n\n`);
    assert.ok(!out.includes(CANARY));
  });

  test('ordinary go output is unchanged', () => {
    const s =
      'go: example.com/hello@v1.0.0: Get "https://proxy.golang.org/example.com/hello/@v/v1.0.0.mod": dial tcp 1.2.3.4:443: i/o timeout';
    assert.equal(redact(s), s);
  });
});

describe('canaries never reach a finding', () => {
  const messages = [
    `go: example.com/m@v1.0.0: reading https://alice:${CANARY}@proxy.corp.test/example.com/m/@v/v1.0.0.info: 401 Unauthorized`,
    `go: example.com/m@v1.0.0: Get "https://alice:${CANARY}@proxy.corp.test/example.com/m/@v/v1.0.0.info": dial tcp 10.0.0.1:443: i/o timeout`,
    `go: example.com/m@v1.0.0: git ls-remote -q https://oauth2:${CANARY}@gitlab.corp.test/m.git in /x: exit status 128:\n\tfatal: Authentication failed for 'https://oauth2:${CANARY}@gitlab.corp.test/m.git/'`,
    `GOAUTH encountered errors for https://h.test:\nAuthorization: Bearer ${CANARY}`,
    `machine gitlab.corp.test login ci password ${CANARY}\ngo: example.com/m@v1.0.0: module lookup disabled by GOPROXY=off`,
    `go: a.test/m@v1.0.0: reading https://p.test/a.test/m/@v/list?access_token=${CANARY}: 403 Forbidden`,
    `Proxy-Authorization: Basic ${CANARY}\nexample.com/m@v1.0.0: Get "https://p.test/x": Proxy Authentication Required`,
  ];
  for (const [i, m] of messages.entries()) {
    test(`message ${i + 1}`, () => {
      const all = [
        classifyMessage(m),
        ...explainText(m),
        ...classify({ stderr: m, jsonErrors: [{ error: m }] }),
      ];
      const json = JSON.stringify(all);
      assert.ok(!json.includes(CANARY), json);
    });
  }

  test('a canary in a JSON Error field of go mod download -json', () => {
    const text = `{\n\t"Path": "example.com/m",\n\t"Version": "v1.0.0",\n\t"Error": "example.com/m@v1.0.0: reading https://u:${CANARY}@p.test/x: 403 Forbidden"\n}`;
    const json = JSON.stringify(explainText(text));
    assert.ok(!json.includes(CANARY));
    assert.match(json, /"category":"auth"/);
  });
});

test('each redaction rule is skipped only for lines it cannot match: the literal it needs is in every match', () => {
  const pieces = [
    'Authorization',
    'AUTHORIZATION: ',
    'Proxy-Authorization=',
    'Bearer ',
    'Basic ',
    'Cookie: ',
    'set-cookie:',
    'map[X-Api-Key:[',
    ']',
    ':[',
    '?access_token=',
    '&api-key=',
    ';auth=',
    'X-Amz-Signature=',
    'ghp_',
    'GHP_',
    'github_pat_',
    'glpat-',
    'GLPAT-',
    'AKIA',
    'akia',
    'ABCDEFGHIJKLMNOP',
    'abcdefghij0123456789',
    '_',
    '-',
    ' ',
    '"',
    "'",
    '=',
    ':',
    '\t',
    'https://u:p@h.test/',
    'é',
  ];
  let seed = 11;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let n = 0; n < 30_000; n++) {
    let line = '';
    for (let k = 1 + (next() % 7); k > 0; k--) line += pieces[next() % pieces.length];
    for (const [re, needs] of redactionRuleNeeds) {
      const matcher = new RegExp(re.source, re.flags.replace('g', ''));
      if (matcher.test(line))
        assert.ok((re.ignoreCase ? line.toLowerCase() : line).includes(needs), `${re.source} on ${line}`);
    }
  }
});
