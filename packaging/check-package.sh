#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the .deb and the source tarball from a configured build directory, then checks the
# package as a user's machine would see it: unpacked into a temporary root, every library of
# both programs resolves, the command line runs from there, the desktop entry and the AppStream
# metainfo validate, the man page renders and the bash, zsh and fish completions parse.
set -euo pipefail
build=${1:-build}
cd "$build"
cpack -G DEB >/dev/null
cpack --config CPackSourceConfig.cmake >/dev/null
deb=$(ls -1 aem-token-manager_*_amd64.deb | head -n 1)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb --info "$deb" | sed -n 's/^ \(Depends\|Recommends\):/  \1:/p'
dpkg -x "$deb" "$root"
for exe in "$root"/usr/bin/aemtoken "$root"/usr/bin/aem-token-manager; do
  if ldd "$exe" | grep -q "not found"; then
    ldd "$exe" | grep "not found"
    echo "unresolved libraries in $exe" >&2
    exit 1
  fi
done
"$root"/usr/bin/aemtoken --version
appstreamcli validate --no-net --explain "$root"/usr/share/metainfo/org.aemtoken.TokenManager.metainfo.xml >/dev/null
desktop-file-validate "$root"/usr/share/applications/org.aemtoken.TokenManager.desktop
for page in aemtoken aem-token-manager; do
  man -l "$root"/usr/share/man/man1/$page.1 >/dev/null 2>&1 || { echo "man page $page.1 does not render" >&2; exit 1; }
done
bash -n "$root"/usr/share/bash-completion/completions/aemtoken
if command -v zsh >/dev/null; then zsh -n "$root"/usr/share/zsh/vendor-completions/_aemtoken; else test -s "$root"/usr/share/zsh/vendor-completions/_aemtoken; fi
if command -v fish >/dev/null; then fish --no-execute "$root"/usr/share/fish/vendor_completions.d/aemtoken.fish; else test -s "$root"/usr/share/fish/vendor_completions.d/aemtoken.fish; fi
test -s "$root"/usr/share/icons/hicolor/scalable/apps/org.aemtoken.TokenManager.svg
ls -1 aem-token-manager-*.tar.gz
echo "package OK: $deb"
