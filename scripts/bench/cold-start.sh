#!/usr/bin/env bash
# Issue 9's cold start: time from `java -jar` to the first 200 on /health (PostgreSQL and Redis reachable),
# first on a fresh database (migrations run), then RUNS times on the migrated one; and resident memory once up.
# Build first: ./mvnw -B -q package -DskipTests -pl server -am
# Usage: scripts/bench/cold-start.sh [RUNS] [PORT]      (defaults 5, 18904)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}; port=${2:-18904}
export BENCH_DIR=${BENCH_DIR:-/tmp/lk-bench}
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
one() {  # KEEP_DB value; prints milliseconds to the first 200 and the RSS then
  local pid
  pid=$(KEEP_DB=$1 scripts/bench/server.sh "$port" latchkey_coldstart)
  echo "$(cat "$BENCH_DIR/started-$port.ms") ms to the first 200 on /health, RSS $(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status) MiB"
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}
echo "fresh database (migrations): $(one 0)"
for i in $(seq 1 "$runs"); do echo "run $i, migrated database: $(one 1)"; done
