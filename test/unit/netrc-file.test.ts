// Issue 18, finding 5: where the .netrc fix writes (the file go reads, _netrc on Windows when it exists), what it
// refuses (a relative NETRC, one inside the workspace, a file with other hard links), and that concurrent saves,
// dangling symbolic links and atomic replacement keep every entry and every link.
import assert from 'node:assert/strict';
import {
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { writeFileAtomic } from '../../src/core/fs/atomicWrite.ts';
import { goNetrcLookup } from '../../src/core/fix/netrc.ts';
import { goNetrcFile, NetrcPathError, saveNetrcCredentials } from '../../src/core/fix/netrcFile.ts';

const dir = mkdtempSync(join(tmpdir(), 'gmd-netrc-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => {
  const d = join(dir, `case${n++}`);
  mkdirSync(d);
  return d;
};

describe('the .netrc go reads', () => {
  test('NETRC, else HOME/.netrc; on Windows USERPROFILE, _netrc when it exists, else .netrc', () => {
    assert.equal(
      goNetrcFile({ NETRC: '/x/n', HOME: '/h' }, 'linux', () => false),
      '/x/n',
    );
    assert.equal(
      goNetrcFile({ HOME: '/h', USERPROFILE: '/u' }, 'linux', () => true),
      '/h/.netrc',
    );
    assert.equal(
      goNetrcFile(
        { HOME: 'C:\\h', USERPROFILE: 'C:\\Users\\me' },
        'win32',
        (p) => p === 'C:\\Users\\me\\_netrc',
      ),
      'C:\\Users\\me\\_netrc',
    );
    assert.equal(
      goNetrcFile({ USERPROFILE: 'C:\\Users\\me' }, 'win32', () => false),
      'C:\\Users\\me\\.netrc',
    );
    assert.throws(() => goNetrcFile({}, 'linux', () => false), NetrcPathError);
  });
});

describe('saving credentials', () => {
  test('a relative NETRC (from workspace settings) is refused, and so is one inside the workspace', async () => {
    const ws = fresh();
    await assert.rejects(
      saveNetrcCredentials({
        env: { NETRC: 'creds/.netrc', HOME: ws },
        workspace: ws,
        machines: ['h.test'],
        login: 'u',
        password: 'p',
      }),
      NetrcPathError,
    );
    await assert.rejects(
      saveNetrcCredentials({
        env: { NETRC: join(ws, '.netrc') },
        workspace: ws,
        machines: ['h.test'],
        login: 'u',
        password: 'p',
      }),
      NetrcPathError,
    );
    assert.throws(() => statSync(join(ws, '.netrc')));
  });

  test('four saves at once keep four entries', async () => {
    const home = fresh();
    await Promise.all(
      [1, 2, 3, 4].map((i) =>
        saveNetrcCredentials({
          env: { HOME: home },
          machines: [`h${i}.test`],
          login: `u${i}`,
          password: `p${i}`,
        }),
      ),
    );
    const text = readFileSync(join(home, '.netrc'), 'utf8');
    for (const i of [1, 2, 3, 4])
      assert.deepEqual(goNetrcLookup(text, `h${i}.test`), { login: `u${i}`, password: `p${i}` });
    assert.equal(statSync(join(home, '.netrc')).mode & 0o777, 0o600);
  });

  test('a dangling symbolic link stays a link; its target is created, mode 0600', async () => {
    const home = fresh();
    symlinkSync(join(home, 'secrets/netrc'), join(home, '.netrc'));
    mkdirSync(join(home, 'secrets'));
    await saveNetrcCredentials({ env: { HOME: home }, machines: ['h.test'], login: 'u', password: 'p' });
    assert.ok(lstatSync(join(home, '.netrc')).isSymbolicLink());
    assert.deepEqual(goNetrcLookup(readFileSync(join(home, 'secrets/netrc'), 'utf8'), 'h.test'), {
      login: 'u',
      password: 'p',
    });
    assert.equal(statSync(join(home, 'secrets/netrc')).mode & 0o777, 0o600);
  });

  test('writeFileAtomic through a dangling link keeps the link', async () => {
    const d = fresh();
    symlinkSync('target', join(d, 'link'));
    await writeFileAtomic(join(d, 'link'), 'x');
    assert.ok(lstatSync(join(d, 'link')).isSymbolicLink());
    assert.equal(readFileSync(join(d, 'target'), 'utf8'), 'x');
  });

  test('a file with other hard links is not replaced (that would split it): refused, unchanged', async () => {
    const home = fresh();
    writeFileSync(join(home, '.netrc'), 'machine a.test login a password a\n', { mode: 0o600 });
    linkSync(join(home, '.netrc'), join(home, 'netrc-backup'));
    await assert.rejects(
      saveNetrcCredentials({ env: { HOME: home }, machines: ['h.test'], login: 'u', password: 'p' }),
      /hard links/,
    );
    assert.equal(readFileSync(join(home, '.netrc'), 'utf8'), 'machine a.test login a password a\n');
  });
});
