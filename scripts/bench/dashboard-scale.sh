#!/usr/bin/env bash
# Dashboard and admin lists at a million rows (issue 15): every dashboard page and admin list API call, timed
# against the 300 ms target, on ROWS users, devices, licenses, activations and sessions and EVENTS audit events.
#
#   scripts/bench/dashboard-scale.sh [ROWS] [EVENTS]      # defaults 1000000 5000000
#
# Starts the built jar (scripts/bench/server.sh: fresh database, limits raised, admin admin/bench-admin-password),
# loads scripts/bench/fleet-data.sql into its database with bulk SQL (secondary indexes dropped and rebuilt,
# triggers off during the load, then row_counts_rebuild() and VACUUM ANALYZE, as autovacuum would leave a loaded
# table), marks about a third of the devices as seen in the last five minutes (what the heartbeat batches do), signs
# the admin in through the dashboard (cookie + CSRF) and through /auth/token, then requests each page RUNS times and
# prints the median and the maximum. The first page of each list, a later one (three "next" links in), and
# searches with a rare and a common term are timed. Also prints what the overview's once-a-minute recount costs.
#
# Environment: PORT (default 18480), RUNS (default 7), BENCH_DB (default latchkey_lists_bench), KEEP_DB=1 to reuse
# a database loaded by an earlier run (it is dropped at the end otherwise), SKIP_BUILD=1, BENCH_DIR (/tmp/lk-bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}; events=${2:-5000000}
port=${PORT:-18480}; runs=${RUNS:-7}; db=${BENCH_DB:-latchkey_lists_bench}
dir=${BENCH_DIR:-/tmp/lk-bench}; base=${LATCHKEY_PG_BASE:-postgresql://postgres@127.0.0.1:5432}
url=http://127.0.0.1:$port
mkdir -p "$dir"
psql_db() { psql "$base/$db" -X -q -v ON_ERROR_STOP=1 "$@"; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q package -DskipTests -pl server -am
fi

loaded=0
if [ "${KEEP_DB:-0}" = 1 ] && psql "$base/postgres" -XAtc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
  loaded=$(psql_db -At -c "SELECT coalesce((SELECT n FROM row_counts WHERE name = 'devices'), 0)" 2>/dev/null || echo 0)
fi
pid=$(KEEP_DB=$([ "$loaded" -ge "$rows" ] && echo 1 || echo 0) scripts/bench/server.sh "$port" "$db")
trap 'kill "$pid" 2>/dev/null || true; [ "${KEEP_DB:-0}" = 1 ] || psql "$base/postgres" -Xqc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT

if [ "$loaded" -lt "$rows" ]; then
  echo "loading $rows rows per table and $events audit events into $db (several minutes)..."
  t0=$(date +%s)
  # Secondary indexes are built once after the rows are in: far faster than growing them row by row.
  psql_db -At -c "SELECT pg_get_indexdef(i.indexrelid) || ';' FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)" > "$dir/lists-indexes.sql"
  psql_db -At -c "SELECT 'DROP INDEX ' || c.relname || ';' FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)" | psql_db
  # Triggers (foreign keys, row counts) off while loading; the counts are rebuilt below.
  psql_db -v rows="$rows" -v events="$events" -c "SET session_replication_role = replica" -f scripts/bench/fleet-data.sql
  psql_db -c "SET maintenance_work_mem = '512MB'" -f "$dir/lists-indexes.sql"
  psql_db -c "SELECT row_counts_rebuild()" -c "VACUUM ANALYZE" >/dev/null
  echo "loaded in $(( $(date +%s) - t0 )) s"
fi
# What heartbeat batches do: about a third of the active devices seen within the last five minutes.
psql_db -c "UPDATE device_seen s SET last_seen_at = now() - (hashtext(s.device_id::text) & 255) * interval '1 second'
    FROM devices d WHERE d.id = s.device_id AND d.deactivated_at IS NULL AND (hashtext(d.id::text) & 7) < 3" -c "VACUUM ANALYZE device_seen"
psql_db -At -c "SELECT relname || ' ' || n_live_tup FROM pg_stat_user_tables WHERE n_live_tup > 100000 ORDER BY relname" \
  | sed 's/^/  rows: /'

# Dashboard sign-in: the sign-in page sets a nonce cookie and puts its CSRF token in the form.
curl -s -D "$dir/lists-h1" -o "$dir/lists-login.html" "$url/admin/login"
pre=$(grep -io '__Host-lk_pre=[^;]*' "$dir/lists-h1" | head -1)
csrf=$(grep -o 'name="csrf" value="[^"]*"' "$dir/lists-login.html" | head -1 | sed 's/.*value="//; s/"$//')
curl -s -D "$dir/lists-h2" -o /dev/null -H "Cookie: $pre" --data-urlencode username=admin \
  --data-urlencode password="${LATCHKEY_ADMIN_PASSWORD:-bench-admin-password}" --data-urlencode csrf="$csrf" "$url/admin/login"
cookie=$(grep -io '__Host-lk_session=[^;]*' "$dir/lists-h2" | head -1)
[ -n "$cookie" ] || { echo "dashboard sign-in failed; see $dir/lists-h2" >&2; exit 1; }
token=$(curl -s "$url/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"${LATCHKEY_ADMIN_PASSWORD:-bench-admin-password}\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

# The href of the link marked rel=NAME in a page (HTML-escaped & back to &).
link() { grep -o "href=\"[^\"]*\" rel=\"$2\"" "$1" | head -1 | sed 's/^href="//; s/" rel=.*//; s/&amp;/\&/g'; }
# The "next" cursor of an API answer.
next_cursor() { python3 -c 'import json,sys,urllib.parse; n=json.load(sys.stdin).get("next"); print(urllib.parse.quote(n or ""))'; }
# A dashboard path three "next" links in.
later() {
  local path=$1
  for _ in 1 2 3; do
    curl -s -H "Cookie: $cookie" -o "$dir/lists-page.html" "$url$path"
    path=$(link "$dir/lists-page.html" next)
    [ -n "$path" ] || { echo "$1 has no next link" >&2; exit 1; }
  done
  echo "$path"
}
api_later() {
  local path=$1 cursor sep
  sep=$([[ "$path" == *\?* ]] && echo '&' || echo '?')
  cursor=$(curl -s -H "Authorization: Bearer $token" "$url$path" | next_cursor)
  for _ in 1 2; do
    cursor=$(curl -s -H "Authorization: Bearer $token" "$url$path${sep}after=$cursor" | next_cursor)
  done
  echo "$path${sep}after=$cursor"
}

# The overview shows its recounted numbers once the first recount (started by the first view) is done: wait for
# it, so the timings below are the steady state, and say how long it took.
t0=$(date +%s%N)
for _ in $(seq 1 300); do
  curl -s -H "Cookie: $cookie" -o "$dir/lists-overview.html" "$url/admin"
  grep -q 'id="recount-pending" hidden' "$dir/lists-overview.html" && break
  sleep 1
done
echo "first overview recount ready $(( ($(date +%s%N) - t0) / 1000000 )) ms after the first view"

printf '\n%-46s %6s %9s %9s  %s\n' "page" "status" "median" "max" "target 300 ms"
slow=0
measure() {  # name, auth (cookie|bearer), path
  local name=$1 auth=$2 path=$3 header out status times
  if [ "$auth" = cookie ]; then header="Cookie: $cookie"; else header="Authorization: Bearer $token"; fi
  times=()
  status=""
  for _ in $(seq 1 "$runs"); do
    out=$(curl -s -o /dev/null -H "$header" -w '%{http_code} %{time_total}' "$url$path")
    status=${out% *}
    times+=("$(awk -v s="${out#* }" 'BEGIN { printf "%.1f", s * 1000 }')")
  done
  read -r median max < <(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)], a[NR] }')
  local verdict=ok
  if [ "$status" != 200 ] || awk -v m="$median" 'BEGIN { exit !(m > 300) }'; then verdict=SLOW; slow=$((slow + 1)); fi
  printf '%-46s %6s %7s ms %7s ms  %s\n' "$name" "$status" "$median" "$max" "$verdict"
}

measure "dashboard overview" cookie "/admin"
measure "dashboard users" cookie "/admin/users"
measure "dashboard users, later page" cookie "$(later /admin/users)"
measure "dashboard users, rare term" cookie "/admin/users?q=user00012"
measure "dashboard users, common term" cookie "/admin/users?q=user"
measure "dashboard users, common term, later page" cookie "$(later '/admin/users?q=user')"
measure "dashboard users, by last sign-in" cookie "/admin/users?sort=last_login&dir=desc"
measure "dashboard users, blocked" cookie "/admin/users?filter=blocked"
measure "dashboard devices" cookie "/admin/devices"
measure "dashboard devices, later page" cookie "$(later /admin/devices)"
measure "dashboard devices, rare term" cookie "/admin/devices?q=user00012"
measure "dashboard devices, common term" cookie "/admin/devices?q=desktop"
measure "dashboard devices, online" cookie "/admin/devices?state=online"
measure "dashboard licenses" cookie "/admin/licenses"
measure "dashboard licenses, later page" cookie "$(later /admin/licenses)"
measure "dashboard licenses, expired" cookie "/admin/licenses?status=expired"
measure "dashboard sessions" cookie "/admin/sessions"
measure "dashboard sessions, later page" cookie "$(later /admin/sessions)"
measure "dashboard sessions, rare term" cookie "/admin/sessions?q=user00012"
measure "dashboard sessions, web" cookie "/admin/sessions?kind=web"
measure "dashboard products" cookie "/admin/products"
measure "dashboard audit" cookie "/admin/audit"
measure "dashboard audit, actor" cookie "/admin/audit?actor=user0001234"
measure "dashboard audit, page 2" cookie "/admin/audit?page=2"
measure "api users" bearer "/api/v1/admin/users?limit=50"
measure "api users, later page" bearer "$(api_later '/api/v1/admin/users?limit=50')"
measure "api users, rare term" bearer "/api/v1/admin/users?q=user00012"
measure "api users, common term" bearer "/api/v1/admin/users?q=user&limit=50"
measure "api licenses" bearer "/api/v1/admin/licenses?limit=50"
measure "api licenses, later page" bearer "$(api_later '/api/v1/admin/licenses?limit=50')"
measure "api licenses, product and status" bearer "/api/v1/admin/licenses?product_id=$(psql_db -At -c "SELECT md5('p3')::uuid")&status=active&limit=50"
measure "api devices" bearer "/api/v1/admin/devices?limit=50"
measure "api devices, later page" bearer "$(api_later '/api/v1/admin/devices?limit=50')"
measure "api sessions" bearer "/api/v1/admin/sessions?limit=50"
measure "api sessions, later page" bearer "$(api_later '/api/v1/admin/sessions?limit=50')"
measure "api sessions, with ended" bearer "/api/v1/admin/sessions?limit=50&include_ended=true"
measure "api audit" bearer "/api/v1/admin/audit?limit=50"

# The overview's once-a-minute recount (dashboard/Recounts), statement by statement.
echo
echo "overview recount, once a minute for the cluster (users active in 24 hours every ten minutes):"
for q in "SELECT count(*) FROM device_seen s JOIN devices d ON d.id = s.device_id WHERE d.deactivated_at IS NULL AND s.last_seen_at > now() - interval '10 minutes'" \
         "SELECT outcome, count(*) FROM audit_events WHERE action IN ('auth.login', 'auth.client_login', 'auth.token') AND occurred_at > now() - interval '24 hours' GROUP BY outcome" \
         "SELECT count(*) FROM (SELECT d.user_id FROM device_seen s JOIN devices d ON d.id = s.device_id WHERE s.last_seen_at > now() - interval '24 hours' UNION SELECT u.id FROM users u WHERE coalesce(u.last_login_at, '1970-01-01 00:00:00+00'::timestamptz) > now() - interval '24 hours') AS a" \
         "SELECT kind, count(*) FILTER (WHERE kind <> 'web' OR last_seen_at > now() - interval '30 minutes'), count(*) FROM sessions WHERE revoked_at IS NULL AND expires_at > now() GROUP BY kind" \
         "SELECT count(*) FROM licenses WHERE status = 'active' AND expires_at > now() AND expires_at <= now() + interval '90 days'"; do
  ms=$(psql_db -c '\timing on' -c "$q" | grep -o 'Time: [0-9.]*' | tail -1 | cut -d' ' -f2)
  printf '  %8s ms  %s\n' "$ms" "${q:0:100}"
done
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$slow" = 0 ] || { echo "$slow pages over 300 ms (median) or not 200"; exit 1; }
