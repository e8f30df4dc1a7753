import assert from 'node:assert/strict';
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
  lstatSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from '../../src/core/fs/atomicWrite.ts';
import {
  netrcMachineForGo,
  parseNetrc,
  redactNetrcText,
  summarizeNetrc,
  upsertNetrcEntry,
  NetrcValueError,
} from '../../src/core/fix/netrc.ts';
import {
  addToList,
  listCovers,
  patternMatchesPrefix,
  privatePatternFor,
} from '../../src/core/fix/patternList.ts';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'gmd-fix-'));
}

test('atomic write creates a new file 0600 and leaves no temporary file', async () => {
  const dir = tmp();
  try {
    const p = join(dir, '.netrc');
    await writeFileAtomic(p, 'machine a login b password c\n');
    assert.equal(statSync(p).mode & 0o777, 0o600);
    assert.equal(readFileSync(p, 'utf8'), 'machine a login b password c\n');
    assert.deepEqual(readdirSync(dir), ['.netrc']);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('atomic write keeps an existing narrower mode and never widens it', async () => {
  const dir = tmp();
  try {
    const p = join(dir, 'settings.json');
    writeFileSync(p, '{}');
    chmodSync(p, 0o400);
    await writeFileAtomic(p, '{"a":1}');
    assert.equal(statSync(p).mode & 0o777, 0o400);
    chmodSync(p, 0o644);
    await writeFileAtomic(p, '{"a":2}', { forbidMode: 0o077 });
    assert.equal(statSync(p).mode & 0o777, 0o600, 'group/other bits are dropped for secrets files');
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('atomic write follows a symlink and keeps the link', async () => {
  const dir = tmp();
  try {
    const real = join(dir, 'real-netrc');
    writeFileSync(real, 'old');
    chmodSync(real, 0o600);
    const link = join(dir, '.netrc');
    symlinkSync(real, link);
    await writeFileAtomic(link, 'new');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(real, 'utf8'), 'new');
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('netrc: a new entry is appended and every other byte is kept', () => {
  const before =
    '# my hosts\nmachine a.example login u password p\n\n   machine b.example\n\tlogin v\n\tpassword q\n';
  const after = upsertNetrcEntry(before, 'git.corp.example', 'me', 'tok');
  assert.equal(after, before + 'machine git.corp.example login me password tok\n');
  assert.equal(
    upsertNetrcEntry('machine x login a password b', 'y', 'c', 'd'),
    'machine x login a password b\nmachine y login c password d\n',
  );
});

test('netrc: an existing entry is updated in place', () => {
  const before =
    'machine a login u password p\nmachine b\n\tlogin v\n\tpassword q # keep\nmachine c login w password r\n';
  const after = upsertNetrcEntry(before, 'b', 'V2', 'Q2');
  assert.equal(
    after,
    'machine a login u password p\nmachine b\n\tlogin V2\n\tpassword Q2 # keep\nmachine c login w password r\n',
  );
  assert.equal(upsertNetrcEntry('machine b login x\n', 'b', 'y', 'z'), 'machine b password z login y\n');
});

test('netrc: a new entry goes before default, CRLF is kept, macdef bodies are skipped', () => {
  const t = 'machine a login u password p\r\ndefault login anonymous password x\r\n';
  assert.equal(
    upsertNetrcEntry(t, 'h', 'l', 'p2'),
    'machine a login u password p\r\nmachine h login l password p2\r\ndefault login anonymous password x\r\n',
  );
  const withMacro = 'macdef init\nmachine fake login no password no\n\nmachine real login yes password yes\n';
  assert.deepEqual(
    parseNetrc(withMacro).map((e) => e.machine),
    ['real'],
  );
});

test('netrc: values with spaces are refused', () => {
  assert.throws(() => upsertNetrcEntry('', 'h', 'a b', 'p'), NetrcValueError);
  assert.throws(() => upsertNetrcEntry('', 'h', 'a', ''), NetrcValueError);
});

test('netrc summaries and redaction never show passwords', () => {
  const t = 'machine h login CANARY_LOGIN password CANARY_SECRET\nmachine k login z\n';
  assert.deepEqual(summarizeNetrc(t), [
    { machine: 'h', hasLogin: true, hasPassword: true },
    { machine: 'k', hasLogin: true, hasPassword: false },
  ]);
  const r = redactNetrcText(t);
  assert.ok(!r.includes('CANARY'));
  assert.equal(r, 'machine h login xxxxx password xxxxx\nmachine k login xxxxx\n');
});

test('netrc machine names follow the go command: host:port for a non-default port', () => {
  assert.equal(netrcMachineForGo('https://git.corp.example/team/x'), 'git.corp.example');
  assert.equal(netrcMachineForGo('https://git.corp.example:443/x'), 'git.corp.example');
  assert.equal(netrcMachineForGo('https://127.0.0.1:8805/x'), '127.0.0.1:8805');
});

test('pattern lists: add without replacing, and recognise covering globs', () => {
  assert.equal(addToList('', 'git.corp.example'), 'git.corp.example');
  assert.equal(addToList('a.example, b.example', 'git.corp.example'), 'a.example,b.example,git.corp.example');
  assert.equal(addToList('*.corp.example', 'git.corp.example'), '*.corp.example');
  assert.equal(addToList('github.com/acme', 'github.com/acme/tool'), 'github.com/acme');
  assert.ok(patternMatchesPrefix('github.com/ac?e', 'github.com/acme/x'));
  assert.ok(!patternMatchesPrefix('github.com/acme', 'github.com/acmex'));
  assert.ok(listCovers('x,github.com/[a-c]cme', 'github.com/acme/y'));
  assert.equal(privatePatternFor('github.com/acme/tool/v2'), 'github.com/acme');
  assert.equal(privatePatternFor('git.corp.example/team/lib'), 'git.corp.example');
});
