#!/usr/bin/env bash
# Runs Slipway's whole test suite against real parts: a Kubernetes control plane built from Go modules, the moto
# AWS server, openssl, ignition-validate and an HCL formatter. Installs or builds what is missing first; builds are
# cached under ~/.cache/slipway, so only the first run pays.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

python3 -m pip install -q --disable-pip-version-check -r testing/requirements.txt
hash -r
bash testing/build-harness.sh >/dev/null
bash testing/build-hclfmt.sh >/dev/null

mvn -B -ntp test
