# Sourced by the bench scripts that start the service: the packaged jar on this machine, over
# loopback. Starting it, waiting until it is ready, and stopping at exit every instance started
# here (by pid, never by name) and removing its data directory.
# The sourcing script sets: jar (the jar to run), admin (the organizer token it is started with);
# heap (the JVM's heap option, -Xmx512m unless set) and service_bound (seconds after which
# `timeout` stops the service whatever happens; none unless set) are optional.
# Sourcing it sets an EXIT trap (stop_services); a script that needs its own calls stop_services in it.

bench_services=()
bench_datas=()

# start_service PORT DATA LOG [ARG...]: starts the jar in the background, with demo data off and
# ARGs after the service's own; its output appended to LOG. DATA is the data directory (its
# embedded PostgreSQL), removed at exit; "-" for none, when the environment names a database
# (SPRING_DATASOURCE_URL=... start_service ...). Sets service_pid.
start_service() {
  local port=$1 data=$2 log=$3 d
  shift 3
  local args=(--server.port="$port" --cxrlt.demo.enabled=false)
  if [ "$data" != - ]; then
    args+=(--cxrlt.data-dir="$data")
    for d in "${bench_datas[@]}"; do [ "$d" = "$data" ] && data=-; done
    [ "$data" = - ] || bench_datas+=("$data")
  fi
  local bound=()
  [ -z "${service_bound:-}" ] || bound=(timeout "$service_bound")
  # shellcheck disable=SC2086 # heap may hold several options
  CXRLT_ADMIN_TOKEN=$admin "${bound[@]}" java ${heap:--Xmx512m} -jar "$jar" "${args[@]}" "$@" >> "$log" 2>&1 &
  service_pid=$!
  bench_services+=("$service_pid")
}

# wait_ready PORT SECONDS: waits until the readiness probe answers UP; prints the seconds it took,
# or "never" (and returns 1) when SECONDS pass first.
wait_ready() {
  local t0 i
  t0=$(date +%s.%N)
  for ((i = 0; i < $2 * 4; i++)); do
    if curl -sf "http://127.0.0.1:$1/actuator/health/readiness" > /dev/null; then
      awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f\n", b - a}'
      return 0
    fi
    sleep 0.25
  done
  echo never
  return 1
}

# await_service PORT SECONDS LOG: as wait_ready, but ends the script (exit 1, with the end of LOG)
# when the service is not ready within SECONDS.
await_service() {
  wait_ready "$1" "$2" > /dev/null && return 0
  echo "service did not start within $2 s"
  tail -50 "$3"
  exit 1
}

# gone PID SECONDS: waits until the process has ended (also one that is not this shell's child).
gone() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  return 1
}

# pg_port LOG: the port of the embedded PostgreSQL of the latest start logged in LOG.
pg_port() { grep 'Embedded PostgreSQL on port' "$1" | tail -1 | sed -E 's/.*on port ([0-9]+).*/\1/'; }

# stop_services: SIGTERM to every service started here, up to 60 s each to stop; then, for each
# data directory, a PostgreSQL of ours still running (its JVM was killed) is stopped, and the
# directory removed.
stop_services() {
  local p d pm
  for p in "${bench_services[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${bench_services[@]}"; do gone "$p" 60 || true; done
  for d in "${bench_datas[@]}"; do
    pm=$(head -1 "$d/postgres/postmaster.pid" 2>/dev/null || true)
    if [ -n "$pm" ] && [ "$(ps -o comm= -p "$pm" 2>/dev/null)" = postgres ]; then
      kill "$pm" 2>/dev/null && sleep 2
    fi
    rm -rf "$d"
  done
  bench_services=()
  bench_datas=()
}
trap stop_services EXIT

# The helpers of the scripts that upload and wait for scores; they use $base (the API's base URL),
# $admin (the organizer token) and $port.

# participant NAME: registers and approves one participant of a new team; prints its token
participant() {
  local response id token
  response=$(curl -sf -X POST "$base/registrations" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Bench $1\",\"email\":\"bench$1@example.org\",\"team\":\"Bench team $1\",\"affiliation\":\"bench\"}")
  id=$(sed -E 's/.*"participantId":([0-9]+).*/\1/' <<< "$response")
  token=$(sed -E 's/.*"token":"([^"]+)".*/\1/' <<< "$response")
  curl -sf -X POST "$base/admin/registrations/$id/approve" -H "Authorization: Bearer $admin" > /dev/null
  echo "$token"
}
# upload TOKEN TASK FILE: uploads to TASK's development phase; prints "seconds submissionId", or
# the refusal on stderr (and returns 1)
upload() {
  local headers seconds
  headers=$(mktemp)
  seconds=$(curl -s -o "$headers.body" -D "$headers" -w '%{time_total}' -X POST \
    "$base/challenges/cxr-lt-2024/tasks/$2/phases/development/submissions" \
    -H "Authorization: Bearer $1" -F "file=@$3")
  if ! grep -qi '^location:' "$headers"; then
    echo "upload refused: $(cat "$headers.body")" >&2
    rm -f "$headers" "$headers.body"
    return 1
  fi
  echo "$seconds $(grep -i '^location:' "$headers" | sed -E 's#.*/submissions/([0-9]+).*#\1#' | tr -d '\r')"
  rm -f "$headers" "$headers.body"
}
# status TOKEN ID: the submission's status
status() { curl -sf "$base/submissions/$2" -H "Authorization: Bearer $1" | sed -E 's/.*"status":"([A-Z]+)".*/\1/'; }
# wait_scored TOKEN ID: until the submission is SCORED; ends the script after 120 s
wait_scored() {
  local deadline=$(( $(date +%s) + 120 ))
  until [ "$(status "$1" "$2")" = SCORED ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "submission $2 not SCORED after 120 s" >&2; exit 1; }
    sleep 0.01
  done
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# stage_means METRIC [counts]: the mean per observation of each "stage" of a Micrometer timer,
# from /actuator/prometheus (e.g. cxrlt_scoring_stage_seconds); with "counts", each stage's count too
stage_means() {
  curl -s "http://127.0.0.1:$port/actuator/prometheus" | awk -v metric="$1" -v counts="${2:-}" -F'[{}" ]+' '
    $1 ~ "^" metric "_(sum|count)$" {
      for (i = 2; i < NF; i++) if ($i ~ /(^|,)stage=$/) stage = $(i + 1)
      if ($1 ~ /_sum$/) sum[stage] = $NF; else count[stage] = $NF }
    END { for (s in sum) if (count[s] > 0) {
            printf "%s %.3f s", s, sum[s] / count[s]
            if (counts != "") printf " (%d)", count[s]
            printf ", " } }' | sed 's/, $//'
}
# reads_by_source: where the workers read the submissions from (cxrlt_scoring_reads_total by
# source: this instance's copy of the upload, or the database); empty when the build counts none
reads_by_source() {
  curl -s "http://127.0.0.1:$port/actuator/prometheus" | awk -F'[{}" ]+' '
    /^cxrlt_scoring_reads_total\{/ { for (i = 2; i < NF; i++) if ($i ~ /(^|,)source=$/) printf "%s %d, ", $(i + 1), $NF }' \
    | sed 's/, $//'
}
# scored_count TASK: how many of TASK's development submissions are SCORED (one organizer request)
scored_count() {
  curl -sf "$base/admin/challenges/cxr-lt-2024/tasks/$1/phases/development/submissions?status=SCORED&size=1" \
    -H "Authorization: Bearer $admin" | sed -E 's/.*"totalItems":([0-9]+).*/\1/'
}
# phase_cpu [BEFORE]: "busy service postgres" CPU seconds now (the whole machine's, $java_pid's and
# postmaster $pm's, 0 for those not set); with BEFORE (an earlier answer), the differences instead
phase_cpu() {
  local now
  now="$(machine_busy_seconds) $([ -z "${java_pid:-}" ] && echo 0 || cpu_seconds "$java_pid") $([ -z "${pm:-}" ] && echo 0 || pg_cpu_seconds "$pm")"
  if [ -z "${1:-}" ]; then echo "$now"; return; fi
  awk -v a="$1" -v b="$now" 'BEGIN {split(a, x, " "); split(b, y, " "); printf "%.2f %.2f %.2f\n", y[1] - x[1], y[2] - x[2], y[3] - x[3]}'
}
# burst TASK FILE: the 20 participants of the array "tokens" upload FILE at once (each answer in
# $out/burst-N.txt); sets "accepted" (seconds until all were answered) and "surge" (until the last
# was SCORED), and upload_phase_cpu (phase_cpu's differences from the first upload sent until
# the last answered). The end of the surge is the service's own record, the latest scoredAt of
# the 20 (the time the last scoring's storing transaction began: its scores and commit follow,
# about 0.04 s, the "store" and "commit" stages of cxrlt.scoring.stage), so that waiting for it
# costs the cores nothing while it is measured: once all are answered, one
# organizer request every 500 ms counts the SCORED ones. Polling instead (a request per
# submission every 10 ms, or one organizer request every 50 ms) cost the 2-core machine, in the
# curl processes and the requests themselves, a good part of a core that the scoring of the last
# uploads needs.
burst() {
  local i args before deadline id last=0 at
  before=$(scored_count "$1")
  upload_phase_cpu=$(phase_cpu)
  # one curl process sends all 20 at once, each on its own connection: 20 shells each starting
  # curl, mktemp, grep and sed cost the machine a quarter of its CPU while the uploads arrived
  args=(-s --no-progress-meter --parallel --parallel-immediate --parallel-max 20)
  for i in $(seq 0 19); do
    [ "$i" = 0 ] || args+=(--next)
    args+=(-o /dev/null -w "$i %{http_code} %{time_total} %header{location}\n" -X POST
      "$base/challenges/cxr-lt-2024/tasks/$1/phases/development/submissions"
      -H "Authorization: Bearer ${tokens[$i]}" -F "file=@$2")
  done
  start=$(now)
  curl "${args[@]}" > "$out/burst.txt" || true
  accepted=$(since "$start")
  upload_phase_cpu=$(phase_cpu "$upload_phase_cpu")
  while read -r i code seconds location; do
    [ "$code" = 202 ] || { echo "upload $i of the surge answered $code" >&2; exit 1; }
    echo "$seconds ${location##*/}" | tr -d '\r' > "$out/burst-$i.txt"
  done < "$out/burst.txt"
  [ "$(wc -l < "$out/burst.txt")" = 20 ] || { echo "the surge's uploads were not all answered" >&2; exit 1; }
  deadline=$(( $(date +%s) + 120 ))
  # uploads.sh with UPLOADS_ONLY=1 ("only") starts no scoring workers: nothing to wait for
  [ -z "${only:-}" ] || { surge=$accepted; return 0; }
  until [ "$(scored_count "$1")" -ge $((before + 20)) ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "the 20 uploads were not all SCORED after 120 s" >&2; exit 1; }
    sleep 0.5
  done
  for i in $(seq 0 19); do
    read -r _ id < "$out/burst-$i.txt"
    at=$(curl -sf "$base/submissions/$id" -H "Authorization: Bearer ${tokens[$i]}" | sed -E 's/.*"scoredAt":"([^"]+)".*/\1/') || at=
    [[ $at =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T ]] || { echo "no scoredAt for submission $id of the surge" >&2; exit 1; }
    at=$(date -d "$at" +%s.%N)
    last=$(awk -v a="$last" -v b="$at" 'BEGIN {print (b > a ? b : a)}')
  done
  surge=$(awk -v a="$start" -v b="$last" 'BEGIN {printf "%.3f", b - a}')
}
# warm_up TASK FILE: ${UPLOAD_WARMUP:-10} uploads of FILE to TASK by a participant of their own,
# each waited for until SCORED, then (unless UPLOAD_WARMUP_SURGE=0) a surge as "burst" makes it,
# by 20 participants of its own (the array "tokens" is theirs afterwards), before anything is
# measured, as the reads are warmed up before wrk measures them. Sets warm_accepted and warm_surge (the warm-up surge's figures; empty
# without it). On a fresh service the JIT compiles the upload and scoring paths during the first
# uploads (its compiler threads took about 20 CPU-seconds over the first 8 task-1 uploads, 1 s
# over the next 8; 2026-11-30, the 2-core VM), which a service that has been up for a while has
# done long before a deadline's surge. Uploads sent one at a time never wait for a turn to store
# nor are received into a file first, as most of a surge's are, and 10 of them call the
# database's driver too few times for its code to be compiled: after them alone the compiler
# threads took 1.5-2.8 CPU-seconds during the measured surge, compiling the driver's, the
# framework's and the waiting uploads' code, which ran in the interpreter meanwhile.
warm_up() {
  local i warm id
  warm_accepted= warm_surge=
  [ "${UPLOAD_WARMUP:-10}" -gt 0 ] || return 0
  warm=$(participant warmup)
  for i in $(seq 1 "${UPLOAD_WARMUP:-10}"); do
    read -r _ id < <(upload "$warm" "$1" "$2")
    wait_scored "$warm" "$id"
  done
  [ "${UPLOAD_WARMUP_SURGE:-1}" != 0 ] || return 0
  tokens=()
  for i in $(seq 1 20); do tokens+=("$(participant "warmup$i")"); done
  burst "$1" "$2"
  warm_accepted=$accepted warm_surge=$surge
}
# thread_cpu PID: "group seconds" per group of a JVM's threads (user + system), the groups named
# by the threads' names without their digits (C2 CompilerThread0 and 1 are one group)
thread_cpu() {
  local t stat rest
  for t in /proc/"$1"/task/*; do
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    rest=${stat##*) }
    # shellcheck disable=SC2086 # the fields of the stat line
    set -- $rest
    echo "$(tr -d '0-9# ' < "$t/comm") $(( ${12} + ${13} ))"
  done | awk -v hz="$(getconf CLK_TCK)" '{a[$1] += $2} END {for (k in a) printf "%s %.2f\n", k, a[k] / hz}'
}
# cpu_by_role BEFORE AFTER: from two thread_cpu outputs, the CPU seconds between them of the JIT's
# compilers, the collector, the request threads, the upload writers and the scoring workers
cpu_by_role() {
  awk 'NR == FNR {b[$1] = $2; next}
       {d = $2 - b[$1]
        if ($1 ~ /Compiler/) r = "JIT"; else if ($1 ~ /^(GC|GConc|GService|GRefine|GMain|VMThread)/) r = "GC";
        else if ($1 ~ /^http-nio/) r = "requests"; else if ($1 ~ /^cxrlt-upload/) r = "upload writers";
        else if ($1 ~ /^(scoring|ForkJoinPool)/) r = "scoring"; else r = "other"
        c[r] += d}
       END {printf "requests %.2f s, upload writers %.2f s, scoring %.2f s, JIT %.2f s, GC %.2f s, other %.2f s",
              c["requests"], c["upload writers"], c["scoring"], c["JIT"], c["GC"], c["other"]}' "$1" "$2"
}
# cpu_seconds PID: the user and system CPU seconds of a process
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{n = split($0, f, ") "); split(f[n], g, " "); printf "%.2f\n", (g[12] + g[13]) / hz}' \
    "/proc/$1/stat"
}
# machine_busy_seconds: CPU seconds the whole machine has been busy since it started, all cores
# (/proc/stat: user, nice, system, irq and softirq; not idle, iowait, nor steal, the time the
# hypervisor gave to other machines)
machine_busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" {printf "%.2f\n", ($2 + $3 + $4 + $7 + $8) / hz}' /proc/stat
}
# pg_cpu_by_process POSTMASTER_PID: "role seconds" per role of PostgreSQL's processes (by process
# title: checkpointer, walwriter, background_writer; "backend" for a connection, whose title
# holds its client's address and port), with what the processes that ended used in the
# postmaster's line
pg_cpu_by_process() {
  local p title
  for p in "$1" $(pgrep -P "$1"); do
    title=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | sed -E 's/ +$//; s/^postgres: //; s/^.* [0-9.:a-f]+\([0-9]+\).*$/backend/') || continue
    [ "$p" = "$1" ] && title=postmaster
    awk -v hz="$(getconf CLK_TCK)" -v t="${title// /_}" '{n = split($0, f, ") "); split(f[n], g, " "); printf "%s %.2f\n", t, (g[12] + g[13] + g[14] + g[15]) / hz}' "/proc/$p/stat" 2>/dev/null
  done | awk '{a[$1] += $2} END {for (k in a) printf "%s %.2f\n", k, a[k]}'
}
# cpu_diff BEFORE AFTER: the differences of two "name seconds" snapshots (pg_cpu_by_process),
# as "name seconds s, ..." for those that moved
cpu_diff() {
  awk 'NR == FNR {b[$1] = $2; next} {d = $2 - b[$1]; if (d > 0.005) printf "%s %.2f s, ", $1, d}' "$1" "$2" | sed 's/, $//'
}
# pg_cpu_seconds POSTMASTER_PID: the same for PostgreSQL: its server, its live processes, and
# those that ended (their time is counted in their parent's)
pg_cpu_seconds() {
  local p
  for p in "$1" $(pgrep -P "$1"); do cat "/proc/$p/stat" 2>/dev/null; done \
    | awk -v hz="$(getconf CLK_TCK)" '{n = split($0, f, ") "); split(f[n], g, " "); t += g[12] + g[13] + g[14] + g[15]}
                                      END {printf "%.2f\n", t / hz}'
}
