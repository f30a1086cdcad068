#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# CTest aio_lib_ims: Adobe's own OAuth client, @adobe/aio-lib-ims (npm, installed into
# bench/node_modules by scripts/dev.sh test), mints, validates and invalidates against a real
# `aemtoken sandbox` (tests/aio-lib-ims.js). Skips (exit 77) when node or the package is missing,
# except in CI (CI=true), which must have both.
# Usage: tests/aio-lib-ims.sh AEMTOKEN_BIN
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
modules=$(cd "$here/../bench" && pwd)/node_modules
aemtoken=${1:?usage: aio-lib-ims.sh AEMTOKEN_BIN}

missing() {
  if [ "${CI:-}" = true ]; then
    echo "aio_lib_ims: $1, and CI must run this test (scripts/dev.sh test installs it)" >&2
    exit 1
  fi
  echo "SKIP: $1 (to run it: apt install nodejs npm, then: cd bench && npm ci)"
  exit 77
}
command -v node >/dev/null || missing "node is not installed"
[ -f "$modules/@adobe/aio-lib-ims/package.json" ] || missing "bench/node_modules has no @adobe/aio-lib-ims"

tmp=$(mktemp -d)
sandbox=
cleanup() {
  local rc=$?
  [ -z "$sandbox" ] || kill "$sandbox" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT

# The sandbox's first line ends with its URL, printed once it listens and has written ca.pem and
# the credential files: read it from a pipe (no polling), then drain the rest.
mkfifo "$tmp/announce"
"$aemtoken" sandbox --dir "$tmp/sandbox" >"$tmp/announce" &
sandbox=$!
exec 3<"$tmp/announce"
IFS= read -r -t 120 first <&3 || { echo "aio_lib_ims: the sandbox printed no first line" >&2; exit 1; }
cat <&3 >/dev/null &
url=${first##* }
case $url in
  https://127.0.0.1:*) ;;
  *) echo "aio_lib_ims: no URL at the end of the sandbox's first line: $first" >&2; exit 1 ;;
esac

# A clean environment: no proxy, no DEBUG (aio's logger would print the secrets), no AIO_* config;
# aio's config (where its context keeps the credential and token) lives in the temporary dir.
mkdir "$tmp/home"
cd "$tmp/home"
env -i PATH="$PATH" HOME="$tmp/home" NODE_PATH="$modules" NODE_EXTRA_CA_CERTS="$tmp/sandbox/ca.pem" \
  AIO_CONFIG_FILE="$tmp/home/aio-config.json" \
  node "$here/aio-lib-ims.js" "$url" "$tmp/sandbox/oauth-credentials.json"
