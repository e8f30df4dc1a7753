/**
 * The private internet itself: the namespace is sealed (only loopback, our resolv.conf and hosts,
 * the host's files untouched), the DNS responder's packets are well-formed and its behaviours are
 * switchable at run time (checked with glibc's resolver through getent, and Go's through go), the
 * test CA issues what the scenarios rely on, and the world stops without leaving anything behind.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createTestCA, WRONG_HOST_NAME } from '../harness/ca.ts';
import {
  buildResponse,
  parseQuery,
  SERVFAIL,
  SILENT,
  answer,
  startDns,
  TYPE_A,
  TYPE_AAAA,
} from '../harness/dns.ts';
import { canUseNetns, netnsReason, NETNS_RESOLV_CONF, runInNetns } from '../harness/netns.ts';

const root = new URL('../..', import.meta.url).pathname;
const execFileP = promisify(execFile);

/** A DNS query for `name`/`type` as a stub resolver sends it. */
function query(id: number, name: string, type: number): Buffer {
  const labels = name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2); // RD
  header.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(5);
  tail.writeUInt16BE(type, 1);
  tail.writeUInt16BE(1, 3);
  return Buffer.concat([header, ...labels, tail]);
}

describe('DNS packets', () => {
  test('parses a query and answers A and AAAA records with the question echoed', () => {
    const q = parseQuery(query(0x1234, 'Proxy.Golang.org', TYPE_A));
    assert.ok(q);
    assert.equal(q.name, 'proxy.golang.org');
    assert.equal(q.type, TYPE_A);
    const r = buildResponse(q, 0, [{ type: TYPE_A, ip: '127.0.0.1' }]);
    assert.equal(r.readUInt16BE(0), 0x1234);
    assert.equal(r.readUInt16BE(2) & 0x8000, 0x8000, 'QR set');
    assert.equal(r.readUInt16BE(2) & 0x0100, 0x0100, 'RD copied');
    assert.equal(r.readUInt16BE(6), 1, 'one answer');
    assert.deepEqual([...r.subarray(r.length - 4)], [127, 0, 0, 1]);
    const q6 = parseQuery(query(7, 'a.test', TYPE_AAAA));
    assert.ok(q6);
    const r6 = buildResponse(q6, 0, [{ type: TYPE_AAAA, ip: '::1' }]);
    assert.deepEqual([...r6.subarray(r6.length - 16)], [...Array<number>(15).fill(0), 1]);
    assert.equal(buildResponse(q6, 3, []).readUInt16BE(2) & 0xf, 3, 'NXDOMAIN rcode');
  });

  test('rejects malformed packets and responses', () => {
    assert.equal(parseQuery(Buffer.alloc(5)), undefined);
    const resp = query(1, 'a.test', TYPE_A);
    resp.writeUInt16BE(0x8100, 2);
    assert.equal(parseQuery(resp), undefined, 'a response is not a query');
    assert.equal(parseQuery(query(1, 'a.test', TYPE_A).subarray(0, 16)), undefined, 'truncated');
  });

  test('the responder answers over UDP on an ephemeral port and switches behaviour at run time', async () => {
    const dns = await startDns({ port: 0, table: { 'a.test': answer(['127.0.0.9']) } });
    try {
      const dgram = await import('node:dgram');
      const ask = (name: string): Promise<Buffer | undefined> =>
        new Promise((resolve) => {
          const s = dgram.createSocket('udp4');
          const timer = setTimeout(() => {
            s.close();
            resolve(undefined);
          }, 300);
          s.on('message', (m) => {
            clearTimeout(timer);
            s.close();
            resolve(m);
          });
          s.send(query(42, name, TYPE_A), dns.port, '127.0.0.1');
        });
      assert.deepEqual([...(await ask('a.test'))!.subarray(-4)], [127, 0, 0, 9]);
      assert.equal((await ask('unknown.test'))!.readUInt16BE(2) & 0xf, 3, 'default NXDOMAIN');
      dns.set('a.test', SERVFAIL);
      assert.equal((await ask('a.test'))!.readUInt16BE(2) & 0xf, 2);
      dns.set('a.test', SILENT);
      assert.equal(await ask('a.test'), undefined);
      assert.ok(dns.queries.length >= 4);
    } finally {
      await dns.close();
    }
  });
});

describe('test CA', () => {
  test('issues leaf certificates with SANs, an expired one, a wrong-host one and an untrusted one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmd-ca-test-'));
    try {
      const ca = await createTestCA(dir);
      const root = new X509Certificate(readFileSync(ca.caCertPath));
      const ok = new X509Certificate(ca.issue(['proxy.golang.org', '127.0.0.1']).cert);
      assert.ok(ok.verify(root.publicKey));
      assert.match(ok.subjectAltName ?? '', /DNS:proxy\.golang\.org, IP Address:127\.0\.0\.1/);
      assert.ok(new Date(ok.validTo).getTime() > Date.now());
      assert.equal(
        ca.issue(['proxy.golang.org', '127.0.0.1']),
        ca.issue(['proxy.golang.org', '127.0.0.1']),
        'cached',
      );
      const expired = new X509Certificate(ca.issue(['x.test'], { expired: true }).cert);
      assert.ok(new Date(expired.validTo).getTime() < Date.now());
      const wrong = new X509Certificate(ca.issue(['x.test'], { wrongHost: true }).cert);
      assert.equal(wrong.subjectAltName, `DNS:${WRONG_HOST_NAME}`);
      const untrusted = new X509Certificate(ca.issue(['x.test'], { untrusted: true }).cert);
      assert.equal(untrusted.verify(root.publicKey), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Each test is skipped on its own without a namespace (a skipped suite would hide how many checks did not run).
const noNetns = canUseNetns() ? false : `no namespace: ${netnsReason()}`;

describe('private network namespace', () => {
  test(
    'has only loopback, our resolv.conf, and leaves the host files untouched',
    { skip: noNetns },
    async () => {
      const before = readFileSync('/etc/resolv.conf', 'utf8');
      const r = await runInNetns('sh', [
        '-c',
        'ip -o link | cut -d: -f2; echo ---; cat /etc/resolv.conf; echo ---; cat /etc/hosts',
      ]);
      assert.equal(r.code, 0, r.stderr);
      const [ifaces, resolv, hosts] = r.stdout.split('---\n');
      assert.deepEqual(ifaces.trim().split(/\s+/), ['lo']);
      assert.equal(resolv, NETNS_RESOLV_CONF);
      assert.match(hosts, /localhost/);
      assert.doesNotMatch(hosts, /golang|github/);
      assert.equal(readFileSync('/etc/resolv.conf', 'utf8'), before, 'host resolv.conf untouched');
    },
  );

  test(
    'glibc (git, curl) and go resolve through the harness responder, and failures are real',
    { skip: noNetns },
    async () => {
      const script = `
      import { startDns, answer, NXDOMAIN, SERVFAIL } from ${JSON.stringify(join(root, 'test/harness/dns.ts'))};
      import { execFile } from 'node:child_process';
      const dns = await startDns({ table: { 'ok.test': answer(['127.0.0.7']), 'nx.test': NXDOMAIN, 'bad.test': SERVFAIL } });
      const run = (args) => new Promise((res) => execFile('getent', args, (e, out) => res((e ? 'exit ' + e.code : '') + out.trim())));
      const out = { ok: await run(['ahosts', 'ok.test']), nx: await run(['ahosts', 'nx.test']), realName: await run(['ahosts', 'deb.invalid']) };
      dns.set('ok.test', NXDOMAIN);
      out.switched = await run(['ahosts', 'ok.test']);
      out.queries = dns.queries.length;
      await dns.close();
      console.log(JSON.stringify(out));
    `;
      const r = await runInNetns(process.execPath, ['--input-type=module', '--import', 'tsx', '-e', script], {
        cwd: root,
      });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as Record<string, string | number>;
      assert.match(String(out.ok), /^127\.0\.0\.7\s+STREAM ok\.test/);
      assert.match(String(out.nx), /^exit 2/);
      assert.match(String(out.realName), /^exit 2/);
      assert.match(String(out.switched), /^exit 2/);
      assert.ok(Number(out.queries) > 0);
    },
  );

  test('nothing outside loopback is reachable', { skip: noNetns }, async () => {
    const r = await runInNetns('sh', ['-c', 'ip route; echo ---; getent ahosts localhost | head -1']);
    assert.equal(r.code, 0, r.stderr);
    const [routes] = r.stdout.split('---\n');
    assert.equal(routes.trim(), '', 'no routes besides loopback');
    const dial = await runInNetns(process.execPath, [
      '-e',
      `require('net').connect(443, '10.0.0.1').on('error', (e) => { console.log(e.code); process.exit(0); }).on('connect', () => { console.log('connected'); process.exit(1); })`,
    ]);
    assert.equal(dial.stdout.trim(), 'ENETUNREACH');
  });

  test(
    'a world starts, serves and stops inside the namespace without leftovers',
    { skip: noNetns },
    async () => {
      const script = `
      import { startWorld } from ${JSON.stringify(join(root, 'test/harness/world.ts'))};
      import { existsSync } from 'node:fs';
      const w = await startWorld({ mode: 'netns', modules: [{ path: 'example.com/hello', versions: [{ version: 'v1.0.0' }] }] });
      const dir = w.dir;
      await w.close();
      await new Promise((r) => setTimeout(r, 100)); // handle closes finish in the next loop turns
      console.log(JSON.stringify({ dirGone: !existsSync(dir), handles: process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap' /* stdio */) }));
    `;
      const r = await runInNetns(process.execPath, ['--input-type=module', '--import', 'tsx', '-e', script], {
        cwd: root,
        timeoutMs: 60_000,
      });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { dirGone: boolean; handles: string[] };
      assert.equal(out.dirGone, true);
      assert.deepEqual(out.handles, []);
    },
  );
});

test('go resolves through the namespace responder (NXDOMAIN → no such host)', { skip: noNetns }, async () => {
  const { toolchains } = await import('../helpers/go.ts');
  const [tc] = toolchains(['1.27']);
  const script = `
    import { startDns, NXDOMAIN } from ${JSON.stringify(join(root, 'test/harness/dns.ts'))};
    import { execFile } from 'node:child_process';
    const dns = await startDns({ table: { 'nx.corp.example': NXDOMAIN } });
    execFile(${JSON.stringify(tc.bin)}, ['mod', 'download', '-json', 'example.com/m@v1.0.0'], {
      env: { HOME: '/nonexistent', GOENV: 'off', GOPATH: process.argv[1], GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local', GOPROXY: 'https://nx.corp.example', GOSUMDB: 'off', PATH: '/usr/bin:/bin' },
    }, async (e, out) => { await dns.close(); console.log(out); });
  `;
  const gopath = mkdtempSync(join(tmpdir(), 'gmd-netns-go-'));
  try {
    const r = await runInNetns(
      process.execPath,
      ['--input-type=module', '--import', 'tsx', '-e', script, gopath],
      {
        cwd: root,
      },
    );
    assert.match(r.stdout, /lookup nx\.corp\.example on 127\.0\.0\.1:53: no such host/);
  } finally {
    await execFileP('rm', ['-rf', gopath]);
  }
});
