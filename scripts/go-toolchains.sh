#!/usr/bin/env bash
# Provides Go toolchains for the test suite without touching the system's apt configuration.
#
# Debian's Go binaries are static, so a toolchain unpacked from a .deb runs on bookworm as is.
# The Debian mirror is read from this machine's apt configuration (never written into the repo).
#
# Usage: scripts/go-toolchains.sh [VERSION ...]     (default: 1.19 1.21 1.23 1.25 1.27)
# Prints one line per version: "<version> <path to go binary>".
# Cache: $GOMOD_DOCTOR_CACHE (default ~/.cache/gomod-doctor)/go/<version>; reused when present.
set -euo pipefail

versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then versions=(1.19 1.21 1.23 1.25 1.27); fi

cache="${GOMOD_DOCTOR_CACHE:-$HOME/.cache/gomod-doctor}"
godir="$cache/go"
mkdir -p "$godir"

gobin() { echo "$godir/$1/usr/lib/go-$1/bin/go"; }

missing=()
for v in "${versions[@]}"; do
  if [ ! -x "$(gobin "$v")" ]; then missing+=("$v"); fi
done

if [ ${#missing[@]} -gt 0 ]; then
  mirror=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list)
  fi
  if [ -z "$mirror" ]; then
    echo "go-toolchains: cannot find a Debian mirror in the apt configuration" >&2
    exit 1
  fi
  aptdir="$cache/apt"
  mkdir -p "$aptdir/lists/partial" "$aptdir/archives/partial" "$aptdir/debs"
  list="$aptdir/sources.list"
  : >"$list"
  for suite in bookworm bookworm-backports trixie trixie-backports forky; do
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" >>"$list"
  done
  aptopts=(-o "Dir::Etc::SourceList=$list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$aptdir/lists" -o Dir::Etc::Preferences=/dev/null
    -o Dir::Etc::PreferencesParts=/dev/null -o "Dir::Cache=$aptdir/cache"
    -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  mkdir -p "$aptdir/cache/archives/partial"
  apt-get -qq "${aptopts[@]}" update >&2
  for v in "${missing[@]}"; do
    (
      cd "$aptdir/debs"
      rm -f golang-"$v"-go_*.deb golang-"$v"-src_*.deb
      apt-get -qq "${aptopts[@]}" download "golang-$v-go" "golang-$v-src" >&2
      tmp="$godir/.$v.tmp"
      rm -rf "$tmp"
      mkdir -p "$tmp"
      for deb in golang-"$v"-go_*.deb golang-"$v"-src_*.deb; do dpkg -x "$deb" "$tmp"; done
      rm -rf "${godir:?}/$v"
      mv "$tmp" "$godir/$v"
      rm -f golang-"$v"-go_*.deb golang-"$v"-src_*.deb
    )
  done
fi

for v in "${versions[@]}"; do
  bin=$(gobin "$v")
  if [ ! -x "$bin" ]; then
    echo "go-toolchains: go $v is missing after install" >&2
    exit 1
  fi
  echo "$v $bin"
done
