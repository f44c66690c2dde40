#!/usr/bin/env bash
# sqlmap (Debian) against the sign-in, redeem and admin list endpoints of a server on loopback.
# Start the server with limits raised first, e.g.:
#   LATCHKEY_RATE_LOGIN=1000000/1m LATCHKEY_RATE_API=1000000/1m LATCHKEY_AUTOBLOCK_LOGIN_FAILURES=1000000 \
#   LATCHKEY_REDEEM_FAILURES=1000000 java -jar server/target/latchkey-server.jar
# Usage: scripts/attack/sqlmap.sh http://127.0.0.1:8080 ADMIN_USER ADMIN_PASSWORD
# Exit 0 when sqlmap reports no injectable parameter anywhere.
set -euo pipefail
base=${1:?base url}; user=${2:?admin user}; pass=${3:?admin password}
out=$(mktemp -d)
token=$(curl -s "$base/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"$pass\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
# Errors (401 wrong password, 404 unknown key, ...) are normal answers here: sqlmap must keep testing through them.
common=(--batch --level 2 --risk 3 --output-dir "$out" --disable-coloring --flush-session --threads 4 --timeout 10 --retries 1
        --ignore-code=400,401,403,404,409,429)
run() {
  local name=$1; shift
  echo "== $name"
  sqlmap "${common[@]}" "$@" 2>&1 | grep -E "is vulnerable|might be injectable|appears to be injectable|all tested parameters do not appear|CRITICAL" | head -20 || true
}
run "login (JSON body)" -u "$base/auth/login" --method POST --data '{"username":"alice","password":"password123"}' \
  --headers "Content-Type: application/json"
run "client login (JSON body)" -u "$base/auth/client/login" --method POST \
  --data '{"username":"alice","password":"password123","hwid":"abc"}' --headers "Content-Type: application/json"
run "redeem (JSON body, bearer)" -u "$base/api/v1/licenses/redeem" --method POST \
  --data '{"license_key":"00000-00000-00000-00000-00000-00000"}' --headers "Content-Type: application/json
Authorization: Bearer $token"
run "admin user list (query)" -u "$base/api/v1/admin/users?q=alice&limit=10&offset=0" --headers "Authorization: Bearer $token"
run "admin audit (query)" -u "$base/api/v1/admin/audit?action=auth&actor=admin&target=x&ip=127.0.0.1&limit=10" \
  --headers "Authorization: Bearer $token"
run "admin licenses (query)" -u "$base/api/v1/admin/licenses?status=active&limit=10" --headers "Authorization: Bearer $token"
if grep -rqs "Parameter:" "$out"; then
  echo "FINDINGS: see $out"; exit 1
fi
echo "sqlmap found no injection (logs in $out)"
