#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Screenshots of the real window under Xvfb with a window manager, for looking and for the README:
#   scripts/screenshots.sh OUTDIR [BUILD]
# Every combination of 1024x700 / 1600x1000, English / French, light / dark (qt6ct's "darker"
# scheme, as a desktop user would set it) and 100 % / 200 % (QT_SCALE_FACTOR, on a screen twice
# as large). States: the sandbox's credentials at start, a token with its countdown, the
# request tester and its answer. Needs xvfb, openbox, imagemagick, xdotool, qt6ct. Runs in a throw-away
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
shot() { sleep "${SHOT_DELAY:-1.5}"; import -display "$display" -window root "$out/$1.png"; }
key() { xdotool key --clearmodifiers "$@"; }

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
        DISPLAY=$display QT_QPA_PLATFORMTHEME=qt6ct QT_SCALE_FACTOR=$scale LANG=$l LANGUAGE=$lang \
          "$app" --sandbox >/dev/null 2>&1 &
        pid=$!
        export DISPLAY=$display
        for _ in $(seq 300); do xdotool search --onlyvisible --pid "$pid" >/dev/null 2>&1 && break; sleep 0.1; done
        win=$(xdotool search --onlyvisible --pid "$pid" | tail -1 || true)
        if [ -z "$win" ]; then # said, not a silent end of the whole run (set -e)
          echo "screenshots: $name: no window after 30 s, skipped" >&2
          kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
          continue
        fi
        # --sync waits for the window manager without end when it never activates the window
        # (seen at 3200x2000): bounded, then the key presses wait until the window has focus.
        timeout 10 xdotool windowsize "$win" "$((w * scale))" "$((h * scale))" windowmove "$win" 0 0 \
          windowactivate --sync "$win" || true
        for _ in $(seq 50); do [ "$(xdotool getactivewindow 2>/dev/null)" = "$win" ] && break; sleep 0.1; done
        shot "$name-1-list"
        # The service credential through the filter (Ctrl+F, type, Return goes to the list),
        # then a token minted from the sandbox's IMS, then the request tester.
        key ctrl+f; xdotool type --delay 20 service; key Return
        key ctrl+t; shot "$name-2-token"
        key ctrl+r
        # The tester is a window of its own: wait for it, then for it to have the focus.
        for _ in $(seq 100); do [ "$(xdotool search --onlyvisible --pid "$pid" | wc -l)" -gt 1 ] && break; sleep 0.1; done
        tester=$(xdotool search --onlyvisible --pid "$pid" | grep -vx "$win" | tail -1 || true)
        for _ in $(seq 50); do [ -z "$tester" ] || [ "$(xdotool getactivewindow 2>/dev/null)" = "$tester" ] && break; sleep 0.1; done
        shot "$name-3-tester"
        # The tester's answer: status line, response and its buttons (Ctrl+Return sends).
        key ctrl+Return; shot "$name-4-answer"
        kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
      done
    done
    kill "$wm" "$xvfb" 2>/dev/null || true; wait 2>/dev/null || true
  done
done
ls "$out"
