#!/usr/bin/env bash
# npm run stack: the whole store on this machine without Docker. Starts the native servers and
# the four services, waits until each is ready, prints the URLs; Ctrl-C stops what it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
logs=tmp/stack && mkdir -p "$logs"
export NX_DAEMON=false NX_NO_CLOUD=true

[ -f node_modules/.package-lock.json ] || npm install --no-audit --no-fund
mapfile -t started < <(bash tools/infra/infra.sh status | awk '$2 == "stopped" {print $1}')
bash tools/infra/infra.sh up
eval "$(bash tools/infra/infra.sh env)"

echo "building services..."
npx nx run-many -t build -p gateway catalog cart order --outputStyle=static >"$logs/build.log" 2>&1 || { tail -40 "$logs/build.log"; exit 1; }

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo; echo "stopping services..."
  # Nest re-raises SIGTERM after its shutdown hooks, so a service's exit status is not an error here.
  ((${#pids[@]} == 0)) || { kill -TERM "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
  local s
  for s in "${started[@]}"; do bash tools/infra/infra.sh stop "$s" || true; done
}
trap stop_all INT TERM EXIT

start() { # name http-port, then VAR=value...
  local name=$1 port=$2; shift 2
  env "$@" HTTP_PORT="$port" node --enable-source-maps --require "./dist/apps/$name/instrumentation.js" "./dist/apps/$name/main.js" >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
start catalog 3001 TCP_PORT=4001 MONGO_URL="$MONGO_URL" KAFKA_BROKERS="$KAFKA_BROKERS"
start cart 3002 TCP_PORT=4002 REDIS_URL="$REDIS_URL" KAFKA_BROKERS="$KAFKA_BROKERS" CATALOG_ADDR=127.0.0.1:4001
start order 3003 TCP_PORT=4003 MONGO_URL="$MONGO_URL" KAFKA_BROKERS="$KAFKA_BROKERS" CATALOG_ADDR=127.0.0.1:4001 CART_ADDR=127.0.0.1:4002
start gateway "${GATEWAY_PORT:-3000}" CATALOG_ADDR=127.0.0.1:4001 CART_ADDR=127.0.0.1:4002 ORDER_ADDR=127.0.0.1:4003

wait_ready() { # name port
  local i
  for i in $(seq 1 150); do
    if curl -fs "http://127.0.0.1:$2/health/ready" >/dev/null; then echo "  $1 ready on :$2"; return; fi
    sleep 0.2
  done
  echo "  $1 is not ready after 30 s; last lines of $logs/$1.log:"; tail -20 "$logs/$1.log"; exit 1
}
echo "waiting for services..."
wait_ready catalog 3001; wait_ready cart 3002; wait_ready order 3003; wait_ready gateway "${GATEWAY_PORT:-3000}"

cat <<EOF

Bazaar is running.
  gateway      http://127.0.0.1:${GATEWAY_PORT:-3000}   (health: /health/ready)
  logs         $logs/<service>.log
Press Ctrl-C to stop.
EOF
wait
