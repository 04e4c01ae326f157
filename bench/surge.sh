#!/usr/bin/env bash
# The deadline surge: 200 task-2 uploads sent at once by 50 teams (4 each) to a phase with a daily
# quota of 3, on the packaged jar (embedded PostgreSQL, -Xmx512m), over loopback. Prints the
# 202 / 429 / other counts, p50 / p99 seconds to the answer of the 202s, lost (a 202 whose id
# is not found), duplicated (a team with more submissions stored than 202s it got, or than its
# quota), 5xx, and the seconds from the first upload until every accepted one is SCORED.
# Usage: bench/surge.sh   Needs curl, psql. Port 18070 unless PORT. Bounded: 200 uploads, 300 s.
set -uo pipefail
cd "$(dirname "$0")/.."
out=bench/out/surge
mkdir -p "$out"
port=${PORT:-18070}
base=http://127.0.0.1:$port/api/v1
jar=target/cxrlt-leaderboard.jar
heap=${HEAP:--Xmx512m}
admin=surge-organizer-token-$RANDOM$RANDOM$RANDOM$RANDOM
teams=50
per_team=4
quota=3

[ -f "$jar" ] || ./mvnw -B -q -DskipTests package
[ -f "$out/task2/submission.csv" ] || java -jar "$jar" generate --task task2 --rows 406 --seed 7 --out "$out/task2" > /dev/null

. bench/lib.sh
log=$out/service.log
: > "$log"
start_service "$port" "$(mktemp -d /tmp/cxrlt-surge-XXXX)" "$log"
await_service "$port" 180 "$log"
pgport=$(pg_port "$log")
sql() { psql -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -At -c "$1"; }
now() { date +%s.%N; }

curl -sf -X PUT "$base/admin/challenges/cxr-lt-2024/tasks/task2/phases/development/answer-key" \
  -H "Authorization: Bearer $admin" -F "file=@$out/task2/truth.csv" > /dev/null
curl -sf -X PATCH "$base/admin/challenges/cxr-lt-2024/tasks/task2/phases/development" \
  -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d "{\"maxPerDay\":$quota}" > /dev/null

tokens=()
for i in $(seq 1 $teams); do
  response=$(curl -sf -X POST "$base/registrations" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Surge $i\",\"email\":\"surge$i@example.org\",\"team\":\"Surge team $i\",\"affiliation\":\"surge\"}")
  id=$(sed -E 's/.*"participantId":([0-9]+).*/\1/' <<< "$response")
  curl -sf -X POST "$base/admin/registrations/$id/approve" -H "Authorization: Bearer $admin" > /dev/null
  tokens+=("$(sed -E 's/.*"token":"([^"]+)".*/\1/' <<< "$response")")
done

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), $heap, $(date -u +%FT%TZ)"
echo "== $((teams * per_team)) uploads at once: $teams teams x $per_team, maxPerDay $quota"
rm -f "$out"/answer-*.txt
start=$(now)
pids=()
for t in $(seq 0 $((teams - 1))); do
  for u in $(seq 1 $per_team); do
    ( headers=$(mktemp)
      result=$(curl -s -o /dev/null -D "$headers" -w '%{http_code} %{time_total}' --max-time 120 -X POST \
        "$base/challenges/cxr-lt-2024/tasks/task2/phases/development/submissions" \
        -H "Authorization: Bearer ${tokens[$t]}" -H "Idempotency-Key: surge-$t-$u" \
        -F "file=@$out/task2/submission.csv")
      echo "$t $result $(grep -i '^location:' "$headers" | sed -E 's#.*/submissions/([0-9]+).*#\1#' | tr -d '\r')" \
        > "$out/answer-$t-$u.txt"
      rm -f "$headers" ) &
    pids+=($!)
  done
done
wait "${pids[@]}"
all_answered=$(awk -v a="$start" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}')
cat "$out"/answer-*.txt > "$out/answers.txt"

accepted=$(awk '$2 == 202' "$out/answers.txt" | wc -l)
refused=$(awk '$2 == 429' "$out/answers.txt" | wc -l)
server_errors=$(awk '$2 >= 500 || $2 == 0' "$out/answers.txt" | wc -l)
other=$(awk '$2 != 202 && $2 != 429 && $2 < 500 && $2 != 0' "$out/answers.txt" | wc -l)
pct() { awk '$2 == 202 {print $3}' "$out/answers.txt" | sort -n | awk -v p="$1" '{a[NR]=$1} END {i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print a[i]}'; }
echo "answers: $accepted x 202, $refused x 429, $other other 4xx, $server_errors 5xx or no answer; all answered after $all_answered s"
echo "seconds to 202: p50 $(pct 50), p99 $(pct 99), max $(pct 100)"

ids=$(awk '$2 == 202 {print $4}' "$out/answers.txt" | sort -n | tr '\n' ',' | sed 's/,$//')
found=$(sql "select count(*) from submission where id in ($ids)")
distinct_ids=$(awk '$2 == 202 {print $4}' "$out/answers.txt" | sort -u | wc -l)
stored=$(sql "select count(*) from submission s join phase p on p.id = s.phase_id join task t on t.id = p.task_id where t.slug = 'task2' and p.slug = 'development'")
over_quota=$(sql "select count(*) from (select team_id from submission s join phase p on p.id = s.phase_id join task t on t.id = p.task_id where t.slug = 'task2' and p.slug = 'development' group by team_id having count(*) > $quota) x")
echo "lost: $((accepted - found)) (of $accepted ids answered 202, $found found); stored in all: $stored; duplicated: $((stored - distinct_ids)) (teams over the quota: $over_quota)"

until [ "$(sql "select count(*) from submission where id in ($ids) and status in ('QUEUED','SCORING')")" = 0 ]; do
  [ "$(awk -v a="$start" -v b="$(now)" 'BEGIN {print (b - a > 300)}')" = 1 ] && break
  sleep 0.2
done
echo "all accepted SCORED after $(awk -v a="$start" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}') s: $(sql "select status || ' ' || count(*) from submission where id in ($ids) group by status" | tr '\n' ' ')"
