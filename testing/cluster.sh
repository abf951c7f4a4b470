#!/usr/bin/env bash
# The test harness by hand: a real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok-simulated Nodes) and the moto AWS emulator, all on 127.0.0.1, to point kubectl, the AWS CLI
# or ./slipway at. See testing/README.md.
#
#   testing/cluster.sh up       build what is missing, start everything, print KUBECONFIG=... and AWS_ENDPOINT_URL=...
#   testing/cluster.sh up --env ENV -f SPEC
#                               the same, with the control plane on that environment's PKI (made by `slipway certs`
#                               when missing), so `slipway kubeconfig --env ENV --server APISERVER` and
#                               `slipway deploy --env ENV` work against it
#   testing/cluster.sh status   say what runs, print the same lines
#   testing/cluster.sh down     stop everything `up` started, remove its state
#
# State (kubeconfig, throwaway PKI, etcd data, logs, pid files) lives in one folder per checkout,
# ${XDG_RUNTIME_DIR:-/tmp}/slipway-cluster-NAME-HASH (from the checkout's path), or in $SLIPWAY_CLUSTER_DIR when set:
# `up` or `down` in one checkout never touches another checkout's cluster.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
checkout_id="$(basename "$repo")-$(printf '%s' "$repo" | sha256sum | cut -c1-8)"
state="${SLIPWAY_CLUSTER_DIR:-${XDG_RUNTIME_DIR:-/tmp}/slipway-cluster-$checkout_id}"
k8s="$state/k8s"
region="${AWS_DEFAULT_REGION:-eu-west-1}"
start_timeout=300

log() { echo "cluster.sh: $*" >&2; }

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# A pid from a pid file is only signalled while it still runs the program we started (pids get reused).
runs() {
  local pid="$1" expected="$2"
  [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$expected"
}

stop_pid_file() {
  local file="$1" expected="$2" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if runs "$pid" "$expected"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      runs "$pid" "$expected" || break
      sleep 0.5
    done
    if runs "$pid" "$expected"; then
      log "$(basename "$file" .pid) (pid $pid) ignored SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

# A port below the kernel's ephemeral range (as FreePorts in the tests): the kernel gives ephemeral ports to every
# outgoing connection, which could take a port picked by "bind to 0" before moto binds it.
free_port() {
  python3 - <<'PY'
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
ports = list(range(10000, low))
random.shuffle(ports)
for port in ports:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
else:
    raise SystemExit("no free port below " + str(low))
PY
}

print_env() {
  echo "KUBECONFIG=$k8s/admin.kubeconfig"
  echo "AWS_ENDPOINT_URL=$(cat "$state/moto.url")"
  echo "AWS_ACCESS_KEY_ID=testing"
  echo "AWS_SECRET_ACCESS_KEY=testing"
  echo "AWS_DEFAULT_REGION=$region"
  echo "KUBECTL=$(sed -n 's/^KUBECTL=//p' "$k8s/ready")"
  echo "APISERVER=$(sed -n 's/^APISERVER=//p' "$k8s/ready")"
  if [[ -f "$state/env" ]]; then
    log "on environment $(cat "$state/env")'s PKI; next: ./slipway kubeconfig --env $(cat "$state/env")" \
      "-f $(cat "$state/spec") --server $(sed -n 's/^APISERVER=//p' "$k8s/ready")" \
      "&& ./slipway deploy --env $(cat "$state/env") -f $(cat "$state/spec")"
  fi
}

start_moto() {
  if ! command -v moto_server >/dev/null; then
    log "moto_server is not installed; run: pip install -r testing/requirements.txt"
    exit 1
  fi
  local port
  port="$(free_port)"
  log "starting moto on 127.0.0.1:$port"
  setsid moto_server -H 127.0.0.1 -p "$port" >"$state/moto.log" 2>&1 </dev/null &
  echo $! >"$state/moto.pid"
  echo "http://127.0.0.1:$port" >"$state/moto.url"
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/moto-api/" 2>/dev/null; then
      return 0
    fi
    alive "$state/moto.pid" || break
    sleep 0.5
  done
  log "moto did not answer on 127.0.0.1:$port; end of $state/moto.log:"
  tail -n 30 "$state/moto.log" >&2
  exit 1
}

start_kubernetes() {
  local bin classpath pki_args=()
  bin="$("$repo/testing/build-harness.sh")"
  log "harness binaries in $bin"
  log "compiling the harness (mvn test-compile) ..."
  (cd "$repo" && mvn -q -B test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$state/classpath.txt" >&2)
  classpath="$repo/target/test-classes:$repo/target/classes:$(cat "$state/classpath.txt")"
  if [[ -n "$env_name" ]]; then
    log "making sure environment $env_name has its PKI (slipway certs --env $env_name -f $spec_file) ..."
    # --confirm: the harness is throwaway, but a protected environment's first CA still needs the deliberate word.
    "$repo/slipway" certs --env "$env_name" --confirm "$env_name" -f "$spec_file" >&2
    pki_args=("$(cd "$(dirname "$spec_file")" && pwd)/.slipway/$env_name/pki")
    echo "$env_name" >"$state/env"
    echo "$(cd "$(dirname "$spec_file")" && pwd)/$(basename "$spec_file")" >"$state/spec"
  fi
  log "starting the Kubernetes control plane (state in $k8s) ..."
  SLIPWAY_HARNESS_BIN="$bin" setsid java -cp "$classpath" -Dslipway.repo="$repo" \
    dev.slipway.testing.HarnessCluster "$k8s" "${pki_args[@]}" >"$state/control-plane.log" 2>&1 </dev/null &
  echo $! >"$state/control-plane.pid"
  for _ in $(seq 1 $((start_timeout * 2))); do
    [[ -f "$k8s/ready" ]] && return 0
    if ! alive "$state/control-plane.pid"; then
      log "the control plane failed to start; end of $state/control-plane.log:"
      tail -n 60 "$state/control-plane.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  log "the control plane was not ready after ${start_timeout}s; end of $state/control-plane.log:"
  tail -n 60 "$state/control-plane.log" >&2
  exit 1
}

down() {
  [[ -d "$state" ]] || { log "nothing running (no $state)"; return 0; }
  stop_pid_file "$state/control-plane.pid" dev.slipway.testing.HarnessCluster
  # Backstop when the Java process died without stopping its children: the components' own pid files.
  local file
  for file in "$k8s"/pids/*.pid; do
    [[ -e "$file" ]] || continue
    stop_pid_file "$file" "$(basename "$file" .pid)"
  done
  stop_pid_file "$state/moto.pid" moto_server
  rm -rf "$state"
  log "stopped; removed $state"
}

status() {
  local running=0 name file
  for file in "$state/control-plane.pid" "$state/moto.pid" "$k8s"/pids/*.pid; do
    [[ -e "$file" ]] || continue
    name="$(basename "$file" .pid)"
    if alive "$file"; then
      log "$name: running (pid $(cat "$file"))"
      running=$((running + 1))
    else
      log "$name: not running"
    fi
  done
  if [[ $running -gt 0 && -f "$k8s/ready" && -f "$state/moto.url" ]]; then
    print_env
  else
    log "not up (state folder $state); start it with: testing/cluster.sh up"
    return 3
  fi
}

up() {
  if alive "$state/control-plane.pid" && [[ -f "$k8s/ready" ]] && alive "$state/moto.pid"; then
    log "already up"
    print_env
    return 0
  fi
  down >/dev/null 2>&1 || true
  mkdir -p "$state"
  chmod 700 "$state"
  # Whatever fails half way is stopped again, so a failed `up` leaves nothing running.
  trap 'rc=$?; if [[ $rc -ne 0 ]]; then log "up failed; stopping what it started"; down; fi' EXIT
  start_moto
  start_kubernetes
  trap - EXIT
  log "up. Use it with: eval \"\$(SLIPWAY_CLUSTER_DIR='$state' '$repo/testing/cluster.sh' status 2>/dev/null | sed 's/^/export /')\""
  print_env
}

env_name=""
spec_file=""
command="${1:-}"
shift || true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --env) env_name="${2:?--env needs a name}"; shift 2 ;;
    -f) spec_file="${2:?-f needs a spec file}"; shift 2 ;;
    *) echo "cluster.sh: unknown argument $1 (usage: testing/cluster.sh up [--env ENV -f SPEC]|down|status)" >&2
       exit 2 ;;
  esac
done
if [[ -n "$env_name" && ! -f "$spec_file" ]]; then
  echo "cluster.sh: --env $env_name needs -f SPEC naming an existing spec file" >&2
  exit 2
fi

case "$command" in
  up) up ;;
  down) down ;;
  status) status ;;
  *)
    echo "usage: testing/cluster.sh up [--env ENV -f SPEC]|down|status" >&2
    exit 2
    ;;
esac
