#!/usr/bin/env bash
# Builds the rendered Pods' own binaries that the tests run for real — CoreDNS, Prometheus and promtool,
# Alertmanager and amtool, the AWS cloud controller manager — and the test-only ec2-metadata-mock (a real IMDS for
# the cloud controller), from the Go modules under testing/components/, at the versions the rendered images carry
# (versions.properties: essentials.coredns.image, addons.prometheus.image, addons.alertmanager.image,
# essentials.cloudControllerManager.image; testing.ec2MetadataMock.version), into
#   ${XDG_CACHE_HOME:-$HOME/.cache}/slipway/components/<module>-<version>_<hash of its go.mod+go.sum>/bin
# and prints that folder on stdout (progress on stderr). Each module has its own cache key, so adding or changing one
# module does not rebuild the binaries of the others. Kept apart from build-harness.sh: its own modules and cache
# keys, so the harness's key (and its 15-30 minute build) does not change with these. Only what is missing of what
# is asked for is built, each binary atomically (built beside, then renamed), under a lock per module folder; each
# build's time is appended to build-times.txt in the bin folder.
#
# Usage: testing/build-components.sh [NAME...]          build the named binaries (all when none) if missing
#        testing/build-components.sh --print [NAME...]  print the folder without building (exit 3 if one is missing)
# NAME: coredns, prometheus, promtool, alertmanager, amtool, aws-cloud-controller-manager, ec2-metadata-mock.
# The folder printed is that of the binaries asked for; binaries of several modules print one folder a line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
versions="$here/../src/main/resources/dev/slipway/versions.properties"

# The image's tag, e.g. quay.io/prometheus/prometheus:v3.7.3@sha256:... -> v3.7.3
image_tag() {
  local image
  image="$(sed -n "s/^$1=//p" "$versions")"
  [[ -n "$image" ]] || { echo "build-components: $1 is not pinned in $versions" >&2; exit 1; }
  image="${image%%@*}"
  printf '%s' "${image##*:}"
}

# The version the module under testing/components/DIR requires of MODULE.
module_version() {
  sed -n "s|^[[:space:]]*$2 \(v[^ ]*\).*|\1|p" "$here/components/$1/go.mod" | head -1
}

coredns_version="$(image_tag essentials.coredns.image)"
prometheus_version="$(image_tag addons.prometheus.image)"
alertmanager_version="$(image_tag addons.alertmanager.image)"
ccm_version="$(image_tag essentials.cloudControllerManager.image)"
imds_version="$(sed -n 's/^testing.ec2MetadataMock.version=//p' "$versions")"

# Prometheus 3.x is published to the Go module proxy as v0.3MM.P (v3.7.3 -> v0.307.3): the Go module path has no /v3.
prometheus_module_version() {
  local v="${1#v3.}"
  printf 'v0.3%02d.%s' "${v%%.*}" "${v#*.}"
}

check_pin() {
  local got
  got="$(module_version "$1" "$2")"
  [[ "$got" == "$3" ]] || {
    echo "build-components: testing/components/$1/go.mod requires $2 $got, the rendered image needs $3;" \
      "change the require line to $3 and run 'go mod tidy' there" >&2
    exit 1
  }
}
check_pin coredns github.com/coredns/coredns "$coredns_version"
check_pin prometheus github.com/prometheus/prometheus "$(prometheus_module_version "$prometheus_version")"
check_pin alertmanager github.com/prometheus/alertmanager "$alertmanager_version"
check_pin cloud-provider-aws k8s.io/cloud-provider-aws "$ccm_version"
check_pin ec2-metadata-mock github.com/aws/amazon-ec2-metadata-mock "$imds_version"

# The bin folder of module folder $1 (under testing/components/) at version $2: keyed by that module's own go.mod and
# go.sum only.
bin_of() {
  local hash
  hash="$(cat "$here/components/$1/go.mod" "$here/components/$1/go.sum" | sha256sum | cut -c1-12)"
  printf '%s' "${XDG_CACHE_HOME:-$HOME/.cache}/slipway/components/$1-$2_$hash/bin"
}
declare -A module_version_of=(
  [coredns]="$coredns_version" [prometheus]="$prometheus_version" [alertmanager]="$alertmanager_version"
  [cloud-provider-aws]="$ccm_version" [ec2-metadata-mock]="$imds_version"
)

# name|module folder|package|version stamp: -X flags for the linker, as each project's own build sets them (promu for
# Prometheus and Alertmanager; cloud-provider-aws' Makefile LDFLAGS)
targets=(
  "promtool|prometheus|github.com/prometheus/prometheus/cmd/promtool|-X github.com/prometheus/common/version.Version=${prometheus_version#v}"
  "amtool|alertmanager|github.com/prometheus/alertmanager/cmd/amtool|-X github.com/prometheus/common/version.Version=${alertmanager_version#v}"
  "coredns|coredns|github.com/coredns/coredns|"
  "prometheus|prometheus|github.com/prometheus/prometheus/cmd/prometheus|-X github.com/prometheus/common/version.Version=${prometheus_version#v}"
  "alertmanager|alertmanager|github.com/prometheus/alertmanager/cmd/alertmanager|-X github.com/prometheus/common/version.Version=${alertmanager_version#v}"
  "aws-cloud-controller-manager|cloud-provider-aws|k8s.io/cloud-provider-aws/cmd/aws-cloud-controller-manager|-X k8s.io/component-base/version.gitVersion=$ccm_version -X main.gitVersion=$ccm_version"
  "ec2-metadata-mock|ec2-metadata-mock|github.com/aws/amazon-ec2-metadata-mock/cmd/ec2-metadata-mock|"
)

print_only=false
if [[ "${1:-}" == "--print" ]]; then
  print_only=true
  shift
fi
wanted=("$@")
[[ ${#wanted[@]} -gt 0 ]] || wanted=(promtool amtool coredns prometheus alertmanager aws-cloud-controller-manager
  ec2-metadata-mock)
for name in "${wanted[@]}"; do
  printf '%s\n' "${targets[@]}" | grep -q "^$name|" || { echo "build-components: unknown binary '$name'" >&2; exit 1; }
done

# The module folder of binary $1.
module_of() {
  printf '%s\n' "${targets[@]}" | grep "^$1|" | cut -d'|' -f2
}

# The module folders asked for, in the order of targets.
modules=()
for target in "${targets[@]}"; do
  IFS='|' read -r name module _ _ <<<"$target"
  printf '%s\n' "${wanted[@]}" | grep -qx "$name" || continue
  printf '%s\n' "${modules[@]}" | grep -qx "$module" || modules+=("$module")
done

missing() {
  local name
  for name in "${wanted[@]}"; do
    [[ -x "$(bin_of "$(module_of "$name")" "${module_version_of[$(module_of "$name")]}")/$name" ]] || echo "$name"
  done
}

print_folders() {
  local module
  for module in "${modules[@]}"; do
    bin_of "$module" "${module_version_of[$module]}"
    echo
  done
}

if [[ -z "$(missing)" ]]; then
  print_folders
  exit 0
fi
if $print_only; then
  print_folders
  exit 3
fi
command -v go >/dev/null || {
  echo "build-components: 'go' is not on PATH; Go >= 1.26 builds $(missing | tr '\n' ' ')" >&2
  exit 1
}

# go build -p: SLIPWAY_HARNESS_BUILD_PARALLELISM (default 2, as for the harness; 1 while other builds share the
# cores). The Go build cache shares what the binaries of one module have in common, so they are built one after
# the other.
export GOFLAGS="-mod=readonly -buildvcs=false"
export CGO_ENABLED=0
for module in "${modules[@]}"; do
  bin="$(bin_of "$module" "${module_version_of[$module]}")"
  mkdir -p "$bin"
  exec 9>"$bin/../.lock"
  if ! flock -n 9; then
    echo "build-components: waiting for another build of $module (lock $bin/../.lock)" >&2
    flock 9
  fi
  for target in "${targets[@]}"; do
    IFS='|' read -r name target_module package stamp <<<"$target"
    [[ "$target_module" == "$module" ]] || continue
    printf '%s\n' "${wanted[@]}" | grep -qx "$name" || continue
    [[ -x "$bin/$name" ]] && continue
    echo "build-components: building $name ($package) ..." >&2
    started=$SECONDS
    ldflags="-s -w"
    [[ -z "$stamp" ]] || ldflags="$ldflags $stamp"
    (cd "$here/components/$module" && go build -p "${SLIPWAY_HARNESS_BUILD_PARALLELISM:-2}" -trimpath -ldflags="$ldflags" -o "$bin/.$name.partial" "$package") >&2
    mv -f "$bin/.$name.partial" "$bin/$name"
    echo "$name $((SECONDS - started))s $(date -u +%Y-%m-%dT%H:%M:%SZ) load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$bin/build-times.txt"
    echo "build-components: built $name in $((SECONDS - started))s" >&2
  done
  exec 9>&-
done
print_folders
