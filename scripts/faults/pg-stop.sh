#!/usr/bin/env bash
# Fault: PostgreSQL stopped with `pg_ctl stop -m immediate` (a crash) under a load of heartbeats,
# first heartbeats that activate seats of licenses with fewer seats than devices, and redeems;
# started again OUTAGE seconds later while the load goes on. The server keeps running.
# FAULT=freeze instead stops every process of the cluster with SIGSTOP and resumes them with
# SIGCONT (a hung database: connections stay open, nothing answers).
# Pass: during the outage failures are fast 503s (no 500, no timeouts), server RSS stays flat;
# RECOVER seconds after the restart no request fails; afterwards, in SQL, every seat a heartbeat
# confirmed (200, license code OK) and every redeem answered 2xx is stored, and no license has more
# activations than max_activations.
#
# Usage: scripts/faults/pg-stop.sh   (settings through the environment, defaults below)
#   FAULT=stop PORT=18972 PG_PORT=5441 PG_DIR=/tmp/lk-faults-pg REDIS_PORT=6392 USERS=60 DEVICES=4
#   SEATS=3 REDEEM_USERS=15 DURATION=75 STOP_AT=25 START_AT=45 RECOVER=5 CONNS=32 RATE=0
#   MAX_MS=1000, 6000 for FAULT=freeze (p99 of the failures during the outage, or twice the p99
#   before it) TIMEOUT=30 (client, s)
#   MAX_LOG_ENTRIES=25 BENCH_DIR=/tmp/lk-faults-bench
# Uses a PostgreSQL cluster and a Redis of its own (created and started here, stopped at the end),
# never the shared ones. Run as root, it runs initdb and pg_ctl as the postgres user.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/faults/lib.sh
FAULT=${FAULT:-stop}; PORT=${PORT:-18972}; PG_PORT=${PG_PORT:-5441}; PG_DIR=${PG_DIR:-/tmp/lk-faults-pg}
REDIS_PORT=${REDIS_PORT:-6392}; USERS=${USERS:-60}; DEVICES=${DEVICES:-4}; SEATS=${SEATS:-3}
REDEEM_USERS=${REDEEM_USERS:-15}; DURATION=${DURATION:-75}; STOP_AT=${STOP_AT:-25}; START_AT=${START_AT:-45}
RECOVER=${RECOVER:-5}; CONNS=${CONNS:-32}; RATE=${RATE:-0}; MAX_MS=${MAX_MS:-$([ "$FAULT" = freeze ] && echo 6000 || echo 1000)}; TIMEOUT=${TIMEOUT:-30}; MAX_LOG_ENTRIES=${MAX_LOG_ENTRIES:-25}
export BENCH_DIR=${BENCH_DIR:-/tmp/lk-faults-bench}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_BASE=postgresql://postgres@127.0.0.1:$PG_PORT
DB=lk_faults_pg_$PORT
RUN="$BENCH_DIR/pg-$FAULT-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
PIDFILE="$RUN/redis.pid"
server_pid= sampler_pid= load_pid= frozen=

as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }
pg_up() {
  as_pg "$PG_BIN/pg_ctl -D $PG_DIR -w -t 60 -l $PG_DIR.log -o '-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1' start" >/dev/null
}
pg_pids() {  # the postmaster of our cluster and its children
  local pm; pm=$(head -1 "$PG_DIR/postmaster.pid")
  echo "$pm $(pgrep -P "$pm" | tr '\n' ' ')"
}
cleanup() {
  for p in $load_pid $sampler_pid $server_pid; do kill "$p" 2>/dev/null || true; done
  [ -n "$frozen" ] && kill -CONT $frozen 2>/dev/null || true
  local r; r=$(cat "$PIDFILE" 2>/dev/null || true)
  [ -n "$r" ] && kill "$r" 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl -D $PG_DIR -m fast stop" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ ! -f "$PG_DIR/PG_VERSION" ]; then
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PG_DIR"; fi
  as_pg "$PG_BIN/initdb -D $PG_DIR -U postgres --auth=trust" >/dev/null
fi
as_pg "$PG_BIN/pg_ctl -D $PG_DIR status" >/dev/null 2>&1 || pg_up
begin_run "PostgreSQL $FAULT"
echo "server PID $server_pid on :$PORT, private PostgreSQL :$PG_PORT ($PG_DIR), private Redis :$REDIS_PORT, database $DB"
python3 scripts/faults/pg_setup.py "http://127.0.0.1:$PORT" admin bench-admin-password "$USERS" "$DEVICES" "$SEATS" \
  "$REDEEM_USERS" "$((DURATION - 15))" "$RUN/plan.json"

start_load
sleep_until "$start" "$STOP_AT"
echo "down $(date +%s.%N)" >> "$RUN/events"
if [ "$FAULT" = freeze ]; then
  frozen=$(pg_pids); kill -STOP $frozen
else
  as_pg "$PG_BIN/pg_ctl -D $PG_DIR -m immediate stop" >/dev/null
fi
sleep_until "$start" "$START_AT"
if [ "$FAULT" = freeze ]; then kill -CONT $frozen; frozen=; else pg_up; fi
echo "up $(date +%s.%N)" >> "$RUN/events"
stop_load
sleep 6  # let the last-seen and audit batches land before the checks read the tables

echo
status=0
python3 scripts/faults/analyze.py pg "$RUN" --db "$PG_BASE/$DB" --recover "$RECOVER" --max-ms "$MAX_MS" || status=$?
finish "$status"
