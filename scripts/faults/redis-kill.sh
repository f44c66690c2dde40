#!/usr/bin/env bash
# Fault: Redis killed (SIGKILL) under heartbeat load and restarted empty; the server keeps running.
# FAULT=freeze instead stops Redis with SIGSTOP and resumes it with SIGCONT (a hung Redis: the
# sockets stay open and nothing answers).
# Pass: during the outage every heartbeat is answered fast (200 from the PostgreSQL fallback, or
# 503), server RSS stays flat, within RECOVER seconds of the restart 100% of heartbeats are 200
# valid again, the server is the same process, and its log holds a handful of lines, not one per
# request.
#
# Usage: scripts/faults/redis-kill.sh   (settings through the environment, defaults below)
#   FAULT=kill PORT=18971 REDIS_PORT=6391 USERS=100 DEVICES=2 DURATION=60 KILL_AT=15 RESTART_AT=35
#   RECOVER=5 CONNS=32 RATE=0 (requests/s in all; 0 = as fast as answered) MAX_MS=1000, 2500 for
#   FAULT=freeze (p99 allowed during the outage, or twice the p99 before it if higher) TIMEOUT=30 (client timeout, s)
#   MAX_LOG_ENTRIES=25 BENCH_DIR=/tmp/lk-faults-bench
#   LATCHKEY_PG_BASE (default the shared PostgreSQL, where it only creates and drops its database)
# Needs the built jar (./mvnw -B -q package -DskipTests -pl server -am), redis-server, psql, python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/faults/lib.sh
FAULT=${FAULT:-kill}; PORT=${PORT:-18971}; REDIS_PORT=${REDIS_PORT:-6391}; USERS=${USERS:-100}; DEVICES=${DEVICES:-2}
DURATION=${DURATION:-60}; KILL_AT=${KILL_AT:-15}; RESTART_AT=${RESTART_AT:-35}; RECOVER=${RECOVER:-5}
CONNS=${CONNS:-32}; RATE=${RATE:-0}; MAX_MS=${MAX_MS:-$([ "$FAULT" = freeze ] && echo 2500 || echo 1000)}; TIMEOUT=${TIMEOUT:-30}; MAX_LOG_ENTRIES=${MAX_LOG_ENTRIES:-25}
export BENCH_DIR=${BENCH_DIR:-/tmp/lk-faults-bench}
PG_BASE=${LATCHKEY_PG_BASE:-postgresql://postgres@127.0.0.1:5432}
DB=lk_faults_redis_$PORT
RUN="$BENCH_DIR/redis-$FAULT-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
PIDFILE="$RUN/redis.pid"
server_pid= sampler_pid= load_pid=

redis_pid() { cat "$PIDFILE" 2>/dev/null || true; }
cleanup() {
  for p in $load_pid $sampler_pid $server_pid; do kill "$p" 2>/dev/null || true; done
  local r; r=$(redis_pid)
  if [ -n "$r" ]; then kill -CONT "$r" 2>/dev/null || true; kill -9 "$r" 2>/dev/null || true; fi
  psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

begin_run "Redis $FAULT"
echo "server PID $server_pid on :$PORT, Redis :$REDIS_PORT (PID $(redis_pid)), database $DB"
python3 scripts/bench/heartbeat_setup.py "http://127.0.0.1:$PORT" admin bench-admin-password "$USERS" "$DEVICES" "$RUN/tokens.txt"
python3 - "$RUN/tokens.txt" "$RUN/plan.json" <<'EOF'
import json, sys
tokens = [t for t in open(sys.argv[1]).read().split() if t]
json.dump({"items": [{"kind": "hb", "token": t} for t in tokens]}, open(sys.argv[2], "w"))
EOF

start_load
sleep_until "$start" "$KILL_AT"
r=$(redis_pid)
echo "down $(date +%s.%N)" >> "$RUN/events"
if [ "$FAULT" = freeze ]; then
  kill -STOP "$r"
else
  kill -9 "$r"
  while ! gone "$r"; do sleep 0.02; done
  rm -f "$PIDFILE"
fi
sleep_until "$start" "$RESTART_AT"
if [ "$FAULT" = freeze ]; then kill -CONT "$r"; else redis_up "$REDIS_PORT" "$PIDFILE" "$RUN/redis.log"; fi
echo "up $(date +%s.%N)" >> "$RUN/events"
stop_load

echo
status=0
python3 scripts/faults/analyze.py redis "$RUN" --recover "$RECOVER" --max-ms "$MAX_MS" || status=$?
finish "$status"
