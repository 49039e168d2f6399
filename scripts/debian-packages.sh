#!/usr/bin/env bash
# The system packages netcheck needs, in one place for `.ci/run`, `npm test` (pretest) and `npm run demo`:
#   scripts/debian-packages.sh test   # the test suite: Redis, the collector's tools, the network-namespace lab,
#                                     # Prometheus, node_exporter, Alertmanager, a font, shellcheck
#   scripts/debian-packages.sh demo   # the demo: Redis only
# On Debian/Ubuntu, missing packages are installed when run as root (one line says so); without root it stops with
# the exact command. Elsewhere it names what to install (Fedora, macOS) and stops when a needed program is missing.
set -euo pipefail

set_name=${1:-test}
case "$set_name" in
  demo) packages=(redis-server) ;;
  test)
    packages=(redis-server conntrack iptables nftables ipvsadm dnsutils busybox dash iproute2 procps kmod curl
      prometheus prometheus-node-exporter prometheus-alertmanager fonts-dejavu-core shellcheck)
    ;;
  *)
    echo "usage: $0 test|demo" >&2
    exit 2
    ;;
esac

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  # Not Debian: check the programs themselves.
  if command -v redis-server >/dev/null 2>&1; then exit 0; fi
  echo "netcheck: redis-server is not installed. Install it with one of:" >&2
  echo "  Fedora:  sudo dnf install -y redis" >&2
  echo "  macOS:   brew install redis" >&2
  echo "  Debian/Ubuntu:  sudo apt-get install -y redis-server" >&2
  exit 1
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "netcheck: missing Debian packages: ${missing[*]}. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "netcheck: installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
