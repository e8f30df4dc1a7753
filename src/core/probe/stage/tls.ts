/** The TLS stage: the handshake with the target (end to end through a tunnel), its chain and name judged apart. */
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { t } from '../../l10n.ts';
import type { TlsInfo } from '../../report/model.ts';
import { interceptionVerdict } from '../trust.ts';
import type { EndpointRun, EndpointTarget } from './run.ts';
import { once } from './wire.ts';

/** The TLS socket, or undefined when the handshake or the certificate failed (recorded). */
export async function tlsStage(
  run: EndpointRun,
  target: EndpointTarget,
  sock: net.Socket,
): Promise<tls.TLSSocket | undefined> {
  const host = target.url.hostname.replace(/^\[|\]$/g, '');
  const trust = run.input.trust;
  const r = await run.run(
    'tls',
    run.input.timeouts.tlsMs,
    t('TLS handshake with {0}', host),
    async (onCleanup) => {
      const ts = tls.connect({
        socket: sock,
        host,
        servername: net.isIP(host) ? undefined : host,
        ca: trust.ca,
        rejectUnauthorized: false,
        // The chain is judged by `authorized`, the name separately (describeTls), so each failure is named.
        checkServerIdentity: () => undefined,
        ALPNProtocols: ['http/1.1'],
      });
      onCleanup(() => ts.destroy());
      await once(ts, 'secureConnect');
      return ts;
    },
  );
  if (!r.ok) return undefined;
  const ts = r.value;
  const s = run.stage('tls');
  const info = describeTls(ts, host, trust.source);
  s.tls = info;
  if (!info.trusted || !info.hostMatch) {
    const why = !info.trusted
      ? t('certificate not trusted: {0} (issuer: {1})', info.verifyError ?? '?', issuerText(info))
      : t('certificate is not valid for {0} (it is for {1})', host, info.subjectCN ?? '?');
    run.refuse(s, why, r.t0);
    s.tls = info;
    run.input.onStage();
    return undefined;
  }
  s.status = 'ok';
  s.summary = t(
    '{0}, issued by {1}, valid until {2}',
    info.protocol ?? 'TLS',
    issuerText(info),
    info.validTo ?? '?',
  );
  run.input.onStage();
  return ts;
}

function issuerText(i: TlsInfo): string {
  return [i.issuerCN, i.issuerO].filter((x) => x).join(', ') || '?';
}

function field(dn: string, key: string): string | undefined {
  for (const line of dn.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0 && line.slice(0, i) === key) return line.slice(i + 1);
  }
  return undefined;
}

function describeTls(ts: tls.TLSSocket, host: string, trustSource: string): TlsInfo {
  const peer = ts.getPeerCertificate(true);
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let cur: tls.DetailedPeerCertificate | undefined = peer;
  while (cur && cur.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    try {
      chain.push(new X509Certificate(cur.raw));
    } catch {
      break;
    }
    cur = cur.issuerCertificate;
  }
  const leaf = chain[0];
  const identityError = peer && peer.raw ? tls.checkServerIdentity(host, peer) : new Error('no certificate');
  const verifyErr = ts.authorizationError as unknown;
  const verifyError =
    verifyErr instanceof Error
      ? ((verifyErr as NodeJS.ErrnoException).code ?? verifyErr.message)
      : typeof verifyErr === 'string'
        ? verifyErr
        : undefined;
  const info: TlsInfo = {
    protocol: ts.getProtocol() ?? undefined,
    hostMatch: identityError === undefined,
    trusted: ts.authorized,
    trustStore: trustSource,
  };
  if (verifyError) info.verifyError = verifyError;
  if (leaf) {
    info.subjectCN = field(leaf.subject, 'CN');
    info.issuerCN = field(leaf.issuer, 'CN');
    info.issuerO = field(leaf.issuer, 'O');
    info.validFrom = new Date(leaf.validFrom).toISOString();
    info.validTo = new Date(leaf.validTo).toISOString();
    // The chain as the server sent it (a verified chain may end in the trusted root itself).
    info.interception = interceptionVerdict(chain.map((c) => ({ subject: c.subject, issuer: c.issuer })));
  }
  return info;
}
