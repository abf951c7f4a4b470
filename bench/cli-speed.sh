#!/usr/bin/env bash
# CPU time (user + sys) of the everyday commands against a JVM "hello world", side by side, same JVM and flags.
# Usage: bench/cli-speed.sh [RUNS]   (default 5; prints the median of each and its ratio to hello world)
# Runs on a fresh copy of the bundled example in a temporary folder; builds nothing (run ./slipway once first).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
jar="${SLIPWAY_JAR:-$repo/target/slipway.jar}"
[ -f "$jar" ] || { echo "build first: ./slipway --version" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$repo/examples/yourcom/platform.yaml" "$work/"
cat >"$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac -d "$work" "$work/Hello.java"
# The launcher's flags (./slipway), for Hello too.
opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
opts="$opts -XX:-UsePerfData -XX:CICompilerCount=1"
cds="$work/slipway.jsa"

# Median CPU time (ms) of $runs runs, measured with getrusage of the children.
median_ms() {
  python3 - "$runs" "$@" <<'PY'
import resource, subprocess, sys, statistics
runs = int(sys.argv[1]); cmd = sys.argv[2:]
times = []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    times.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
print(int(statistics.median(times)))
PY
}

java $opts -jar "$jar" plan --env acc -f "$work/platform.yaml" >/dev/null 2>&1   # the first plan renders
# The one archive the launcher makes (./slipway: target/cds/slipway.jsa), made here the same way: each command's
# class list from a run without an archive, then a static archive of their union.
java $opts -XX:DumpLoadedClassList="$work/version.classlist" -jar "$jar" --version >/dev/null 2>&1
java $opts -XX:DumpLoadedClassList="$work/validate.classlist" -jar "$jar" validate -f "$work/platform.yaml" \
  >/dev/null 2>&1
java $opts -XX:DumpLoadedClassList="$work/plan.classlist" -jar "$jar" plan --env acc -f "$work/platform.yaml" \
  >/dev/null 2>&1
cat "$work"/*.classlist | sed 's/ id: [0-9]*$//' | awk '!seen[$0]++' >"$work/union.classlist"
java -Xshare:dump -XX:SharedClassListFile="$work/union.classlist" -XX:SharedArchiveFile="$cds" -cp "$jar" \
  >/dev/null 2>&1

hello=$(median_ms java $opts -cp "$work" Hello)
printf '%-34s %8s %8s\n' "command (median of $runs)" "CPU ms" "x hello"
printf '%-34s %8d %8s\n' "java Hello" "$hello" "1.0"
row() {
  local name="$1"; shift
  local ms; ms=$(median_ms "$@")
  printf '%-34s %8d %8.1f\n' "$name" "$ms" "$(echo "$ms / $hello" | bc -l)"
}
for mode in plain cds; do
  archive() { if [ "$mode" = cds ]; then echo "-XX:SharedArchiveFile=$cds"; fi; }
  row "slipway --version ($mode)" java $opts $(archive version) -jar "$jar" --version
  row "slipway validate ($mode)" java $opts $(archive validate) -jar "$jar" validate -f "$work/platform.yaml"
  row "slipway plan, nothing to do ($mode)" java $opts $(archive plan) -jar "$jar" plan --env acc \
    -f "$work/platform.yaml"
done
