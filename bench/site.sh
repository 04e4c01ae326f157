#!/usr/bin/env bash
# Benchmarks the website's leaderboard page with 200 ranked teams, server-side, over loopback:
# the HTML page (table, sort links and the per-label AP heat map of 200 teams x 40 labels) next to
# the JSON leaderboard it is built from, measured in the same run as the reference.
#  - a fresh embedded database, demo off; task 1's development phase with a synthetic answer key
#    of 1,000 rows (all 40 labels); 200 teams, each with one scored submission (10 skills);
#  - then 50 warm-up and 300 measured sequential requests of each, with curl (time to the last byte).
# Usage: bench/site.sh            Needs curl. Writes under bench/out/site/. Stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/site
mkdir -p "$out"
port=${PORT:-18120}
base=http://127.0.0.1:$port/api/v1
admin=bench-organizer-token-$(od -An -tx1 -N16 /dev/urandom | tr -d " \n")
jar=target/cxrlt-leaderboard.jar
teams=${TEAMS:-200}

[ -f "$jar" ] || ./mvnw -B -q -DskipTests package
for skill in 0 1 2 3 4 5 6 7 8 9; do
  [ -f "$out/s$skill/submission.csv" ] || java -jar "$jar" generate --task task1 --rows 1000 --seed 12 \
    --skill "0.$skill" --out "$out/s$skill" > /dev/null
done

. bench/lib.sh
: > "$out/service.log"
start_service "$port" "$(mktemp -d)" "$out/service.log" --cxrlt.security.registrations-per-address=100000
await_service "$port" 120 "$out/service.log"

curl -sf -X PUT "$base/admin/challenges/cxr-lt-2024/tasks/task1/phases/development/answer-key" \
  -H "Authorization: Bearer $admin" -F "file=@$out/s0/truth.csv" > /dev/null

echo "== $teams teams upload"
for i in $(seq 1 "$teams"); do
  response=$(curl -sf -X POST "$base/registrations" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Bench $i\",\"email\":\"bench$i@example.org\",\"team\":\"Bench team $i\",\"affiliation\":\"bench\"}")
  id=$(sed -E 's/.*"participantId":([0-9]+).*/\1/' <<< "$response")
  token=$(sed -E 's/.*"token":"([^"]+)".*/\1/' <<< "$response")
  curl -sf -X POST "$base/admin/registrations/$id/approve" -H "Authorization: Bearer $admin" > /dev/null
  curl -sf -o /dev/null -X POST "$base/challenges/cxr-lt-2024/tasks/task1/phases/development/submissions" \
    -H "Authorization: Bearer $token" -F "file=@$out/s$((i % 10))/submission.csv"
done
board="$base/challenges/cxr-lt-2024/tasks/task1/phases/development/leaderboard"
for _ in $(seq 1 600); do
  n=$(curl -sf "$board" | grep -o '"rank":[0-9]' | wc -l)
  [ "$n" -ge "$teams" ] && break
  sleep 0.5
done
echo "ranked entries: $n"
[ "$n" -ge "$teams" ] || { echo "not all scored"; exit 1; }

page="http://127.0.0.1:$port/challenges/cxr-lt-2024/tasks/task1/phases/development"
curl -sf "$page" -o "$out/page.html"
echo "page: $(wc -c < "$out/page.html") bytes, heat map cells: $(grep -o 'class="cell"' "$out/page.html" | wc -l)"

echo "== machine"
nproc; grep -m1 'model name' /proc/cpuinfo || true; java -version 2>&1 | head -1; date -u

measure() {  # url name: 50 warm-up, 300 measured; prints median, p95, max in ms
  for _ in $(seq 1 50); do curl -sf -o /dev/null "$1"; done
  : > "$out/$2.txt"
  for _ in $(seq 1 300); do curl -sf -o /dev/null -w '%{time_total}\n' "$1" >> "$out/$2.txt"; done
  sort -n "$out/$2.txt" | awk -v name="$2" '{a[NR]=$1*1000} END {printf "%-28s median %6.2f ms  p95 %6.2f ms  max %6.2f ms\n", name, a[int(NR/2)+1], a[int(NR*0.95)], a[NR]}'
}
echo "== $teams teams, sequential requests"
measure "$board" "json-leaderboard"
measure "$page" "leaderboard-page"
measure "$page?sort=mECE" "leaderboard-page-sorted"
