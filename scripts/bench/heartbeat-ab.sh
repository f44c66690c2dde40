#!/usr/bin/env bash
# Compares builds on the same data: each jar in turn serves the same database and tokens (KEEP_DB), warms
# up, then heartbeats against /health/live of the same server, ROUNDS times. Alternating jars on one data
# set is how a change is judged on a shared machine, where the same jar's figures drift between runs.
# Usage: scripts/bench/heartbeat-ab.sh JAR [JAR...]     (copy jars out of server/target first)
# Environment: USERS (default 500, used only when no tokens exist yet), SECS per run (default 15), WARMUP (45),
# ROUNDS (2), PORT (18901). Prints per round: both routes' line from cpu-per-request.sh, the ratio, and the
# Redis server's CPU per heartbeat (from /proc).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] || { echo "usage: $0 JAR [JAR...]" >&2; exit 2; }
port=${PORT:-18901}; secs=${SECS:-15}; url="http://127.0.0.1:$port"
export BENCH_DIR=${BENCH_DIR:-/tmp/lk-bench}
export TOKENS="$BENCH_DIR/tokens-$port.txt"
rpid=$(pgrep -x redis-server | head -1)
rcpu() { awk '{print $14 + $15}' "/proc/$rpid/stat"; }
# Access tokens live 2 h (server.sh): older ones would only measure 401s, so they are made again.
if [ -z "$(find "$TOKENS" -mmin -100 2>/dev/null)" ]; then
  pid=$(SERVER_JAR="$1" scripts/bench/server.sh "$port")
  python3 scripts/bench/heartbeat_setup.py "$url" admin bench-admin-password "${USERS:-500}" 1 "$TOKENS" >&2
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
fi
echo "machine: $(nproc) cores, $(date -u +%FT%TZ), $(wc -l < "$TOKENS") devices"
for jar in "$@"; do
  pid=$(KEEP_DB=1 SERVER_JAR="$jar" scripts/bench/server.sh "$port")
  wrk -t2 -c64 -d"${WARMUP:-45}s" -s scripts/bench/heartbeat.lua "$url" >/dev/null
  wrk -t2 -c64 -d5s "$url/health/live" >/dev/null
  for round in $(seq 1 "${ROUNDS:-2}"); do
    r0=$(rcpu)
    hb=$(scripts/bench/cpu-per-request.sh "$pid" "$url" "$secs" -s scripts/bench/heartbeat.lua)
    r1=$(rcpu)
    bare=$(scripts/bench/cpu-per-request.sh "$pid" "$url/health/live" "$secs")
    python3 - "$jar" "$round" "$hb" "$bare" $((r1 - r0)) "$secs" "$(getconf CLK_TCK)" <<'PY'
import re, sys
jar, rnd, hb, bare, ticks, secs, hz = sys.argv[1:]
rate = lambda s: float(re.search(r': ([0-9.]+) req/s', s).group(1))
h, b = rate(hb), rate(bare)
print("%s round %s" % (jar, rnd))
print("  heartbeat:    " + hb.split(': ', 1)[1])
print("  /health/live: " + bare.split(': ', 1)[1])
print("  ratio %.1f%%, Redis CPU %.1f us per heartbeat" % (100 * h / b, int(ticks) * 1e6 / int(hz) / (h * int(secs))))
PY
  done
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
done
