#!/usr/bin/env bash
# Benchmarks the paired bootstrap (`robustness` command, whole process, JVM start included) on
# synthetic data made by bench/RobustnessEntries.java:
#  1. task-2 size: 406 images x 26 labels, 50 entries, B = 1,000        (target: < 2 s)
#  2. task-1 size: 78,946 images x 40 labels, ENTRIES entries, B = REPLICATES
#     (target: <= 3 min at 50 x 1,000), under -Xmx384m: the memory bound;
#  3. the reference of the same run: `score` of one task-1 entry (one scoring, whole process), and a
#     check that the bootstrap's full-data mAP of that entry is exactly what `score` gives.
# Usage: bench/robustness.sh [ENTRIES] [REPLICATES]   (default 50 1000; e.g. 10 100 for a quick look)
# Each run is bounded by `timeout` (15 min), so the script stops by itself. Localhost only.
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-50}
replicates=${2:-1000}
out=bench/out/robustness
jar=target/cxrlt-leaderboard.jar

./mvnw -B -q -DskipTests package
mkdir -p "$out"
for spec in "task2 406 50" "task1 78946 $entries"; do
  set -- $spec
  if [ ! -f "$out/$1-$3/submissions/team-$(printf %02d "$3").csv" ]; then
    rm -rf "$out/$1-$3"
    java -cp "$jar" bench/RobustnessEntries.java "$1" "$2" "$3" "$out/$1-$3"
  fi
done

echo "== machine"
nproc; grep -m1 'model name' /proc/cpuinfo || true; java -version 2>&1 | head -1; uptime

timed() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "$name: exit %x, wall %e s, user %U s, peak RSS %M KB" timeout 900 "$@"
}

echo "== 1. task-2 size, 50 entries, B = 1000"
timed task2 java -jar "$jar" robustness --truth "$out/task2-50/truth.csv" \
  --submissions "$out/task2-50/submissions" --replicates 1000 --seed 1 --json \
  > "$out/task2.json" 2> >(tail -c 300 >&2)

echo "== 2. task-1 size, $entries entries, B = $replicates, -Xmx384m"
timed task1 java -Xmx384m -jar "$jar" robustness --truth "$out/task1-$entries/truth.csv" \
  --submissions "$out/task1-$entries/submissions" --replicates "$replicates" --seed 1 --json \
  > "$out/task1.json" 2> >(tail -c 300 >&2)

echo "== 3. reference: score one task-1 entry (whole process), and the same mAP"
timed score java -jar "$jar" score --truth "$out/task1-$entries/truth.csv" \
  --submission "$out/task1-$entries/submissions/team-01.csv" --json > "$out/score.json"
/usr/bin/python3 - "$out/task1.json" "$out/score.json" <<'PY'
import json, sys
boot, score = (json.load(open(p)) for p in sys.argv[1:3])
first = next(e for e in boot["entries"] if e["name"] == "team-01.csv")
print("mAP of team-01.csv:", "identical" if first["mAP"] == score["mAP"] else f"DIFFERENT {first['mAP']} vs {score['mAP']}")
PY
uptime
