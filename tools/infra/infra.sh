#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Kafka, FerretDB (MongoDB API), Redis and Jaeger for Bazaar's tests, as plain local processes (no Docker).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${BAZAAR_CACHE:=$HOME/.cache/bazaar}"
: "${BAZAAR_RUN:=$(cd "$here/../.." && pwd)/tmp/infra}"
export BAZAAR_CACHE BAZAAR_RUN

source "$here/lib.sh"
source "$here/kafka.sh"
source "$here/ferretdb.sh"
source "$here/redis.sh"
source "$here/sentinel.sh"
source "$here/jaeger.sh"

SERVERS=(kafka ferretdb redis replica "${SENTINELS[@]}" jaeger)
# REDIS_REPLICATION=1 (npm run stack) adds Redis's replica and three Sentinels to up/install/env.
# Off by default: the tests share one plain Redis that they stop and start (a Sentinel would fail
# it over, and a primary restarted under a replica must not come back empty); the failover test
# runs its own replicated set.
: "${REDIS_REPLICATION:=0}"
managed_servers() {
  local s
  for s in "${SERVERS[@]}"; do
    [[ $REDIS_REPLICATION == 1 || ( $s != replica && " ${SENTINELS[*]} " != *" $s "* ) ]] && echo "$s"
  done
}

usage() {
  cat <<EOF
usage: $(basename "$0") <command>
  up                 install (if missing), start (if not running) and wait for all servers
  up --build-later   the same, but a server still to be built (Jaeger on a cold cache) is built
                     and started in the background: up does not wait for it, env names it already
  down               stop every server started here
  status             one line per server
  start|stop <name>  one server: ${SERVERS[*]}
  install [<name>]   install what is missing (all servers by default), start nothing
  install --build-later [<name>]  the same, but what is still to be built is built and started
                     in the background, as by up --build-later (npm run stack, before npm ci)
  join <name>        what those two run detached: build <name> (niced), then start it
  env                export lines for MONGO_URL, KAFKA_BROKERS, REDIS_URL, REDIS_SENTINELS,
                     REDIS_SENTINEL_NAME, JAEGER_QUERY_URL and OTEL_EXPORTER_OTLP_ENDPOINT
REDIS_REPLICATION=1 adds Redis's replica and three Sentinels to up, install and env (npm run stack).

A variable (MONGO_URL, KAFKA_BROKERS, REDIS_URL, JAEGER_QUERY_URL) already set to another address
names a server run elsewhere (e.g. docker compose): up then only checks it is reachable.
Cache: BAZAAR_CACHE=$BAZAAR_CACHE  State and logs: BAZAAR_RUN=$BAZAAR_RUN
Ports: KAFKA_PORT KAFKA_CONTROLLER_PORT FERRETDB_PORT REDIS_PORT (all on $HOST)
       REDIS_REPLICA_PORT REDIS_SENTINEL_PORTS (three, space-separated)
       JAEGER_OTLP_GRPC_PORT JAEGER_OTLP_HTTP_PORT JAEGER_QUERY_PORT JAEGER_QUERY_GRPC_PORT
EOF
}

server_arg() {
  [[ " ${SERVERS[*]} " == *" ${1:-} "* ]] || die "unknown server '${1:-}' (one of: ${SERVERS[*]})"
  local var; var=$("$1"_var)
  ! is_external "$1" || die "$1 is external ($var=${!var}), not managed here"
}

# Installs run in parallel (on a cold cache the FerretDB build and the Maven download overlap),
# under a lock on the cache, which other checkouts may share.
install_locked() {
  local s i names=("$@") pids=() failed=()
  (($#)) || return 0
  mkdir -p "$BAZAAR_CACHE"
  {
    flock 8
    for s; do "$s"_install & pids+=($!); done
    for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed+=("${names[$i]}"); done
  } 8>"$BAZAAR_CACHE/.lock"
  ((${#failed[@]} == 0)) || die "install failed: ${failed[*]}"
}

declare -A BUILDING=() # server -> pid of its build running in the background

# build_in_background <names...>: start the missing slow builds (servers defining <name>_installed;
# Jaeger's takes ~13 min of CPU on a cold cache) at once, each in its own process group, so that
# the other servers install and start meanwhile; await_build collects them.
build_in_background() {
  local s log
  for s; do
    if declare -F "${s}_installed" >/dev/null && ! "${s}_installed"; then
      log=$(log_file "$s-install")
      mkdir -p "$(dirname "$log")" && : >"$log"
      echo "$s: building in the background (log: $log)"
      set -m # job control: the build gets a process group of its own, so it can be stopped whole
      ("${s}"_install) </dev/null >>"$log" 2>&1 9>&- &
      BUILDING[$s]=$!
      set +m
    fi
  done
  # If infra.sh exits early (another server failed, Ctrl-C), stop the builds it started.
  ((${#BUILDING[@]} == 0)) || trap stop_builds EXIT
}

stop_builds() {
  local pid
  for pid in "${BUILDING[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
}

await_build() {
  local t0=$SECONDS log
  log=$(log_file "$1-install")
  alive "${BUILDING[$1]}" && echo "$1: waiting for its build to finish (log: $log)"
  if ! wait "${BUILDING[$1]}"; then
    unset "BUILDING[$1]"
    show_log_tail "$log"
    die "install failed: $1 (its build failed; the log above says why)"
  fi
  unset "BUILDING[$1]"
  echo "$1: build finished (waited $((SECONDS - t0))s)"
}

# not_building <names...>: those with no build running in the background, one a line.
not_building() { local s; for s; do [[ -v BUILDING[$s] ]] || echo "$s"; done; }

# install_all <names...>: the slow builds in the background, the rest under the cache lock.
install_all() {
  local s rest
  build_in_background "$@"
  mapfile -t rest < <(not_building "$@")
  install_locked "${rest[@]}"
  for s in "${!BUILDING[@]}"; do await_build "$s"; done
}

cmd_up() {
  local s i var managed=() later=0
  case ${1:-} in --build-later) later=1 ;; '') ;; *) die "up: unknown option '$1' (only --build-later)" ;; esac
  for s in $(managed_servers); do
    var=$("$s"_var)
    # First: a replica or Sentinel's own variable is unset when its primary is someone else's.
    if follows_external "$s"; then
      continue
    elif ! is_external "$s"; then
      managed+=("$s")
    elif external_reachable "$s"; then
      echo "$s: using $var=${!var} (set in the environment; reachable, not started here)"
    else
      die "$s: $var=${!var} is set in the environment but not reachable"
    fi
  done
  if ((later)); then defer_builds "${managed[@]}"; managed=("${NOW[@]}"); fi
  ((${#managed[@]})) || return 0
  local ready
  build_in_background "${managed[@]}"
  mapfile -t ready < <(not_building "${managed[@]}")
  install_locked "${ready[@]}"
  # Launch all, then wait in reverse: Kafka (slowest, launched first) boots while the others get ready.
  for s in "${ready[@]}"; do srv_launch "$s"; done
  for ((i = ${#ready[@]} - 1; i >= 0; i--)); do srv_wait "${ready[i]}"; done
  # Then the servers whose build ran meanwhile.
  for s in "${!BUILDING[@]}"; do
    await_build "$s"
    srv_launch "$s"
    srv_wait "$s"
  done
}

# join_later <name> (up --build-later): a detached `infra.sh join <name>` builds the server and
# starts it, with a pidfile of its own (pids/<name>-join.pid) so that status, env and stop know of
# it. env names the server's address meanwhile: clients configured now find it once it is up (the
# services' OTLP exporter drops what it sends before, then exports to it).
join_later() {
  local log
  if joining "$1"; then echo "$1: still building in the background (log: $(log_file "$1-install"))"; return; fi
  log=$(log_file "$1-install")
  mkdir -p "$(dirname "$log")" "$BAZAAR_RUN/pids" && : >"$log"
  setsid bash "$here/infra.sh" join "$1" </dev/null >>"$log" 2>&1 9>&- &
  write_pid "$1-join" $!
  echo "$1: building in the background, starts when built; not waited for (log: $log)"
}

joining() { srv_pid "$1-join" >/dev/null; }

# defer_builds <names...>: join_later each one still to be built; NOW holds the others.
defer_builds() {
  local s
  NOW=()
  for s; do
    if declare -F "${s}_installed" >/dev/null && ! "${s}_installed"; then join_later "$s"; else NOW+=("$s"); fi
  done
}

# The build at the lowest CPU priority (what the store needs first shares the cores with it),
# the server at the normal one, launched under the run's lock like any other.
cmd_join() {
  local started=$SECONDS
  (renice -n 19 "$BASHPID" >/dev/null && "$1"_install) || die "$1: its build failed (the lines above say why)"
  echo "$1: built in $((SECONDS - started))s"
  with_lock srv_launch "$1"
  srv_wait "$1"
  rm -f "$(pid_file "$1-join")"
}

# stop_server <name>: its build in the background too (up --build-later), then the server.
stop_server() {
  local pid
  if pid=$(srv_pid "$1-join"); then
    kill -TERM -- "-$pid" 2>/dev/null || true
    rm -f "$(pid_file "$1-join")"
    echo "$1: stopped its build in the background (pid $pid)"
  fi
  srv_stop "$1"
}

cmd_down() {
  local s
  for s in "${SERVERS[@]}"; do is_external "$s" || stop_server "$s"; done
}

# The server whose install provides <name>'s (Redis's replica and Sentinels: redis's package).
installs_with() { if declare -F "$1"_follows >/dev/null; then "$1"_follows; else echo "$1"; fi; }

cmd_install() {
  local s names=() name later=0
  [[ ${1:-} == --build-later ]] && { later=1; shift; }
  (($#)) || set -- $(managed_servers)
  for s; do
    is_external "$s" && continue
    name=$(installs_with "$s")
    [[ " ${names[*]} " == *" $name "* ]] || names+=("$name")
  done
  if ((later)); then defer_builds "${names[@]}"; names=("${NOW[@]}"); fi
  install_all "${names[@]}"
}

cmd_start() {
  install_all "$(installs_with "$1")"
  srv_launch "$1"
  srv_wait "$1"
}

more_env() { ! declare -F "$1"_more_env >/dev/null || "$1"_more_env; }

status_line() { printf '%-9s %-9s %-27s %s\n' "$@"; }

# More of a server's state in status (its role, for the Redis group).
detail() { ! declare -F "$1"_detail >/dev/null || echo ", $("$1"_detail)"; }

cmd_status() {
  local s var pid
  for s in "${SERVERS[@]}"; do
    var=$("$s"_var)
    if follows_external "$s"; then
      status_line "$s" external "" "with $("$s"_follows)"
    elif is_external "$s"; then
      if external_reachable "$s"; then pid=reachable; else pid=UNREACHABLE; fi
      status_line "$s" external "${!var}" "$pid (from \$$var)"
    elif ! pid=$(srv_pid "$s"); then
      if pid=$(srv_pid "$s-join"); then
        status_line "$s" building "$(address "$s")" "pid $pid, starts when built (log: $(log_file "$s-install"))"
      else
        status_line "$s" stopped "$(address "$s")" ""
      fi
    elif srv_running "$s"; then
      status_line "$s" running "$(address "$s")" "pid $pid$(detail "$s")"
    else
      status_line "$s" starting "$(address "$s")" "pid $pid, port not open yet"
    fi
  done
}

cmd_env() {
  local s var more value
  local -A done=() # the replica and the Sentinels share one variable
  for s in $(managed_servers); do
    var=$("$s"_var)
    if [[ -v done[$var] ]] || follows_external "$s"; then
      continue
    elif is_external "$s"; then
      printf 'export %s=%q\n' "$var" "${!var}"
      # An external server's other variables are passed on as set, if they are.
      while read -r more value; do
        [[ -z ${!more:-} ]] || printf 'export %s=%q\n' "$more" "${!more}"
      done < <(more_env "$s")
    elif srv_running "$s" || joining "$s"; then
      printf 'export %s=%q\n' "$var" "$("$s"_url)"
      while read -r more value; do printf 'export %s=%q\n' "$more" "$value"; done < <(more_env "$s")
    else
      echo "# $s is not running (tools/infra/infra.sh up)" >&2
      continue
    fi
    done[$var]=1
  done
}

cmd=${1:-}
shift || true
case $cmd in
  up) with_lock cmd_up "$@" ;;
  down) with_lock cmd_down ;;
  start) server_arg "${1:-}"; with_lock cmd_start "$1" ;;
  install) for s; do [[ $s == --build-later ]] || server_arg "$s"; done; with_lock cmd_install "$@" ;;
  stop) server_arg "${1:-}"; with_lock stop_server "$1" ;;
  join) server_arg "${1:-}"; cmd_join "$1" ;; # started by up --build-later
  status) cmd_status ;;
  env) cmd_env ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
