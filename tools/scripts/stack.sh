#!/usr/bin/env bash
# npm run stack: the whole store on this machine without Docker. Starts the native servers, the
# services, two gateway replicas (each serving the storefront) and, in front of them, HAProxy with
# compose's deploy/haproxy/haproxy.cfg (Debian's package); waits until each is ready, prints the
# URLs; Ctrl-C stops what it started. On a cold cache Jaeger's build joins later: the store does not
# wait for it (tools/scripts/cold-stack.sh times a first run; docs/performance.md has the figures).
#   GATEWAY_PORT   the store's port, HAProxy's (default 3000); catalog, cart and order use the next
#                  three for HTTP (health) and those plus 1000 for TCP (3001-3003, 4001-4003), the
#                  gateway replicas the two after (3004, 3005), HAProxy's stats page the next (3006),
#                  payments the one after (3007, TCP 4007)
#   LOAD_RATE      start the load generator at this many requests/s (default 0: off)
#   JAEGER_UI_URL  a Jaeger UI the store's trace links point at (tools/infra may set it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
logs=tmp/stack && mkdir -p "$logs"
export NX_DAEMON=false NX_NO_CLOUD=true
gateway_port=${GATEWAY_PORT:-3000}
catalog_port=$((gateway_port + 1)) cart_port=$((gateway_port + 2)) order_port=$((gateway_port + 3))
replica_ports=($((gateway_port + 4)) $((gateway_port + 5))) stats_port=$((gateway_port + 6)) payments_port=$((gateway_port + 7))
load_rate=${LOAD_RATE:-0}
# V8's compiled code of the services' modules, kept between starts (outside the repo): a warm start
# compiles nothing again (catalog to ready: 1.10 s of CPU instead of 1.26, medians of 5).
export NODE_COMPILE_CACHE=${NODE_COMPILE_CACHE:-${BAZAAR_CACHE:-$HOME/.cache/bazaar}/node-compile-cache}

# Carts on a Redis primary and a replica under three Sentinels (tools/infra/sentinel.sh).
export REDIS_REPLICATION=1
mapfile -t started < <(bash tools/infra/infra.sh status | awk '$2 == "stopped" {print $1}')
pids=()
stop_all() {
  trap - INT TERM EXIT
  # Every step is tried even when the terminal has gone (a failed echo): the services with Kafka
  # groups are not in the terminal's process group, so nothing else would stop them.
  set +e
  echo; echo "stopping services..."
  # Nest re-raises SIGTERM after its shutdown hooks, so a service's exit status is not an error here.
  ((${#pids[@]} == 0)) || { kill -TERM "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
  [ -z "${installing:-}" ] || kill -TERM -- "-$installing" 2>/dev/null || true
  local s
  for s in "${started[@]}"; do bash tools/infra/infra.sh stop "$s" || true; done
}
# A signal ends the script once everything is stopped (it comes at any step, not only the last wait).
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT
# The servers' downloads and builds need no Node.js: on a cold cache they start now, beside the
# Node.js download and npm ci (up below waits for them; Jaeger's build joins later, see there). In
# a process group of its own, so that stop_all can stop its builds (and the lock they hold) whole.
set -m
bash tools/infra/infra.sh install --build-later </dev/null &
installing=$!
set +m
source tools/scripts/dependencies.sh && install_dependencies
node tools/scripts/node-runtime.mjs
# The build needs no server: it runs while they start (a cached one in about a second).
echo "building in the background (log: $logs/build.log)"
npx nx run-many -t build -p gateway catalog cart order payments storefront load-generator --outputStyle=static >"$logs/build.log" 2>&1 &
build=$!
# Jaeger joins later: on a cold cache its build takes longer than everything else together (issue
# #16: store ready within 10 minutes of a first run), and the services export to its address
# meanwhile (the spans of a request before it is up are dropped).
bash tools/infra/infra.sh up --build-later || { kill "$build" 2>/dev/null; exit 1; }
wait "$installing" || true # up has redone whatever it failed at
installing=
eval "$(bash tools/infra/infra.sh env)"
bash tools/infra/haproxy-install.sh

# Prints how long a background step has been running until it ends; returns its status.
progress() { # label pid
  local label=$1 pid=$2 seconds=0
  while kill -0 "$pid" 2>/dev/null; do
    printf '\r  %s... %ss' "$label" "$seconds"
    sleep 1; seconds=$((seconds + 1))
  done
  printf '\r  %s... done in %ss\n' "$label" "$seconds"
  wait "$pid"
}

progress "services and storefront" "$build" || { echo; tail -40 "$logs/build.log"; exit 1; }


# V8's heap bounds and malloc's arenas, as compose and the Helm chart set them (the one place: that
# file, in compose's env_file format: NAME=value, unquoted).
while IFS='=' read -r name value; do export "$name=$value"; done < <(grep -E '^[A-Z_][A-Z0-9_]*=' deploy/helm/bazaar/files/node-memory.env)
start() { # name http-port [log name], then VAR=value...
  local name=$1 port=$2 log=$1; shift 2
  [[ $# -gt 0 && $1 != *=* ]] && { log=$1; shift; }
  env "$@" HTTP_PORT="$port" node --require "./dist/apps/$name/instrumentation.js" "./dist/apps/$name/main.js" >"$logs/$log.log" 2>&1 &
  pids+=($!)
}
catalog_addr=127.0.0.1:$((catalog_port + 1000)) cart_addr=127.0.0.1:$((cart_port + 1000)) order_addr=127.0.0.1:$((order_port + 1000))
payments_addr=127.0.0.1:$((payments_port + 1000))
# The services with Kafka consumer groups, each in a process group of its own (job control): a
# Ctrl-C in the terminal does not reach them, so stop_all's one SIGTERM lets them drain and leave
# their groups. Two signals (the terminal's SIGINT, then stop_all's SIGTERM) made them exit at once,
# still members: the next start waited up to a session timeout (kafkajs: 30 s) for the broker to
# drop the old members before they were ready. The gateways stay in the terminal's group: with
# HAProxy stopping too there is nothing to drain for, and the second signal stops them at once.
set -m
start catalog "$catalog_port" TCP_PORT="${catalog_addr#*:}" MONGO_URL="$MONGO_URL" KAFKA_BROKERS="$KAFKA_BROKERS" REDIS_URL="$REDIS_URL"
start cart "$cart_port" TCP_PORT="${cart_addr#*:}" REDIS_URL="$REDIS_URL" KAFKA_BROKERS="$KAFKA_BROKERS" CATALOG_ADDR="$catalog_addr"
start order "$order_port" TCP_PORT="${order_addr#*:}" MONGO_URL="$MONGO_URL" KAFKA_BROKERS="$KAFKA_BROKERS" CATALOG_ADDR="$catalog_addr" CART_ADDR="$cart_addr"
start payments "$payments_port" TCP_PORT="${payments_addr#*:}" MONGO_URL="$MONGO_URL" KAFKA_BROKERS="$KAFKA_BROKERS"
set +m
# As compose runs them: behind one proxy hop, and draining 5 s after SIGTERM so HAProxy's checks see them go first.
replica_pids=()
for i in 1 2; do
  start gateway "${replica_ports[i - 1]}" "gateway-$i" CATALOG_ADDR="$catalog_addr" CART_ADDR="$cart_addr" ORDER_ADDR="$order_addr" PAYMENTS_ADDR="$payments_addr" \
    TRUST_PROXY=1 SHUTDOWN_DELAY_MS=5000 ${JAEGER_UI_URL:+STOREFRONT_JAEGER_URL="$JAEGER_UI_URL"}
  replica_pids+=($!)
done

wait_ready() { # name port
  local i
  for i in $(seq 1 300); do
    if curl -fs "http://127.0.0.1:$2/health/ready" >/dev/null; then printf '\r  %-9s ready on :%s after %ss\n' "$1" "$2" "$((i / 5))"; return; fi
    printf '\r  %-9s starting... %ss' "$1" "$((i / 5))"
    sleep 0.2
  done
  echo; echo "  $1 is not ready after 60 s; last lines of $logs/$1.log:"; tail -20 "$logs/$1.log"; exit 1
}
echo "waiting for services..."
wait_ready catalog "$catalog_port"; wait_ready cart "$cart_port"; wait_ready order "$order_port"; wait_ready payments "$payments_port"
wait_ready gateway-1 "${replica_ports[0]}"; wait_ready gateway-2 "${replica_ports[1]}"

# The gateway servers as HAProxy's stats page (CSV) reports them: "<name> <status> <last check>" a line.
edge_servers() { curl -fs "http://127.0.0.1:$stats_port/stats;csv" | awk -F, '$1 == "gateways" && $2 != "BACKEND" {print $2, $18, $37}'; }
STORE_BIND=127.0.0.1:$gateway_port STATS_BIND=127.0.0.1:$stats_port GATEWAY_1_ADDR=127.0.0.1:${replica_ports[0]} GATEWAY_2_ADDR=127.0.0.1:${replica_ports[1]} \
  haproxy -db -f deploy/haproxy/haproxy.cfg >"$logs/haproxy.log" 2>&1 &
pids+=($!)
# The servers' lines for the summary, asked while HAProxy makes its first checks (about a second).
bash tools/infra/infra.sh status >"$logs/servers.txt" &
status=$!
for i in $(seq 1 100); do
  [ "$(edge_servers | grep -c ' UP L7OK$')" = 2 ] && { printf '  %-9s both gateways in rotation on :%s\n' haproxy "$gateway_port"; break; }
  ((i < 100)) || { echo "  HAProxy has not seen both gateways ready after 20 s:"; edge_servers; tail -20 "$logs/haproxy.log"; exit 1; }
  sleep 0.2
done

if [ "$load_rate" != 0 ]; then
  GATEWAY_URL="http://127.0.0.1:$gateway_port" RATE="$load_rate" node ./dist/apps/load-generator/main.js >"$logs/load-generator.log" 2>&1 &
  pids+=($!)
fi

# Through Sentinel when Redis is ours; a REDIS_URL set elsewhere brings its own replication, if any.
wait "$status" || true
servers=$(<"$logs/servers.txt")
carts() {
  if [ -n "${REDIS_SENTINELS:-}" ]; then
    echo "Redis through Sentinel ($REDIS_SENTINEL_NAME: primary $(awk '$1 == "sentinel1" {print $NF}' <<<"$servers"), a replica, three Sentinels)"
  else
    echo "Redis at $REDIS_URL (set in the environment)"
  fi
}
store="http://127.0.0.1:$gateway_port"
if [ "$(awk '$1 == "jaeger" {print $2}' <<<"$servers")" = building ]; then
  traces="traces       Jaeger is still being built; it starts on ${JAEGER_QUERY_URL:-its port} when built, and traces go to it from then on (npm run infra:status)"
elif [ -n "${JAEGER_UI_URL:-}" ]; then
  traces="Jaeger       $JAEGER_UI_URL   (each page of the store links its request's trace)"
else
  traces="traces       OTLP to ${OTEL_EXPORTER_OTLP_ENDPOINT:-http://127.0.0.1:4318} (set JAEGER_UI_URL to link the store's traces to a Jaeger UI)"
fi
cat <<EOF

Bazaar is running.
  store        $store/   (HAProxy: round robin over the two gateways, each checked on /health/ready every 2 s)
  API docs     $store/docs
  gateway 1    http://127.0.0.1:${replica_ports[0]}   pid ${replica_pids[0]}, $(edge_servers | awk '$1 == "gateway1" {print $2}') in HAProxy
  gateway 2    http://127.0.0.1:${replica_ports[1]}   pid ${replica_pids[1]}, $(edge_servers | awk '$1 == "gateway2" {print $2}') in HAProxy
  HAProxy      http://127.0.0.1:$stats_port/stats   (kill -TERM a gateway's pid: it drains, HAProxy takes it out within 4 s)
  $traces
  payments     http://127.0.0.1:$payments_port/health/ready   (TCP $payments_addr; simulated card provider: the test cards in libs/contracts/src/payments/payment-card.ts, e.g. 4242 4242 4242 4242 approves, 4000 0000 0000 9995 is refused)
  health       $store/health/ready   (a gateway's own; the services behind it: http://127.0.0.1:${replica_ports[0]}/health/dependencies)
  carts        $(carts)
$(sed 's/^/    /' <<<"$servers")
  load         $([ "$load_rate" != 0 ] && echo "$load_rate req/s (log: $logs/load-generator.log)" || echo "off (LOAD_RATE=5 npm run stack to simulate shoppers)")
  logs         $logs/<service>.log
Press Ctrl-C to stop.
EOF
wait
