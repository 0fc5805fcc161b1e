# shellcheck shell=bash
# Redis from Debian's redis-server package, run as our own foreground process.
: "${REDIS_PORT:=6379}" "${REDIS_START_TIMEOUT:=30}" "${REDIS_APPENDONLY:=no}"

redis_var() { echo REDIS_URL; }
redis_url() { echo "redis://$HOST:$REDIS_PORT"; }
redis_ports() { echo "$REDIS_PORT"; }
redis_cli() { timeout 3 redis-cli -h "$HOST" -p "$REDIS_PORT" "$@" 2>/dev/null; }
redis_version() { redis_cli INFO server | tr -d '\r' | sed -n 's/^redis_version://p'; }

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

redis_launch() {
  srv_exec redis redis-server --bind "$HOST" --port "$REDIS_PORT" --save '' --appendonly "$REDIS_APPENDONLY" \
    --daemonize no --dir "$(state_dir redis)"
}

redis_ready() { [[ $(redis_cli ping) == PONG ]]; }
