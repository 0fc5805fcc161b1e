# Sourced by the npm scripts that run the project (test-all.sh, stack.sh, with-node.sh).
#
# use_node: the Node.js everything runs on. A machine whose own `node` meets package.json's
# `engines` uses it; an older one gets the version pinned in .nvmrc from the npm registry (the
# `node` package ships the official build), cached outside the repo, first on PATH from here on.
use_node() {
  local minimum pinned cache
  minimum=$(sed -n 's/.*"node": ">=\([0-9]*\)".*/\1/p' package.json | head -1)
  if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge "$minimum" ]; then
    return 0
  fi
  pinned=$(tr -d '[:space:]' <.nvmrc)
  cache=${BAZAAR_CACHE:-$HOME/.cache/bazaar}/node-$pinned
  if [ ! -x "$cache/node_modules/.bin/node" ]; then
    echo "fetching Node.js $pinned (this machine has $(node --version 2>/dev/null || echo none); engines asks >=$minimum)"
    mkdir -p "$cache" && echo '{ "private": true, "allowScripts": { "node": true } }' >"$cache/package.json"
    npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund "node@$pinned" >/dev/null || return 1
  fi
  export PATH=$cache/node_modules/.bin:$PATH
  hash -r
}

# install_dependencies: `npm ci` (the lock file exactly) when node_modules is missing or older than it.
install_dependencies() {
  use_node || return 1
  if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
    return 0
  fi
  npm ci --no-audit --no-fund || return 1
  hash -r
}

# use_nx_cache: Nx's task cache and its database outside the checkout, per checkout path, so a
# fresh clone in the same place (CI) replays the lint, typecheck and builds of unchanged projects.
# Both move together: Nx finds a cached result through the database, never through the directory
# alone. Of the tests only unit tests of unchanged projects are replayed (ADR 0015).
use_nx_cache() {
  local root
  root=${BAZAAR_CACHE:-$HOME/.cache/bazaar}/nx/$(pwd -P | sha256sum | cut -c1-16)
  export NX_CACHE_DIRECTORY=${NX_CACHE_DIRECTORY:-$root/cache} NX_WORKSPACE_DATA_DIRECTORY=${NX_WORKSPACE_DATA_DIRECTORY:-$root/workspace-data}
}
