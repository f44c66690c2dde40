#!/usr/bin/env bash
# Audit log at scale (issue 15): EVENTS audit events over MONTHS months and USERS users with a device each, loaded
# with bulk SQL (audit_scale_load.sql) and ANALYZEd; then the audit API, the audit dashboard page and the overview
# are timed (RUNS runs each: median and max, against 300 ms), and retention is shown dropping the expired months.
#
#   scripts/bench/audit-scale.sh [PORT]             # defaults: EVENTS=5000000 USERS=1000000 MONTHS=14 RUNS=7
#   KEEP_DB=1 scripts/bench/audit-scale.sh          # keep the database; a later run with KEEP_DB=1 or REUSE=1
#                                                    # reuses it if still whole (REUSE=1 alone drops it at the end)
#   RETENTION=365d scripts/bench/audit-scale.sh     # the retention of the last phase (default 365d; off skips it,
#                                                    # which keeps a KEEP_DB database whole for another run)
#
# Runs the built jar (server/target/latchkey-server.jar, or SERVER_JAR) through scripts/bench/server.sh on the
# database latchkey_audit_scale (dropped at the end unless KEEP_DB=1). Needs psql, curl and jq.
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${1:-18961}
events=${EVENTS:-5000000}; users=${USERS:-1000000}; months=${MONTHS:-14}; runs=${RUNS:-7}; retention=${RETENTION:-365d}
base=${LATCHKEY_PG_BASE:-postgresql://postgres@127.0.0.1:5432}
db=latchkey_audit_scale
url="http://127.0.0.1:$port"
export BENCH_DIR=${BENCH_DIR:-/tmp/lk-audit-scale}
mkdir -p "$BENCH_DIR"
server=""
sql() { psql "$base/$db" -XAtq -c "$1"; }
stop_server() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    for _ in $(seq 1 200); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
    server=""
  fi
}
cleanup() {
  stop_server
  if [ "${KEEP_DB:-0}" != 1 ]; then psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

echo "== audit-scale: $events events over $months months, $users users; $(date -u +%FT%TZ); $(nproc) cores; $(uptime | sed 's/.*load/load/')"

# 1. Data: a migrated database (the server creates it), then the bulk load.
loaded=0
if { [ "${KEEP_DB:-0}" = 1 ] || [ "${REUSE:-0}" = 1 ]; } && psql "$base/postgres" -XAtqc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
  have=$(sql "SELECT coalesce(sum(c.reltuples), 0)::bigint FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
              WHERE i.inhparent = 'audit_events'::regclass")
  if [ "$have" -ge $(( events * 9 / 10 )) ]; then loaded=1; echo "reusing $db ($have events by the statistics)"; fi
fi
if [ "$loaded" = 0 ]; then
  server=$(KEEP_DB=0 LATCHKEY_AUDIT_RETENTION=36500d scripts/bench/server.sh "$port" "$db")
  stop_server
  echo "loading (audit_scale_load.sql)..."
  t0=$(date +%s)
  psql "$base/$db" -X -q -v users="$users" -v events="$events" -v months="$months" -f scripts/bench/audit_scale_load.sql \
    2>&1 | grep -E '^(Time|INSERT|psql.*ERROR)' | sed 's/^/  /'
  echo "loaded in $(( $(date +%s) - t0 )) s; $(uptime | sed 's/.*load/load/')"
fi
sql "SELECT 'audit_events: about ' || sum(c.reltuples)::bigint || ' rows in ' || count(*) || ' partitions, '
     || pg_size_pretty(sum(pg_total_relation_size(c.oid))::bigint) || ' with indexes'
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_events'::regclass"
echo "users: $(sql "SELECT count(*) FROM users"), devices: $(sql "SELECT count(*) FROM devices")"

# 2. Timings. Everything is kept (retention of a hundred years) so the data does not change under the timings.
server=$(KEEP_DB=1 LATCHKEY_AUDIT_RETENTION=36500d scripts/bench/server.sh "$port" "$db")
token=$(curl -fs "$url/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"'"${LATCHKEY_ADMIN_PASSWORD:-bench-admin-password}"'"}' | jq -r .access_token)
cookie=$(curl -fs -D - -o /dev/null "$url/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"'"${LATCHKEY_ADMIN_PASSWORD:-bench-admin-password}"'"}' \
  | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(__Host-lk_session=[^;]*\).*/\1/p')
[ -n "$token" ] && [ -n "$cookie" ] || { echo "could not sign in" >&2; exit 1; }

user1=$(sql "SELECT md5('u1')::uuid"); device1=$(sql "SELECT md5('d1')::uuid")
day=$(sql "SELECT to_char(date_trunc('day', now() - interval '7 months'), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
next_day=$(sql "SELECT to_char(date_trunc('day', now() - interval '7 months') + interval '1 day', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
yesterday=$(sql "SELECT to_char(now() - interval '1 day', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")

over=0
printf '%-50s %8s %9s %9s %6s  %s\n' "request" "first" "median" "max" "items" "total"
# request KIND PATH: one request (api: bearer token; page: session cookie); prints "HTTP_CODE MILLISECONDS".
request() {
  local auth
  if [ "$1" = api ]; then auth="Authorization: Bearer $token"; else auth="Cookie: $cookie"; fi
  curl -s --max-time 25 -o "$BENCH_DIR/body" -w '%{http_code} %{time_total}' -H "$auth" "$url$2" \
    | awk '{ printf "%s %.1f", $1, $2 * 1000 }'
}
# time_one LABEL PATH [api|page]: a first request (cold: plans, caches and JIT of this kind of search), then RUNS
# more, of which the median and the max count against 300 ms.
time_one() {
  local label=$1 path=$2 kind=${3:-api} first r times=() items total
  first=$(request "$kind" "$path")
  [ "${first% *}" = 200 ] || { echo "$label: HTTP ${first% *}: $(head -c 300 "$BENCH_DIR/body")" >&2; exit 1; }
  for _ in $(seq 1 "$runs"); do
    r=$(request "$kind" "$path")
    [ "${r% *}" = 200 ] || { echo "$label: HTTP ${r% *}: $(head -c 300 "$BENCH_DIR/body")" >&2; exit 1; }
    times+=("${r#* }")
  done
  local sorted median max
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  median=$(echo "$sorted" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  max=$(echo "$sorted" | tail -1)
  if [ "$kind" = api ]; then
    items=$(jq '.items | length' "$BENCH_DIR/body"); total=$(jq -r '"\(.total)\(if .total_exact then "" else " (estimate)" end)"' "$BENCH_DIR/body")
  else
    items=$(grep -c '<time datetime=' "$BENCH_DIR/body" || true); total=$(grep -o '[^>]*events match[^<]*' "$BENCH_DIR/body" | head -1 || true)
  fi
  local mark=""
  if awk -v m="$max" 'BEGIN { exit !(m >= 300) }'; then mark="  OVER 300 ms"; over=$(( over + 1 )); fi
  printf '%-50s %5s ms %6s ms %6s ms %6s  %s%s\n' "$label" "${first#* }" "$median" "$max" "$items" "$total" "$mark"
}
# The cursor DEPTH pages into a search (following next), for timing a later page.
cursor_at() {
  local path=$1 depth=$2 next=""
  for _ in $(seq 1 "$depth"); do
    next=$(curl -fs -H "Authorization: Bearer $token" "$url$path${next:+&after=$next}" | jq -r .next)
  done
  echo "$next"
}

echo "-- API: GET /api/v1/admin/audit"
time_one "first page, no filter (limit=100)" "/api/v1/admin/audit?limit=100"
time_one "page 50 through the cursor, no filter" "/api/v1/admin/audit?limit=100&after=$(cursor_at '/api/v1/admin/audit?limit=100' 49)"
time_one "a cursor 7 months deep, no filter" "/api/v1/admin/audit?limit=100&after=$(cursor_at "/api/v1/admin/audit?limit=1&until=$day" 1)"
time_one "offset=10000 (the old way)" "/api/v1/admin/audit?limit=100&offset=10000"
time_one "action=auth.login" "/api/v1/admin/audit?action=auth.login"
time_one "action=auth (prefix: 4 actions here)" "/api/v1/admin/audit?action=auth"
time_one "action=user.create (1% of events)" "/api/v1/admin/audit?action=user.create"
time_one "action=auth.login, page 20 through the cursor" "/api/v1/admin/audit?action=auth.login&after=$(cursor_at '/api/v1/admin/audit?action=auth.login' 19)"
time_one "actor=fleet_user_0000001 (busiest user)" "/api/v1/admin/audit?actor=fleet_user_0000001"
time_one "actor=<id of that user>" "/api/v1/admin/audit?actor=$user1"
time_one "actor=fleet_admin_3 (an admin)" "/api/v1/admin/audit?actor=fleet_admin_3"
time_one "actor=system (periodic jobs)" "/api/v1/admin/audit?actor=system"
time_one "actor=system, page 20 through the cursor" "/api/v1/admin/audit?actor=system&after=$(cursor_at '/api/v1/admin/audit?actor=system' 19)"
time_one "target=<a device>" "/api/v1/admin/audit?target=$device1"
time_one "ip=203.0.113.7 (failed sign-ins)" "/api/v1/admin/audit?ip=203.0.113.7"
time_one "ip=10.0.0.1 (one user's address)" "/api/v1/admin/audit?ip=10.0.0.1"
time_one "since/until: one day 7 months ago" "/api/v1/admin/audit?since=$day&until=$next_day"
time_one "since: the last 24 hours" "/api/v1/admin/audit?since=$yesterday"
time_one "action=auth.login&ip=203.0.113.7" "/api/v1/admin/audit?action=auth.login&ip=203.0.113.7"
time_one "action=license&actor=fleet_user_0000001" "/api/v1/admin/audit?action=license&actor=fleet_user_0000001"

echo "-- dashboard: GET /admin/audit (25 a page)"
time_one "no filter" "/admin/audit" page
older=$(curl -fs -H "Cookie: $cookie" "$url/admin/audit" | grep -o 'href="[^"]*" rel="next"' | head -1 | sed 's/href="\([^"]*\)".*/\1/; s/&amp;/\&/g')
time_one "older page through the cursor" "$older" page
time_one "action=auth.login" "/admin/audit?action=auth.login" page
time_one "actor=fleet_user_0000001" "/admin/audit?actor=fleet_user_0000001" page
time_one "actor=system" "/admin/audit?actor=system" page
time_one "target=<a device>" "/admin/audit?target=$device1" page
time_one "ip=203.0.113.7" "/admin/audit?ip=203.0.113.7" page
time_one "since/until: one day 7 months ago" "/admin/audit?since=$day&until=$next_day" page

echo "-- overview: GET /admin (every card; login stats and recent events are two of its nine reads)"
r=$(request page /admin)
echo "overview page: HTTP ${r% *} in ${r#* } ms (not counted: its user, device and license cards are not audit reads)"
# A read the server gave up on still runs in PostgreSQL: end it, it is ours.
sql "SELECT count(pg_cancel_backend(pid)) || ' statement(s) of the overview still running, cancelled' FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND now() - query_start > interval '20 seconds'"
echo "-- the overview's two audit statements alone (psql, $runs runs each, after one unmeasured)"
for name in login_stats recent_events; do
  if [ "$name" = login_stats ]; then
    q="SELECT outcome, count(*) AS n FROM audit_events WHERE action IN ('auth.login', 'auth.client_login', 'auth.token') AND occurred_at > now() - interval '24 hours' GROUP BY outcome"
  else
    q="SELECT e.occurred_at, e.action, coalesce(e.actor_name, u.username) FROM (SELECT id, occurred_at, action, actor_id, actor_name FROM audit_events ORDER BY occurred_at DESC, id DESC LIMIT 25) AS e LEFT JOIN users u ON u.id = e.actor_id ORDER BY e.occurred_at DESC, e.id DESC"
  fi
  ms=$( (echo "$q;"; echo '\timing on'; for _ in $(seq 1 "$runs"); do echo "$q;"; done) | psql "$base/$db" -XAtq 2>&1 \
    | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n)
  printf '%-50s %8s %6s ms %6s ms\n' "$name" "" "$(echo "$ms" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')" "$(echo "$ms" | tail -1)"
done
stop_server

# 3. Retention: a server with RETENTION drops every month whose end is older than that, at start.
if [ "$retention" = off ]; then echo "== $over request(s) over 300 ms; $(uptime | sed 's/.*load/load/')"; [ "$over" = 0 ]; exit; fi
echo "-- retention: LATCHKEY_AUDIT_RETENTION=$retention"
partitions() { sql "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'audit_events'::regclass"; }
echo "before: $(partitions)"
before_rows=$(sql "SELECT count(*) FROM audit_events")
server=$(KEEP_DB=1 LATCHKEY_AUDIT_RETENTION="$retention" scripts/bench/server.sh "$port" "$db")
for _ in $(seq 1 600); do grep -q 'Audit partitions: created' "$BENCH_DIR/server-$port.log" && break; sleep 0.1; done
grep -o 'Audit partitions: created.*' "$BENCH_DIR/server-$port.log" | head -1 | sed 's/^/log: /'
echo "after:  $(partitions)"
echo "rows: $before_rows before, $(sql "SELECT count(*) FROM audit_events") after; oldest kept: $(sql "SELECT min(occurred_at) FROM audit_events")"
sql "SELECT 'event: ' || action || ' ' || target_id || ' ' || details::text FROM audit_events WHERE action = 'audit.retention' ORDER BY id"
time_one "first page, no filter, after the drop" "/api/v1/admin/audit?limit=100"
stop_server

echo "== $over request(s) over 300 ms; $(uptime | sed 's/.*load/load/')"
[ "$over" = 0 ]
