#!/usr/bin/env bash
# Issue 9's heartbeat benchmark: POST /api/v1/heartbeat with real tokens of many devices against the bare
# GET /health/live route of the same server, in the same run, with wrk (2 threads, 64 connections).
# Build first: ./mvnw -B -q package -DskipTests -pl server -am
# Usage: scripts/bench/heartbeat.sh [USERS] [SECONDS] [PORT]      (defaults 500 users x 1 device, 30 s, 18901)
# Runs twice: leases reused as in production (LATCHKEY_LEASE_REUSE default), then LATCHKEY_LEASE_REUSE=0
# (a fresh Ed25519 signature on every beat, the worst case right after an admin change touching everyone).
# Prints a line per run, the heartbeat/bare ratio, and the server's resident memory after the load.
# WARMUP (default 60) seconds of heartbeats first: C2 needs about that long on 2 cores before the
# heartbeat path runs at full speed (10 s of warm-up measured half the steady throughput).
# REUSE_SETUP=1 keeps the database and tokens of an earlier run on the same port when the tokens are under
# 100 minutes old (they live 2 h); otherwise it sets up afresh.
set -euo pipefail
cd "$(dirname "$0")/../.."
users=${1:-500}; secs=${2:-30}; port=${3:-18901}
export BENCH_DIR=${BENCH_DIR:-/tmp/lk-bench}
export TOKENS="$BENCH_DIR/tokens-$port.txt"; tokens=$TOKENS
url="http://127.0.0.1:$port"
echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1), $(date -u +%FT%TZ)"

measure() {  # label
  local pid=$1 label=$2
  wrk -t2 -c64 -d"${WARMUP:-60}s" -s scripts/bench/heartbeat.lua "$url" >/dev/null   # warm-up: JIT, pools
  wrk -t2 -c64 -d5s "$url/health/live" >/dev/null
  local hb bare
  hb=$(scripts/bench/cpu-per-request.sh "$pid" "$url" "$secs" -s scripts/bench/heartbeat.lua)
  bare=$(scripts/bench/cpu-per-request.sh "$pid" "$url/health/live" "$secs")
  echo "[$label] heartbeat:    ${hb#* -s scripts/bench/heartbeat.lua: }"
  echo "[$label] /health/live: ${bare#*/health/live : }"
  python3 -c 'import sys; h=float(sys.argv[1].split(": ")[1].split()[0]); b=float(sys.argv[2].split(": ")[1].split()[0]); print("[%s] heartbeat at %.0f%% of the bare route (target >= 40%%)" % (sys.argv[3], 100*h/b))' "$hb" "$bare" "$label"
  echo "[$label] server memory after the load: $(grep -E 'VmRSS|VmHWM' /proc/$pid/status | tr -s ' \n' ' ')"
}

# Access tokens live 2 h (server.sh): older ones would only measure 401s.
if [ "${REUSE_SETUP:-0}" = 1 ] && [ -n "$(find "$tokens" -mmin -100 2>/dev/null)" ]; then
  pid=$(KEEP_DB=1 scripts/bench/server.sh "$port")
  trap 'kill $pid 2>/dev/null || true' EXIT
  echo "server $pid up; reusing $(wc -l < "$tokens") tokens of an earlier setup"
else
  pid=$(scripts/bench/server.sh "$port")
  trap 'kill $pid 2>/dev/null || true' EXIT
  echo "server $pid up; preparing $users users x 1 device (Argon2id sign-ins: a minute or two)"
  python3 scripts/bench/heartbeat_setup.py "$url" admin bench-admin-password "$users" 1 "$tokens"
fi
measure "$pid" "lease reuse 1h"
kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
pid=$(KEEP_DB=1 LATCHKEY_LEASE_REUSE=0 scripts/bench/server.sh "$port")
measure "$pid" "signed every beat"
