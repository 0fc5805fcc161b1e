# shellcheck shell=bash
# Redis from Debian's redis-server package, run as our own foreground process.
: "${REDIS_PORT:=6379}" "${REDIS_START_TIMEOUT:=30}" "${REDIS_APPENDONLY:=no}"

redis_var() { echo REDIS_URL; }
redis_url() { echo "redis://$HOST:$REDIS_PORT"; }
redis_ports() { echo "$REDIS_PORT"; }
redis_cli_at() { local port=$1; shift; timeout 3 redis-cli -h "$HOST" -p "$port" "$@" 2>/dev/null; }
redis_cli() { redis_cli_at "$REDIS_PORT" "$@"; }
redis_version_at() { redis_cli_at "$1" INFO server | tr -d '\r' | sed -n 's/^redis_version://p'; }
redis_version() { redis_version_at "$REDIS_PORT"; }
# "primary" or "replica of host:port" (what `status` shows: after a failover the roles swap).
redis_role_at() {
  local info
  info=$(redis_cli_at "$1" INFO replication | tr -d '\r')
  if [[ $info == *role:master* ]]; then
    echo "primary, $(sed -n 's/^connected_slaves://p' <<<"$info") replica(s)"
  else
    echo "replica of $(sed -n 's/^master_host://p' <<<"$info"):$(sed -n 's/^master_port://p' <<<"$info"), link $(sed -n 's/^master_link_status://p' <<<"$info")"
  fi
}
redis_detail() { redis_role_at "$REDIS_PORT"; }

redis_install() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  local log="$BAZAAR_RUN/logs/redis-install.log" sudo=()
  ((EUID == 0)) || sudo=(sudo -n)
  echo "redis: installing Debian package redis-server"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -q redis-server >>"$log" 2>&1 ||
    run_logged "$log" "redis: apt-get update" "${sudo[@]}" apt-get update -q
  command -v redis-server >/dev/null ||
    run_logged "$log" "redis: apt-get install redis-server" "${sudo[@]}" apt-get install -y -q redis-server
  # Where services may start (systemd, or no policy-rc.d), the package starts a system redis
  # on 6379 from /etc/redis; we run our own, so stop it (and keep it from coming back at boot).
  if service redis-server status >/dev/null 2>&1; then
    echo "redis: stopping the system redis-server service that the package started"
    "${sudo[@]}" service redis-server stop >>"$log" 2>&1 || true
    [[ ! -d /run/systemd/system ]] || "${sudo[@]}" systemctl disable redis-server >>"$log" 2>&1 || true
  fi
}

# redis_exec <name> <port> [--replicaof host port]: the primary and its replica run alike.
redis_exec() {
  local name=$1 port=$2; shift 2
  srv_exec "$name" redis-server --bind "$HOST" --port "$port" --save '' --appendonly "$REDIS_APPENDONLY" \
    --daemonize no --dir "$(state_dir "$name")" \
    --repl-diskless-sync-delay 0 "$@"
}

# Started as the primary unless the Sentinels (sentinel.sh) have promoted the replica meanwhile.
redis_launch() {
  local replicaof
  replicaof=$(replicaof_args "$REDIS_PORT" "")
  # A primary without its data (no append-only file) would hand its empty data set to the replica
  # that still follows it: every cart gone. Only after the failover may it come back (as a replica).
  if [[ -z $replicaof && $REDIS_APPENDONLY == no ]] && srv_running replica && [[ $(redis_role_at "$REDIS_REPLICA_PORT") == replica* ]]; then
    die "redis: its replica still follows it and holds the carts, which a restart without data (REDIS_APPENDONLY=no) would wipe;
  start it again once the Sentinels have promoted the replica (after REDIS_SENTINEL_DOWN_AFTER_MS=$REDIS_SENTINEL_DOWN_AFTER_MS ms)"
  fi
  # shellcheck disable=SC2086 # "--replicaof host port" or nothing
  redis_exec redis "$REDIS_PORT" $replicaof
}

redis_ready() { [[ $(redis_cli ping) == PONG ]]; }
