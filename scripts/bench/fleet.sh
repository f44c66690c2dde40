#!/usr/bin/env bash
# Heartbeats of a fleet whose caches go cold between beats, as in production: DEVICES devices (one user,
# license, activation and desktop session each) written straight into PostgreSQL (fleet.sql) and
# ANALYZEd, access tokens signed with a known LATCHKEY_JWT_SECRET (fleet_tokens.py), then on one server:
#   hot   40 devices round-robin (every cache hot), after a warm-up;
#   pass 1  every device once, right after the server started on an empty Redis (first contact);
#   pass 2  every device once more, each at least the product's heartbeat interval after its pass-1 beat:
#           the steady state of a fleet beating at that interval (the "cold fleet").
# Each line reports beats/s, PostgreSQL transactions per beat (pg_stat_database), CPU per beat of the
# server, Redis, PostgreSQL (the backends of its database and the shared background processes) and wrk,
# and valid beats (the server's latchkey_heartbeats_total). Then Redis bytes per device (INFO memory of a
# private redis-server, before pass 1 and after each pass), and the server's heap after a full collection and RSS.
# Build first: ./mvnw -B -q package -DskipTests -pl server -am
# Usage: scripts/bench/fleet.sh DEVICES [PORT]      (default 100000 devices, port 18911)
# Environment: INTERVAL (the product's heartbeat interval, default 300 s), WARMUP (60 s), HOT_SECONDS (30),
# JAVA_OPTS (default -Xmx256m), REDIS_PORT (private Redis, default 6394), JFR=1 to record pass 2 with Java Flight
# Recorder (scripts/bench/jfr_top.py summarises it), KEEP_FLEET=1 to reuse the database
# and tokens of an earlier run with the same DEVICES and PORT (the tokens live 4 h), SETUP_ONLY=1 to build the fleet
# and stop (a later KEEP_FLEET=1 run measures it), SERVER_JAR as for server.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/faults/lib.sh
n=${1:-100000}; port=${2:-18911}
interval=${INTERVAL:-300}; redis_port=${REDIS_PORT:-6394}
export BENCH_DIR=${BENCH_DIR:-/tmp/lk-bench}
dir="$BENCH_DIR/fleet-$port"; mkdir -p "$dir"
db=latchkey_fleet_$port; pg=${LATCHKEY_PG_BASE:-postgresql://postgres@127.0.0.1:5432}
url="http://127.0.0.1:$port"
# A known secret, so the script can sign the fleet's tokens itself (32 bytes, base64).
export LATCHKEY_JWT_SECRET=${LATCHKEY_JWT_SECRET:-bGF0Y2hrZXktZmxlZXQtYmVuY2htYXJrLXNlY3JldCE=}
export JAVA_OPTS=${JAVA_OPTS:--Xmx256m} BENCH_REDIS_PORT=$redis_port
echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1), $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "fleet: $n devices, heartbeat interval $interval s, server $JAVA_OPTS"

if redis-cli -p "$redis_port" ping >/dev/null 2>&1; then echo "port $redis_port is taken" >&2; exit 1; fi
redis_up "$redis_port" "$dir/redis.pid" "$dir/redis.log"
redis_pid=$(cat "$dir/redis.pid")
pid=; wrk_pid=
trap 'kill $wrk_pid $pid $redis_pid 2>/dev/null || true' EXIT

fleet_marker="$dir/fleet-$n"
if [ "${KEEP_FLEET:-0}" = 1 ] && [ -n "$(find "$fleet_marker" -mmin -200 2>/dev/null)" ]; then
  echo "reusing the fleet of an earlier run ($fleet_marker)"
else
  rm -f "$fleet_marker"
  pid=$(scripts/bench/server.sh "$port" "$db")    # a fresh database, migrated by the server
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; pid=
  t0=$(date +%s)
  psql "$pg/$db" -q -v n="$n" -v interval="$interval" -v grace="${GRACE:-1800}" -f scripts/bench/fleet.sql | grep -E '^Time' | awk '{s += $2} END {printf "fleet written and analysed: %.0f s of SQL\n", s / 1000}'
  python3 scripts/bench/fleet_tokens.py "$LATCHKEY_JWT_SECRET" "$n" "$dir/tokens" 40 2 14400
  echo "fleet ready in $(( $(date +%s) - t0 )) s: $(psql "$pg/$db" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")"
  touch "$fleet_marker"
fi
[ "${SETUP_ONLY:-0}" = 1 ] && { echo "SETUP_ONLY: fleet ready for KEEP_FLEET=1"; exit 0; }

pid=$(KEEP_DB=1 scripts/bench/server.sh "$port" "$db")
echo "server $pid up on an empty Redis"
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# PostgreSQL's CPU: the backends serving the benchmark's database (the server's pooled connections, which live for
# the whole run) and the shared background processes (WAL writer, checkpointer...); other databases' backends,
# such as other test runs on the same server, are left out. A process may end between the list and the read.
pg_ticks() {
  { psql "$pg/$db" -Atc "SELECT pid FROM pg_stat_activity WHERE (datname = current_database() AND pid <> pg_backend_pid()) OR backend_type IN ('walwriter', 'checkpointer', 'background writer', 'autovacuum launcher', 'logical replication launcher')"; } \
    | while read -r p; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || true; done | awk '{s += $1} END {print s + 0}'
}
# Backends report their transactions to pg_stat_database within 10 s of going idle: read it 11 s after a load.
xacts() { sleep 11; psql "$pg/$db" -Atc "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"; }
redis_mem() { redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r'; }
valid() { curl -s "$url/metrics" | awk '/^latchkey_heartbeats_total\{/ && /valid="true"/ {s += $NF} END {printf "%.0f", s}'; }
# snapshot NAME: the counters a line of the report is computed from.
# The CPU counters are read at once, the transaction count 11 s later (and those 11 s of server CPU left out).
snapshot() { local c; c="$(ticks "$pid") $(ticks "$redis_pid") $(pg_ticks)"; echo "$c $(xacts) $(valid) $(date +%s.%N)" > "$dir/snap.$1"; }
# report LABEL FROM TO BEATS SECONDS WRK_TICKS
report() {
  read -r s1 r1 p1 x1 v1 t1 < "$dir/snap.$2"; read -r s2 r2 p2 x2 v2 t2 < "$dir/snap.$3"
  awk -v l="$1" -v n="$4" -v secs="$5" -v hz="$hz" -v s=$((s2 - s1)) -v r=$((r2 - r1)) -v p=$((p2 - p1)) -v x=$((x2 - x1)) \
      -v v=$((v2 - v1)) -v w="$6" 'BEGIN {
    printf "%-7s %9d beats in %6.1f s = %7.0f beats/s | PostgreSQL %.4f transactions/beat | CPU/beat: server %.1f us, Redis %.1f us, PostgreSQL %.1f us, wrk %.1f us | valid %d\n",
      l, n, secs, n / secs, x / n, s * 1e6 / hz / n, r * 1e6 / hz / n, p * 1e6 / hz / n, w * 1e6 / hz / n, v }'
}

# Hot: 40 devices round-robin with every cache hot.
TOKENS="$dir/tokens.hot" wrk -t2 -c64 -d"${WARMUP:-60}s" -s scripts/bench/heartbeat.lua "$url" >/dev/null
snapshot hot0
TOKENS="$dir/tokens.hot" wrk -t2 -c64 -d"${HOT_SECONDS:-30}s" --latency -s scripts/bench/heartbeat.lua "$url" > "$dir/wrk-hot.out" &
wrk_pid=$!
# wrk's CPU, read just before it ends (a process that has exited has no /proc entry).
sleep 0.5; w0=$(ticks "$wrk_pid"); sleep "$(( ${HOT_SECONDS:-30} - 1 ))"; w1=$(ticks "$wrk_pid")
wait "$wrk_pid"; wrk_pid=
snapshot hot1
out=$(cat "$dir/wrk-hot.out")
hot_n=$(echo "$out" | awk '/requests in/ {print $1}')
hot_s=$(echo "$out" | awk '/requests in/ {sub(/s,/, "", $4); print $4}')
hot_p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
# wrk's ticks cover all but the first 0.5 s and the last 0.5 s of the run: scale them to the whole.
report hot hot0 hot1 "$hot_n" "$hot_s" "$(awk -v t=$((w1 - w0)) -v s="${HOT_SECONDS:-30}" 'BEGIN {printf "%d", t * s / (s - 1)}')"
hot_rate=$(awk -v n="$hot_n" -v s="$hot_s" 'BEGIN {print n / s}')
echo "        p99 $hot_p99"

# pass LABEL: every device once, as fast as the server answers; waits for both threads' .done files.
pass() {
  rm -f "$dir"/tokens.*.done
  snapshot "$1.0"
  FLEET_TOKENS="$dir/tokens" wrk -t2 -c64 -d3600s -s scripts/bench/fleet.lua "$url" > "$dir/wrk-$1.out" 2>&1 &
  wrk_pid=$!
  local wpid=$wrk_pid wt0
  sleep 0.5; wt0=$(ticks "$wpid")
  while [ ! -s "$dir/tokens.0.done" ] || [ ! -s "$dir/tokens.1.done" ]; do sleep 0.2; kill -0 "$wpid" 2>/dev/null || break; done
  local wt1; wt1=$(ticks "$wpid")
  snapshot "$1.1"
  kill -INT "$wpid" 2>/dev/null || true; wait "$wpid" || true; wrk_pid=
  local beats secs
  beats=$(cat "$dir"/tokens.*.done | awk '{s += $1} END {print s}')
  secs=$(cat "$dir"/tokens.*.done | awk '$2 > m {m = $2} END {print m}')
  report "$1" "$1.0" "$1.1" "$beats" "$secs" $((wt1 - wt0))
  grep -E 'Non-2xx|Socket errors' "$dir/wrk-$1.out" | sed 's/^/        /' || true
  eval "${1}_rate=$(awk -v n="$beats" -v s="$secs" 'BEGIN {print n / s}')"
}
heap() { jcmd "$pid" GC.run >/dev/null; jcmd "$pid" GC.heap_info | awk '/garbage-first heap/ {for (i = 1; i <= NF; i++) if ($i == "used") print $(i + 1)}'; }
rss() { awk '/VmRSS/ {print $2 " " $3}' "/proc/$pid/status"; }

m0=$(redis_mem)
pass pass1
m1=$(redis_mem)
echo "        Redis after pass 1: $(( (m1 - m0) / n )) bytes per device ($m0 -> $m1); server heap after a full GC $(heap), RSS $(rss)"
echo "waiting until every device's next beat is due (${interval} s after the end of pass 1)"
sleep "$interval"
redis-cli -p "$redis_port" config resetstat >/dev/null   # the command statistics below are pass 2's
[ "${JFR:-0}" = 1 ] && jcmd "$pid" JFR.start name=pass2 >/dev/null
pass pass2
[ "${JFR:-0}" = 1 ] && jcmd "$pid" JFR.stop name=pass2 filename="$dir/pass2.jfr" >/dev/null && echo "        JFR recording of pass 2: $dir/pass2.jfr"
m2=$(redis_mem)
redis-cli -p "$redis_port" info commandstats | tr -d '\r' | awk -F'[:,=]' '/^cmdstat_(mget|hincrby|pexpire|eval|getrange|set)/ {
  printf "%s%s %s calls, %s us each", (n++ ? "; " : "        Redis commands in pass 2: "), substr($1, 9), $3, $7} END {print ""}'
echo "        Redis after pass 2: $(( (m2 - m0) / n )) bytes per device ($m0 -> $m2); server heap after a full GC $(heap), RSS $(rss)"
# The rate-limit counters are per window: without them, what the fleet keeps between its beats.
redis-cli -p "$redis_port" --scan --pattern "lkb$port:rl:*" | xargs -r -n 500 redis-cli -p "$redis_port" del >/dev/null
m3=$(redis_mem)
echo "        of which the sessions' keys (rate-limit counters deleted): $(( (m3 - m0) / n )) bytes per device"
awk -v c="$pass2_rate" -v h="$hot_rate" -v f="$pass1_rate" 'BEGIN {printf "cold fleet at %.0f%% of the hot rate (target >= 50%%); first contact at %.0f%%\n", 100 * c / h, 100 * f / h}'
grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T.*(WARN|SEVERE)' "$BENCH_DIR/server-$port.log" | sed 's/^/server warnings logged: /' || true
