#!/usr/bin/env bash
# Benchmarks the running service on this machine, embedded database, -Xmx512m:
#  1. one task-1-sized upload (78,946 rows x 40 labels, about 32 MB): time to the 202;
#  2. the same submission from 202 to SCORED on an idle service;
#  3. 20 task-1 submissions of 20 teams uploaded at once: time until all are SCORED;
#  4. a leaderboard of 200 teams under wrk (16 connections, 15 s): requests/s and p99.
# Usage: bench/service.sh      Needs curl, python3 and wrk (Debian packages). Sends traffic to
# 127.0.0.1 only, and stops the service it started.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/service
port=18090
admin=bench-organizer-token
api=http://127.0.0.1:$port/api/v1
jar=target/cxrlt-leaderboard.jar

[ -f "$jar" ] || ./mvnw -B -q -DskipTests package
rm -rf "$out/data" && mkdir -p "$out"
[ -f "$out/task1/submission.csv" ] || java -jar "$jar" generate --task task1 --rows 78946 --seed 2024 --out "$out/task1"
for skill in 1 3 5 7 9; do
  [ -f "$out/task2-$skill/submission.csv" ] || java -jar "$jar" generate --task task2 --rows 406 --seed 7 \
    --skill "0.$skill" --out "$out/task2-$skill" > /dev/null
done
ls -l "$out/task1"

CXRLT_DATA_DIR="$out/data" CXRLT_ADMIN_TOKEN=$admin java -Xmx512m -jar "$jar" --server.port=$port \
  --cxrlt.demo.enabled=false > "$out/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -fs "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null 2>&1 && break
  sleep 1
done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f} s')"; }

# Prints the token of a new, approved participant of team $1.
participant() {
  local reply id
  reply=$(curl -fs -X POST "$api/registrations" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Bench $1\",\"email\":\"bench-$1@example.org\",\"team\":\"Bench team $1\"}")
  id=$(echo "$reply" | json '["participantId"]')
  curl -fs -X POST "$api/admin/registrations/$id/approve" -H "Authorization: Bearer $admin" > /dev/null
  echo "$reply" | json '["token"]'
}
submit() { # token task file -> submission id
  curl -fs -X POST "$api/challenges/cxr-lt-2024/tasks/$2/phases/development/submissions" \
    -H "Authorization: Bearer $1" -F "file=@$3" | json '["id"]'
}
await_scored() { # token id
  local state
  while true; do
    state=$(curl -fs "$api/submissions/$2" -H "Authorization: Bearer $1" | json '["status"]')
    case $state in SCORED) return 0 ;; FAILED|CANCELLED) echo "submission $2 $state" >&2; return 1 ;; esac
    sleep 0.02
  done
}

curl -fs -X PUT "$api/admin/challenges/cxr-lt-2024/tasks/task1/phases/development/answer-key" \
  -H "Authorization: Bearer $admin" -F "file=@$out/task1/truth.csv" > /dev/null
curl -fs -X PUT "$api/admin/challenges/cxr-lt-2024/tasks/task2/phases/development/answer-key" \
  -H "Authorization: Bearer $admin" -F "file=@$out/task2-1/truth.csv" > /dev/null

echo "== 1. one task-1 upload, time to the 202 (3 runs)"
token=$(participant solo)
for run in 1 2 3; do
  start=$(now)
  id=$(submit "$token" task1 "$out/task1/submission.csv")
  accepted=$(now)
  echo "run $run: 202 after $(elapsed "$start" "$accepted")"
  await_scored "$token" "$id"
  echo "run $run: 202 to SCORED $(elapsed "$accepted" "$(now)")"
done

echo "== 3. 20 task-1 submissions of 20 teams at once"
tokens=()
for team in $(seq 1 20); do tokens+=("$(participant "burst-$team")"); done
start=$(now)
for team in $(seq 0 19); do
  submit "${tokens[$team]}" task1 "$out/task1/submission.csv" > "$out/burst-$team.id" &
done
wait $(jobs -p | grep -v "^$service$") 2>/dev/null || true
echo "all 20 accepted after $(elapsed "$start" "$(now)")"
for team in $(seq 0 19); do await_scored "${tokens[$team]}" "$(cat "$out/burst-$team.id")"; done
echo "all 20 SCORED after $(elapsed "$start" "$(now)")"

echo "== 4. leaderboard of 200 teams"
for team in $(seq 1 200); do
  t=$(participant "board-$team")
  submit "$t" task2 "$out/task2-$(( (team % 5) * 2 + 1 ))/submission.csv" > "$out/board-last.id"
  last_token=$t
done
await_scored "$last_token" "$(cat "$out/board-last.id")"
sleep 2
board="$api/challenges/cxr-lt-2024/tasks/task2/phases/development/leaderboard"
echo "entries: $(curl -fs "$board" | json '["entries"].__len__()')"
wrk -t2 -c16 -d15s --latency "$board"
etag=$(curl -fs -D - -o /dev/null "$board" | tr -d '\r' | awk 'tolower($1)=="etag:"{print $2}')
echo "-- the same with If-None-Match (304s)"
wrk -t2 -c16 -d15s --latency -H "If-None-Match: $etag" "$board"
