#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# One entry point for a fresh Debian 12 / Ubuntu machine:
#   scripts/dev.sh run [ARGS]   install packages, build, start the desktop program
#                               (scripts/dev.sh run --sandbox: with the built-in emulator)
#   scripts/dev.sh test         install packages (Debian's, and bench/'s from npm), build
#                               (warnings are errors), run every test,
#                               fuzz the parser briefly, then every test again under ASan+UBSan
#   scripts/dev.sh deps | build | bench
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake ninja-build pkg-config openssl
          qt6-base-dev qt6-base-dev-tools qtkeychain-qt6-dev libssl-dev libgl-dev
          libsecret-1-0 gnome-keyring dbus-daemon libsecret-tools libkeyutils-dev keyutils
          clang libclang-rt-14-dev
          dpkg-dev appstream desktop-file-utils man-db curl libcap2-bin
          qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n clang-format
          bash-completion zsh fish)
JOBS=$(nproc 2>/dev/null || echo 2)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Adobe's Node clients (bench/package.json, exact versions in bench/package-lock.json): the test
# aio_lib_ims and bench/run.sh run them against the sandbox. npm ci again only when the lock changed.
node_deps() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "== installing: nodejs npm"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  if ! cmp -s bench/package-lock.json bench/node_modules/.installed-lock.json; then
    echo "== npm ci in bench/ ($(node --version))"
    (cd bench && npm ci --no-audit --no-fund --loglevel=error)
    cp bench/package-lock.json bench/node_modules/.installed-lock.json
  fi
}

build() { # build DIR [cmake options...]
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAEMTOKEN_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j "$JOBS"
}

case "${1:-}" in
  deps) deps ;;
  build) deps; build build ;;
  run)
    shift; deps; build build
    exec build/app/aem-token-manager "$@" ;;
  test)
    deps
    node_deps
    echo "== build and test"
    build build
    ctest --test-dir build --output-on-failure -j "$JOBS"
    echo "== package (.deb and source tarball), unpacked and checked"
    packaging/check-package.sh build
    echo "== fuzz the credential parser (${FUZZ_SECONDS:-60} s)"
    CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAEMTOKEN_WERROR=ON \
      -DAEMTOKEN_FUZZ=ON -DAEMTOKEN_BUILD_TESTS=OFF >/dev/null
    cmake --build build-fuzz -j "$JOBS" --target fuzz_credentials
    corpus=$(mktemp -d); cp tests/data/fuzz-corpus/* "$corpus"/
    build-fuzz/fuzz/fuzz_credentials -max_total_time="${FUZZ_SECONDS:-60}" -max_len=16384 -timeout=10 \
      -print_final_stats=1 "$corpus" 2>&1 | tail -n 3
    rm -rf "$corpus"
    echo "== ASan + UBSan build and test"
    build build-asan -DCMAKE_BUILD_TYPE=Debug -DAEMTOKEN_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:fast_unwind_on_malloc=0 LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp":print_suppressions=0 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir build-asan --output-on-failure -j "$JOBS" ;;
  bench) deps; node_deps; build build; exec bench/run.sh ;;
  *) sed -n '3,9p' "$0"; exit 2 ;;
esac
