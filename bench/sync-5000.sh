#!/usr/bin/env bash
# Benchmark: `slipway sync` vs `aws s3 sync` on the same 5,000 small files, against a local moto S3 server
# (loopback only). Measures the first full sync and a re-sync after 1% of the files changed, and prints wall
# times side by side with the ratio (aws / slipway: above 1 means Slipway is faster).
#
# Needs: target/slipway.jar (mvn -DskipTests package), moto_server and aws (pip install -r testing/requirements.txt).
# Usage: bench/sync-5000.sh [FILES] [CHANGED_PERCENT]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files="${1:-5000}"
percent="${2:-1}"
jar="$repo/target/slipway.jar"
[ -f "$jar" ] || (cd "$repo" && mvn -q -B -DskipTests package)
command -v moto_server >/dev/null || { echo "moto_server missing: pip install -r testing/requirements.txt" >&2; exit 1; }
command -v aws >/dev/null || { echo "aws missing: pip install -r testing/requirements.txt" >&2; exit 1; }

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
cleanup() { kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/moto-api/data.json" >/dev/null && break; sleep 0.1; done

export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true
aws s3api create-bucket --bucket yourcom-infra --create-bucket-configuration LocationConstraint=eu-west-1 >/dev/null
aws s3api create-bucket --bucket bench-awscli --create-bucket-configuration LocationConstraint=eu-west-1 >/dev/null

# The same data for both tools: a spec, rendered once (sync renders a stale build again, which would remove files
# the spec does not render), then 5,000 files added to build/acc/provisioning/ (sync uploads such extra files as
# they are, with a warning).
cp "$repo/examples/yourcom/platform.yaml" "$work/platform.yaml"
java -jar "$jar" -q plan --env acc -f "$work/platform.yaml" >/dev/null
data="$work/build/acc/provisioning"
python3 - "$data" "$files" <<'PY'
import os, sys, random
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
for i in range(n):
    d = os.path.join(root, "pool-%02d" % (i % 50))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "file-%05d.txt" % i), "w") as f:
        f.write(("%05d " % i) + "".join(rnd.choice("abcdefghij") for _ in range(rnd.randint(200, 2000))) + "\n")
PY

seconds() { python3 -c 'import time; print(time.monotonic())'; }
measure() { local t0 t1; t0=$(seconds); "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; t1=$(seconds); python3 -c "print(f'{$t1-$t0:.2f}')"; }

# A short-lived CLI: C1 only and the serial GC start faster (the ./slipway launcher takes SLIPWAY_JAVA_OPTS).
java_opts="${SLIPWAY_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
# shellcheck disable=SC2086
slipway() { java $java_opts -jar "$jar" -q sync --env acc -f "$work/platform.yaml"; }
awscli() { aws s3 sync --only-show-errors "$data" s3://bench-awscli/acc/; }

full_slipway=$(measure slipway)
full_aws=$(measure awscli)
noop_slipway=$(measure slipway)
noop_aws=$(measure awscli)

# Change 1%: different content and size, so both tools see it (aws s3 sync compares size and time, Slipway content).
changed=$(( files * percent / 100 ))
python3 - "$data" "$files" "$changed" <<'PY'
import os, sys
root, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
step = max(1, n // max(k, 1))
for j in range(k):
    i = (j * step) % n
    p = os.path.join(root, "pool-%02d" % (i % 50), "file-%05d.txt" % i)
    with open(p, "a") as f:
        f.write("changed\n")
PY
sleep 1
changed_slipway=$(measure slipway)
grep -q "uploaded $changed " "$work/last.log" || { echo "slipway did not upload exactly $changed objects:" >&2; cat "$work/last.log" >&2; exit 1; }
changed_aws=$(measure awscli)

# A fresh checkout or CI workspace: same content, new timestamps. aws s3 sync goes by size and time; Slipway by content.
sleep 1
find "$data" -type f -exec touch {} +
touched_slipway=$(measure slipway)
touched_aws=$(measure awscli)

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
printf '%-28s %10s %10s %8s\n' "case ($files files)" "slipway s" "aws s3 s" "aws/slw"
printf '%-28s %10s %10s %8s\n' "first full sync" "$full_slipway" "$full_aws" "$(ratio "$full_aws" "$full_slipway")"
printf '%-28s %10s %10s %8s\n' "re-sync, nothing changed" "$noop_slipway" "$noop_aws" "$(ratio "$noop_aws" "$noop_slipway")"
printf '%-28s %10s %10s %8s\n' "re-sync, $changed changed (${percent}%)" "$changed_slipway" "$changed_aws" "$(ratio "$changed_aws" "$changed_slipway")"
printf '%-28s %10s %10s %8s\n' "re-sync, all files touched" "$touched_slipway" "$touched_aws" "$(ratio "$touched_aws" "$touched_slipway")"
echo "(slipway: $(java -version 2>&1 | head -1), opts: ${java_opts:-none}; $(aws --version 2>&1); moto $(python3 -c 'import moto; print(moto.__version__)'))"
