#!/usr/bin/env bash
# Builds etcdutl (etcd's offline snapshot tool) from testing/etcdutl at etcd.version into
#   ${XDG_CACHE_HOME:-$HOME/.cache}/slipway/etcdutl/<version>_<hash of go.mod/go.sum>/etcdutl
# and prints that file's path on stdout (progress on stderr). Kept apart from build-harness.sh so that the harness's
# cache key, and with it its long build, does not depend on this module. Only the first run builds (a minute or two
# once the harness's etcd is built, since the Go build cache shares etcd's packages); later runs print the path.
#
# Usage: testing/build-etcdutl.sh            build when missing, print the path
#        testing/build-etcdutl.sh --print    print the path without building (exit 3 when not built)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
versions="$here/../src/main/resources/dev/slipway/versions.properties"
etcd_version="$(sed -n 's/^etcd.version=//p' "$versions")"
[[ -n "$etcd_version" ]] || { echo "build-etcdutl: etcd.version is not pinned in $versions" >&2; exit 1; }

modules_hash="$(cat "$here"/etcdutl/go.mod "$here"/etcdutl/go.sum | sha256sum | cut -c1-12)"
dir="${XDG_CACHE_HOME:-$HOME/.cache}/slipway/etcdutl/${etcd_version}_${modules_hash}"
binary="$dir/etcdutl"

if [[ -x "$binary" ]]; then
  echo "$binary"
  exit 0
fi
if [[ "${1:-}" == "--print" ]]; then
  echo "$binary"
  exit 3
fi
command -v go >/dev/null || { echo "build-etcdutl: 'go' is not on PATH (Go >= 1.26 builds etcdutl)" >&2; exit 1; }

mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9
if [[ ! -x "$binary" ]]; then
  echo "build-etcdutl: building etcdutl $etcd_version ..." >&2
  started=$SECONDS
  # The same flags as build-harness.sh, so the Go build cache serves the packages etcd's build compiled.
  export GOFLAGS="-mod=readonly -buildvcs=false"
  export CGO_ENABLED=0
  (cd "$here/etcdutl" && go build -p "${SLIPWAY_HARNESS_BUILD_PARALLELISM:-2}" -trimpath -ldflags="-s -w" \
    -o "$dir/.etcdutl.partial" go.etcd.io/etcd/etcdutl/v3) >&2
  mv -f "$dir/.etcdutl.partial" "$binary"
  echo "build-etcdutl: built etcdutl in $((SECONDS - started))s" >&2
fi
echo "$binary"
