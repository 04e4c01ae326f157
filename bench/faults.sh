#!/usr/bin/env bash
# Faults on the packaged jar (embedded PostgreSQL, -Xmx512m), over loopback, each bounded in count
# and time; prints lost / stuck / recovered counts and times for each:
#  A. kill -9 of the embedded PostgreSQL right after N task-2 uploads answered 202 (3 rounds);
#  B. kill -9 of the JVM while it scores task-1 submissions, then a start on the same data;
#  C. the database paused (SIGSTOP) for 20 s: how fast calls answer, and with what; then SIGCONT;
#  D. long-line files: a 900 MB line (about 4 MB gzipped) as the header and as a row, uploaded
#     twice each and sent to /validate, then an ordinary upload;
#  E. a 190 MB CSV (under the 200 MB limit): scored at -Xmx512m?
#  F. two instances on one database, one killed with kill -9 while it holds claims;
#  G. SIGTERM while 6 task-1 uploads are in progress: each answered 202 or refused, none half
#     stored, the workers' claims finished or given back; then a start on the same data.
# "lost": a 202's submission id answers 404 afterwards. "stuck": still QUEUED or SCORING when the
# scenario's bound (120 s after recovery) runs out.
# Usage: bench/faults.sh [A B C D E F G]   Needs curl, gzip, psql. Ports 18070 and 18071 unless PORT/PORT2.
# Only processes this script started are signalled (by pid).
set -uo pipefail
cd "$(dirname "$0")/.."
out=bench/out/faults
mkdir -p "$out"
port=${PORT:-18070}
port2=${PORT2:-18071}
jar=target/cxrlt-leaderboard.jar
heap=${HEAP:--Xmx512m}
admin=faults-organizer-token-$RANDOM$RANDOM$RANDOM$RANDOM
scenarios=${*:-A B C D E F G}

[ -f "$jar" ] || ./mvnw -B -q -DskipTests package
[ -f "$out/task1/submission.csv" ] || java -jar "$jar" generate --task task1 --rows 78946 --seed 2024 --out "$out/task1" > /dev/null
[ -f "$out/task2/submission.csv" ] || java -jar "$jar" generate --task task2 --rows 406 --seed 7 --out "$out/task2" > /dev/null

# starts, waits for and stops the services (start_service, wait_ready, gone, pg_port, stop_services)
. bench/lib.sh

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }
api() { echo "http://127.0.0.1:$1/api/v1"; }
participant() { # PORT NAME -> token
  local response id
  response=$(curl -sf -X POST "$(api "$1")/registrations" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Fault $2\",\"email\":\"$2@example.org\",\"team\":\"Fault team $2\",\"affiliation\":\"faults\"}")
  id=$(sed -E 's/.*"participantId":([0-9]+).*/\1/' <<< "$response")
  curl -sf -X POST "$(api "$1")/admin/registrations/$id/approve" -H "Authorization: Bearer $admin" > /dev/null
  sed -E 's/.*"token":"([^"]+)".*/\1/' <<< "$response"
}
answer_keys() { # PORT
  for task in task1 task2; do
    curl -sf -X PUT "$(api "$1")/admin/challenges/cxr-lt-2024/tasks/$task/phases/development/answer-key" \
      -H "Authorization: Bearer $admin" -F "file=@$out/$task/truth.csv" > /dev/null
  done
}
upload() { # PORT TOKEN TASK FILE -> "httpcode id"
  local headers code
  headers=$(mktemp)
  code=$(curl -s -o /dev/null -D "$headers" -w '%{http_code}' --max-time 120 -X POST \
    "$(api "$1")/challenges/cxr-lt-2024/tasks/$3/phases/development/submissions" \
    -H "Authorization: Bearer $2" -H "Idempotency-Key: $RANDOM$RANDOM$RANDOM" -F "file=@$4")
  echo "$code $(grep -i '^location:' "$headers" | sed -E 's#.*/submissions/([0-9]+).*#\1#' | tr -d '\r')"
  rm -f "$headers"
}
status_of() { # PORT ID -> status, or the HTTP code when there is none
  local body
  body=$(curl -s -w '\n%{http_code}' --max-time 10 "$(api "$1")/submissions/$2" -H "Authorization: Bearer $admin")
  if [ "$(tail -1 <<< "$body")" = 200 ]; then head -1 <<< "$body" | sed -E 's/.*"status":"([A-Z]+)".*/\1/'; else tail -1 <<< "$body"; fi
}
# settle PORT SECONDS IDS...: waits until no id is QUEUED or SCORING; prints "lost stuck seconds"
settle() {
  local p=$1 bound=$2; shift 2
  local t0 lost stuck s
  t0=$(now)
  while :; do
    lost=0; stuck=0
    for id in "$@"; do
      s=$(status_of "$p" "$id")
      case $s in 404) lost=$((lost + 1));; QUEUED|SCORING|5*|000) stuck=$((stuck + 1));; esac
    done
    if [ $stuck -eq 0 ] || [ "$(awk -v a="$t0" -v b="$(now)" -v c="$bound" 'BEGIN {print (b - a > c)}')" = 1 ]; then
      echo "$lost $stuck $(since "$t0")"; return
    fi
    sleep 1
  done
}
postmaster() { head -1 "$1/postgres/postmaster.pid"; }
pgport() { pg_port "$log"; }
sql() { psql -h 127.0.0.1 -p "$(pgport)" -U postgres -d postgres -At -c "$1"; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), $heap, $(date -u +%FT%TZ)"

data=$(mktemp -d /tmp/cxrlt-faults-XXXX)
log=$out/service-a.log; : > "$log"
start_service $port "$data" "$log"; pid=$service_pid
echo "first start (initdb): ready after $(wait_ready $port 300) s"
answer_keys $port

if [[ $scenarios == *A* ]]; then
  echo "== A. kill -9 of the embedded PostgreSQL after 30 x 202 (task 2), 3 rounds"
  grep -m1 'Embedded PostgreSQL on port' "$log" | sed -E 's/.*(Embedded PostgreSQL on port.*)/   \1/'
  total_lost=0; total_stuck=0
  for round in 1 2 3; do
    ids=()
    for i in $(seq 1 30); do
      token=$(participant $port "a$round-$i")
      read -r code id < <(upload $port "$token" task2 "$out/task2/submission.csv")
      [ "$code" = 202 ] && ids+=("$id")
    done
    old=$(postmaster "$data")
    kill -9 "$old"
    t0=$(now)
    sleep 1
    back=$(wait_ready $port 120)
    read -r lost stuck settled < <(settle $port 120 "${ids[@]}")
    total_lost=$((total_lost + lost)); total_stuck=$((total_stuck + stuck))
    echo "round $round: ${#ids[@]} x 202, postmaster $old killed; database back (readiness UP) after $(awk -v a="$back" 'BEGIN{print a + 1}') s (new pid $(postmaster "$data")); lost $lost, stuck $stuck; all scored $settled s later"
  done
  echo "A total: lost $total_lost of 90, stuck $total_stuck"
fi

if [[ $scenarios == *B* ]]; then
  echo "== B. kill -9 of the JVM while it scores: 6 task-1 uploads at once, killed once one is SCORING"
  rm -f "$out"/b-*.txt
  bpids=()
  for i in $(seq 1 6); do
    token=$(participant $port "b-$i")
    ( upload $port "$token" task1 "$out/task1/submission.csv" > "$out/b-$i.txt" ) &
    bpids+=($!)
  done
  for _ in $(seq 1 1200); do
    done_202=$(cat "$out"/b-*.txt 2>/dev/null | grep -c '^202')
    [ "$(sql "select count(*) from submission where status = 'SCORING'")" -gt 0 ] && [ "$done_202" -ge 3 ] && break
    sleep 0.05
  done
  states=$(sql "select string_agg(status || ' ' || n, ', ') from (select status, count(*) n from submission where file_name = 'submission.csv' and status in ('QUEUED', 'SCORING') group by status) x")
  stale=$(postmaster "$data")
  kill -9 "$pid"; gone "$pid" 10
  wait "${bpids[@]}"
  ids=($(awk '$1 == 202 {print $2}' "$out"/b-*.txt))
  echo "JVM killed with ${#ids[@]} x 202 answered (others cut off: $(awk '$1 != 202' "$out"/b-*.txt | wc -l)), queue at the kill: $states; its PostgreSQL (pid $stale) alive: $(kill -0 "$stale" 2>/dev/null && echo yes || echo no)"
  start_service $port "$data" "$log"; pid=$service_pid
  echo "restart: ready after $(wait_ready $port 300) s; stale postmaster stopped: $(kill -0 "$stale" 2>/dev/null && echo no || echo yes)"
  read -r lost stuck settled < <(settle $port 120 "${ids[@]}")
  echo "B: lost $lost of ${#ids[@]}, stuck $stuck; all scored $settled s after the restart was ready"
fi

if [[ $scenarios == *C* ]]; then
  echo "== C. the database paused (SIGSTOP of the postmaster and its backends) for 20 s"
  token=$(participant $port c-1)
  read -r code known < <(upload $port "$token" task2 "$out/task2/submission.csv")
  pm=$(postmaster "$data")
  paused=("$pm" $(ps -o pid= --ppid "$pm"))
  kill -STOP "${paused[@]}"
  t0=$(now)
  answer=$(curl -s -o "$out/paused-answer.json" -D - --max-time 60 -w '%{http_code} %{time_total}' \
    "$(api $port)/submissions/$known" -H "Authorization: Bearer $token" | tr -d '\r')
  code_time=$(tail -1 <<< "$answer")
  retry=$(grep -i '^retry-after' <<< "$answer" | cut -d' ' -f2)
  ready_code=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 60 "http://127.0.0.1:$port/actuator/health/readiness")
  live_code=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 60 "http://127.0.0.1:$port/actuator/health/liveness")
  up_code=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 60 \
    -X POST "$(api $port)/challenges/cxr-lt-2024/tasks/task2/phases/development/submissions" \
    -H "Authorization: Bearer $token" -F "file=@$out/task2/submission.csv")
  echo "while paused: GET a submission -> $code_time s, Retry-After: $retry, $(cat "$out/paused-answer.json")"
  echo "while paused: readiness -> $ready_code s; liveness -> $live_code s; an upload -> $up_code s"
  left=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {s = 20 - (b - a); print (s > 0 ? s : 0)}')
  sleep "$left"
  kill -CONT "${paused[@]}"
  echo "SIGCONT after $(since "$t0") s: readiness UP after $(wait_ready $port 60) s"
  read -r code id < <(upload $port "$token" task2 "$out/task2/submission.csv")
  read -r lost stuck settled < <(settle $port 60 "$known" "$id")
  echo "C: an upload after recovery -> $code; it and the one before the pause scored after $settled s (lost $lost, stuck $stuck); submissions stored during the pause: $(sql "select count(*) from submission s join participant p on p.id = s.participant_id where p.email = 'c-1@example.org'") (2 expected)"
fi

if [[ $scenarios == *D* ]]; then
  echo "== D. a 900 MB line (gzipped) as the header and as a row"
  header=$out/long-header.csv.gz; row=$out/long-row.csv.gz
  [ -f "$header" ] || head -c 900000000 /dev/zero | tr '\0' 'x' | gzip -1 > "$header"
  [ -f "$row" ] || { head -1 "$out/task2/submission.csv"; head -c 900000000 /dev/zero | tr '\0' '7'; } | gzip -1 > "$row"
  ls -l "$header" "$row" | awk '{print "   " $5 " bytes " $9}'
  token=$(participant $port d-1)
  for f in "$header" "$header"; do
    read -r code _ < <(upload $port "$token" task2 "$f"); echo "header line upload -> $code"
  done
  v=$(curl -s -w ' %{http_code}' --max-time 120 -X POST "$(api $port)/challenges/cxr-lt-2024/tasks/task2/phases/development/validate" \
    -H "Authorization: Bearer $token" -F "file=@$header")
  echo "header line /validate -> ${v: -3}"
  ids=()
  for i in 1 2; do
    t=$(participant $port "d-row-$i")
    read -r code id < <(upload $port "$t" task2 "$row"); echo "row line upload -> $code"; [ "$code" = 202 ] && ids+=("$id")
  done
  v=$(curl -s -w ' %{http_code}' --max-time 300 -X POST "$(api $port)/challenges/cxr-lt-2024/tasks/task2/phases/development/validate" \
    -H "Authorization: Bearer $token" -F "file=@$row")
  echo "row line /validate -> ${v: -3} ${v:0:300}"
  read -r lost stuck settled < <(settle $port 300 "${ids[@]}")
  for id in "${ids[@]}"; do
    echo "   submission $id: $(curl -s "$(api $port)/submissions/$id" -H "Authorization: Bearer $admin" | sed -E 's/.*"status":"([A-Z]+)".*"errors":(\[[^]]*\]).*/\1 \2/')"
  done
  t=$(participant $port d-ordinary)
  read -r code id < <(upload $port "$t" task2 "$out/task2/submission.csv")
  read -r lost2 stuck2 settled2 < <(settle $port 60 "$id")
  echo "D: long-row submissions lost $lost, stuck $stuck (settled in $settled s); an ordinary upload after them -> $code, $(status_of $port "$id") after $settled2 s; workers alive: $(curl -s "http://127.0.0.1:$port/actuator/prometheus" | grep '^cxrlt_scoring_workers_alive' | cut -d' ' -f2)"
fi

if [[ $scenarios == *E* ]]; then
  echo "== E. a 190 MB CSV (the key's 78,946 task-1 rows, then rows of other ids), at $heap"
  big=$out/big-190mb.csv
  if [ ! -f "$big" ]; then
    [ -f "$out/task1-extra/submission.csv" ] || java -jar "$jar" generate --task task1 --rows 400000 --seed 77 --out "$out/task1-extra" > /dev/null
    { cat "$out/task1/submission.csv"; tail -n +2 "$out/task1-extra/submission.csv"; } | head -c 190000000 | sed '$d' > "$big"
  fi
  ls -l "$big" | awk '{print "   " $5 " bytes"}'
  token=$(participant $port e-1)
  t0=$(now)
  read -r code id < <(upload $port "$token" task1 "$big")
  accepted=$(since "$t0")
  read -r lost stuck settled < <(settle $port 300 "$id")
  echo "E: upload -> $code after $accepted s; $(status_of $port "$id") $settled s later (lost $lost, stuck $stuck); $(curl -s "$(api $port)/submissions/$id" -H "Authorization: Bearer $admin" | grep -o '"errors":\[[^]]*\]' | head -c 300)"
fi

if [[ $scenarios == *F* ]]; then
  echo "== F. two instances on one database; the second killed (kill -9) while it holds claims"
  pgport=$(pgport)
  log2=$out/service-b.log; : > "$log2"
  SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$pgport/postgres" SPRING_DATASOURCE_USERNAME=postgres \
    start_service $port2 - "$log2" --cxrlt.scoring.workers=2
  pid2=$service_pid
  echo "instance 2 (same database, 2 workers) ready after $(wait_ready $port2 300) s"
  instance2=$(grep -m1 'scoring workers (instance' "$log2" | sed -E 's/.*\(instance ([0-9a-f]+),.*/\1/')
  rm -f "$out"/f-*.txt
  fpids=()
  for i in $(seq 1 10); do
    token=$(participant $port "f-$i")
    ( upload $port "$token" task1 "$out/task1/submission.csv" > "$out/f-$i.txt" ) &
    fpids+=($!)
  done
  held=""
  for _ in $(seq 1 2400); do
    held=$(sql "select string_agg(id::text, ' ') from submission where status = 'SCORING' and leased_by like '$instance2/%'")
    [ -n "$held" ] && break
    sleep 0.05
  done
  kill -9 "$pid2"; gone "$pid2" 10
  t0=$(now)
  wait "${fpids[@]}"
  ids=($(awk '$1 == 202 {print $2}' "$out"/f-*.txt))
  echo "instance 2 ($instance2) killed holding submission(s) $held"
  if [ -n "$held" ]; then
    read -r lost stuck settled < <(settle $port 120 $held)
    echo "   its claims: SCORED again $(since "$t0") s after the kill (lease 30 s); attempts now: $(sql "select string_agg(attempts::text, ' ') from submission where id in (${held// /,})")"
  fi
  read -r lost stuck settled < <(settle $port 120 "${ids[@]}")
  echo "F: lost $lost of ${#ids[@]}, stuck $stuck; all scored $(since "$t0") s after the kill"
fi

if [[ $scenarios == *G* ]]; then
  echo "== G. SIGTERM while 6 task-1 uploads are in progress"
  pgport=$(pgport)
  rm -f "$out"/g-*.txt
  gpids=()
  for i in $(seq 1 6); do
    token=$(participant $port "g-$i")
    ( upload $port "$token" task1 "$out/task1/submission.csv" > "$out/g-$i.txt" ) &
    gpids+=($!)
  done
  sleep 1.5
  t0=$(now)
  kill -TERM "$pid"
  gone "$pid" 120 && echo "stopped $(since "$t0") s after SIGTERM" || echo "still running 120 s after SIGTERM"
  wait "${gpids[@]}"
  answers=$(cat "$out"/g-*.txt | awk '{print $1}' | sort | uniq -c | tr '\n' ' ')
  ids=($(awk '$1 == 202 {print $2}' "$out"/g-*.txt))
  echo "answers to the uploads in progress (count code): $answers"
  start_service $port "$data" "$log" --cxrlt.embedded-database.port="$pgport"; pid=$service_pid
  echo "start after SIGTERM: ready after $(wait_ready $port 300) s"
  half=$(sql "select count(*) from submission s where not exists (select 1 from submission_file f where f.submission_id = s.id) and s.file_name is not null")
  if [ ${#ids[@]} -gt 0 ]; then
    read -r lost stuck settled < <(settle $port 120 "${ids[@]}")
  else
    lost=0; stuck=0; settled=0
  fi
  echo "G: ${#ids[@]} x 202: lost $lost, stuck $stuck (scored $settled s after the start); submissions stored without their file: $half"
fi
