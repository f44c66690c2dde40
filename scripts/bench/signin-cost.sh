#!/usr/bin/env bash
# CPU time per sign-in, split by who spends it: the server's threads (Argon2id hashing, event loops,
# JIT compilers, ...) and PostgreSQL's processes, from /proc, over a steady flood of valid desktop sign-ins.
# Build first: ./mvnw -B -q package -DskipTests -pl server -am
# Usage: scripts/bench/signin-cost.sh [SECONDS] [PORT]   (defaults 20 s after a 20 s warm-up, 18906)
# Environment: CONNS (default 4) sign-in connections; SERVER_JAR, JAVA_OPTS and LATCHKEY_* as for server.sh.
# PostgreSQL's share counts every postgres process on the machine: run it on an otherwise idle database server.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-20}; port=${2:-18906}; conns=${CONNS:-4}
export BENCH_DIR=${BENCH_DIR:-/tmp/lk-bench}
url="http://127.0.0.1:$port"
echo "machine: $(nproc) cores, $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
pid=$(scripts/bench/server.sh "$port")
trap 'kill $pid 2>/dev/null || true' EXIT
scripts/bench/signin_user.sh "$url" cost_user cost-password-1 "$BENCH_DIR/signin-cost.lua"
flood() { wrk -t1 -c"$conns" -d"$1s" "$url/auth/client/login" -s "$BENCH_DIR/signin-cost.lua"; }
# Clock ticks per thread group of the server (names without their -N suffix), then all of PostgreSQL.
ticks() {
  for t in /proc/"$pid"/task/*; do
    printf '%s\t%s\n' "$(cat "$t/comm")" "$(awk '{print $14 + $15}' "$t/stat")"
  done 2>/dev/null | awk -F'\t' '{k = $1; sub(/-[0-9]+$/, "", k); s[k] += $2} END {for (k in s) print k "\t" s[k]}'
  for p in $(pgrep -x postgres); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done \
    | awk '{s += $1} END {print "PostgreSQL (all processes)\t" s}'
}
# The warm-up lets C2 compile the sign-in path; it still compiles for a while after (its own line below).
flood "${WARMUP:-20}" >/dev/null
ticks | sort > "$BENCH_DIR/signin-cost.before"
out=$(flood "$secs")
ticks | sort > "$BENCH_DIR/signin-cost.after"
n=$(echo "$out" | awk '/requests in/ {print $1}')
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
echo "$n sign-ins in ${secs} s ($(echo "$out" | awk '/Requests\/sec/ {print $2}')/s), non-2xx ${non2xx:-0}; CPU per sign-in:"
hz=$(getconf CLK_TCK)
join -t $'\t' "$BENCH_DIR/signin-cost.before" "$BENCH_DIR/signin-cost.after" \
  | awk -F'\t' -v n="$n" -v hz="$hz" '$3 > $2 {printf "%8.0f us  %s\n", ($3 - $2) * 1e6 / hz / n, $1}' | sort -rn
