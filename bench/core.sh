#!/usr/bin/env bash
# Benchmarks the evaluation core on a synthetic task-1-sized test set (78,946 rows x 40 labels) and
# prints the core's rows of the speed table (README "Speed and memory (evaluation core)") with their
# goals and the reference measured in the same run:
#  1. in process, after warm-up (JMH): parse + check + all metrics (from files, and from bytes in memory);
#  2. whole process, JVM start included, side by side with the scikit-learn + pandas reference:
#     `java -jar` as is, and the launcher `target/cxrlt` (the AppCDS archive made at package time);
#  3. the same command under -Xmx160m;
#  4. agreement with the reference;
#  5. (only with HOSTILE=1, several minutes more) hostile and oversized files (ids chosen to collide
#     under String.hashCode, an unclosed quote before megabytes of text, a submission of 512 MB),
#     each beside an ordinary file of the same size: time, peak RSS and peak heap of `score` under
#     -Xmx160m.
# Usage: bench/core.sh [path to sklearn-reference.py]   (default ../shared/tools/sklearn-reference.py,
# else ../../shared/tools/sklearn-reference.py)
# With BASELINE=/path/to/another/checkout (built with `./mvnw -DskipTests package test-compile` and
# its bench-classpath.txt), steps 1 and 2 also measure that build, in the same run, for a before/after.
# With HOSTILE_ONLY=1, only step 5.
# With MULTIPART=1, also (step 1c) the upload's multipart parsing in process (JMH, MultipartBenchmark:
# a 35 MB task-1 form from memory, Tomcat's streaming parser against MultipartReader, same run).
# Needs hyperfine and, for the reference, Debian's python3-sklearn and python3-pandas.
# Bounded: about 3.5 minutes on the idle 2-core VM after the build (JMH 4 x 30 s, hyperfine 10 runs
# of each command); twice that with BASELINE.
set -euo pipefail
cd "$(dirname "$0")/.."
reference=${1:-../shared/tools/sklearn-reference.py}
# from a worktree under /work/wt/, the shared tools are one level further up
[ -f "$reference" ] || [ -n "${1:-}" ] || reference=../../shared/tools/sklearn-reference.py
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

if [ -z "${HOSTILE_ONLY:-}" ]; then
uptime
echo "== 1. in process (JMH, SampleTime, 1 fork, 5 warm-up + 10 measured iterations of 2 s)"
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
  ScoringBenchmark -p dir="$out" -f 1 -wi 5 -w 2s -i 10 -r 2s -rf text -rff bench/out/jmh.txt
cat bench/out/jmh.txt
if [ -n "${BASELINE:-}" ]; then
  echo "== 1b. the same benchmarks on the baseline build $BASELINE"
  java -cp "$BASELINE/target/test-classes:$BASELINE/target/classes:$(cat "$BASELINE/target/bench-classpath.txt")" \
    org.openjdk.jmh.Main ScoringBenchmark -p dir="$out" -f 1 -wi 5 -w 2s -i 10 -r 2s -rf text -rff bench/out/jmh-baseline.txt
  cat bench/out/jmh-baseline.txt
fi

if [ -n "${MULTIPART:-}" ]; then
  echo "== 1c. the upload's multipart parsing, Tomcat's streaming parser against MultipartReader (JMH)"
  java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
    MultipartBenchmark -f 1 -wi 5 -w 2s -i 10 -r 2s -rf text -rff bench/out/jmh-multipart.txt
  cat bench/out/jmh-multipart.txt
fi

echo "== 2. whole process, side by side with the reference (hyperfine)"
baseline_cmd=()
if [ -n "${BASELINE:-}" ]; then
  baseline_cmd=(-n baseline "java -jar $BASELINE/target/cxrlt-leaderboard.jar score --truth $out/truth.csv --submission $out/submission.csv --json"
                -n baseline-launcher "$BASELINE/target/cxrlt score --truth $out/truth.csv --submission $out/submission.csv --json")
fi
hyperfine --warmup 1 --runs 10 --export-markdown bench/out/process.md --export-json bench/out/process.json \
  -n cxrlt "java -jar $jar score --truth $out/truth.csv --submission $out/submission.csv --json" \
  -n cxrlt-launcher "target/cxrlt score --truth $out/truth.csv --submission $out/submission.csv --json" \
  "${baseline_cmd[@]}" \
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

echo
echo "== summary ($(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
/usr/bin/python3 - bench/out/jmh.txt bench/out/process.json "${BASELINE:+bench/out/jmh-baseline.txt}" <<'PY' | tee bench/out/summary.md
import json, re, sys
def medians(path):
    found = {}
    for line in open(path):
        m = re.match(r"ScoringBenchmark\.(\w+):\W?p0\.50\s+.*?sample\s+([\d.,]+)", line)
        if m:
            found[m.group(1)] = float(m.group(2).replace(",", "")) / 1000
    return found
ours = medians(sys.argv[1])
base = medians(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] else {}
runs = {r["command"]: r for r in json.load(open(sys.argv[2]))["results"]}
ref = runs["sklearn-reference"]["mean"]
print("| what | reference, same run | measured | ratio | goal |")
print("|---|---|---|---|---|")
for name in ["cxrlt", "cxrlt-launcher", "baseline", "baseline-launcher"]:
    if name in runs:
        r = runs[name]
        label = {"cxrlt": "`score` whole process, `java -jar` (hyperfine mean of 10)",
                 "cxrlt-launcher": "`score` whole process, launcher `target/cxrlt` (AppCDS), mean of 10",
                 "baseline": "`score` whole process, the BASELINE build, `java -jar`",
                 "baseline-launcher": "`score` whole process, the BASELINE build's launcher"}[name]
        print(f"| {label} | scikit-learn reference {ref:.2f} s | {r['mean']:.3f} s (+- {r['stddev']:.3f}) "
              f"| {ref / r['mean']:.1f}x faster | >= 10x |")
labels = {"answerKeyThenSubmissionThenMetrics": ("in process: answer key + submission + all metrics, from files (JMH median)", "<= 0.15 s"),
          "fromStreamsOneThreadReading": ("in process: the same from bytes in memory, each file read on one thread", ""),
          "scoreCommand": ("in process: the `score` command (files read in parts, JSON written)", ""),
          "submissionAndMetrics": ("in process: a scoring worker's share (key already read): submission from a file + all metrics", "")}
for key, (label, goal) in labels.items():
    if key in ours:
        reference = f"BASELINE {base[key]:.3f} s" if key in base else ""
        ratio = f"{base[key] / ours[key]:.2f}x faster" if key in base else ""
        print(f"| {label} | {reference} | {ours[key]:.3f} s | {ratio} | {goal} |")
PY

fi
if [ -z "${HOSTILE:-}${HOSTILE_ONLY:-}" ]; then
  exit 0
fi

echo "== 5. hostile and oversized files beside ordinary ones of the same size (score under -Xmx160m)"
hostile=bench/out/hostile
if [ ! -f "$hostile/done" ]; then
  mkdir -p "$hostile"
  java -jar "$jar" generate --task task1 --rows 300 --seed 7 --out "$hostile/k300"
  /usr/bin/python3 - "$hostile" "$out" <<'PY'
import gzip, os, random, sys
hostile, task1 = sys.argv[1], sys.argv[2]
k300 = open(os.path.join(hostile, "k300/submission.csv"), "rb").read()
values = b"," + b",".join([b"0.5"] * 40)
rnd = random.Random(2024)
def gz(name, chunks):
    with open(os.path.join(hostile, name), "wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as f:
        for c in chunks:
            f.write(c)
def colliding():  # 2^17 ids of 17 blocks "Aa"/"BB": one String.hashCode for all
    yield k300
    for bits in range(1 << 17):
        yield b"".join(b"Aa" if (bits >> i) & 1 == 0 else b"BB" for i in range(17)) + values + b"\n"
def ordinary_ids():  # as many rows, ids of the same length with nothing in common
    yield k300
    for _ in range(1 << 17):
        yield b"%034x" % rnd.getrandbits(136) + values + b"\n"
gz("colliding.csv.gz", colliding())
gz("colliding-ordinary.csv.gz", ordinary_ids())
text = b"lorem ipsum dolor sit amet, consectetur adipiscing elit\n"
size = 64 << 20
def unclosed():  # a quote never closed, then 64 MB of text
    yield k300 + b'x,"0.5' + values[4:] + b"\n"
    n = len(k300)
    while n < size:
        yield text * 1000
        n += len(text) * 1000
def ordinary_rows(base, total):  # the same size in ordinary rows of other images
    yield base
    n = len(base)
    while n < total:
        row = b"%044x" % rnd.getrandbits(176) + values + b"\n"
        yield row * 100
        n += len(row) * 100
gz("unclosed.csv.gz", unclosed())
gz("unclosed-ordinary.csv.gz", ordinary_rows(k300, size))
# a header of just under 1 MiB (the record limit) of distinct column names, then the 300 rows
names = b",".join(b"c%d" % i for i in range(120000))[:(1 << 20) - 20000]
header, rows = k300.split(b"\n", 1)
gz("wide-header.csv.gz", [header + b"," + names.rsplit(b",", 1)[0] + b"\n" + rows])
big = open(os.path.join(task1, "submission.csv"), "rb").read()
with open(os.path.join(hostile, "large-512mb.csv"), "wb") as f:
    for c in ordinary_rows(big, 512 << 20):
        f.write(c)
PY
  touch "$hostile/done"
fi
ls -l "$hostile"
cp=target/test-classes:target/classes:$(cat target/bench-classpath.txt)
{
  echo "| file | compressed | decompressed | exit | time | peak RSS | peak heap |"
  echo "|---|---|---|---|---|---|---|"
  for spec in "colliding.csv.gz k300" "colliding-ordinary.csv.gz k300" "unclosed.csv.gz k300" \
              "unclosed-ordinary.csv.gz k300" "wide-header.csv.gz k300" "large-512mb.csv task1" "../task1/submission.csv task1"; do
    set -- $spec
    file="$hostile/$1"
    truth=$([ "$2" = k300 ] && echo "$hostile/k300/truth.csv" || echo "$out/truth.csv")
    size=$(stat -c %s "$file")
    plain=$(case "$file" in *.gz) gzip -dc "$file" | wc -c ;; *) echo "$size" ;; esac)
    # exit 2 (refused) is an expected outcome here
    /usr/bin/time -o "$hostile/time.txt" -f "%e s|%M" java -Xmx160m -jar "$jar" score --truth "$truth" \
        --submission "$file" --json > /dev/null 2>&1 || true
    timed=$(tail -1 "$hostile/time.txt")
    heap=$(java -Xmx160m -cp "$cp" org.cxrlt.leaderboard.bench.PeakHeap score --truth "$truth" --submission "$file" --json)
    code=${heap%%,*}
    echo "| $1 | $((size / 1024)) KB | $((plain / 1048576)) MB | ${code#exit } | ${timed%%|*} | $(( ${timed##*|} / 1024 )) MB | ${heap##*peak heap } |"
  done
} | tee bench/out/hostile.md
