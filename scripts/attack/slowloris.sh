#!/usr/bin/env bash
# slowhttptest (Debian) slowloris against a server on loopback, while a probe checks that other
# clients are still served. Usage: scripts/attack/slowloris.sh http://127.0.0.1:8080 [CONNECTIONS] [SECONDS]
# Exit 0 when every probe during the attack got 200 within 2 s.
set -uo pipefail
base=${1:?base url}; conns=${2:-1000}; secs=${3:-40}
log=$(mktemp -d)
slowhttptest -H -c "$conns" -r 200 -i 10 -x 24 -p 3 -l "$secs" -t GET -u "$base/health/live" -g -o "$log/slow" \
  > "$log/slowhttptest.out" 2>&1 &
attack=$!
sleep 5
ok=0; bad=0; worst=0
end=$((SECONDS + secs - 8))
while [ $SECONDS -lt $end ]; do
  t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 2 "$base/health/live" || echo "000 2")
  code=${t% *}; time=${t#* }
  if [ "$code" = 200 ]; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
  worst=$(python3 -c "print(max($worst, $time))")
  sleep 0.5
done
wait $attack
grep -E "connected|pending|closed|service available" "$log/slowhttptest.out" | tail -4
echo "probes during the attack: $ok ok, $bad failed, slowest ${worst}s (slowhttptest log in $log)"
[ "$bad" = 0 ]
