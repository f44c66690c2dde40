#!/usr/bin/env bash
# Fault (issue 9): the server is killed with kill -9 during an audit burst; after a restart on the same
# database, every audit event of every request that got a response must be in audit_events.
#
#   scripts/faults/kill9-audit.sh [PORT] [REQUESTS] [THREADS] [KILL_AFTER]
#   scripts/faults/kill9-audit.sh 18951 800 32 250     # the defaults: SIGKILL once 250 responses have arrived
#   RUNS=5 scripts/faults/kill9-audit.sh               # repeat; exits 1 if any run lost an event
#
# Starts the built jar (server/target/latchkey-server.jar) with scripts/bench/server.sh on a fresh database
# latchkey_audit_kill9_PORT, fires the burst (kill9_audit.py: product/user creation, license issue/suspend/redeem,
# IP blocks, failed sign-ins), kills the server mid-burst, restarts it with KEEP_DB=1, then reads audit_events
# with psql and counts the events of the answered requests. The database is dropped at the end (KEEP_DB=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${1:-18951}; requests=${2:-800}; threads=${3:-32}; kill_after=${4:-$(( requests * 5 / 16 ))}
runs=${RUNS:-1}
export BENCH_DIR=${BENCH_DIR:-/tmp/lk-audit-faults}
base=${LATCHKEY_PG_BASE:-postgresql://postgres@127.0.0.1:5432}
db=latchkey_audit_kill9_$port
mkdir -p "$BENCH_DIR"
server=""
gone() {  # a killed process may linger as a zombie until reaped: treat state Z as gone
  local i; for i in $(seq 1 300); do
    if ! kill -0 "$1" 2>/dev/null || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; then return 0; fi
    sleep 0.1
  done
  echo "process $1 did not exit" >&2; return 1
}
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  if [ "${KEEP_DB:-0}" != 1 ]; then psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

status=0
for run in $(seq 1 "$runs"); do
  echo "== run $run/$runs: $requests requests, $threads threads, SIGKILL after $kill_after responses; $(uptime | sed 's/.*load/load/')"
  server=$(KEEP_DB=0 scripts/bench/server.sh "$port" "$db")
  python3 scripts/faults/kill9_audit.py burst "http://127.0.0.1:$port" "$server" "$BENCH_DIR/kill9-$port.json" \
    "$requests" "$threads" "$kill_after"
  # The kill is asynchronous: wait until the process is gone before starting another on the same port.
  gone "$server"
  server=$(KEEP_DB=1 scripts/bench/server.sh "$port" "$db")
  echo "restarted on the same database (pid $server)"
  python3 scripts/faults/kill9_audit.py check "$base/$db" "$BENCH_DIR/kill9-$port.json" || status=1
  kill "$server"; gone "$server"; server=""
done
exit $status
