#!/usr/bin/env bash
# Installs the Debian libraries Qt needs (and, for the tests, PostgreSQL), only those
# that are missing.
# "offscreen" is enough for tests and headless export; "window" adds what the xcb
# platform plugin needs to open a real window (and Xvfb for screenshots).
set -euo pipefail
want=(libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
      libxkbcommon0 fonts-dejavu-core)
# The test suite also starts a real X server (Xvfb) to check the unreachable-display message.
[ "${1:-offscreen}" = "offscreen" ] && want+=(xvfb)
# ...and a real PostgreSQL server (initdb + pg_ctl in a temporary folder, tests/pg_server.py):
# the same tests run on the embedded SQLite file and on a server database.
[ "${1:-offscreen}" = "offscreen" ] && want+=(postgresql)
if [ "${1:-offscreen}" = "window" ]; then
  want+=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-shape0
         libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 xvfb)
fi
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian: the user installs Qt's libraries
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages Qt needs: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
