#!/usr/bin/env bash
# Starts the built server jar for benchmarks and fault runs: a fresh database, a private data
# directory, every rate limit raised so the load measures the server, not the limiter.
# Usage: scripts/bench/server.sh PORT [DB_NAME, default latchkey_bench_PORT] [extra java options...]
# Prints the PID on stdout once /health answers 200; the log goes to $BENCH_DIR/server-PORT.log and the
# milliseconds from launch to that first 200 to $BENCH_DIR/started-PORT.ms.
# Environment: BENCH_DIR (default /tmp/lk-bench), LATCHKEY_PG_BASE (default postgresql://postgres@127.0.0.1:5432),
# KEEP_DB=1 to reuse the database, SERVER_JAR to run a copied jar (so a rebuild cannot disturb a run),
# anything else LATCHKEY_* is passed through.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${1:?port}; db=${2:-latchkey_bench_$port}; shift $(( $# >= 2 ? 2 : 1 ))
dir=${BENCH_DIR:-/tmp/lk-bench}; base=${LATCHKEY_PG_BASE:-postgresql://postgres@127.0.0.1:5432}
mkdir -p "$dir"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "port $port is in use (an earlier server still stopping?)" >&2; exit 1
fi
if [ "${KEEP_DB:-0}" != 1 ]; then
  psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
  rm -rf "$dir/data-$port"
fi
redis-cli -h 127.0.0.1 -p "${BENCH_REDIS_PORT:-6379}" --scan --pattern "lkb$port:*" | xargs -r redis-cli -h 127.0.0.1 -p "${BENCH_REDIS_PORT:-6379}" del >/dev/null
export LATCHKEY_HTTP_HOST=127.0.0.1 LATCHKEY_HTTP_PORT=$port LATCHKEY_PG_URI="$base/$db" \
  LATCHKEY_REDIS_URI=${LATCHKEY_REDIS_URI:-redis://127.0.0.1:${BENCH_REDIS_PORT:-6379}} LATCHKEY_REDIS_PREFIX="lkb$port:" \
  LATCHKEY_DATA_DIR="$dir/data-$port" \
  LATCHKEY_ADMIN_USERNAME=${LATCHKEY_ADMIN_USERNAME:-admin} LATCHKEY_ADMIN_PASSWORD=${LATCHKEY_ADMIN_PASSWORD:-bench-admin-password} \
  LATCHKEY_RATE_LOGIN=${LATCHKEY_RATE_LOGIN:-10000000/1m} LATCHKEY_RATE_API=${LATCHKEY_RATE_API:-10000000/1m} \
  LATCHKEY_RATE_DOWNLOAD=${LATCHKEY_RATE_DOWNLOAD:-10000000/1m} \
  LATCHKEY_AUTOBLOCK_LOGIN_FAILURES=${LATCHKEY_AUTOBLOCK_LOGIN_FAILURES:-1000000} \
  LATCHKEY_REDEEM_FAILURES=${LATCHKEY_REDEEM_FAILURES:-1000000} \
  LATCHKEY_ACCESS_TOKEN_TTL=${LATCHKEY_ACCESS_TOKEN_TTL:-2h}
t0=$(date +%s%N)
java ${JAVA_OPTS:--Xmx512m} "$@" -jar "${SERVER_JAR:-server/target/latchkey-server.jar}" > "$dir/server-$port.log" 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
  if curl -fs -o /dev/null "http://127.0.0.1:$port/health"; then
    echo $(( ($(date +%s%N) - t0) / 1000000 )) > "$dir/started-$port.ms"  # launch to first 200, for cold-start.sh
    echo "$pid"; exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { echo "server exited; see $dir/server-$port.log" >&2; exit 1; }
  sleep 0.025
done
echo "server did not answer /health within 30 s; see $dir/server-$port.log" >&2
kill "$pid"; exit 1
