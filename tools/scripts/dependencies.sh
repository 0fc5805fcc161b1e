# Sourced by test-all.sh and stack.sh, which run inside npm scripts (node_modules/.bin first on PATH).
# `npm ci` follows the lock file exactly and installs the pinned Node.js (devDependency `node`).
# On a machine whose own Node is older, npm would run that first install on it and warn about every
# package that needs a newer Node (OpenTelemetry 3.x, nestjs-pino 5...); so the pinned Node is
# fetched alone first, into tmp/, and npm ci runs on it.
install_dependencies() {
  if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
    return 0
  fi
  local path=$PATH
  if [ ! -x node_modules/.bin/node ] && ! node tools/scripts/node-runtime.mjs >/dev/null 2>&1; then
    local bootstrap=$PWD/tmp/node-bootstrap pinned
    pinned=$(node -p "require('./package.json').devDependencies.node") || return 1
    mkdir -p "$bootstrap" && echo '{ "private": true, "allowScripts": { "node": true } }' >"$bootstrap/package.json"
    echo "fetching Node.js $pinned for the first install (this machine has $(node --version))"
    npm install --prefix "$bootstrap" --no-save --no-package-lock --no-audit --no-fund "node@$pinned" >/dev/null || return 1
    path=$bootstrap/node_modules/.bin:$PATH
  fi
  PATH=$path npm ci --no-audit --no-fund || return 1
  hash -r
}
