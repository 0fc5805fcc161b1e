#!/usr/bin/env bash
# Debian's haproxy, for tests that put the project's deploy/haproxy/haproxy.cfg in front of a
# gateway (libs/gateway/feature, target integration). Installs it when missing; runs nothing.
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
