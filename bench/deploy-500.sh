#!/usr/bin/env bash
# Benchmark: `slipway deploy` vs `kubectl apply --server-side` on the same 500 objects (per namespace: 3 Deployments,
# 3 Services, 4 ConfigMaps; 50 namespaces, plus the 50 Namespace objects), against the harness's real API server
# with kwok nodes (testing/cluster.sh, loopback only). Cold (nothing there yet) and again with nothing changed,
# RUNS rounds each (cold rounds delete both tools' namespaces in between), alternating which tool goes first;
# then `slipway status` (the environment, all components) against `kubectl get` of the same kinds, RUNS rounds;
# prints every run and the medians side by side with the ratio kubectl / slipway (above 1: Slipway is faster).
#
# The two tools get the same objects in different namespaces (s-NN for Slipway, k-NN for kubectl), so both start
# cold. Slipway's run includes what kubectl's does not: the plan and waiting until every Deployment is rolled out;
# so kubectl is also timed followed by a wait until every one of its Deployments is available (one LIST of all
# Deployments every half second: the cheapest way to wait, the controllers' pace is the floor for any tool).
# Slipway runs through the launcher (./slipway), as a user runs it: with the class-data-sharing archive of `deploy`,
# made by one `deploy --dry-run` before the timed runs (SLIPWAY_CDS=0 measures without).
#
# Needs: the harness (testing/build-harness.sh), target/slipway.jar (built when missing), python3.
# Usage: bench/deploy-500.sh [NAMESPACES] [RUNS]     (defaults 50 and 3)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
namespaces="${1:-50}"
runs="${2:-3}"
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

slipway() { "$repo/slipway" "$@"; }
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
run_status() { slipway -q status --env acc -f "$work/platform.yaml" --kubeconfig "$KUBECONFIG" --from "$work/k8s"; }
# The same kinds as `status` reads, labelled as both tools' objects are (so, like Slipway's ApplySet LISTs, it
# lists both tools' copies).
run_get() { "$kubectl" get namespaces,configmaps,deployments,services -A -l slipway.dev/component=bench; }
run_kubectl() { "$kubectl" apply --server-side --field-manager=kubectl-bench -f "$work/kubectl.yaml"; }
# Until every Deployment in the k-NN namespaces is available: one LIST of all Deployments every half second.
rolled_out() {
  python3 - "$kubectl" "$((namespaces * 3))" <<'PY'
import json, subprocess, sys, time
kubectl, want = sys.argv[1], int(sys.argv[2])
while True:
    items = json.loads(subprocess.run([kubectl, "get", "deployments", "-A", "-o", "json"], check=True,
                                      capture_output=True).stdout)["items"]
    ours = [d for d in items if d["metadata"]["namespace"].startswith("k-")]
    done = [d for d in ours if d["status"].get("observedGeneration", 0) >= d["metadata"]["generation"]
            and d["status"].get("availableReplicas", 0) >= d["spec"]["replicas"]
            and d["status"].get("updatedReplicas", 0) >= d["spec"]["replicas"]]
    if len(ours) == want and len(done) == want:
        break
    time.sleep(0.5)
PY
}
delete_namespaces() {
  "$kubectl" delete namespace $(seq -f "k-%02g" 0 $((namespaces - 1))) $(seq -f "s-%02g" 0 $((namespaces - 1))) \
    --ignore-not-found --wait=true >/dev/null
}
median() { python3 -c 'import statistics, sys; print(f"{statistics.median(float(a) for a in sys.argv[1:]):.2f}")' "$@"; }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

# The deploy command's class-data-sharing archive, as a user's first deploy makes it (this one writes nothing).
slipway -q deploy --env acc -f "$work/platform.yaml" --kubeconfig "$KUBECONFIG" --from "$work/k8s" --dry-run \
  >/dev/null

cold_s=(); cold_k=(); cold_kw=(); noop_s=(); noop_k=(); status_s=(); status_k=()
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
kubectl_cold() {
  local a w
  a=$(measure run_kubectl); w=$(measure rolled_out)
  cold_k+=("$a"); cold_kw+=("$(python3 -c "print(f'{$a+$w:.2f}')")")
}
slipway_cold() {
  cold_s+=("$(measure run_slipway)")
  grep -q "Deployed acc: $((namespaces * 11)) created" "$work/last.log" || {
    echo "slipway did not create every object:" >&2; cat "$work/last.log" >&2; exit 1; }
}
slipway_noop() {
  noop_s+=("$(measure run_slipway)")
  grep -q "no changes" "$work/last.log" || { echo "slipway's run changed something:" >&2; cat "$work/last.log" >&2; exit 1; }
}
for round in $(seq 1 "$runs"); do
  [ "$round" -gt 1 ] && delete_namespaces
  if [ $((round % 2)) -eq 1 ]; then kubectl_cold; slipway_cold; else slipway_cold; kubectl_cold; fi
  echo "cold round $round: slipway ${cold_s[-1]} s, kubectl apply ${cold_k[-1]} s, + rolled out ${cold_kw[-1]} s" >&2
done
for round in $(seq 1 "$runs"); do
  if [ $((round % 2)) -eq 1 ]; then noop_k+=("$(measure run_kubectl)"); slipway_noop
  else slipway_noop; noop_k+=("$(measure run_kubectl)"); fi
  echo "no-op round $round: slipway ${noop_s[-1]} s, kubectl apply ${noop_k[-1]} s" >&2
done

# status archive, as for deploy above (not timed)
run_status >/dev/null
for round in $(seq 1 "$runs"); do
  if [ $((round % 2)) -eq 1 ]; then status_k+=("$(measure run_get)"); status_s+=("$(measure run_status)")
  else status_s+=("$(measure run_status)"); status_k+=("$(measure run_get)"); fi
  echo "status round $round: slipway status ${status_s[-1]} s, kubectl get ${status_k[-1]} s" >&2
done

cs=$(median "${cold_s[@]}"); ck=$(median "${cold_k[@]}"); ckw=$(median "${cold_kw[@]}")
ns=$(median "${noop_s[@]}"); nk=$(median "${noop_k[@]}")
ss=$(median "${status_s[@]}"); sk=$(median "${status_k[@]}")
printf 'median of %s runs; load average before: %s, after: %s\n' "$runs" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-46s %10s %10s %16s\n' "case ($((namespaces * 10)) objects + $namespaces namespaces)" "slipway s" "kubectl s" "kubectl/slipway"
printf '%-46s %10s %10s %16s\n' "cold: kubectl apply --server-side" "$cs" "$ck" "$(ratio "$ck" "$cs")"
printf '%-46s %10s %10s %16s\n' "cold: kubectl apply + wait until rolled out" "$cs" "$ckw" "$(ratio "$ckw" "$cs")"
printf '%-46s %10s %10s %16s\n' "no-op: kubectl apply --server-side" "$ns" "$nk" "$(ratio "$nk" "$ns")"
printf '%-46s %10s %10s %16s\n' "status: kubectl get of the same kinds" "$ss" "$sk" "$(ratio "$sk" "$ss")"
