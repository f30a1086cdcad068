#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fails if the program given contains the emulator or its fault injection: symbols of the
# aem::sandbox namespace (nm -C), or the text of the sandbox's control paths (strings).
# The desktop program's --sandbox mode runs `aemtoken sandbox` as a child process instead.
set -u
bin=${1:?usage: check-no-sandbox.sh PROGRAM}
[ -x "$bin" ] || { echo "not an executable: $bin"; exit 2; }
status=0
syms=$(nm -C "$bin" 2>&1) || { echo "nm failed: $syms"; exit 2; }
[ -n "$syms" ] || { echo "nm listed no symbols in $bin: cannot check it"; exit 2; }
found=$(printf '%s\n' "$syms" | grep -E 'aem::sandbox::|HttpServer' | head -5)
if [ -n "$found" ]; then
  echo "$bin contains sandbox symbols:"; printf '%s\n' "$found"; status=1
fi
found=$(strings -a "$bin" | grep -E '__sandbox|/ims/exchange/jwt|AEM Token Manager Sandbox CA' | head -5)
if [ -n "$found" ]; then
  echo "$bin contains sandbox strings:"; printf '%s\n' "$found"; status=1
fi
[ $status -eq 0 ] && echo "no sandbox code in $bin"
exit $status
