#!/usr/bin/env bash
# Builds the test harness's binaries — etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl and
# kwok — from the Go modules under testing/, at the versions pinned there and in versions.properties, into
#   ${XDG_CACHE_HOME:-$HOME/.cache}/slipway/harness/<key>/bin
# and prints that folder on stdout (progress goes to stderr). The key names the versions and hashes the go.mod/go.sum
# files, so only the first run for a set of versions pays (15-30 minutes on 2 cores); later runs just print the path.
# Only missing binaries are built; each lands atomically (built beside, then renamed), and a lock keeps two
# concurrent callers (a test run and cluster.sh, say) from building the same thing twice.
#
# Usage: testing/build-harness.sh            build what is missing, print the bin folder
#        testing/build-harness.sh --print    print the bin folder without building (exit 3 if incomplete)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
versions="$here/../src/main/resources/dev/slipway/versions.properties"

pin() {
  local value
  value="$(sed -n "s/^$1=//p" "$versions")"
  [[ -n "$value" ]] || { echo "build-harness: $1 is not pinned in $versions" >&2; exit 1; }
  printf '%s' "$value"
}

k8s_version="$(pin kubernetes.version)"
etcd_version="$(pin etcd.version)"
kwok_version="$(pin kwok.version)"

# The go.mod/go.sum files decide what is built; hashing them invalidates the cache on any dependency change.
modules_hash="$(cat "$here"/k8s/go.mod "$here"/k8s/go.sum "$here"/etcd/go.mod "$here"/etcd/go.sum \
  "$here"/kwok/go.mod "$here"/kwok/go.sum | sha256sum | cut -c1-12)"
key="k8s-${k8s_version}_etcd-${etcd_version}_kwok-${kwok_version}_${modules_hash}"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/slipway/harness"
bin="$cache_root/$key/bin"

# name|module folder|package
targets=(
  "etcd|etcd|go.etcd.io/etcd/server/v3"
  "kube-apiserver|k8s|k8s.io/kubernetes/cmd/kube-apiserver"
  "kube-controller-manager|k8s|k8s.io/kubernetes/cmd/kube-controller-manager"
  "kube-scheduler|k8s|k8s.io/kubernetes/cmd/kube-scheduler"
  "kubectl|k8s|k8s.io/kubernetes/cmd/kubectl"
  "kwok|kwok|sigs.k8s.io/kwok/cmd/kwok"
)

# kwok has no built-in behaviour: its Stages say how Nodes become Ready, keep their leases, and how Pods start and
# stop. The stock "fast" stages of the pinned kwok (what kwokctl uses) are copied out of its module.
stages="$bin/kwok-stages.yaml"
stage_files=(
  kustomize/stage/node/fast/node-initialize.yaml
  kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml
  kustomize/stage/pod/fast/pod-ready.yaml
  kustomize/stage/pod/fast/pod-complete.yaml
  kustomize/stage/pod/fast/pod-delete.yaml
)

# Kubernetes stamps its version at link time (as its own build does); without it the binaries report v0.0.0 and
# clients such as kubectl warn about version skew.
k8s_version_stamp() {
  local minor="${k8s_version#v1.}"
  minor="${minor%%.*}"
  local var
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    for var in "gitVersion=$k8s_version" gitMajor=1 "gitMinor=$minor" gitTreeState=clean \
      buildDate=1970-01-01T00:00:00Z; do
      printf ' -X %s.%s' "$pkg" "$var"
    done
  done
}

missing() {
  local target name
  for target in "${targets[@]}"; do
    name="${target%%|*}"
    [[ -x "$bin/$name" ]] || echo "$name"
  done
  [[ -s "$stages" ]] || echo "kwok-stages.yaml"
}

if [[ "${1:-}" == "--print" ]]; then
  echo "$bin"
  [[ -z "$(missing)" ]] || exit 3
  exit 0
fi

if [[ -z "$(missing)" ]]; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || {
  echo "build-harness: 'go' is not on PATH; the harness needs Go >= 1.26 to build $(missing | tr '\n' ' ')" >&2
  exit 1
}

mkdir -p "$bin"
lock="$cache_root/$key/.lock"
exec 9>"$lock"
if ! flock -n 9; then
  # Say so instead of sitting silent: another checkout's build may take 15-30 minutes on two cores.
  echo "build-harness: waiting for another build of the harness to finish (lock $lock, held by:" \
    "$(cat "$lock.owner" 2>/dev/null || echo unknown))" >&2
  flock 9
fi
echo "pid $$ from $(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd), since $(date -u +%H:%M:%SZ)" >"$lock.owner"

# Two cores: one package build at a time per binary keeps the machine usable; the Go build cache shares the
# packages the three control-plane binaries and kubectl have in common, so they are built in sequence.
export GOFLAGS="-mod=readonly -buildvcs=false"
export CGO_ENABLED=0
parallel="${SLIPWAY_HARNESS_BUILD_PARALLELISM:-2}"

for target in "${targets[@]}"; do
  IFS='|' read -r name module package <<<"$target"
  [[ -x "$bin/$name" ]] && continue
  echo "build-harness: building $name ($package) ..." >&2
  started=$SECONDS
  ldflags="-s -w"
  if [[ "$module" == k8s ]]; then
    ldflags="$ldflags $(k8s_version_stamp)"
  fi
  (cd "$here/$module" && go build -p "$parallel" -trimpath -ldflags="$ldflags" -o "$bin/.$name.partial" "$package") >&2
  mv -f "$bin/.$name.partial" "$bin/$name"
  echo "build-harness: built $name in $((SECONDS - started))s" >&2
done

if [[ ! -s "$stages" ]]; then
  kwok_dir="$(cd "$here/kwok" && go mod download -json sigs.k8s.io/kwok | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  for file in "${stage_files[@]}"; do
    echo "---"
    cat "$kwok_dir/$file"
  done >"$stages.partial"
  mv -f "$stages.partial" "$stages"
fi

echo "$bin"
