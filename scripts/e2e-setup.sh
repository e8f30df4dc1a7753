#!/usr/bin/env bash
# Installs what the end-to-end tests need, outside the repository:
#   - Debian packages: chromium (the browser playwright-core drives), libkrb5-dev (headers for code-server's
#     kerberos addon), ripgrep (used instead of the ripgrep download, which cannot be reached here);
#   - code-server 4.100.3 (the real VS Code 1.100.3 workbench with a Node extension host; the newest release
#     that runs on Node 20) in $GOMOD_DOCTOR_CACHE/code-server (default ~/.cache/gomod-doctor/code-server).
# A complete install is reused; an incomplete one is removed and installed from scratch.
# GOMOD_DOCTOR_E2E_NO_BROWSER=1 skips chromium (npm run demo needs no browser on this machine).
# Prints the path of the code-server launcher on its last line.
set -euo pipefail

version=4.100.3
cache="${GOMOD_DOCTOR_CACHE:-$HOME/.cache/gomod-doctor}"
dir="$cache/code-server"
marker="$dir/.installed-$version"
launcher="$dir/node_modules/.bin/code-server"

log() { echo "e2e-setup: $*" >&2; }

need=()
if [ -z "${GOMOD_DOCTOR_E2E_NO_BROWSER:-}" ] && [ ! -x /usr/bin/chromium ]; then need+=(chromium); fi
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
if [ ! -f "$marker" ] && ! dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'ok installed'; then
  need+=(libkrb5-dev)
fi
if [ ${#need[@]} -gt 0 ]; then
  log "installing Debian packages: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "e2e-setup: run as root or install these packages first: ${need[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

if [ -f "$marker" ] && [ -x "$launcher" ]; then
  echo "$launcher"
  exit 0
fi

started=$(date +%s)
log "installing code-server $version into $dir (takes a few minutes)"
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
echo '{ "name": "gomod-doctor-e2e-tools", "private": true }' >package.json

# Lifecycle scripts are skipped: code-server's own postinstall downloads ripgrep from outside.
npm install --no-fund --no-audit --ignore-scripts --unsafe-perm "code-server@$version" >&2

vs="$dir/node_modules/code-server/lib/vscode"
(
  cd "$vs"
  npm install --no-fund --no-audit --unsafe-perm --omit=dev --ignore-scripts >&2
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  npm_config_yes=true npm rebuild --unsafe-perm >&2
  ln -sfn node_modules node_modules.asar
  ln -sfn code-linux.sh bin/remote-cli/code-server
  ln -sfn browser-linux.sh bin/helpers/browser.sh
  cd extensions
  npm install --no-fund --no-audit --unsafe-perm --omit=dev >&2
)
npm_config_yes=true npm rebuild argon2 --unsafe-perm >&2

"$launcher" --version >&2
touch "$marker"
log "code-server installed in $(($(date +%s) - started))s"
echo "$launcher"
