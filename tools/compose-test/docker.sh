#!/usr/bin/env bash
# A Docker engine for the compose test: uses the one DOCKER_HOST (or the default socket) reaches,
# or else installs Debian's docker.io and starts a private daemon, and stops only what it started.
#
#   docker.sh up      installs what is missing, starts a daemon if none answers, prints its env
#   docker.sh down    stops the daemon `up` started (nothing if it used one already running)
#   docker.sh env     prints DOCKER_HOST / DOCKER_CONFIG lines to eval
#
# The private daemon: --data-root under $BAZAAR_CACHE (images and build cache survive between
# runs, outside the repository), exec root, pidfile and socket under tmp/compose-test/docker,
# --iptables=false and no default bridge (compose makes its own bridge networks; published ports go
# through Docker's userland proxy on 127.0.0.1). One private daemon per data root at a time: a lock.
#
# The compose v2 and buildx CLI plugins are built once from the Go module proxy into
# $BAZAAR_CACHE/bin (minutes of CPU on a cold Go cache) and given to the CLI through a private
# DOCKER_CONFIG, so ~/.docker is never touched.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

: "${BAZAAR_CACHE:=$HOME/.cache/bazaar}" "${COMPOSE_VERSION:=2.40.3}" "${BUILDX_VERSION:=0.38.2}"
: "${DOCKER_START_TIMEOUT:=60}"
run_dir=$PWD/tmp/compose-test/docker
data_root=$BAZAAR_CACHE/docker
bin_dir=$BAZAAR_CACHE/bin
compose_bin=$bin_dir/docker-compose-$COMPOSE_VERSION
buildx_bin=$bin_dir/docker-buildx-$BUILDX_VERSION
config_dir=$run_dir/config
private_host=unix://$run_dir/docker.sock

die() { echo "compose-test: $*" >&2; exit 1; }

# go_build_in_module <target> <module> <version> <package-dir> [ldflags]: copies the module out of
# Go's module cache and builds there, so its own go.mod (exclude and replace directives, which
# `go install pkg@version` refuses) and go.sum apply as in upstream's build. Locked: several
# checkouts may share the cache.
go_build_in_module() {
  local target=$1 module=$2 version=$3 package=$4 ldflags=${5:-} dir src
  [[ -x $target ]] && return 0
  command -v go >/dev/null || die "'go' is required to build $module"
  mkdir -p "$bin_dir"
  exec 7>"$target.lock"
  flock 7
  if [[ ! -x $target ]]; then
    echo "compose-test: building $module@v$version from the Go module proxy (first run only; minutes of CPU)" >&2
    dir=$(GOWORK=off go mod download -json "$module@v$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
    [[ -d $dir ]] || die "go mod download $module@v$version failed"
    src=$(mktemp -d "$bin_dir/.src.XXXXXX")
    cp -R "$dir/." "$src" && chmod -R u+w "$src"
    (cd "$src" && GOWORK=off CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags="-s -w $ldflags" -o "$target.tmp" "$package") ||
      { rm -rf "$src" "$target.tmp"; die "building $module failed (the compiler's messages are above)"; }
    rm -rf "$src"
    mv "$target.tmp" "$target"
  fi
  exec 7>&-
}

install_engine() {
  if ! command -v dockerd >/dev/null || ! command -v mmdebstrap >/dev/null; then
    echo "compose-test: installing Debian's docker.io and mmdebstrap" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker.io mmdebstrap >&2 ||
      die "apt-get install docker.io mmdebstrap failed: a Docker engine is required for the compose test"
  fi
  go_build_in_module "$compose_bin" github.com/docker/compose/v2 "$COMPOSE_VERSION" ./cmd \
    "-X github.com/docker/compose/v2/internal.Version=v$COMPOSE_VERSION"
  go_build_in_module "$buildx_bin" github.com/docker/buildx "$BUILDX_VERSION" ./cmd/buildx \
    "-X github.com/docker/buildx/version.Version=v$BUILDX_VERSION"
  mkdir -p "$config_dir/cli-plugins"
  ln -sfn "$compose_bin" "$config_dir/cli-plugins/docker-compose"
  ln -sfn "$buildx_bin" "$config_dir/cli-plugins/docker-buildx"
  [[ -f $config_dir/config.json ]] || echo '{}' >"$config_dir/config.json"
}

answers() { DOCKER_HOST=$1 timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# The daemon to use: DOCKER_HOST if set, else the default socket, else ours (started by `up`).
current_host() {
  if [[ -n ${DOCKER_HOST:-} ]]; then echo "$DOCKER_HOST"
  elif answers unix:///var/run/docker.sock; then echo unix:///var/run/docker.sock
  else echo "$private_host"; fi
}

start_daemon() {
  local log=$run_dir/dockerd.log t0=$SECONDS
  mkdir -p "$run_dir" "$data_root"
  # dockerd inherits the lock and holds it while it runs: a second checkout's test waits here for
  # the first one's daemon to stop instead of starting another on the same data root.
  exec 8>"$data_root.lock"
  if ! flock -n 8; then
    echo "compose-test: another checkout's Docker daemon uses $data_root; waiting for it to stop" >&2
    flock -w "${DOCKER_LOCK_TIMEOUT:-3600}" 8 || die "$data_root stayed in use for ${DOCKER_LOCK_TIMEOUT:-3600}s"
  fi
  echo "compose-test: starting a private Docker daemon (data root $data_root, socket $run_dir/docker.sock)" >&2
  # overlay2 on the host's filesystem; vfs (copies every layer) where overlay cannot mount.
  local driver=${DOCKER_STORAGE_DRIVER:-overlay2}
  setsid dockerd --data-root "$data_root" --exec-root "$run_dir/exec" --pidfile "$run_dir/dockerd.pid" \
    -H "$private_host" --storage-driver="$driver" --iptables=false --ip-masq=false --bridge=none \
    >"$log" 2>&1 </dev/null &
  until answers "$private_host"; do
    if ! kill -0 $! 2>/dev/null || ((SECONDS - t0 > DOCKER_START_TIMEOUT)); then
      tail -n 30 "$log" >&2
      die "the Docker daemon did not start (log above, $log): the compose test needs one; it is not skipped"
    fi
    sleep 0.5
  done
  echo "$!" >"$run_dir/started-by-us"
  exec 8>&-
  echo "compose-test: Docker $(DOCKER_HOST=$private_host docker version --format '{{.Server.Version}}') up in $((SECONDS - t0))s" >&2
}

stop_daemon() {
  local pid t0=$SECONDS
  [[ -f $run_dir/started-by-us ]] || return 0
  pid=$(cat "$run_dir/started-by-us")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do
      ((SECONDS - t0 < 30)) || { kill -KILL "$pid" 2>/dev/null || true; break; }
      sleep 0.2
    done
  fi
  rm -f "$run_dir/started-by-us"
  echo "compose-test: private Docker daemon stopped" >&2
}

print_env() {
  echo "export DOCKER_HOST=$(current_host)"
  echo "export DOCKER_CONFIG=$config_dir"
}

case ${1:-} in
  up)
    command -v docker >/dev/null || install_engine
    install_engine
    host=$(current_host)
    if [[ $host == "$private_host" ]] && ! answers "$private_host"; then start_daemon; fi
    answers "$(current_host)" || die "no Docker daemon answers at $(current_host)"
    print_env
    ;;
  down) stop_daemon ;;
  env) print_env ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
