#!/usr/bin/env bash
# The one test command (npm run test:all): installs what is missing, starts the real servers
# (Kafka, FerretDB, Redis, Jaeger) natively, runs lint, typecheck, unit, integration and end-to-end
# suites of every project, stops what it started, and ends with `N passed, N failed, N skipped`.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

results=tmp/test-results
checks=()
section() { printf '\n==== %s (at %d s) ====\n' "$*" "$SECONDS"; }
record() { if [ "$2" -eq 0 ]; then checks+=(--check "$1=pass"); else checks+=(--check "$1=fail"); fi; }
summarize() { node tools/scripts/summarize-tests.mjs "$results" "$@" "${checks[@]}"; }

section "dependencies"
source tools/scripts/dependencies.sh
install_dependencies || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
node tools/scripts/node-runtime.mjs || { echo "0 passed, 1 failed"; exit 1; }
rm -rf "$results" && mkdir -p "$results"
export NX_DAEMON=false NX_NO_CLOUD=true
use_nx_cache

# On a fresh machine the servers take minutes to download and build (Jaeger's build above all):
# start that now so it overlaps lint and unit tests; `up` below waits for it (installs are locked).
mkdir -p tmp/infra
bash tools/infra/infra.sh install >tmp/infra/install.log 2>&1 &

section "lint and typecheck"
npx nx run-many -t lint --outputStyle=static; record lint $?
npx nx run-many -t typecheck --outputStyle=static; record typecheck $?

section "unit tests"
# A project whose sources, dependencies, Node.js and lock file are unchanged since a passing run
# replays that run's results from Nx's cache (nx.json: the test target's inputs and its results
# file as output). The projects whose tests read files across the workspace (deploy, bench,
# workspace-checks, nx-plugin) are never cached: their inputs would be the whole repository.
npx nx run-many -t test --outputStyle=static
mapfile -t unit < <(npx nx show projects --with-target test | sed 's/^/unit-/')

section "real servers"
mapfile -t started < <(bash tools/infra/infra.sh status | awk '$2 == "stopped" {print $1}')
if ! bash tools/infra/infra.sh up; then
  record infrastructure 1
  summarize "${unit[@]}"
  exit 1
fi
eval "$(bash tools/infra/infra.sh env)"
stop_started() { local s; for s in "${started[@]}"; do bash tools/infra/infra.sh stop "$s"; done; }
((${#started[@]} == 0)) || trap 'section "stopping the servers this run started"; stop_started' EXIT

# Suites that start the whole stack run one at a time, after the others: they share ports and CPU.
whole_stack=(e2e fuzz browser bench compose fault)
section "integration tests"
npx nx run-many -t integration --outputStyle=static --parallel=2 --exclude="$(IFS=,; echo "${whole_stack[*]}")"
mapfile -t integration < <(npx nx show projects --with-target integration --exclude="$(IFS=,; echo "${whole_stack[*]}")" | sed 's/^/integration-/')

section "end-to-end tests"
npx nx run e2e:integration --outputStyle=static

# Each fault of docs/reliability.md injected while checkouts flow (~7 min). It stops and kills
# servers, so it runs its own Kafka, FerretDB and Redis (tools/infra, own BAZAAR_RUN and ports);
# without the shared servers' addresses in its environment nothing in it can reach those.
section "fault suite"
env -u MONGO_URL -u KAFKA_BROKERS -u REDIS_URL npx nx run fault:integration --outputStyle=static

# Schemathesis from PyPI, installed on first use into ~/.cache/bazaar/venv (tests/fuzz/ensure-schemathesis.sh).
section "contract fuzzing (the gateway against its OpenAPI document)"
npx nx run fuzz:integration --outputStyle=static

section "browser tests"
npx nx run browser:integration --outputStyle=static

section "benchmark smoke"
npx nx run bench:integration --outputStyle=static

# The demo itself: `docker compose up --wait` under a real Docker engine (tools/compose-test).
section "compose (docker compose up --wait, real engine)"
npx nx run compose:integration --outputStyle=static

# Stop what this run started before the totals, so the totals line is the last thing printed.
if ((${#started[@]} > 0)); then
  trap - EXIT
  section "stopping the servers this run started"
  stop_started
fi
summarize "${unit[@]}" "${integration[@]}" "${whole_stack[@]/#/integration-}"
