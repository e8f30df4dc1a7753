/**
 * A short, translated label for every fix id: what the user reads on a button or in a list where the fix is
 * named (the report panel, the CLI). Fixes the editor can apply have their own action titles (src/server).
 */
import { t } from '../l10n.ts';
import type { FixId } from './types.ts';

export function fixLabel(id: FixId): string {
  switch (id) {
    case 'set-goprivate':
      return t('Add to GOPRIVATE');
    case 'set-gonosumdb':
      return t('Add to GONOSUMDB');
    case 'set-goproxy':
      return t('Set GOPROXY…');
    case 'set-goproxy-pipe':
      return t('Let GOPROXY fall back on any error (use "|" between proxies)');
    case 'enable-goproxy':
      return t('Turn the module proxy back on (GOPROXY is off)');
    case 'set-gosumdb':
      return t('Set GOSUMDB to a checksum database you can reach');
    case 'set-goinsecure':
      return t('⚠ Add to GOINSECURE…');
    case 'set-govcs':
      return t('Allow the version control tool in GOVCS');
    case 'netrc-credentials':
      return t('Enter credentials (.netrc)…');
    case 'git-credentials':
      return t('Enter git credentials…');
    case 'ssh-keys':
      return t('Set up an SSH key for the git host');
    case 'check-module-path':
      return t('Check the module path');
    case 'check-repository-exists':
      return t('Check that the repository exists and you can read it');
    case 'change-version':
      return t('Change to a version that exists');
    case 'clear-cache-entry':
      return t('Remove the cached copy');
    case 'fix-cache-permissions':
      return t('Make the module cache writable');
    case 'free-disk-space':
      return t('Free disk space');
    case 'set-gomodcache':
      return t('Move the module cache (GOMODCACHE)');
    case 'gotoolchain-local':
      return t('Set GOTOOLCHAIN=local');
    case 'download-toolchain':
      return t('Download the Go toolchain go.mod asks for');
    case 'upgrade-go':
      return t('Install a newer Go');
    case 'install-go':
      return t('Install Go or set its path');
    case 'install-vcs':
      return t('Install the version control tool (git)');
    case 'set-proxy-env':
      return t('Set HTTPS_PROXY / NO_PROXY');
    case 'proxy-credentials':
      return t('Give the HTTP proxy its credentials');
    case 'check-dns':
      return t('Check DNS');
    case 'check-network':
      return t('Check the network connection');
    case 'check-firewall':
      return t('Check the firewall');
    case 'retry-later':
      return t('Try again later');
    case 'install-ca-certificate':
      return t("Trust your network's root certificate (SSL_CERT_FILE)");
    case 'check-system-clock':
      return t('Check the system clock');
    case 'fix-go-mod-syntax':
      return t('Fix the syntax error');
    case 'add-replace-directive':
      return t('Add a replace directive');
    case 'go-mod-download':
      return t('Run go mod download');
    case 'go-mod-tidy':
      return t('Run go mod tidy');
    case 'go-mod-vendor':
      return t('Run go mod vendor');
    case 'fix-goflags':
      return t('Fix GOFLAGS');
    case 'fix-goauth':
      return t('Fix GOAUTH');
    case 'report-to-proxy':
      return t('Report it to the proxy operator');
    case 'contact-module-author':
      return t("Contact the module's author");
  }
}
