#!/bin/sh
# Starts one Redis of the carts' pair in docker-compose.yml: start-redis.sh <own name> <its primary,
# or "" for the primary>. After a failover the roles have swapped, so a restarted server asks the
# Sentinels first and comes back as a replica of the primary they name; started in its configured
# role it could become a second primary. Both run alike, being each other's stand-in:
# - appendonly, appendfsync always: what the cart acknowledged (the replica has it too, see
#   docs/adr/0010) is on the primary's disk before the reply, so a primary Docker restarts before
#   the Sentinels fail over comes back with it, and its replica does not resync to less;
# - noeviction: a full Redis refuses writes (the cart answers 503) instead of dropping carts;
# - replica-announce-ip: the Sentinels know each server by name (addresses change on restart).
set -eu
self=$1 primary=$2
for sentinel in $REDIS_SENTINEL_HOSTS; do
  named=$(timeout 2 redis-cli -h "$sentinel" -p 26379 --raw SENTINEL get-master-addr-by-name bazaar 2>/dev/null | head -n1) || named=
  if [ -n "$named" ]; then primary=$named; break; fi
done
[ "$primary" != "$self" ] || primary=
# shellcheck disable=SC2086 # "--replicaof host 6379" or nothing
exec docker-entrypoint.sh redis-server --appendonly yes --appendfsync always --save '' \
  --maxmemory 32mb --maxmemory-policy noeviction --repl-diskless-sync-delay 0 \
  --replica-announce-ip "$self" ${primary:+--replicaof $primary 6379}
