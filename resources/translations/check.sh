#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fails when a user-visible string is not translated: lupdate refreshes a copy of each
# catalogue from the sources, and no entry may stay "unfinished".
#
# The .ts files are the one source of the translations. After changing strings:
#   lupdate -no-obsolete -locations none ui core app -ts resources/translations/aem-token-manager_fr.ts
#   lupdate -no-obsolete -locations none -pluralonly ui core app -ts resources/translations/aem-token-manager_en.ts
# then translate the unfinished entries (Qt Linguist: linguist resources/translations/*.ts).
set -euo pipefail
cd "$(dirname "$0")/../.."
lupdate=$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
# The window, the command line, and the core library whose messages both show.
SOURCES="ui core app"
status=0
for ts in resources/translations/*.ts; do
  copy=$(mktemp --suffix=.ts)
  cp "$ts" "$copy"
  # English is the source language: its catalogue holds only the plural forms of "%n" messages.
  case "$ts" in *_en.ts) only=-pluralonly ;; *) only= ;; esac
  "$lupdate" -silent -no-obsolete -locations none $only $SOURCES -ts "$copy" >/dev/null
  if grep -q 'type="unfinished"' "$copy"; then
    echo "untranslated strings in $ts:" >&2
    grep -B2 'type="unfinished"' "$copy" | sed -n 's/.*<source>\(.*\)<\/source>.*/  \1/p' >&2
    status=1
  fi
  rm -f "$copy"
done
[ $status -eq 0 ] && echo "translations complete: $(ls resources/translations/*.ts | wc -l) catalogue(s)"
exit $status
