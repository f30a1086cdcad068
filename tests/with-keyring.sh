#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs a command with a real Secret Service: a private D-Bus session with its own, unlocked
# gnome-keyring, and a throw-away HOME and XDG directories, so no test touches a user's keyring.
set -euo pipefail
root=$(mktemp -d "${TMPDIR:-/tmp}/aemtoken-keyring.XXXXXX")
trap 'rm -rf "$root"' EXIT
export HOME="$root/home" XDG_DATA_HOME="$root/home/.local/share" XDG_CONFIG_HOME="$root/home/.config" \
       XDG_CACHE_HOME="$root/home/.cache" XDG_RUNTIME_DIR="$root/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- bash -c '
  printf "%s" "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' with-keyring "$@" 2> >(grep -v "Failed to set fd limit" >&2)
