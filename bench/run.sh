#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Performance against peers, on the sandbox, in a private keyring session:
#   minting:      aemtoken token NAME --fresh  vs  Adobe's Node client @adobe/jwt-auth
#   cached token: aemtoken token NAME          vs  secret-tool lookup (a bare keychain read)
#   exec:         aemtoken exec NAME -- true   vs  true (its overhead; --only exec for this part alone)
#   run:          aemtoken run of a 50-request .http file vs the same requests through curl in a loop
#                 (--only run for this part alone)
#   --from FILE:  a cold mint vs @adobe/jwt-auth, a cached token from the kernel keyring vs secret-tool
#                 (--only from; not in the default run)
#   window:       aem-token-manager cold start to first paint with 50 and 500 stored credentials (Xvfb;
#                 --only window for this part alone, --gui-base OLD-BUILD to time an older build beside it)
#   tester:       100 MiB JSON through the request tester: worst GUI stall, last byte vs curl
#   compare:      two 10 MiB JSON answers diffed in the Compare window: worst GUI stall
#   floor:        bench/stackfloor (a QtKeychain read + one Qt HTTPS POST): the stack's own memory
# Figures are medians over RUNS runs (default 30), interleaved; ratios are what we track.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/app/aemtoken ] || { echo "build first: scripts/dev.sh build" >&2; exit 1; }
command -v node >/dev/null || { echo "bench needs node and npm" >&2; exit 1; }
# bench/package.json and its lock: @adobe/jwt-auth (and aio-lib-ims, for tests/) at exact versions.
if [ ! -f bench/node_modules/@adobe/jwt-auth/package.json ]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi
# The window is measured on a virtual X server when one can be started.
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
  Xvfb :97 -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb=$!
  trap 'kill $xvfb 2>/dev/null' EXIT
  export DISPLAY=:97
  sleep 1
fi
tests/with-keyring.sh python3 bench/bench.py --bin build/app/aemtoken --gui build/app/aem-token-manager \
  --tester build/bench/testerbench --compare build/bench/comparebench --floor build/bench/stackfloor \
  --runs "${RUNS:-30}" "$@"
