#!/usr/bin/env bash
# Installs the command-line tools the deploy checks run, built from the Go module proxy and cached
# outside the repository ($BAZAAR_CACHE/bin, default ~/.cache/bazaar/bin), one file per version,
# so a second run only checks that the files are there.
#
#   helm         renders and lints deploy/helm/bazaar
#   kubeconform  validates the rendered manifests against the Kubernetes OpenAPI schemas
#
# and the two specifications the checks validate against, as published in Go modules (Go's own
# module cache keeps them):
#   the Compose specification's JSON schema   github.com/compose-spec/compose-go/v2: schema/compose-spec.json
#   Kubernetes' OpenAPI (swagger 2.0)          k8s.io/kubernetes: api/openapi-spec/swagger.json
#
# Usage: install-tools.sh [--print-env]   (--print-env prints NAME=path lines for the checks)
set -euo pipefail

: "${BAZAAR_CACHE:=$HOME/.cache/bazaar}" "${HELM_VERSION:=3.22.0}" "${KUBECONFORM_VERSION:=0.8.0}"
: "${COMPOSE_GO_VERSION:=2.16.2}" "${KUBERNETES_VERSION:=1.35.0}"
bin_dir="$BAZAAR_CACHE/bin"
helm_bin="$bin_dir/helm-$HELM_VERSION"
kubeconform_bin="$bin_dir/kubeconform-$KUBECONFORM_VERSION"

# go_build <target-file> <package@version>: `go install` into a private GOBIN, then moved into place,
# so an interrupted build never leaves a half-written binary behind.
go_build() {
  local target=$1 package=$2 gobin log
  [[ -x $target ]] && return 0
  command -v go >/dev/null || { echo "install-tools: 'go' is required to build ${package%@*}" >&2; exit 1; }
  mkdir -p "$bin_dir"
  gobin=$(mktemp -d "$bin_dir/.build.XXXXXX")
  log="$gobin.log"
  echo "install-tools: building $package (first run only; minutes on a cold Go cache)" >&2
  if ! GOWORK=off GOBIN="$gobin" CGO_ENABLED=0 go install -ldflags='-s -w' "$package" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    rm -rf "$gobin" "$log"
    echo "install-tools: building $package failed" >&2
    exit 1
  fi
  mv "$gobin/$(basename "${package%@*}")" "$target"
  rm -rf "$gobin" "$log"
}

go_build "$helm_bin" "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION"
go_build "$kubeconform_bin" "github.com/yannh/kubeconform/cmd/kubeconform@v$KUBECONFORM_VERSION"

# module_dir <module@version>: where Go's module cache holds that module's files (downloaded once).
module_dir() {
  local dir
  dir=$(GOWORK=off GOFLAGS=-mod=mod go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [[ -d $dir ]] || { echo "install-tools: go mod download $1 failed" >&2; exit 1; }
  echo "$dir"
}

compose_go=$(module_dir "github.com/compose-spec/compose-go/v2@v$COMPOSE_GO_VERSION")
kubernetes=$(module_dir "k8s.io/kubernetes@v$KUBERNETES_VERSION")

if [[ ${1:-} == --print-env ]]; then
  echo "HELM_BIN=$helm_bin"
  echo "KUBECONFORM_BIN=$kubeconform_bin"
  echo "COMPOSE_SPEC_SCHEMA=$compose_go/schema/compose-spec.json"
  echo "KUBERNETES_VERSION=$KUBERNETES_VERSION"
  echo "KUBERNETES_OPENAPI=$kubernetes/api/openapi-spec/swagger.json"
fi
