#!/usr/bin/env bash
# Installs checkov (testing/checkov-requirements.txt) into its own virtual environment under
# ${XDG_CACHE_HOME:-$HOME/.cache}/slipway/checkov-<hash of that file>/ and prints the path of its checkov.
# Its own environment because its pins conflict with awscli's (see the requirements file). Safe to run again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
req="$here/testing/checkov-requirements.txt"
hash="$(sha256sum "$req" | cut -c1-12)"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/slipway/checkov-$hash"
# The marker is written last: a run killed half way is redone from scratch, not trusted.
if [ ! -f "$venv/.installed" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$req" >&2
  touch "$venv/.installed"
fi
echo "$venv/bin/checkov"
