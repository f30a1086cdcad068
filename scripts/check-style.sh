#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fails when a source file lacks its SPDX licence line or is not formatted as .clang-format says.
# Run by CTest (test "style"). To format: scripts/check-style.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
clang_format=$(command -v clang-format || command -v clang-format-14 || true)
[ -n "$clang_format" ] || { echo "clang-format is not installed (Debian: apt install clang-format)" >&2; exit 1; }
mapfile -t cxx < <(git ls-files -- 'core/*.cpp' 'core/*.h' 'ui/*.cpp' 'ui/*.h' 'app/*.cpp' 'app/*.h' \
  'sandbox/*.cpp' 'sandbox/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'fuzz/*.cpp')
mapfile -t others < <(git ls-files -- '*.sh' '*.py' '*.js' 'CMakeLists.txt' '*/CMakeLists.txt' .ci/run)
status=0
for f in "${cxx[@]}" "${others[@]}"; do
  [ -f "$f" ] || continue
  if ! head -n 3 "$f" | grep -q 'SPDX-License-Identifier: Apache-2.0'; then
    echo "$f: no SPDX-License-Identifier line" >&2
    status=1
  fi
done
if [ "${1:-}" = "--fix" ]; then
  "$clang_format" -i "${cxx[@]}"
elif ! "$clang_format" --dry-run --Werror "${cxx[@]}" 2>/tmp/style.$$; then
  grep -E '^[^ ].*: (error|warning):' /tmp/style.$$ | cut -d: -f1 | sort -u | sed 's/$/: not formatted (scripts\/check-style.sh --fix)/' >&2
  status=1
fi
rm -f /tmp/style.$$
[ $status -eq 0 ] && echo "style: ${#cxx[@]} C++ files formatted, every file licensed"
exit $status
