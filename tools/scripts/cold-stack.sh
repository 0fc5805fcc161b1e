#!/usr/bin/env bash
# A newcomer's first `npm run stack`, timed (issue #16: store ready within 10 minutes of a cold
# first run; Jaeger may join later). Clones this checkout's HEAD into <workdir> and runs
# `npm run stack` there as on a fresh machine: empty caches of its own (BAZAAR_CACHE with Node.js
# and the servers' builds, the Go build and module caches, npm's, Maven's and Nx's), a run
# directory and ports of its own, so nothing shared is read or disturbed. What it does not make
# fresh: apt packages (redis-server, haproxy) and the toolchains (Go, Java, Maven) come from the machine.
# Waits for the store, then for Jaeger, checks that a request made once Jaeger is up shows up in it,
# stops the stack as Ctrl-C does, and writes every output line with its time to <workdir>/stack.log,
# which `node dist/bench/main.js --record-cold-start=<log>` turns into bench/results/cold-start.json.
# Uses both cores for 10 minutes or more and downloads ~2.5 GB: not part of `npm run bench`.
#   usage: tools/scripts/cold-stack.sh [workdir]   (default /tmp/bazaar-cold-stack, emptied first)
#   COLD_STACK_PORT_BASE  the store on it and the 7 after (TCP: +1001..+1007), servers on +100..+111 (default 19000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
work=${1:-/tmp/bazaar-cold-stack}
base=${COLD_STACK_PORT_BASE:-19000}
log=$work/stack.log
rm -rf "$work" && mkdir -p "$work"
git clone -q . "$work/repo"

export BAZAAR_CACHE=$work/cache BAZAAR_RUN=$work/run GOCACHE=$work/go-build GOMODCACHE=$work/go-mod \
  npm_config_cache=$work/npm MAVEN_OPTS="-Dmaven.repo.local=$work/m2" NX_CACHE_DIRECTORY=$work/nx-cache
export GATEWAY_PORT=$base KAFKA_PORT=$((base + 100)) KAFKA_CONTROLLER_PORT=$((base + 101)) FERRETDB_PORT=$((base + 102)) \
  REDIS_PORT=$((base + 103)) REDIS_REPLICA_PORT=$((base + 104)) REDIS_SENTINEL_PORTS="$((base + 105)) $((base + 106)) $((base + 107))" \
  JAEGER_OTLP_GRPC_PORT=$((base + 108)) JAEGER_OTLP_HTTP_PORT=$((base + 109)) JAEGER_QUERY_PORT=$((base + 110)) JAEGER_QUERY_GRPC_PORT=$((base + 111))
# Addresses from the caller's environment would make those servers external to this run.
unset MONGO_URL KAFKA_BROKERS REDIS_URL REDIS_SENTINELS JAEGER_QUERY_URL OTEL_EXPORTER_OTLP_ENDPOINT NODE_OPTIONS

stamp() { while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }
note() { printf '%s cold-stack: %s\n' "$EPOCHREALTIME" "$*" >>"$log"; }
note "start $(uname -r), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
(while sleep 30; do note "load $(cut -d' ' -f1-3 /proc/loadavg)"; done) &
sampler=$!
cd "$work/repo"
# A session of its own (as a terminal's): the stack is stopped the way Ctrl-C stops it.
setsid bash -c 'echo $$ >"$0"; exec npm run stack' "$work/stack.pid" </dev/null 2>&1 | stamp >>"$log" &
stack=$!
stop() {
  trap - EXIT
  local pgid i
  kill "$sampler" 2>/dev/null || true
  pgid=$(cat "$work/stack.pid" 2>/dev/null) || return 0
  kill -INT -- "-$pgid" 2>/dev/null || true
  for ((i = 0; i < 600 && $(ps -o pid= -g "$pgid" | wc -l) > 0; i++)); do sleep 0.1; done
  note "stopped"
}
trap stop EXIT

# await <what> <seconds> <command...>: until the command succeeds, the stack still running.
await() {
  local what=$1 limit=$2 t0=$SECONDS; shift 2
  until "$@"; do
    kill -0 "$stack" 2>/dev/null || { echo "cold-stack: npm run stack exited before $what; see $log" >&2; exit 1; }
    ((SECONDS - t0 < limit)) || { echo "cold-stack: no $what after ${limit}s; see $log" >&2; exit 1; }
    sleep 1
  done
}
echo "cold-stack: npm run stack in $work/repo (log: $log)"
await "store ready" 3600 grep -q '^[0-9.]* Bazaar is running\.' "$log"
# stack.sh notices the end of its build only once the servers are up: Nx's figure (e.g. 47.1s, 175ms) says how long it took.
note "services build took $(sed -n 's/^ *Run duration: *//p' tmp/stack/build.log | tail -n 1)"
echo "cold-stack: store ready; waiting for Jaeger"
jaeger_up() { bash tools/infra/infra.sh status | grep -q '^jaeger  *running'; }
await "Jaeger" 3600 jaeger_up
note "jaeger ready ($(grep -ho 'jaeger: built in [0-9]*s' "$BAZAAR_RUN/logs/jaeger-install.log" | tail -n 1))"

# A request made now is traced in Jaeger (its spans exported once it is up, not only before).
trace=$(curl -fsi "http://127.0.0.1:$base/api/categories" | tr -d '\r' | sed -n 's/^x-trace-id: //Ip')
[[ -n $trace ]] || { note "no x-trace-id on /api/categories"; exit 1; }
traced() { curl -fs "http://127.0.0.1:$JAEGER_QUERY_PORT/api/traces/$trace" >/dev/null; }
await "trace $trace in Jaeger" 60 traced
note "trace $trace of a request after Jaeger joined found in Jaeger"
echo "cold-stack: done; record it: node dist/bench/main.js --record-cold-start=$log"
