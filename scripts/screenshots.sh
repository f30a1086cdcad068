#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Screenshots of the real window under Xvfb with a window manager, for looking and for the README:
#   scripts/screenshots.sh OUTDIR [BUILD]
# Every combination of 1024x700 / 1600x1000, English / French, light / dark (qt6ct's "darker"
# scheme, as a desktop user would set it) and 100 % / 200 % (QT_SCALE_FACTOR, on a screen twice
# as large). States: the welcome page on an empty store, a credential file arriving in Downloads
# and its import preview, the sandbox's credentials at start, a token with its countdown, the
# request tester and its answer, a file cut short handed to the running window. Needs xvfb, openbox, imagemagick, xdotool, qt6ct. Runs in a throw-away
# keyring and HOME (tests/with-keyring.sh); never touches the user's data. SIZES, SCALES, LANGS
# and THEMES (space-separated) take fewer combinations, e.g. SIZES=1024x700 LANGS=fr THEMES=light.
# Xvfb picks a free display itself (-displayfd), so runs side by side never share one.
set -euo pipefail
out=$(realpath -m "${1:?usage: scripts/screenshots.sh OUTDIR [BUILD]}")
build=$(realpath "${2:-build}")
cd "$(dirname "$0")/.."
mkdir -p "$out"
if [ -z "${AEMTOKEN_SCREENSHOTS_INNER:-}" ]; then
  exec env AEMTOKEN_SCREENSHOTS_INNER=1 tests/with-keyring.sh "$0" "$out" "$build"
fi
app="$build/app/aem-token-manager"
# A Developer Console file for the import states (the sandbox CLI writes demo credentials), and
# the same file cut short, as an interrupted download leaves it.
files=$(mktemp -d)
"$build/app/aemtoken" sandbox --dir "$files/gen" >/dev/null 2>&1 &
gen=$!
for _ in $(seq 100); do [ -s "$files/gen/service-credentials.json" ] && break; sleep 0.1; done
kill "$gen" 2>/dev/null || true; wait "$gen" 2>/dev/null || true
cp "$files/gen/service-credentials.json" "$files/cm-p1234-e5678-service.json"
head -c 1500 "$files/cm-p1234-e5678-service.json" >"$files/cut-short.json"
# The download folder the window watches (outside the sandbox), in the throw-away HOME.
mkdir -p "$HOME/Downloads"
printf 'XDG_DOWNLOAD_DIR="$HOME/Downloads"\n' >"$XDG_CONFIG_HOME/user-dirs.dirs"
shot() { sleep "${SHOT_DELAY:-1.5}"; import -display "$display" -window root "$out/$1.png"; }
key() { xdotool key --clearmodifiers "$@"; }
# The newest visible window of process $1, waited for up to 60 s.
window_of() {
  for _ in $(seq 600); do xdotool search --onlyvisible --pid "$1" >/dev/null 2>&1 && break; sleep 0.1; done
  xdotool search --onlyvisible --pid "$1" 2>/dev/null | tail -1 | grep .
}
# Sized to the screen, at its corner, with the focus. --sync waits for the window manager without
# end when it never activates the window (seen at 3200x2000): bounded, then the key presses wait
# until the window has focus.
place() {
  timeout 10 xdotool windowsize "$1" "$((w * scale))" "$((h * scale))" windowmove "$1" 0 0 \
    windowactivate --sync "$1" || true
  for _ in $(seq 50); do [ "$(xdotool getactivewindow 2>/dev/null)" = "$1" ] && break; sleep 0.1; done
}

for size in ${SIZES:-1024x700 1600x1000}; do
  for scale in ${SCALES:-1 2}; do
    w=${size%x*}; h=${size#*x}
    number="$out/.display"
    rm -f "$number"
    Xvfb -displayfd 1 -screen 0 "$((w * scale))x$((h * scale))x24" -nolisten tcp >"$number" 2>/dev/null &
    xvfb=$!
    for _ in $(seq 100); do [ -s "$number" ] && break; sleep 0.1; done
    display=:$(head -1 "$number"); rm -f "$number"
    for _ in $(seq 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done
    DISPLAY=$display openbox >/dev/null 2>&1 &
    wm=$!
    # Ready once it announces itself on the root window (before, activating a window fails).
    for _ in $(seq 100); do
      xprop -display "$display" -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && break
      sleep 0.1
    done
    for lang in ${LANGS:-en fr}; do
      for theme in ${THEMES:-light dark}; do
        name="$size-${scale}00-$lang-$theme"
        mkdir -p "$XDG_CONFIG_HOME/qt6ct"
        if [ "$theme" = dark ]; then
          printf '[Appearance]\ncolor_scheme_path=/usr/share/qt6ct/colors/darker.conf\ncustom_palette=true\nstyle=Fusion\n' \
            >"$XDG_CONFIG_HOME/qt6ct/qt6ct.conf"
        else
          printf '[Appearance]\ncustom_palette=false\nstyle=Fusion\n' >"$XDG_CONFIG_HOME/qt6ct/qt6ct.conf"
        fi
        case $lang in fr) l=fr_FR.UTF-8 ;; *) l=en_US.UTF-8 ;; esac
        export DISPLAY=$display
        # First the user's own window on an empty store: the welcome page, then a credential
        # file landing in Downloads (the offer bar), then its import preview (Alt+I).
        rm -rf "$XDG_DATA_HOME/aem-token-manager" "$XDG_CONFIG_HOME/aem-token-manager" "$HOME/Downloads/"*
        QT_QPA_PLATFORMTHEME=qt6ct QT_SCALE_FACTOR=$scale LANG=$l LANGUAGE=$lang "$app" >/dev/null 2>"$files/app.log" &
        pid=$!
        if win=$(window_of "$pid"); then
          place "$win"
          shot "$name-0-welcome"
          cp "$files/cm-p1234-e5678-service.json" "$HOME/Downloads/"
          shot "$name-5-download-offer"
          key alt+i
          shot "$name-6-import-preview"
        else
          echo "screenshots: $name: no window after 60 s (welcome), skipped; it said:" >&2
          tail -5 "$files/app.log" >&2
        fi
        kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
        QT_QPA_PLATFORMTHEME=qt6ct QT_SCALE_FACTOR=$scale LANG=$l LANGUAGE=$lang \
          "$app" --sandbox >/dev/null 2>&1 &
        pid=$!
        if ! win=$(window_of "$pid"); then # said, not a silent end of the whole run (set -e)
          echo "screenshots: $name: no window after 60 s, skipped" >&2
          kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
          continue
        fi
        place "$win"
        shot "$name-1-list"
        # The service credential through the filter (Ctrl+F, type, Return goes to the list),
        # then a token minted from the sandbox's IMS, then the request tester.
        key ctrl+f; xdotool type --delay 20 service; key Return
        key ctrl+t; SHOT_DELAY=${SHOT_DELAY:-3} shot "$name-2-token" # a mint under load takes a moment
        key ctrl+r
        # The tester is a window of its own: wait for it, then for it to have the focus.
        for _ in $(seq 100); do [ "$(xdotool search --onlyvisible --pid "$pid" | wc -l)" -gt 1 ] && break; sleep 0.1; done
        tester=$(xdotool search --onlyvisible --pid "$pid" | grep -vx "$win" | tail -1 || true)
        for _ in $(seq 50); do [ -z "$tester" ] || [ "$(xdotool getactivewindow 2>/dev/null)" = "$tester" ] && break; sleep 0.1; done
        shot "$name-3-tester"
        # The tester's answer: status line, response and its buttons (Ctrl+Return sends).
        key ctrl+Return; shot "$name-4-answer"
        # A file cut short handed to the running window (a second launch): the preview says so.
        timeout 20 env QT_QPA_PLATFORMTHEME=qt6ct QT_SCALE_FACTOR=$scale LANG=$l LANGUAGE=$lang \
          "$app" --sandbox "$files/cut-short.json" >/dev/null 2>&1 || true
        shot "$name-7-cut-short"
        kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
      done
    done
    kill "$wm" "$xvfb" 2>/dev/null || true; wait 2>/dev/null || true
  done
done
rm -rf "$files"
ls "$out"
