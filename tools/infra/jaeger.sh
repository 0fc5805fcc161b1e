# shellcheck shell=bash
# Jaeger v2 all-in-one (OTLP receiver, in-memory storage, query API), built from the Go module proxy.
# JAEGER_VERSION is the Go module version: v2 tags have no /v2 module path, so each v2 release is
# also tagged v1.x; 1.76.0 is Jaeger 2.13.0, the image docker-compose.yml runs.
: "${JAEGER_VERSION:=1.76.0}" "${JAEGER_START_TIMEOUT:=30}"
: "${JAEGER_OTLP_GRPC_PORT:=4317}" "${JAEGER_OTLP_HTTP_PORT:=4318}"
: "${JAEGER_QUERY_PORT:=16686}" "${JAEGER_QUERY_GRPC_PORT:=16685}"
JAEGER_CONFIG=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/jaeger/config.yaml

jaeger_var() { echo JAEGER_QUERY_URL; }
jaeger_url() { echo "http://$HOST:$JAEGER_QUERY_PORT"; }
# The services read OTEL_EXPORTER_OTLP_ENDPOINT (libs/shared/observability) and append /v1/traces.
jaeger_more_env() { echo "OTEL_EXPORTER_OTLP_ENDPOINT http://$HOST:$JAEGER_OTLP_HTTP_PORT"; }
jaeger_ports() { echo "$JAEGER_QUERY_PORT $JAEGER_OTLP_HTTP_PORT $JAEGER_OTLP_GRPC_PORT $JAEGER_QUERY_GRPC_PORT"; }
jaeger_bin() { echo "$BAZAAR_CACHE/bin/jaeger-$JAEGER_VERSION"; }
jaeger_installed() { [[ -x $(jaeger_bin) ]]; }
jaeger_version() {
  local v
  v=$("$(jaeger_bin)" version 2>/dev/null | sed -n 's/.*"gitVersion":"v\{0,1\}\([^"]*\)".*/\1/p')
  echo "${v:-module $JAEGER_VERSION}"
}

# Several checkouts may share the cache and start `up` at once: one builds, the others wait for it.
jaeger_install() {
  jaeger_installed && return 0
  mkdir -p "$BAZAAR_CACHE/bin"
  {
    if ! flock -n 7; then
      echo "jaeger: another process is building v$JAEGER_VERSION; waiting for it"
      flock 7
    fi
    jaeger_installed || jaeger_build
  } 7>"$BAZAAR_CACHE/jaeger-build.lock"
}

# `go install .../cmd/jaeger@v1.76.0` is refused because Jaeger's go.mod has a `replace` (sarama),
# so build inside a copy of the module, where its go.mod and go.sum apply as in upstream's own build
# (the checksum database does not know some of the collector modules that go.sum pins).
# Flags as upstream's release build (CGO_ENABLED=0, -trimpath), plus -s -w: no symbol table or
# DWARF (85 MB instead of 121). The UI is a git submodule absent from the module, so the binary
# serves a placeholder page; the query API is complete.
# Runs in the background, its output going to logs/jaeger-install.log (build_in_background).
jaeger_build() {
  local bin json mod src v2 t0=$SECONDS
  bin=$(jaeger_bin)
  need go
  echo "jaeger: building module v$JAEGER_VERSION from the Go module proxy into $bin (about 13 min of CPU on a cold Go cache)"
  json=$(GOWORK=off go mod download -json "github.com/jaegertracing/jaeger@v$JAEGER_VERSION") || true
  mod=$(sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' <<<"$json")
  [[ -d $mod ]] || die "jaeger: go mod download github.com/jaegertracing/jaeger@v$JAEGER_VERSION failed: $(
    sed -n 's/^\t"Error": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")"
  # The release notes title each release "v1.76.0 / v2.13.0": stamp the v2 version into the binary.
  v2=$(sed -n "s|^v$JAEGER_VERSION / \(v2\.[0-9.]*\) .*|\1|p" "$mod/CHANGELOG.md" | head -n1)
  src="$BAZAAR_CACHE/jaeger-$JAEGER_VERSION.src"
  rm -rf "$src" && cp -R "$mod/." "$src" && chmod -R u+w "$src"
  if ! (cd "$src" && GOWORK=off CGO_ENABLED=0 go build -trimpath -buildvcs=false \
    -ldflags="-s -w -X github.com/jaegertracing/jaeger/internal/version.latestVersion=${v2:-v$JAEGER_VERSION}" \
    -o "$bin.tmp" ./cmd/jaeger); then
    rm -rf "$src" "$bin.tmp"
    die "jaeger: go build failed (the compiler's messages are above)"
  fi
  rm -rf "$src"
  mv "$bin.tmp" "$bin"
  echo "jaeger: built in $((SECONDS - t0))s"
}

# jaeger/config.yaml holds the pipeline with the default ports; --set moves each listener.
jaeger_launch() {
  srv_exec jaeger "$(jaeger_bin)" --config "$JAEGER_CONFIG" \
    --set="receivers::otlp::protocols::grpc::endpoint=$HOST:$JAEGER_OTLP_GRPC_PORT" \
    --set="receivers::otlp::protocols::http::endpoint=$HOST:$JAEGER_OTLP_HTTP_PORT" \
    --set="extensions::jaeger_query::http::endpoint=$HOST:$JAEGER_QUERY_PORT" \
    --set="extensions::jaeger_query::grpc::endpoint=$HOST:$JAEGER_QUERY_GRPC_PORT"
}

# The query API lists services, and the OTLP/HTTP receiver answers (405: it only takes POST).
jaeger_ready() {
  [[ $(http_status "$HOST" "$JAEGER_QUERY_PORT" /api/services) == 200 &&
    $(http_status "$HOST" "$JAEGER_OTLP_HTTP_PORT" /v1/traces) == 405 ]]
}
