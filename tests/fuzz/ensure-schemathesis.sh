#!/usr/bin/env bash
# Schemathesis (PyPI), pinned, in its own virtualenv cached under $BAZAAR_CACHE (~/.cache/bazaar):
# installs it when missing and prints the path of its `st` command.
set -euo pipefail
VERSION=4.32.5
venv="${BAZAAR_CACHE:-$HOME/.cache/bazaar}/venv/schemathesis-$VERSION"
# Written last, so an interrupted install is redone rather than used.
done_marker="$venv/.installed"
if [ ! -e "$done_marker" ]; then
  mkdir -p "$(dirname "$venv")"
  exec 9>"$venv.lock"
  flock 9
  if [ ! -e "$done_marker" ]; then
    command -v python3 >/dev/null || { echo "schemathesis needs python3" >&2; exit 1; }
    if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
      echo "installing python3-venv (Debian package) for schemathesis..." >&2
      SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo -n")
      export DEBIAN_FRONTEND=noninteractive
      $SUDO apt-get install -y -q python3-venv >/dev/null 2>&1 ||
        { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q python3-venv >/dev/null; }
    fi
    echo "installing schemathesis $VERSION into $venv..." >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
    touch "$done_marker"
  fi
fi
echo "$venv/bin/st"
