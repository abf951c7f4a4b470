#!/usr/bin/env bash
# The control-plane rehearsal by hand: boots the example spec's acc and/or prod control plane from what Slipway
# renders (controller/config.ign laid out as Ignition would, static Pods' exact commands with the harness binaries,
# cluster-bootstrap, a joining node, the admin kubeconfig, a scheduled Pod) and keeps everything in a folder to read:
#   DIR/ENV/controller-N/          the controller's root as Ignition left it (etc/kubernetes/manifests as static-pods
#                                  wrote them), var/log/kubernetes/audit/audit.log
#   DIR/ENV/logs/COMPONENT-N.log   each component's output
#   DIR/ENV/build/ENV/             the rendered tree; DIR/ENV/hosts the DNS stand-in
# It runs the same code as the test (ControlPlaneRehearsalTest), so the two cannot drift apart. The processes are
# stopped when it ends; see testing/README.md for what is stood in for.
#
# Usage: testing/rehearse.sh [acc|prod|all] [DIR]     (default: all, a new folder under /tmp)
# Needs root (each component gets its own mount namespace for the /etc/hosts stand-in), curl, openssl, sha512sum.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
dir=${2:-$(mktemp -d /tmp/slipway-rehearsal.XXXXXX)}
case "$which" in
  acc) tests='ControlPlaneRehearsalTest#accs*' ;;
  prod) tests='ControlPlaneRehearsalTest#prods*' ;;
  all) tests='ControlPlaneRehearsalTest' ;;
  *) echo "usage: $0 [acc|prod|all] [DIR]" >&2; exit 2 ;;
esac
mkdir -p "$dir"
echo "rehearsal: $which, kept in $dir" >&2
status=0
mvn -B -q test -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false -Dslipway.rehearsal.dir="$dir" || status=$?
echo "rehearsal $([ $status = 0 ] && echo passed || echo FAILED); files in $dir" >&2
exit $status
