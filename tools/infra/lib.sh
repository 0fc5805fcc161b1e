# shellcheck shell=bash
# Shared machinery for infra.sh: pidfiles, port probes, launch/wait/stop, logs on failure.
#
# Each server file (kafka.sh, ferretdb.sh, redis.sh) defines, for its <name>:
#   <name>_var      env var apps read (KAFKA_BROKERS, MONGO_URL, REDIS_URL)
#   <name>_url      the value of that variable for our own server
#   <name>_ports    ports it listens on (all checked free before launch)
#   <name>_install  puts the server into $BAZAAR_CACHE (or the system) if missing
#   <name>_launch   writes config, then calls `srv_exec <name> command...`
#   <name>_ready    succeeds once it answers a real request
#   <name>_version  prints its version
# and may set <NAME>_START_TIMEOUT (seconds, default 30). Optional:
#   <name>_more_env   "VAR value" lines: more variables `env` exports (Jaeger's OTLP endpoint)
#   <name>_installed  succeeds when installed; a server defining it has a slow build that takes its
#                     own lock, so infra.sh runs it in the background instead of under the cache lock
#   <name>_follows    another server it belongs to (Redis's replica and Sentinels: redis); when that
#                     one is external, this one is neither managed nor reported on its own
#   <name>_address    what `status` shows when not <name>_url; <name>_detail  more of its state
#   <name>_started    called with its pid once a server launched here is ready (Kafka's CDS archive)

HOST=127.0.0.1

die() { echo "infra: $*" >&2; exit 1; }
need() { local c; for c; do command -v "$c" >/dev/null || die "'$c' is required but not installed"; done; }

log_file() { echo "$BAZAAR_RUN/logs/$1.log"; }
pid_file() { echo "$BAZAAR_RUN/pids/$1.pid"; }
state_dir() { mkdir -p "$BAZAAR_RUN/$1" && echo "$BAZAAR_RUN/$1"; }

show_log_tail() {
  echo "---- last 40 lines of $1 ----" >&2
  tail -n 40 "$1" >&2 2>/dev/null || echo "(no log)" >&2
  echo "----" >&2
}

# run_logged <log> <what> cmd... : run quietly into <log>; on failure show its tail.
run_logged() {
  local log=$1 what=$2; shift 2
  mkdir -p "$(dirname "$log")"
  "$@" >>"$log" 2>&1 && return 0
  echo "infra: $what failed" >&2
  show_log_tail "$log"
  return 1
}

# shellcheck disable=SC2016 # $1 and $2 belong to the inner bash
port_open() { timeout 1 bash -c ': >"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null; }

# tcp_exchange <host> <port> <request-hex> <n>: send the bytes, print the first n reply bytes as hex.
# Lets readiness checks speak the real wire protocol without any client installed.
tcp_exchange() {
  # shellcheck disable=SC2016,SC2001 # $1.. belong to the inner bash; sed turns hex into \x escapes
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2" && printf "$3" >&3 && head -c "$4" <&3' \
    _ "$1" "$2" "$(sed 's/../\\x&/g' <<<"$3")" "$4" 2>/dev/null | od -An -v -tx1 | tr -d ' \n'
}

# http_status <host> <port> <path>: the status code of a plain HTTP/1.0 GET, without any client installed.
http_status() {
  # shellcheck disable=SC2016 # $1.. belong to the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2" && printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$3" "$1" >&3 && head -n1 <&3' \
    _ "$1" "$2" "$3" 2>/dev/null | cut -d' ' -f2
}

port_owner() { ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:.*' | head -n1 || true; }

# The pidfile holds "pid start-time" so a recycled pid is never mistaken for our server.
proc_start() { ps -o lstart= -p "$1" 2>/dev/null; }
# Our servers outlive infra.sh, so init reaps them, sometimes seconds later: a zombie counts as gone.
alive() { [[ $(ps -o stat= -p "$1" 2>/dev/null) == [^Z]* ]]; }

srv_pid() {
  local f pid started
  f=$(pid_file "$1")
  [[ -f $f ]] || return 1
  read -r pid started <"$f" || true
  [[ -n $pid && "$(proc_start "$pid")" == "$started" ]] && alive "$pid" && echo "$pid"
}

srv_running() { local p; srv_pid "$1" >/dev/null && for p in $("$1"_ports); do port_open "$HOST" "$p" || return 1; done; }

# srv_exec <name> cmd... : start a server detached (own session, survives this shell), log to logs/<name>.log.
srv_exec() {
  local name=$1 log pid; shift
  log=$(log_file "$name")
  mkdir -p "$(dirname "$log")" "$BAZAAR_RUN/pids"
  [[ -f $log ]] && mv -f "$log" "$log.prev"
  (cd "$(state_dir "$name")" && exec setsid "$@") </dev/null >"$log" 2>&1 9>&- &
  pid=$!
  write_pid "$name" "$pid"
}

write_pid() { echo "$2 $(proc_start "$2")" >"$(pid_file "$1")"; }

# with_lock cmd... : one infra.sh at a time per BAZAAR_RUN (fd 9 is closed again in srv_exec).
with_lock() {
  mkdir -p "$BAZAAR_RUN/logs"
  exec 9>"$BAZAAR_RUN/.lock"
  flock 9
  "$@"
}

declare -A LAUNCHED_AT=()

# srv_launch <name>: start unless ours is already alive; refuse ports held by anything else.
srv_launch() {
  local name=$1 p
  srv_pid "$name" >/dev/null && return 0
  rm -f "$(pid_file "$name")"
  for p in $("$name"_ports); do
    if port_open "$HOST" "$p"; then
      die "$name: port $p on $HOST is already in use by a process not started by infra.sh $(port_owner "$p")
  stop that process, or move $name to free ports (the *_PORT variables in tools/infra/$name.sh)"
    fi
  done
  LAUNCHED_AT[$name]=$SECONDS
  "$name"_launch
}

# What status and srv_wait show as a server's address: <name>_address, else <name>_url.
address() { if declare -F "$1"_address >/dev/null; then "$1"_address; else "$1"_url; fi; }

# srv_wait <name>: wait until ready, then print its version; on failure show the log, stop it, exit.
srv_wait() {
  local name=$1 pid timeout_var="${1^^}_START_TIMEOUT" how
  local timeout=${!timeout_var:-30} t0=${LAUNCHED_AT[$1]:-$SECONDS} polls=0
  # Asked every 0.1 s (a server is used the moment it answers); whether it still runs (ps, dearer) every 0.5 s.
  until "$name"_ready; do
    if ((polls++ % 5 == 0)); then
      pid=$(srv_pid "$name") || srv_fail "$name" "exited during startup"
      ((SECONDS - t0 < timeout)) || srv_fail "$name" "not ready within ${timeout}s (set $timeout_var to wait longer)"
    fi
    sleep 0.1
  done
  pid=$(srv_pid "$name")
  if [[ -n ${LAUNCHED_AT[$name]:-} ]]; then
    how="started in $((SECONDS - t0))s"
    ! declare -F "$name"_started >/dev/null || "$name"_started "$pid"
  else
    how="already running"
  fi
  echo "$name $("$name"_version) ready on $(address "$name") (pid $pid, $how)"
}

srv_fail() {
  echo "infra: $1 failed to start: $2" >&2
  show_log_tail "$(log_file "$1")"
  srv_stop "$1" >/dev/null
  exit 1
}

# srv_stop <name>: SIGTERM, then SIGKILL after <NAME>_STOP_TIMEOUT (default 20s).
srv_stop() {
  local name=$1 pid timeout_var="${1^^}_STOP_TIMEOUT" t0=$SECONDS ticks=0
  if ! pid=$(srv_pid "$name"); then
    rm -f "$(pid_file "$name")"
    echo "$name not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid"; do
    if ((ticks++ == ${!timeout_var:-20} * 10)); then
      echo "$name (pid $pid) still running after SIGTERM, sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.1
  done
  rm -f "$(pid_file "$name")"
  echo "$name stopped (pid $pid, $((SECONDS - t0))s)"
}

# A variable already set to anything but our own address means a server we do not manage
# (e.g. docker compose's); a value equal to ours is what `infra.sh env` exported earlier.
is_external() {
  local var; var=$("$1"_var)
  [[ -n ${!var:-} && ${!var} != "$("$1"_url)" ]]
}

# url_hostports <url> <default-port>: "host port" per host, for mongodb://u:p@h1,h2:1/db?x, h:9092,h2:9092, redis://...
url_hostports() {
  local rest=${1#*://} hp hps
  rest=${rest##*@}
  rest=${rest%%[/?]*}
  IFS=, read -ra hps <<<"$rest"
  for hp in "${hps[@]}"; do
    if [[ $hp =~ ^\[(.*)\](:([0-9]+))?$ || $hp =~ ^([^:]*)(:([0-9]+))?$ ]]; then
      echo "${BASH_REMATCH[1]} ${BASH_REMATCH[3]:-$2}"
    fi
  done
}

follows_external() { declare -F "$1"_follows >/dev/null && is_external "$("$1"_follows)"; }

external_reachable() {
  local var main host port
  var=$("$1"_var)
  read -r main _ <<<"$("$1"_ports)"
  while read -r host port; do
    port_open "$host" "$port" || return 1
  done < <(url_hostports "${!var}" "$main")
}
