#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through playwright-core; install it when it is missing.
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] && exit 0
command -v apt-get >/dev/null || { echo "No $CHROMIUM and no apt-get: install Chromium and set CHROMIUM_PATH" >&2; exit 1; }
echo "installing chromium (Debian package) for the browser tests..."
SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core >/dev/null ||
  { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core >/dev/null; }
[ -x "$CHROMIUM" ] || { echo "chromium was installed but $CHROMIUM is missing" >&2; exit 1; }
