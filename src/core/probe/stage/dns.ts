/** The DNS stage: every address of the host the probe connects to (the proxy's, when one applies). */
import net from 'node:net';
import { t } from '../../l10n.ts';
import type { EndpointRun, EndpointTarget } from './run.ts';

/** The addresses to connect to, or undefined when the stage failed (already recorded). */
export async function dnsStage(run: EndpointRun, target: EndpointTarget): Promise<string[] | undefined> {
  const { connectHost } = target;
  const s = run.stage('dns');
  if (net.isIP(connectHost) !== 0) {
    s.status = 'ok';
    s.ms = 0;
    s.addresses = [connectHost];
    s.summary = t('{0} is an IP address: nothing to resolve', connectHost);
    run.input.onStage();
    return [connectHost];
  }
  const r = await run.run('dns', run.input.timeouts.dnsMs, t('DNS lookup of {0}', connectHost), () =>
    run.input.lookup(connectHost),
  );
  if (!r.ok) return undefined;
  const addresses = r.value;
  if (addresses.length === 0) {
    run.refuse(s, t('{0} has no addresses', connectHost), r.t0);
    run.input.onStage();
    return undefined;
  }
  s.status = 'ok';
  s.addresses = addresses;
  s.summary = target.proxy
    ? t('proxy {0} → {1}', connectHost, addresses.join(', '))
    : t('{0} → {1}', connectHost, addresses.join(', '));
  run.input.onStage();
  return addresses;
}
