#!/usr/bin/env bash
# Builds the two HCL tools the Terraform tests use, from the Go module proxy, into target/tools/:
#  - hclfmt (github.com/hashicorp/hcl/v2/cmd/hclfmt, the formatter core `terraform fmt` uses), at the version pinned
#    in versions.properties (hcl.hclfmt.version): TerraformFmtCleanTest runs it on every rendered .tf file;
#  - hclcheck (testing/hclcheck: the real HCL2 parser, listing blocks and references): TerraformReferencesTest.
# Called by .ci/run; safe to run again (a no-op when both are built).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(sed -n 's/^hcl.hclfmt.version=//p' "$here/src/main/resources/dev/slipway/versions.properties")"
[ -n "$version" ] || { echo "build-hclfmt: hcl.hclfmt.version is not pinned in versions.properties" >&2; exit 1; }
out="$here/target/tools"
command -v go >/dev/null || { echo "build-hclfmt: go is not on PATH (install Go 1.23+)" >&2; exit 1; }
mkdir -p "$out"
if [ ! -x "$out/hclcheck" ] || [ -n "$(find "$here/testing/hclcheck" -newer "$out/hclcheck" -print -quit)" ]; then
  (cd "$here/testing/hclcheck" && go build -o "$out/hclcheck" .)
  echo "build-hclfmt: built $out/hclcheck" >&2
fi
if [ -x "$out/hclfmt" ] && [ "$(cat "$out/hclfmt.version" 2>/dev/null)" = "$version" ]; then
  exit 0
fi
GOBIN="$out" GOFLAGS=-mod=mod go install "github.com/hashicorp/hcl/v2/cmd/hclfmt@$version"
echo "$version" > "$out/hclfmt.version"
echo "build-hclfmt: built $out/hclfmt ($version)" >&2
