#!/usr/bin/env bash
# Creates a user on a bench server (scripts/bench/server.sh's admin) and writes a wrk script that signs it
# in from the desktop client, each request one Argon2id verification.
# Usage: scripts/bench/signin_user.sh URL USERNAME PASSWORD LUA_FILE
set -euo pipefail
url=${1:?url}; user=${2:?username}; password=${3:?password}; lua=${4:?lua file}
admin=$(curl -s "$url/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"'"${LATCHKEY_ADMIN_PASSWORD:-bench-admin-password}"'"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
curl -s -o /dev/null "$url/api/v1/admin/users" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"username":"'"$user"'","password":"'"$password"'","max_devices":5}'
cat > "$lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username":"$user","password":"$password","hwid":"$user-machine"}'
LUA
