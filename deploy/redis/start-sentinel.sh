#!/bin/sh
# One of the three Sentinels in docker-compose.yml: start-sentinel.sh <own name>. Sentinel rewrites
# its configuration as it learns (the current primary, the replicas, the other Sentinels, its own
# id), so the file is written once, on its volume, and found again after a restart. Names, not
# addresses: a container's address changes when it restarts.
set -eu
conf=/data/sentinel.conf
[ -f "$conf" ] || cat >"$conf" <<CONF
port 26379
protected-mode no
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $1
sentinel monitor bazaar redis 6379 2
sentinel down-after-milliseconds bazaar ${REDIS_SENTINEL_DOWN_AFTER_MS:-5000}
sentinel failover-timeout bazaar 20000
sentinel parallel-syncs bazaar 1
CONF
exec docker-entrypoint.sh redis-server "$conf" --sentinel
