# Shared by the fault scripts (sourced). Everything started here is stopped by PID.

# redis_up PORT PIDFILE LOGFILE: a throw-away redis-server (no persistence) on loopback.
redis_up() {
  redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --pidfile "$2" --logfile "$3"
  for _ in $(seq 1 50); do redis-cli -p "$1" ping 2>/dev/null | grep -q PONG && return 0; sleep 0.1; done
  echo "redis-server did not start on $1" >&2; return 1
}

# begin_run WHAT: starts the run's private Redis on $REDIS_PORT (refusing a taken port), prints the run's
# header lines, and starts the server jar on $PORT with database $DB; sets server_pid.
begin_run() {
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then echo "port $REDIS_PORT is taken" >&2; exit 1; fi
  redis_up "$REDIS_PORT" "$PIDFILE" "$RUN/redis.log"
  echo "fault: $1; run directory: $RUN"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit: $(git rev-parse --short HEAD)  uptime:$(uptime | sed 's/.*up/ up/')"
  server_pid=$(BENCH_REDIS_PORT=$REDIS_PORT LATCHKEY_PG_BASE=$PG_BASE scripts/bench/server.sh "$PORT" "$DB")
}

# gone PID: true once the process is dead. Why not kill -0: a daemon is not our child, and its
# zombie lingers until init reaps it.
gone() { ! grep -qsE '^State:\s+[^Z]' "/proc/$1/status"; }

# sample_server PID PORT: one line a second, "EPOCH RSS_KIB SQL_POOL_PENDING HEAP_BYTES AUDIT_QUEUE",
# until the process ends (the /metrics fields are "-" when it does not answer within 1 s).
sample_server() {
  local pid=$1 port=$2 m
  while kill -0 "$pid" 2>/dev/null; do
    m=$(curl -s -m 1 "http://127.0.0.1:$port/metrics" 2>/dev/null | awk '
      /^vertx_pool_queue_pending\{.*pool_type="sql"/ {q=$NF}
      /^jvm_memory_used_bytes\{area="heap"/ {h+=$NF}
      /^latchkey_audit_queue_depth/ {a=$NF}
      END {printf "%s %s %s", (q==""?"-":q), (h==""?"-":sprintf("%.0f",h)), (a==""?"-":a)}')
    echo "$(date +%s.%N) $(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null) ${m:-- - -}"
    sleep 1
  done
}

# sleep_until T0 SECONDS: sleeps until T0 + SECONDS (wall clock, fractional).
sleep_until() {
  local d; d=$(echo "$1 + $2 - $(date +%s.%N)" | bc)
  case "$d" in -*|0) ;; *) sleep "$d" ;; esac
}

# log_report LOGFILE FIRST_LINE: how many entries (lines that start with a timestamp; a stack trace
# belongs to its entry) the server logged since FIRST_LINE, most frequent first. Sets LOG_ENTRIES.
log_report() {
  LOG_ENTRIES=$(tail -n +"$2" "$1" | grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' || true)
  echo "server log entries written during the run: $LOG_ENTRIES ($(tail -n +"$2" "$1" | wc -l) lines)"
  tail -n +"$2" "$1" | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' | cut -d" " -f2- | cut -c1-150 | sort | uniq -c | sort -rn | head -12
}

# Starts the sampler and the load (plan $RUN/plan.json) against the server on $PORT ($server_pid);
# sets log, first_line, sampler_pid, load_pid and start (the load's t = 0).
start_load() {
  log="$BENCH_DIR/server-$PORT.log"
  first_line=$(( $(wc -l < "$log") + 1 ))
  sample_server "$server_pid" "$PORT" > "$RUN/samples.log" &
  sampler_pid=$!
  python3 scripts/faults/load.py "http://127.0.0.1:$PORT" "$RUN/plan.json" "$RUN/outcomes.jsonl" \
    --duration "$DURATION" --conns "$CONNS" --rate "$RATE" --timeout "$TIMEOUT" &
  load_pid=$!
  while [ ! -s "$RUN/outcomes.jsonl.t0" ]; do sleep 0.05; done
  start=$(cat "$RUN/outcomes.jsonl.t0")
}

# Waits for the load to end and stops the sampler.
stop_load() {
  wait "$load_pid"; load_pid=
  kill "$sampler_pid" 2>/dev/null || true; sampler_pid=
}

# After analyze.py ended with status $1: the server must be the same process and its log short.
# Prints the verdict and exits with it.
finish() {
  local status=$1 alive=no
  kill -0 "$server_pid" 2>/dev/null && alive=yes
  echo "server PID $server_pid still running (no restart): $alive"
  log_report "$log" "$first_line"
  [ "$alive" = yes ] || status=1
  if [ "$LOG_ENTRIES" -gt "$MAX_LOG_ENTRIES" ]; then echo "FAIL  more than $MAX_LOG_ENTRIES log entries during the run"; status=1; fi
  echo "outcomes: $RUN/outcomes.jsonl; server log: $log"
  echo "VERDICT: $([ "$status" = 0 ] && echo PASS || echo FAIL)"
  exit "$status"
}
