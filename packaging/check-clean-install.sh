#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The .deb on a pristine Debian 12: debootstrap a minimal system into a folder, `apt install` the
# package there (dependencies from Debian's archive), then mint a token end to end against the
# sandbox with the real gnome-keyring. Needs root and Debian's archive; about three minutes.
#   packaging/check-clean-install.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
root=$(mktemp -d /tmp/aemtoken-debian12.XXXXXX)
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf "$root"; }
trap cleanup EXIT
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -1 "$build"/aem-token-manager_*_amd64.deb | head -n 1)
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
cp "$deb" "$root/tmp/"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
chroot "$root" bash -euo pipefail -c '
  export DEBIAN_FRONTEND=noninteractive HOME=/root
  apt-get update -qq
  apt-get install -y -qq /tmp/aem-token-manager_*_amd64.deb >/dev/null
  aemtoken --version
  ! ldd /usr/bin/aemtoken /usr/bin/aem-token-manager | grep "not found"
  aemtoken sandbox --dir /tmp/sbx > /tmp/sbx.out 2>&1 &
  for _ in $(seq 50); do grep -q listening /tmp/sbx.out && break; sleep 0.2; done
  url=$(grep -o "https://127.0.0.1:[0-9]*" /tmp/sbx.out | head -n 1)
  export AEMTOKEN_CA_FILE=/tmp/sbx/ca.pem URL=$url
  dbus-run-session -- bash -euo pipefail -c "
    printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    aemtoken import /tmp/sbx/service-credentials.json --name demo --author \$URL >/dev/null
    aemtoken token demo >/dev/null
    aemtoken request demo /libs/granite/security/currentuser.json >/dev/null"
  kill %1
  echo "clean install OK: installed with apt, minted and called AEM"'
