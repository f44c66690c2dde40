#!/usr/bin/env bash
# ffuf (Debian) against a server on loopback: path discovery without a token, the admin API without a
# token and with a plain user's token, and hostile values in the sign-in and redeem JSON bodies.
# Start the server with limits raised (scripts/bench/server.sh does). Wordlist: Debian's dirb package.
# Usage: scripts/attack/ffuf.sh http://127.0.0.1:8080 ADMIN_USER ADMIN_PASSWORD
# Exit 0 when no request got a 5xx, the admin API answered no one but an admin, and no hostile value
# got anything but a 4xx.
set -uo pipefail
base=${1:?base url}; admin=${2:?admin user}; pass=${3:?admin password}
words=${WORDLIST:-/usr/share/dirb/wordlists/common.txt}
[ -r "$words" ] || { echo "wordlist $words missing (apt-get install dirb)" >&2; exit 2; }
out=$(mktemp -d)
json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
post() { curl -s "$base$1" -H 'Content-Type: application/json' ${3:+-H "Authorization: Bearer $3"} -d "$2"; }

atoken=$(post /auth/token "{\"username\":\"$admin\",\"password\":\"$pass\"}" | json access_token)
tag=$(date +%s)
post /api/v1/admin/users "{\"username\":\"ffuf_$tag\",\"password\":\"ffuf-password-$tag\"}" "$atoken" >/dev/null
utoken=$(post /auth/client/login "{\"username\":\"ffuf_$tag\",\"password\":\"ffuf-password-$tag\",\"hwid\":\"ffuf-hwid-$tag\"}" | json access_token)

# Hostile values, JSON-escaped so they land in the string as sent.
python3 - "$out/values.txt" <<'PY'
import json, sys
vals = ["'", "\"", "' OR '1'='1", "admin'--", "\\", "%00", "\u0000", "\u202e", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}",
        "<script>alert(1)</script>", "../../../../etc/passwd", "A" * 5000, "\ud83d\ude00" * 50, "%s%s%s%n", "-1", "1e309",
        "[]", "{}", "null", "true", "\r\nSet-Cookie: x=1", "admin\u0000", "00000-00000-00000-00000-00000-00000",
        "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ", "; DROP TABLE users; --", "\u00e9\u00e8\u00ea", "\ud55c\uad6d\uc5b4"]
with open(sys.argv[1], "w") as f:
    for v in vals:
        f.write(json.dumps(v)[1:-1] + "\n")
PY

fail=0
run() {  # name, then ffuf arguments; prints the hits and counts them
  local name=$1; shift
  if ! ffuf -s -t 20 -timeout 10 -o "$out/$name.json" -of json "$@" >/dev/null 2>"$out/$name.err"; then
    echo "$name: ffuf failed: $(head -c 300 "$out/$name.err")"; return 1
  fi
  python3 - "$out/$name.json" "$name" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]  # a missing or broken report is a failure, not "no hits"
print("%-28s %d hit(s)%s" % (sys.argv[2], len(results), "".join(
    "\n    %s %s" % (r["status"], r["input"]["FUZZ"][:60]) for r in results[:15])))
sys.exit(1 if results else 0)
PY
}
# 1. Anything under / that answers 5xx without a token (every other status is listed for the record).
run paths-5xx -u "$base/FUZZ" -w "$words" -mc 500-599 || fail=1
ffuf -s -t 20 -u "$base/FUZZ" -w "$words" -mc all -fc 404 -o "$out/paths.json" -of json >/dev/null 2>&1
python3 -c 'import json,sys,collections; r=json.load(open(sys.argv[1]))["results"]; c=collections.Counter(x["status"] for x in r); print("paths that exist without a token (status: count):", dict(c)); [print("   ", x["status"], "/"+x["input"]["FUZZ"]) for x in r]' "$out/paths.json"
# 2. The admin API without a token and with a plain user's token: nothing may answer 2xx or 5xx.
run admin-no-token -u "$base/api/v1/admin/FUZZ" -w "$words" -mc 200-299,500-599 || fail=1
run admin-user-token -u "$base/api/v1/admin/FUZZ" -w "$words" -H "Authorization: Bearer $utoken" -mc 200-299,500-599 || fail=1
run api-user-token -u "$base/api/v1/FUZZ" -w "$words" -H "Authorization: Bearer $utoken" -mc 500-599 || fail=1
# 3. Hostile values in JSON bodies: only 4xx is an acceptable answer.
run login-username -u "$base/auth/login" -X POST -H 'Content-Type: application/json' \
  -d '{"username":"FUZZ","password":"wrong-password-1"}' -w "$out/values.txt" -mc 200-399,500-599 || fail=1
run login-password -u "$base/auth/client/login" -X POST -H 'Content-Type: application/json' \
  -d "{\"username\":\"ffuf_$tag\",\"password\":\"FUZZ\",\"hwid\":\"h\"}" -w "$out/values.txt" -mc 200-399,500-599 || fail=1
run client-login-hwid -u "$base/auth/client/login" -X POST -H 'Content-Type: application/json' \
  -d '{"username":"nobody","password":"wrong-password-1","hwid":"FUZZ"}' -w "$out/values.txt" -mc 200-399,500-599 || fail=1
run redeem-key -u "$base/api/v1/licenses/redeem" -X POST -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $utoken" -d '{"license_key":"FUZZ"}' -w "$out/values.txt" -mc 200-399,500-599 || fail=1
run admin-users-q -u "$base/api/v1/admin/users?q=FUZZ" -H "Authorization: Bearer $atoken" -w "$out/values.txt" \
  -mc 500-599 || fail=1
echo "ffuf output in $out"
[ "$fail" = 0 ] && echo "ffuf: no finding" || echo "ffuf: FINDINGS above"
exit $fail
