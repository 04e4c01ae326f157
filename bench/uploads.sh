#!/usr/bin/env bash
# The upload rows of bench/service.sh alone, for comparing builds side by side: a task-1-sized
# upload (34.8 MB) to 202, median of $REPS (default 5), and 20 such uploads at once until all are
# SCORED (-Xmx512m), then the means of the upload stages (cxrlt.upload.stage) over all of them.
# UPLOADS_ONLY=1 starts the service without scoring workers (cxrlt.scoring.workers=0) and waits for
# no scoring: the service's and PostgreSQL's CPU time per upload are then the uploads' alone.
# First UPLOAD_WARMUP (10) uploads one at a time, then (unless UPLOAD_WARMUP_SURGE=0) a first surge
# of 20, not measured, warm the JIT up (bench/lib.sh warm_up); the first surge's times are printed.
# SERVICE_ARGS="--a=b ..." adds options to the service's command line (e.g. --cxrlt.web.socket-read-buffer=64KB).
# Usage: JAR=... PORT=... bash bench/uploads.sh   Writes under bench/out/uploads-$PORT/.
# Bounded: each wait for SCORED gives up after 120 s, the service is stopped after 15 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-18080}
out=bench/out/uploads-$port
data=bench/out/service
mkdir -p "$out" "$data"
base=http://127.0.0.1:$port/api/v1
admin=bench-organizer-token-$(od -An -tx1 -N16 /dev/urandom | tr -d " \n")
jar=${JAR:-target/cxrlt-leaderboard.jar}
reps=${REPS:-5}
[ -f "$data/task1/submission.csv" ] || java -jar "$jar" generate --task task1 --rows 78946 --seed 2024 --out "$data/task1"

. bench/lib.sh
service_bound=900
: > "$out/service.log"
only=${UPLOADS_ONLY:-}
extra=()
[ -z "$only" ] || extra=(--cxrlt.scoring.workers=0)
# shellcheck disable=SC2206 # options separated by spaces
[ -z "${SERVICE_ARGS:-}" ] || extra+=($SERVICE_ARGS)
start_service "$port" "$(mktemp -d)" "$out/service.log" --cxrlt.security.registrations-per-address=100000 "${extra[@]}"
await_service "$port" 120 "$out/service.log"
java_pid=$(pgrep -P "$service_pid" java || echo "$service_pid")

# without scoring workers nothing is scored: nothing to wait for
[ -z "$only" ] || wait_scored() { :; }
pm=$(head -1 "${bench_datas[0]}/postgres/postmaster.pid")
cpu() { cpu_seconds "$java_pid"; }
pg_cpu() { pg_cpu_seconds "$pm"; }
# per A B [N]: (B - A) / N, in seconds
per() { awk -v a="$1" -v b="$2" -v n="${3:-1}" 'BEGIN {printf "%.2f", (b - a) / n}'; }

curl -sf -X PUT "$base/admin/challenges/cxr-lt-2024/tasks/task1/phases/development/answer-key" \
  -H "Authorization: Bearer $admin" -F "file=@$data/task1/truth.csv" > /dev/null
warm_up task1 "$data/task1/submission.csv"
token=$(participant solo)
: > "$out/single.txt"
single_cpu0=$(cpu)
single_pg0=$(pg_cpu)
for _ in $(seq 1 "$reps"); do
  read -r seconds id < <(upload "$token" task1 "$data/task1/submission.csv")
  wait_scored "$token" "$id"
  echo "$seconds" >> "$out/single.txt"
done
upload_median=$(median < "$out/single.txt")
single_stages=$(stage_means cxrlt_upload_stage_seconds)
single_cpu=$(per "$single_cpu0" "$(cpu)" "$reps")
single_pg=$(per "$single_pg0" "$(pg_cpu)" "$reps")

tokens=()
for i in $(seq 1 20); do tokens+=("$(participant burst$i)"); done
cpu0=$(cpu)
pg0=$(pg_cpu)
thread_cpu "$java_pid" > "$out/threads-before.txt"
pg_cpu_by_process "$pm" > "$out/pg-before.txt"
burst task1 "$data/task1/submission.csv"
thread_cpu "$java_pid" > "$out/threads-after.txt"
pg_cpu_by_process "$pm" > "$out/pg-after.txt"
surge_cpu=$(per "$cpu0" "$(cpu)")
surge_pg=$(per "$pg0" "$(pg_cpu)")
[ -z "$only" ] || echo "(no scoring: uploads only)"
echo "jar $jar: upload to 202 median of $reps: $upload_median s ($(tr '\n' ' ' < "$out/single.txt")); 20 at once: all 202 after $accepted s, all SCORED after $surge s, CPU: service $surge_cpu s, PostgreSQL $surge_pg s"
[ -z "$warm_surge" ] || echo "  the warm-up's surge (the first 20 at once, not measured): all 202 after $warm_accepted s, all SCORED after $warm_surge s"
echo "  single uploads: CPU each (upload and scoring): service $single_cpu s, PostgreSQL $single_pg s; stages, mean (the warm-up's too): $single_stages"
read -r phase_busy phase_service phase_pg <<< "$upload_phase_cpu"
echo "  the machine's CPU until all 20 were answered: $phase_busy s busy of $(awk -v s="$accepted" -v n="$(nproc)" 'BEGIN {printf "%.2f", s * n}') s: service $phase_service s, PostgreSQL $phase_pg s, the clients (curl, bash) and the rest $(awk -v b="$phase_busy" -v s="$phase_service" -v p="$phase_pg" 'BEGIN {printf "%.2f", b - s - p}') s"
echo "  the service's CPU in the surge by threads: $(cpu_by_role "$out/threads-before.txt" "$out/threads-after.txt")"
echo "  PostgreSQL's CPU in the surge by process: $(cpu_diff "$out/pg-before.txt" "$out/pg-after.txt")"
echo "  upload stages, mean over all $((${UPLOAD_WARMUP:-10} + (${#warm_surge} > 0 ? 20 : 0) + reps + 20)) (the warm-up's too): $(stage_means cxrlt_upload_stage_seconds)"
echo "  scoring stages: $(stage_means cxrlt_scoring_stage_seconds)"
