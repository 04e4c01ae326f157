#!/usr/bin/env bash
# Benchmarks the leaderboard service on this machine, embedded PostgreSQL, over loopback, and prints
# every row of the speed table (README "Speed (service)") with its goal and, where the goal is a
# ratio, the reference measured in the same run:
#  0. the JIT's warm-up, not measured (bench/lib.sh warm_up): 10 task-1 uploads (UPLOAD_WARMUP),
#     each until SCORED, then a first surge of 20 as in 3 (its times printed; UPLOAD_WARMUP_SURGE=0: none);
#  1. a task-1-sized upload (78,946 rows x 40 labels, 34.8 MB) answered 202: median of 5;
#  2. 202 to SCORED for one such submission on an idle service: median of 5;
#  3. 20 such submissions uploaded at once, the service at -Xmx512m: time until all are SCORED, and
#     the mean time of each stage of an upload (cxrlt.upload.stage) and of scoring (cxrlt.scoring.stage)
#     over these 25 task-1 submissions and the warm-up's, the service's CPU in the surge by threads, and
#     the machine's CPU until all 20 were answered (the service's, PostgreSQL's, the client's);
#  4. under wrk (16 connections): the service's liveness probe (the reference: the framework's own
#     speed), the leaderboard of a phase with 200 teams and GET /api/v1/challenges, each warmed up
#     for $WARMUP_SECONDS s (default 10, so that the JIT has compiled all three paths), then
#     measured in $ROUNDS rounds (default 3) of $SECONDS_EACH s each (default 10), the three
#     alternating so that a drift of the machine touches all alike; each figure is the median of
#     its rounds, and the ratios are to the probe's medians;
#  5. the service's resident memory (VmRSS, VmHWM) after all that.
# Usage: bench/service.sh   Needs curl and wrk (Debian packages). Writes under bench/out/service/.
# JAR=path measures another build (e.g. the previous version's jar) the same way; PORT (18080).
# Bounded: about 6 minutes on the idle 2-core VM (most of it making the 200 teams), each wait for
# SCORED gives up after 120 s, the service is stopped after 30 minutes whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/service
mkdir -p "$out"
port=${PORT:-18080}
base=http://127.0.0.1:$port/api/v1
admin=bench-organizer-token-$(od -An -tx1 -N16 /dev/urandom | tr -d " \n")
jar=${JAR:-target/cxrlt-leaderboard.jar}
each=${SECONDS_EACH:-10}
warmup=${WARMUP_SECONDS:-10}
rounds=${ROUNDS:-3}

[ -f "$jar" ] || ./mvnw -B -q -DskipTests package
[ -f "$out/task1/submission.csv" ] || java -jar "$jar" generate --task task1 --rows 78946 --seed 2024 --out "$out/task1"
[ -f "$out/task2/submission.csv" ] || java -jar "$jar" generate --task task2 --rows 406 --seed 7 --out "$out/task2"
ls -l "$out/task1"

. bench/lib.sh
service_bound=1800
: > "$out/service.log"
# Every bench participant registers from this one address: lift the per-address limit.
start_service "$port" "$(mktemp -d)" "$out/service.log" --cxrlt.security.registrations-per-address=100000
await_service "$port" 120 "$out/service.log"
java_pid=$(pgrep -P "$service_pid" java || echo "$service_pid")
pm=$(head -1 "${bench_datas[0]}/postgres/postmaster.pid")

# wrk's requests/s and p99 in ms, "rps p99"
wrk_run() {
  wrk -t2 -c16 -d"${each}s" --latency "$1" > "$out/wrk-$2.txt"
  awk '/Requests\/sec/ {rps=$2}
       $1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/, "", v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)}
                    else if (v ~ /s$/) {sub(/s$/, "", v); v*=1000}; p99=v}
       END {printf "%.0f %.2f\n", rps, p99}' "$out/wrk-$2.txt"
}

for task in task1 task2; do
  curl -sf -X PUT "$base/admin/challenges/cxr-lt-2024/tasks/$task/phases/development/answer-key" \
    -H "Authorization: Bearer $admin" -F "file=@$out/$task/truth.csv" > /dev/null
done

echo "== machine"
nproc; grep -m1 'model name' /proc/cpuinfo || true; java -version 2>&1 | head -1; uptime; echo "jar: $jar"

echo "== warm-up: ${UPLOAD_WARMUP:-10} task-1 uploads, then a first surge of 20, not measured (bench/lib.sh warm_up)"
warm_up task1 "$out/task1/submission.csv"
[ -z "$warm_surge" ] || echo "the warm-up's surge: all 20 accepted after $warm_accepted s; all SCORED after $warm_surge s"
echo "== 1 and 2. one task-1 upload at a time (5 times): seconds to 202, seconds from 202 to SCORED"
token=$(participant solo)
: > "$out/single.txt"
for _ in 1 2 3 4 5; do
  read -r seconds id < <(upload "$token" task1 "$out/task1/submission.csv")
  start=$(now); wait_scored "$token" "$id"; scored=$(since "$start")
  echo "$seconds $scored" | tee -a "$out/single.txt"
done
upload_median=$(cut -d' ' -f1 "$out/single.txt" | median)
scored_median=$(cut -d' ' -f2 "$out/single.txt" | median)

echo "== 3. 20 task-1 uploads at once, service at -Xmx512m"
tokens=()
for i in $(seq 1 20); do tokens+=("$(participant burst$i)"); done
thread_cpu "$java_pid" > "$out/threads-before.txt"
burst task1 "$out/task1/submission.csv"
thread_cpu "$java_pid" > "$out/threads-after.txt"
echo "all 20 accepted after $accepted s; all SCORED after $surge s"
echo "the service's CPU in the surge by threads: $(cpu_by_role "$out/threads-before.txt" "$out/threads-after.txt")"
read -r phase_busy phase_service phase_pg <<< "$upload_phase_cpu"
echo "the machine's CPU until all 20 were answered: $phase_busy s busy, service $phase_service s, PostgreSQL $phase_pg s, the client (curl) and the rest $(awk -v b="$phase_busy" -v s="$phase_service" -v p="$phase_pg" 'BEGIN {printf "%.2f", b - s - p}') s"
# the workers' stages (cxrlt.scoring.stage) and the uploads' (cxrlt.upload.stage)
stages=$(stage_means cxrlt_scoring_stage_seconds)
upload_stages=$(stage_means cxrlt_upload_stage_seconds)
echo "upload stages, mean per task-1 upload: ${upload_stages:-not recorded by this build}"
reads=$(reads_by_source)
[ -z "$reads" ] || stages="$stages; reads: $reads"
echo "scoring stages, mean per task-1 submission: ${stages:-not recorded by this build}"

echo "== 4. 200 teams on the task-2 leaderboard, then wrk (16 connections, $each s each)"
for i in $(seq 1 200); do
  t=$(participant board$i)
  upload "$t" task2 "$out/task2/submission.csv" > /dev/null
done
board="$base/challenges/cxr-lt-2024/tasks/task2/phases/development/leaderboard"
deadline=$(( $(date +%s) + 120 ))
until curl -sf "$board" | grep -o '"rank"' | wc -l | grep -qx 200; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "the leaderboard did not reach 200 teams in 120 s"; exit 1; }
  sleep 0.5
done
probe="http://127.0.0.1:$port/actuator/health/liveness"
for url in "$probe" "$board" "$base/challenges"; do wrk -t2 -c16 -d"${warmup}s" "$url" > /dev/null; done # warm-up
: > "$out/reads.txt"
for round in $(seq 1 "$rounds"); do
  echo "probe $(wrk_run "$probe" "probe-$round")" >> "$out/reads.txt"
  echo "leaderboard $(wrk_run "$board" "leaderboard-$round")" >> "$out/reads.txt"
  echo "challenges $(wrk_run "$base/challenges" "challenges-$round")" >> "$out/reads.txt"
done
# the median over the rounds of one URL's requests/s (field 2) or p99 (field 3)
med() { awk -v u="$1" -v f="$2" '$1 == u {print $f}' "$out/reads.txt" | median; }
probe_rps=$(med probe 2); probe_p99=$(med probe 3)
board_rps=$(med leaderboard 2); board_p99=$(med leaderboard 3)
list_rps=$(med challenges 2); list_p99=$(med challenges 3)
echo "each round (URL, req/s, p99 ms):"; sed 's/^/  /' "$out/reads.txt"
echo "liveness probe: $probe_rps req/s, p99 $probe_p99 ms (medians of $rounds rounds of $each s)"
echo "leaderboard:    $board_rps req/s, p99 $board_p99 ms ($(curl -s "$board" | wc -c) bytes)"
echo "challenges:     $list_rps req/s, p99 $list_p99 ms ($(curl -s "$base/challenges" | wc -c) bytes)"

echo "== 5. resident memory of the service after all this"
rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$java_pid/status")
hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$java_pid/status")
echo "VmRSS $rss MB, peak (VmHWM) $hwm MB"

ref_rps=$probe_rps
ref_p99=$probe_p99
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f %%", 100 * a / b}'; }
task1_uploads=$((${UPLOAD_WARMUP:-10} + (${#warm_surge} > 0 ? 20 : 0) + 25))
times() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }
echo
echo "== summary ($(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
{
  echo "| what | reference, same run | measured | ratio | goal |"
  echo "|---|---|---|---|---|"
  echo "| leaderboard of 200 teams, wrk 16 connections, median of $rounds rounds of ${each} s | liveness probe $ref_rps req/s, p99 $ref_p99 ms | $board_rps req/s, p99 $board_p99 ms | $(pct "$board_rps" "$ref_rps") of the throughput, p99 $(times "$board_p99" "$ref_p99") | >= 80 %, p99 <= 1.5x |"
  echo "| \`GET /api/v1/challenges\` | the same | $list_rps req/s, p99 $list_p99 ms | $(pct "$list_rps" "$ref_rps") of the throughput, p99 $(times "$list_p99" "$ref_p99") | >= 80 %, p99 <= 1.5x |"
  echo "| task-1 upload (34.8 MB) to 202, median of 5 | | $upload_median s | | <= 0.4 s |"
  echo "| 202 to \`SCORED\`, idle service, median of 5 | | $scored_median s | | <= 0.35 s |"
  echo "| 20 task-1 uploads at once until all \`SCORED\` (-Xmx512m), after a first such surge | | $surge s (all 202 after $accepted s) | | <= 8 s |"
  [ -z "$warm_surge" ] || echo "| (the first surge, part of the warm-up) | | $warm_surge s (all 202 after $warm_accepted s) | | |"
  echo "| (the uploads' stages, mean per task-1 upload over the $task1_uploads, warm-up included) | | ${upload_stages:-not recorded by this build} | | |"
  echo "| (the workers' stages, mean per task-1 submission over the $task1_uploads, warm-up included) | | ${stages:-not recorded by this build} | | |"
  echo "| resident memory after the above, 200 teams | | VmRSS $rss MB, peak $hwm MB | | stated |"
} | tee "$out/summary.md"
