#!/usr/bin/env bash
# Issue 9's login-storm isolation: heartbeat latency with and without a steady flood of sign-ins
# (each one an Argon2id verification on the hashing workers), and any blocked-thread warning in the log.
# Build first: ./mvnw -B -q package -DskipTests -pl server -am
# Usage: scripts/bench/login-storm.sh [USERS] [SECONDS] [PORT]   (defaults 200 users, 30 s, 18903)
# Pass: heartbeat p99 during the storm within 2x of its baseline, and no "blocked" warning.
# Environment:
#   ROUNDS=N          alternate baseline and storm N times on one server (default 1); single runs are noisy
#   LEAD=S            seconds the flood runs before the storm measurement starts (default 4)
#   NEIGHBOUR=cpu     replace the sign-in flood by busy loops at nice 10 in another process, one per hashing
#                     thread (cores - 1): what any CPU-bound neighbour does to the heartbeat on this machine
#   PERF_SCHED=1      record 4 s of `perf sched` in each phase and summarise the run-queue delays of the event
#                     loops, wrk and Redis (scripts/bench/sched_delays.py); needs linux-perf and root
set -euo pipefail
cd "$(dirname "$0")/../.."
users=${1:-200}; secs=${2:-30}; port=${3:-18903}
export BENCH_DIR=${BENCH_DIR:-/tmp/lk-bench}
export TOKENS="$BENCH_DIR/tokens-$port.txt"
url="http://127.0.0.1:$port"
log="$BENCH_DIR/server-$port.log"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
pid=$(scripts/bench/server.sh "$port")
trap 'kill $pid 2>/dev/null || true' EXIT
python3 scripts/bench/heartbeat_setup.py "$url" admin bench-admin-password "$users" 1 "$TOKENS"
scripts/bench/signin_user.sh "$url" storm_user storm-password-1 "$BENCH_DIR/login.lua"
# Heartbeats at a steady, unsaturated load: 8 connections, each pausing 2 ms before every request (DELAY_MS),
# at most 4,000 beats/s. A saturating load measures queueing, not isolation. The warm-up lets C2 compile the path.
export DELAY_MS=${DELAY_MS:-2}
hb() { wrk -t1 -c8 -d"${secs}s" --latency -s scripts/bench/heartbeat.lua "$url" | awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} END {print r " req/s, p50 " p50 ", p99 " p99}'; }
# perf sched for 4 s from the middle of a phase, then the summary of who waited for a CPU and why.
sched() {
  [ "${PERF_SCHED:-0}" = 1 ] || return 0
  (sleep $(( secs / 2 > 2 ? secs / 2 - 2 : 0 )); perf sched record -o "$BENCH_DIR/sched-$1.data" sleep 4 >/dev/null 2>&1
   perf sched timehist -i "$BENCH_DIR/sched-$1.data" 2>/dev/null > "$BENCH_DIR/sched-$1.txt") &
}
sched_report() {
  [ "${PERF_SCHED:-0}" = 1 ] || return 0
  wait
  echo "  run-queue delays, $1: $(python3 scripts/bench/sched_delays.py "$BENCH_DIR/sched-$1.txt")"
}
lead=${LEAD:-4}
DELAY_MS=0 wrk -t2 -c64 -d"${WARMUP:-30}s" -s scripts/bench/heartbeat.lua "$url" >/dev/null
for round in $(seq 1 "${ROUNDS:-1}"); do
  sched baseline
  echo "baseline heartbeat:        $(hb)"
  sched_report baseline
  if [ "${NEIGHBOUR:-}" = cpu ]; then
    burners=()
    for _ in $(seq 1 $(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))); do
      nice -n 10 sh -c 'while :; do :; done' & burners+=($!)
    done
    sleep "$lead"
    sched storm
    echo "heartbeat beside busy loops: $(hb)"
    kill "${burners[@]}"
    sched_report storm
    continue
  fi
  wrk -t1 -c16 -d"$((secs + lead + 2))s" --latency "$url/auth/client/login" -s "$BENCH_DIR/login.lua" > "$BENCH_DIR/storm.txt" &
  storm=$!
  sleep "$lead"
  sched storm
  echo "heartbeat during the storm: $(hb)"
  wait $storm
  sched_report storm
  echo "storm: $(awk '/Requests\/sec/ {print $2 " sign-ins/s"} /Non-2xx/ {print "non-2xx " $5}' "$BENCH_DIR/storm.txt" | tr '\n' ' ') p99 $(awk '$1=="99%" {print $2}' "$BENCH_DIR/storm.txt")"
done
blocked=$(grep -c "has been blocked" "$log" || true)
echo "blocked-thread warnings in the server log: $blocked"
