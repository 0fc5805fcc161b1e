#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Kafka, FerretDB (MongoDB API) and Redis for Bazaar's tests, as plain local processes (no Docker).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${BAZAAR_CACHE:=$HOME/.cache/bazaar}"
: "${BAZAAR_RUN:=$(cd "$here/../.." && pwd)/tmp/infra}"
export BAZAAR_CACHE BAZAAR_RUN

source "$here/lib.sh"
source "$here/kafka.sh"
source "$here/ferretdb.sh"
source "$here/redis.sh"

SERVERS=(kafka ferretdb redis)

usage() {
  cat <<EOF
usage: $(basename "$0") <command>
  up                 install (if missing), start (if not running) and wait for all servers
  down               stop every server started here
  status             one line per server
  start|stop <name>  one server: ${SERVERS[*]}
  env                export lines for MONGO_URL, KAFKA_BROKERS, REDIS_URL

A variable (MONGO_URL, KAFKA_BROKERS, REDIS_URL) already set to another address names a server
run elsewhere (e.g. docker compose): up then only checks it is reachable.
Cache: BAZAAR_CACHE=$BAZAAR_CACHE  State and logs: BAZAAR_RUN=$BAZAAR_RUN
Ports: KAFKA_PORT KAFKA_CONTROLLER_PORT FERRETDB_PORT REDIS_PORT (all on $HOST)
EOF
}

server_arg() {
  [[ " ${SERVERS[*]} " == *" ${1:-} "* ]] || die "unknown server '${1:-}' (one of: ${SERVERS[*]})"
  local var; var=$("$1"_var)
  ! is_external "$1" || die "$1 is external ($var=${!var}), not managed here"
}

# Installs run in parallel (on a cold cache the FerretDB build and the Maven download overlap),
# under a lock on the cache, which other checkouts may share.
install_all() {
  local s i names=("$@") pids=() failed=()
  mkdir -p "$BAZAAR_CACHE"
  {
    flock 8
    for s; do "$s"_install & pids+=($!); done
    for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed+=("${names[$i]}"); done
  } 8>"$BAZAAR_CACHE/.lock"
  ((${#failed[@]} == 0)) || die "install failed: ${failed[*]}"
}

cmd_up() {
  local s i var managed=()
  for s in "${SERVERS[@]}"; do
    var=$("$s"_var)
    if ! is_external "$s"; then
      managed+=("$s")
    elif external_reachable "$s"; then
      echo "$s: using $var=${!var} (set in the environment; reachable, not started here)"
    else
      die "$s: $var=${!var} is set in the environment but not reachable"
    fi
  done
  ((${#managed[@]})) || return 0
  install_all "${managed[@]}"
  # Launch all, then wait in reverse: Kafka (slowest, launched first) boots while the others get ready.
  for s in "${managed[@]}"; do srv_launch "$s"; done
  for ((i = ${#managed[@]} - 1; i >= 0; i--)); do srv_wait "${managed[i]}"; done
}

cmd_down() {
  local s
  for s in "${SERVERS[@]}"; do is_external "$s" || srv_stop "$s"; done
}

cmd_start() {
  install_all "$1"
  srv_launch "$1"
  srv_wait "$1"
}

status_line() { printf '%-9s %-9s %-27s %s\n' "$@"; }

cmd_status() {
  local s var pid
  for s in "${SERVERS[@]}"; do
    var=$("$s"_var)
    if is_external "$s"; then
      if external_reachable "$s"; then pid=reachable; else pid=UNREACHABLE; fi
      status_line "$s" external "${!var}" "$pid (from \$$var)"
    elif ! pid=$(srv_pid "$s"); then
      status_line "$s" stopped "$("$s"_url)" ""
    elif srv_running "$s"; then
      status_line "$s" running "$("$s"_url)" "pid $pid"
    else
      status_line "$s" starting "$("$s"_url)" "pid $pid, port not open yet"
    fi
  done
}

cmd_env() {
  local s var
  for s in "${SERVERS[@]}"; do
    var=$("$s"_var)
    if is_external "$s"; then
      printf 'export %s=%q\n' "$var" "${!var}"
    elif srv_running "$s"; then
      printf 'export %s=%q\n' "$var" "$("$s"_url)"
    else
      echo "# $s is not running (tools/infra/infra.sh up)" >&2
    fi
  done
}

cmd=${1:-}
shift || true
case $cmd in
  up) with_lock cmd_up ;;
  down) with_lock cmd_down ;;
  start) server_arg "${1:-}"; with_lock cmd_start "$1" ;;
  stop) server_arg "${1:-}"; with_lock srv_stop "$1" ;;
  status) cmd_status ;;
  env) cmd_env ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
