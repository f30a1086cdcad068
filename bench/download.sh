#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Large answers: aemtoken request -o FILE vs curl -o on the sandbox (100 MiB: median wall ratio,
# goal <= 1.2x, peak RSS <= 40 MiB; 1 GiB: peak RSS <= 64 MiB), quiet, with the CPU loaded and
# with a slow reader on stdout. RUNS (default 7) runs of 100 MiB, interleaved.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/app/aemtoken ] || { echo "build first: scripts/dev.sh build" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench needs curl" >&2; exit 1; }
tests/with-keyring.sh python3 bench/download.py --bin build/app/aemtoken --runs "${RUNS:-7}" "$@"
