#!/usr/bin/env bash
# Benchmarks the leaderboard service on this machine, embedded PostgreSQL, over loopback:
#  1. a task-1-sized upload (78,946 rows x 40 labels) answered 202: median of 5;
#  2. 202 to SCORED for one such submission on an idle service: median of 5;
#  3. 20 such submissions uploaded at once, the service at -Xmx512m: time until all are SCORED;
#  4. the leaderboard of a phase with 200 teams under wrk (16 connections, 20 s).
# Usage: bench/service.sh        Needs curl and wrk (Debian packages). Writes under bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/service
mkdir -p "$out"
port=${PORT:-18080}
base=http://127.0.0.1:$port/api/v1
admin=bench-organizer-token-$(od -An -tx1 -N16 /dev/urandom | tr -d " \n")
jar=target/cxrlt-leaderboard.jar

[ -f "$jar" ] || ./mvnw -B -q -DskipTests package
[ -f "$out/task1/submission.csv" ] || java -jar "$jar" generate --task task1 --rows 78946 --seed 2024 --out "$out/task1"
[ -f "$out/task2/submission.csv" ] || java -jar "$jar" generate --task task2 --rows 406 --seed 7 --out "$out/task2"
ls -l "$out/task1"

data=$(mktemp -d)
# Every bench participant registers from this one address: lift the per-address limit.
CXRLT_ADMIN_TOKEN=$admin java -Xmx512m -jar "$jar" --server.port="$port" --cxrlt.data-dir="$data" \
  --cxrlt.demo.enabled=false --cxrlt.security.registrations-per-address=100000 > "$out/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null || { echo "service did not start"; tail -50 "$out/service.log"; exit 1; }

# register and approve one participant of a new team; prints its token
participant() {
  local response id token
  response=$(curl -sf -X POST "$base/registrations" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Bench $1\",\"email\":\"bench$1@example.org\",\"team\":\"Bench team $1\",\"affiliation\":\"bench\"}")
  id=$(sed -E 's/.*"participantId":([0-9]+).*/\1/' <<< "$response")
  token=$(sed -E 's/.*"token":"([^"]+)".*/\1/' <<< "$response")
  curl -sf -X POST "$base/admin/registrations/$id/approve" -H "Authorization: Bearer $admin" > /dev/null
  echo "$token"
}
# upload a file; prints "seconds submissionId"
upload() {
  local token=$1 task=$2 file=$3 headers
  headers=$(mktemp)
  local seconds
  seconds=$(curl -s -o /dev/null -D "$headers" -w '%{time_total}' -X POST \
    "$base/challenges/cxr-lt-2024/tasks/$task/phases/development/submissions" \
    -H "Authorization: Bearer $token" -F "file=@$file")
  echo "$seconds $(grep -i '^location:' "$headers" | sed -E 's#.*/submissions/([0-9]+).*#\1#' | tr -d '\r')"
  rm -f "$headers"
}
status() {
  curl -sf "$base/submissions/$2" -H "Authorization: Bearer $1" | sed -E 's/.*"status":"([A-Z]+)".*/\1/'
}
wait_scored() {
  until [ "$(status "$1" "$2")" = SCORED ]; do sleep 0.02; done
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for task in task1 task2; do
  curl -sf -X PUT "$base/admin/challenges/cxr-lt-2024/tasks/$task/phases/development/answer-key" \
    -H "Authorization: Bearer $admin" -F "file=@$out/$task/truth.csv" > /dev/null
done

echo "== machine"
nproc; grep -m1 'model name' /proc/cpuinfo || true; java -version 2>&1 | head -1

echo "== 1 and 2. one task-1 upload at a time (5 times): seconds to 202, seconds from 202 to SCORED"
token=$(participant solo)
: > "$out/single.txt"
for _ in 1 2 3 4 5; do
  read -r seconds id < <(upload "$token" task1 "$out/task1/submission.csv")
  start=$(now); wait_scored "$token" "$id"; scored=$(since "$start")
  echo "$seconds $scored" | tee -a "$out/single.txt"
done
echo "median upload-to-202: $(cut -d' ' -f1 "$out/single.txt" | median) s; median 202-to-SCORED: $(cut -d' ' -f2 "$out/single.txt" | median) s"

echo "== 3. 20 task-1 uploads at once, service at -Xmx512m"
tokens=()
for i in $(seq 1 20); do tokens+=("$(participant burst$i)"); done
start=$(now)
pids=()
for i in $(seq 0 19); do
  upload "${tokens[$i]}" task1 "$out/task1/submission.csv" > "$out/burst-$i.txt" &
  pids+=($!)
done
wait "${pids[@]}"
accepted=$(since "$start")
for i in $(seq 0 19); do
  read -r _ id < "$out/burst-$i.txt"
  wait_scored "${tokens[$i]}" "$id"
done
echo "all 20 accepted after $accepted s; all SCORED after $(since "$start") s"

echo "== 4. leaderboard of 200 teams (task 2), wrk 16 connections, 20 s"
for i in $(seq 1 200); do
  t=$(participant board$i)
  upload "$t" task2 "$out/task2/submission.csv" > /dev/null
done
until curl -sf "$base/challenges/cxr-lt-2024/tasks/task2/phases/development/leaderboard" | grep -o '"rank"' | wc -l | grep -qx 200; do
  sleep 0.5
done
wrk -t2 -c16 -d20s --latency "$base/challenges/cxr-lt-2024/tasks/task2/phases/development/leaderboard" \
  | tee "$out/wrk.txt"
