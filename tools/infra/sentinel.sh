# shellcheck shell=bash
# Redis replication for carts: a replica of the primary (redis.sh) and three Sentinels watching
# them, all from Debian's redis-server package (`redis-server --sentinel` is Sentinel; Debian's
# redis-sentinel package only adds a system service around that same binary).
: "${REDIS_REPLICA_PORT:=6380}" "${REDIS_SENTINEL_PORTS:=26379 26380 26381}" "${REDIS_SENTINEL_NAME:=bazaar}"
# Sentinel's own defaults (30 s, 3 min) are for wide networks; on one machine a primary that
# misses 5 s of pings is gone. Tests that kill the primary set a shorter window.
: "${REDIS_SENTINEL_DOWN_AFTER_MS:=5000}" "${REDIS_SENTINEL_FAILOVER_TIMEOUT_MS:=20000}"
SENTINELS=(sentinel1 sentinel2 sentinel3)

sentinel_port() { local ports; read -ra ports <<<"$REDIS_SENTINEL_PORTS"; echo "${ports[${1#sentinel} - 1]}"; }
sentinel_list() { local s list=(); for s in "${SENTINELS[@]}"; do list+=("$HOST:$(sentinel_port "$s")"); done; (IFS=,; echo "${list[*]}"); }

# What the cart reads (REDIS_SENTINELS, REDIS_SENTINEL_NAME); the replica and the Sentinels are
# managed here only when the primary is (a REDIS_URL set elsewhere brings its own replication).
replica_var() { echo REDIS_SENTINELS; }
replica_url() { sentinel_list; }
replica_follows() { echo redis; }
replica_address() { echo "redis://$HOST:$REDIS_REPLICA_PORT"; }
replica_ports() { echo "$REDIS_REPLICA_PORT"; }
replica_version() { redis_version_at "$REDIS_REPLICA_PORT"; }
replica_more_env() { echo "REDIS_SENTINEL_NAME $REDIS_SENTINEL_NAME"; }
replica_install() { :; } # redis.sh installs the one package for all (no parallel apt-get)

# The primary our Sentinels name now (host port), or nothing when none answers. Only Sentinels
# started from this BAZAAR_RUN are asked, and only an answer naming our primary or replica counts:
# a private run (other ports) must never follow another run's servers. During a failover the
# Sentinel that led it knows the new primary before the others hear of it: a Sentinel naming
# another server than <except> wins.
sentinel_master() {
  local except=${1:-} s reply named=""
  for s in "${SENTINELS[@]}"; do
    srv_pid "$s" >/dev/null || continue
    reply=$(timeout 2 redis-cli -h "$HOST" -p "$(sentinel_port "$s")" --raw SENTINEL get-master-addr-by-name "$REDIS_SENTINEL_NAME" 2>/dev/null | tr '\n' ' ') || continue
    [[ $reply == "$HOST $REDIS_PORT " || $reply == "$HOST $REDIS_REPLICA_PORT " ]] || continue
    named=${reply% }
    [[ $named == "$except" ]] || break
  done
  [[ -n $named ]] && echo "$named"
}

# --replicaof for a server (re)started on <port>: the Sentinels' primary when they name another
# server (a failover happened: it comes back as a replica), otherwise <default> ("" = primary).
replicaof_args() {
  local port=$1 default=$2 master
  master=$(sentinel_master "$HOST $port") || master=$default
  [[ -z $master || $master == "$HOST $port" ]] && master=$default
  [[ -z $master ]] || echo "--replicaof $master"
}

replica_launch() {
  local replicaof
  replicaof=$(replicaof_args "$REDIS_REPLICA_PORT" "$HOST $REDIS_PORT")
  # shellcheck disable=SC2086 # "--replicaof host port"
  redis_exec replica "$REDIS_REPLICA_PORT" $replicaof
}

# Ready once it holds the primary's data set (the link is up after the initial sync).
replica_ready() {
  local info
  info=$(redis_cli_at "$REDIS_REPLICA_PORT" INFO replication | tr -d '\r')
  [[ $info == *role:master* || $info == *master_link_status:up* ]]
}

replica_detail() { redis_role_at "$REDIS_REPLICA_PORT"; }

sentinel_conf() { # name master-host master-port
  local port myid
  port=$(sentinel_port "$1")
  # A fixed id per Sentinel: a restarted Sentinel is the same voter, not one more the others count.
  myid=$(printf 'bazaar-sentinel-%s' "$port" | sha1sum | cut -c1-40)
  cat <<EOF
port $port
bind $HOST
daemonize no
dir $(state_dir "$1")
sentinel myid $myid
sentinel monitor $REDIS_SENTINEL_NAME $2 $3 2
sentinel down-after-milliseconds $REDIS_SENTINEL_NAME $REDIS_SENTINEL_DOWN_AFTER_MS
sentinel failover-timeout $REDIS_SENTINEL_NAME $REDIS_SENTINEL_FAILOVER_TIMEOUT_MS
sentinel parallel-syncs $REDIS_SENTINEL_NAME 1
EOF
}

# Sentinel rewrites its file as it learns; it is written afresh at each start, monitoring the
# primary the running Sentinels name (after a failover, the promoted replica) or the configured one.
sentinel_launch() {
  local conf master
  conf="$(state_dir "$1")/sentinel.conf"
  master=$(sentinel_master) || master="$HOST $REDIS_PORT"
  # shellcheck disable=SC2086 # "host port"
  sentinel_conf "$1" $master >"$conf"
  srv_exec "$1" redis-server "$conf" --sentinel
}

sentinel_ready() {
  [[ $(timeout 3 redis-cli -h "$HOST" -p "$(sentinel_port "$1")" SENTINEL get-master-addr-by-name "$REDIS_SENTINEL_NAME" 2>/dev/null | wc -l) -eq 2 ]]
}

sentinel_detail() {
  local master
  master=$(timeout 3 redis-cli -h "$HOST" -p "$(sentinel_port "$1")" --raw SENTINEL get-master-addr-by-name "$REDIS_SENTINEL_NAME" 2>/dev/null | paste -sd: -)
  echo "watching $REDIS_SENTINEL_NAME, primary ${master:-unknown}"
}

for _s in "${SENTINELS[@]}"; do
  eval "
  ${_s}_var() { echo REDIS_SENTINELS; }
  ${_s}_url() { sentinel_list; }
  ${_s}_follows() { echo redis; }
  ${_s}_address() { echo $HOST:\$(sentinel_port $_s); }
  ${_s}_ports() { sentinel_port $_s; }
  ${_s}_version() { redis_version_at \$(sentinel_port $_s); }
  ${_s}_more_env() { echo \"REDIS_SENTINEL_NAME \$REDIS_SENTINEL_NAME\"; }
  ${_s}_install() { :; }
  ${_s}_launch() { sentinel_launch $_s; }
  ${_s}_ready() { sentinel_ready $_s; }
  ${_s}_detail() { sentinel_detail $_s; }
  "
done
unset _s
