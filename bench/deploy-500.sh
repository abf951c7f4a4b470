#!/usr/bin/env bash
# Benchmark: `slipway deploy` vs `kubectl apply --server-side` on the same 500 objects (per namespace: 3 Deployments,
# 3 Services, 4 ConfigMaps; 50 namespaces, plus the 50 Namespace objects), against the harness's real API server
# with kwok nodes (testing/cluster.sh, loopback only). Cold (nothing there yet) and again with nothing changed.
# Prints wall times side by side with the ratio kubectl / slipway (above 1: Slipway is faster).
#
# The two tools get the same objects in different namespaces (s-NN for Slipway, k-NN for kubectl), so both start
# cold. Slipway's run includes what kubectl's does not: the server-side dry-run plan and waiting until every
# Deployment is rolled out; so kubectl is also timed followed by `kubectl wait --for=condition=Available`.
#
# Needs: the harness (testing/build-harness.sh), target/slipway.jar (built when missing), python3.
# Usage: bench/deploy-500.sh [NAMESPACES]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
namespaces="${1:-50}"
jar="$repo/target/slipway.jar"
[ -f "$jar" ] || (cd "$repo" && mvn -q -B -DskipTests package)

work="$(mktemp -d)"
export SLIPWAY_CLUSTER_DIR="$work/cluster"
cleanup() { "$repo/testing/cluster.sh" down >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
cp "$repo/examples/yourcom/platform.yaml" "$work/platform.yaml"
"$repo/testing/cluster.sh" up --env acc -f "$work/platform.yaml" >"$work/cluster.env" 2>"$work/cluster.log" || {
  cat "$work/cluster.log" >&2; exit 1; }
apiserver="$(sed -n 's/^APISERVER=//p' "$work/cluster.env")"
kubectl="$(sed -n 's/^KUBECTL=//p' "$work/cluster.env")"
export KUBECONFIG="$work/admin.conf"

java_opts="${SLIPWAY_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
# shellcheck disable=SC2086
slipway() { java $java_opts -jar "$jar" "$@"; }
slipway kubeconfig --env acc -f "$work/platform.yaml" --server "$apiserver" --output-file "$KUBECONFIG" >/dev/null

# The objects, as the renderer would write them (common labels, ApplySet membership), for each tool.
python3 - "$work" "$namespaces" <<'PY'
import base64, hashlib, os, sys
work, n = sys.argv[1], int(sys.argv[2])
applyset = "applyset-" + base64.urlsafe_b64encode(hashlib.sha256(b"slipway-applyset.kube-system.Secret.").digest()).decode().rstrip("=") + "-v1"
def labels(indent):
    pad = " " * indent
    return (f"{pad}app.kubernetes.io/managed-by: slipway\n{pad}applyset.kubernetes.io/part-of: {applyset}\n"
            f"{pad}slipway.dev/component: bench\n{pad}slipway.dev/environment: acc\n")
def manifest(prefix):
    docs = []
    for i in range(n):
        ns = f"{prefix}-{i:02d}"
        docs.append(f"apiVersion: v1\nkind: Namespace\nmetadata:\n  labels:\n{labels(4)}  name: {ns}\n")
        for j in range(4):
            docs.append(f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n{labels(4)}  name: config-{j}\n"
                        f"  namespace: {ns}\ndata:\n  key: value-{i}-{j}\n")
        for j in range(3):
            docs.append(f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n{labels(4)}  name: app-{j}\n"
                        f"  namespace: {ns}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: app-{j}\n"
                        f"  template:\n    metadata:\n      labels:\n        app: app-{j}\n    spec:\n      containers:\n"
                        f"      - image: registry.k8s.io/pause:3.10\n        name: app\n        resources:\n"
                        f"          requests:\n            cpu: 1m\n")
            docs.append(f"apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n{labels(4)}  name: app-{j}\n"
                        f"  namespace: {ns}\nspec:\n  ports:\n  - port: 80\n  selector:\n    app: app-{j}\n")
    return "".join("---\n" + d for d in docs)
os.makedirs(f"{work}/k8s/bench")
with open(f"{work}/k8s/components.txt", "w") as f:
    f.write("bench 900\n")
with open(f"{work}/k8s/bench/manifest.yaml", "w") as f:
    f.write(manifest("s"))
with open(f"{work}/kubectl.yaml", "w") as f:
    f.write(manifest("k"))
PY

seconds() { python3 -c 'import time; print(time.monotonic())'; }
measure() { local t0 t1; t0=$(seconds); "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; t1=$(seconds); python3 -c "print(f'{$t1-$t0:.2f}')"; }
run_slipway() { slipway -q deploy --env acc -f "$work/platform.yaml" --kubeconfig "$KUBECONFIG" --from "$work/k8s" --yes; }
run_kubectl() { "$kubectl" apply --server-side --field-manager=kubectl-bench -f "$work/kubectl.yaml"; }
run_kubectl_wait() {
  run_kubectl
  "$kubectl" wait --for=condition=Available deployment --all -A --timeout=900s
}

cold_kubectl_wait=$(measure run_kubectl_wait)
cold_slipway=$(measure run_slipway)
grep -q "Deployed acc: $((namespaces * 11)) created" "$work/last.log" || { echo "slipway did not create every object:" >&2; cat "$work/last.log" >&2; exit 1; }
noop_kubectl=$(measure run_kubectl)
noop_slipway=$(measure run_slipway)
grep -q "no changes" "$work/last.log" || { echo "slipway's second run changed something:" >&2; cat "$work/last.log" >&2; exit 1; }
noop_kubectl_wait=$(measure run_kubectl_wait)

# kubectl apply alone, cold: delete its namespaces and apply again.
"$kubectl" delete namespace $(seq -f 'k-%02g' 0 $((namespaces - 1))) --wait=true >/dev/null
cold_kubectl=$(measure run_kubectl)

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
printf '%-44s %10s %10s %16s\n' "case ($((namespaces * 10)) objects + $namespaces namespaces)" "slipway s" "kubectl s" "kubectl/slipway"
printf '%-44s %10s %10s %16s\n' "cold: kubectl apply --server-side" "$cold_slipway" "$cold_kubectl" "$(ratio "$cold_kubectl" "$cold_slipway")"
printf '%-44s %10s %10s %16s\n' "cold: kubectl apply + kubectl wait Available" "$cold_slipway" "$cold_kubectl_wait" "$(ratio "$cold_kubectl_wait" "$cold_slipway")"
printf '%-44s %10s %10s %16s\n' "no-op: kubectl apply --server-side" "$noop_slipway" "$noop_kubectl" "$(ratio "$noop_kubectl" "$noop_slipway")"
printf '%-44s %10s %10s %16s\n' "no-op: kubectl apply + kubectl wait" "$noop_slipway" "$noop_kubectl_wait" "$(ratio "$noop_kubectl_wait" "$noop_slipway")"
