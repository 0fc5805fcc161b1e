# shellcheck shell=bash
# FerretDB v1 (MongoDB wire protocol) on its SQLite backend, built from the Go module proxy.
: "${FERRETDB_VERSION:=1.24.2}" "${FERRETDB_PORT:=27017}" "${FERRETDB_START_TIMEOUT:=30}"

ferretdb_var() { echo MONGO_URL; }
# Tests that need what FerretDB 1.x does not give (one document updated atomically from two
# connections at once) are skipped on it, saying so.
ferretdb_more_env() { echo "MONGO_ENGINE ferretdb"; }
ferretdb_url() { echo "mongodb://$HOST:$FERRETDB_PORT"; }
ferretdb_ports() { echo "$FERRETDB_PORT"; }
ferretdb_bin() { echo "$BAZAAR_CACHE/bin/ferretdb-$FERRETDB_VERSION"; }
ferretdb_version() { "$(ferretdb_bin)" --version | sed -n 's/^version: v//p'; }

# `go install .../cmd/ferretdb@vX` does not work: the proxy refuses the module's version list
# (needed for the deprecation check), and a binary built as a module dependency panics at start
# without build/version/version.txt, which only FerretDB's own build generates. So build a copy
# of the module source with that file written in.
ferretdb_install() {
  local bin src mod log="$BAZAAR_RUN/logs/ferretdb-install.log" t0=$SECONDS
  bin=$(ferretdb_bin)
  [[ -x $bin ]] && return 0
  need go
  echo "ferretdb: building v$FERRETDB_VERSION from the Go module proxy (into $bin; minutes on a cold Go cache)"
  mkdir -p "$(dirname "$bin")" "$(dirname "$log")"
  mod=$(GOWORK=off go mod download -json "github.com/FerretDB/FerretDB@v$FERRETDB_VERSION" 2>>"$log" |
    sed -n 's/^\t"Dir": "\(.*\)",$/\1/p') || true
  [[ -d $mod ]] || { show_log_tail "$log"; die "ferretdb: go mod download failed"; }
  src=$(mktemp -d "$BAZAAR_CACHE/ferretdb-src.XXXXXX")
  cp -R "$mod/." "$src" && chmod -R u+w "$src"
  echo "v$FERRETDB_VERSION" >"$src/build/version/version.txt"
  # As upstream's production build (CGO_ENABLED=0, -trimpath): no C compiler needed, and Jaeger's
  # build (the same flags) finds the standard library and the modules both use compiled already.
  (cd "$src" && export GOWORK=off CGO_ENABLED=0 && run_logged "$log" "ferretdb: go build" go build -trimpath -buildvcs=false -ldflags="-s -w" -o "$bin.tmp" ./cmd/ferretdb) ||
    { rm -rf "$src"; return 1; }
  rm -rf "$src"
  mv "$bin.tmp" "$bin"
  echo "ferretdb: built in $((SECONDS - t0))s"
}

ferretdb_launch() {
  local dir
  dir=$(state_dir ferretdb)
  mkdir -p "$dir/data"
  srv_exec ferretdb "$(ferretdb_bin)" --handler=sqlite --sqlite-url="file:$dir/data/" --state-dir="$dir" \
    --listen-addr="$HOST:$FERRETDB_PORT" --debug-addr=- --telemetry=disable --log-level=warn
}

# `ferretdb ping` always authenticates, which SQLite-backed FerretDB rejects, so send the
# command ourselves: OP_MSG {ping: 1, $db: "admin"}; the reply must hold ok: 1.0 (double).
ferretdb_ready() {
  [[ $(tcp_exchange "$HOST" "$FERRETDB_PORT" \
    330000000100000000000000dd07000000000000001e0000001070696e67000100000002246462000600000061646d696e0000 38) == \
    *016f6b00000000000000f03f* ]]
}
