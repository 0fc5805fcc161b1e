#!/usr/bin/env bash
# Runs a command on the project's Node.js (see use_node in dependencies.sh): `npm run bench` and
# `npm run dlq` go through it so they run on Node 24 on a machine whose own Node is older.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source tools/scripts/dependencies.sh
install_dependencies
exec "$@"
