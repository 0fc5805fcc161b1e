#!/usr/bin/env bash
# Debian's haproxy, which runs deploy/haproxy/haproxy.cfg natively: `npm run stack` (tools/scripts/stack.sh)
# and every test that starts the stack or a gateway behind it (shared/testing's startEdgeProxy:
# tests/e2e, tests/fuzz, libs/gateway/feature) call this first. Installs it when missing; runs nothing.
set -euo pipefail
command -v haproxy >/dev/null && exit 0
sudo=()
((EUID == 0)) || sudo=(sudo -n)
export DEBIAN_FRONTEND=noninteractive
echo "haproxy: installing Debian package haproxy" >&2
"${sudo[@]}" apt-get install -y -q haproxy >/dev/null 2>&1 ||
  { "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" apt-get install -y -q haproxy >/dev/null; }
# Where services may start, the package starts a system haproxy from /etc/haproxy: tests run their own.
"${sudo[@]}" service haproxy stop >/dev/null 2>&1 || true
