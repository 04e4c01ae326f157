#!/usr/bin/env bash
# The scoring rows of bench/service.sh alone, for builds compared side by side: the service is
# started on a fresh embedded database (-Xmx512m), then
#  1. 202 to SCORED for one task-1 submission (78,946 rows x 40 labels, 34.8 MB) on an idle
#     service, ROUNDS times (default 5), and their median;
#  2. 20 such submissions uploaded at once: seconds until all are SCORED (bench/lib.sh burst: the
#     latest scoredAt the service recorded for them);
#  3. the workers' stages (cxrlt.scoring.stage), mean per task-1 submission, and the JVM's and
#     PostgreSQL's CPU seconds (user+sys, from /proc) spent over 1 and 2.
# Usage: JAR=a.jar PORT=18210 bash bench/scoring.sh; several builds: JARS="a.jar b.jar" runs each
# in turn, REPEAT times (default 1), alternating. A jar named as a.jar@--some.property=value@... is
# started with those arguments (e.g. another number of workers). Writes under bench/out/scoring/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/scoring
mkdir -p "$out"
port=${PORT:-18080}
base=http://127.0.0.1:$port/api/v1
admin=bench-organizer-token-$(od -An -tx1 -N16 /dev/urandom | tr -d " \n")
jars=${JARS:-${JAR:-target/cxrlt-leaderboard.jar}}
rounds=${ROUNDS:-5}
repeat=${REPEAT:-1}
data=bench/out/service
first=${jars%% *}
first=${first%%@*}
[ -f "$data/task1/submission.csv" ] || java -jar "$first" generate --task task1 --rows 78946 --seed 2024 --out "$data/task1"

. bench/lib.sh
service_bound=900

# CPU seconds (user+sys) of a process and its descendants' (PostgreSQL's backends: the children of the postmaster)

measure() {
  local name=$1 log="$out/service-$(basename "${1%%@*}").log" token tokens pids start id i java_pid pm dir
  local extra=()
  IFS=@ read -r -a extra <<< "$name"
  jar=${extra[0]}
  extra=("${extra[@]:1}")
  : > "$log"
  dir=$(mktemp -d)
  start_service "$port" "$dir" "$log" --cxrlt.security.registrations-per-address=100000 "${extra[@]}"
  await_service "$port" 120 "$log"
  java_pid=$(pgrep -P "$service_pid" java || echo "$service_pid")
  curl -sf -X PUT "$base/admin/challenges/cxr-lt-2024/tasks/task1/phases/development/answer-key" \
    -H "Authorization: Bearer $admin" -F "file=@$data/task1/truth.csv" > /dev/null
  pm=$(head -1 "$dir/postgres/postmaster.pid")
  # one warm-up submission, not counted (of another team: the phase allows 5 a day per team)
  token=$(participant warmup)
  read -r _ id < <(upload "$token" task1 "$data/task1/submission.csv"); wait_scored "$token" "$id"
  token=$(participant solo)
  local c0 p0; c0=$(cpu_seconds "$java_pid"); p0=$(pg_cpu_seconds "$pm")
  : > "$out/single.txt"
  for ((i = 0; i < rounds; i++)); do
    read -r _ id < <(upload "$token" task1 "$data/task1/submission.csv")
    start=$(now); wait_scored "$token" "$id"; since "$start" >> "$out/single.txt"; echo >> "$out/single.txt"
  done
  local single; single=$(grep . "$out/single.txt" | median)
  tokens=(); for i in $(seq 1 20); do tokens+=("$(participant burst$i)"); done
  local c1 p1; c1=$(cpu_seconds "$java_pid"); p1=$(pg_cpu_seconds "$pm")
  local accepted surge
  burst task1 "$data/task1/submission.csv"
  local c2 p2; c2=$(cpu_seconds "$java_pid"); p2=$(pg_cpu_seconds "$pm")
  local stages
  stages=$(stage_means cxrlt_scoring_stage_seconds counts)
  local reads
  reads=$(reads_by_source)
  stop_services
  echo "$(basename "$name") | 202->SCORED median of $rounds: $single s ($(tr '\n' ' ' < "$out/single.txt" | tr -s ' ')) | 20 at once: all SCORED $surge s (all 202 after $accepted s) | CPU s java/postgres: single $(awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.1f", b-a}')/$(awk -v a="$p0" -v b="$p1" 'BEGIN{printf "%.1f", b-a}'), surge $(awk -v a="$c1" -v b="$c2" 'BEGIN{printf "%.1f", b-a}')/$(awk -v a="$p1" -v b="$p2" 'BEGIN{printf "%.1f", b-a}') | stages: ${stages:-none} | reads: ${reads:-not counted}" | tee -a "$out/results.txt"
}

echo "== $(date -u '+%Y-%m-%d %H:%M') $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/results.txt"
for ((r = 0; r < repeat; r++)); do
  for jar in $jars; do measure "$jar"; done
done
