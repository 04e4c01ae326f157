#!/usr/bin/env bash
# Benchmarks the evaluation core on a synthetic task-1-sized test set (78,946 rows x 40 labels):
#  1. in process, after warm-up (JMH): parse + check + all metrics;
#  2. whole process, JVM start included, side by side with the scikit-learn + pandas reference;
#  3. the same command under -Xmx160m.
# Usage: bench/core.sh [path to sklearn-reference.py]   (default ../shared/tools/sklearn-reference.py)
# Needs hyperfine and, for the reference, Debian's python3-sklearn and python3-pandas.
set -euo pipefail
cd "$(dirname "$0")/.."
reference=${1:-../shared/tools/sklearn-reference.py}
out=bench/out/task1

./mvnw -B -q -DskipTests package test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
jar=target/cxrlt-leaderboard.jar
if [ ! -f "$out/submission.csv" ]; then
  java -jar "$jar" generate --task task1 --rows 78946 --seed 2024 --out "$out"
fi
ls -l "$out"

echo "== machine"
nproc; grep -m1 'model name' /proc/cpuinfo || true; java -version 2>&1 | head -1

echo "== 1. in process (JMH, SampleTime, 1 fork, 5 warm-up + 10 measured iterations of 2 s)"
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
  ScoringBenchmark -p dir="$out" -f 1 -wi 5 -w 2s -i 10 -r 2s -rf text -rff bench/out/jmh.txt
cat bench/out/jmh.txt

echo "== 2. whole process, side by side with the reference (hyperfine)"
hyperfine --warmup 1 --runs 10 --export-markdown bench/out/process.md \
  -n cxrlt "java -jar $jar score --truth $out/truth.csv --submission $out/submission.csv --json" \
  -n sklearn-reference "/usr/bin/python3 $reference $out/truth.csv $out/submission.csv"
cat bench/out/process.md

echo "== 3. under -Xmx160m (peak RSS from /usr/bin/time)"
/usr/bin/time -f "exit %x, %e s, peak RSS %M KB" \
  java -Xmx160m -jar "$jar" score --truth "$out/truth.csv" --submission "$out/submission.csv" --json > bench/out/xmx160m.json
head -c 200 bench/out/xmx160m.json; echo

echo "== 4. agreement with the reference on the benchmark file (every number, bit for bit)"
/usr/bin/python3 "$reference" "$out/truth.csv" "$out/submission.csv" > bench/out/reference.json
/usr/bin/python3 - bench/out/reference.json bench/out/xmx160m.json <<'PY'
import json, sys
ref, ours = (json.load(open(p)) for p in sys.argv[1:3])
keys = ["mAP", "mAUROC", "mF1", "mECE"]
diff = [k for k in keys if ref[k] != ours[k]]
diff += [f"{a['label']}.{k}" for a, b in zip(ref["labels"], ours["labels"]) for k in ["ap", "auroc", "f1", "ece", "positives"] if a[k] != b[k]]
print("identical" if not diff else f"{len(diff)} differ: {diff[:10]}")
PY
