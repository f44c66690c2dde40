#!/usr/bin/env python3
"""kill -9 during an audit burst (issue 9): every audit event of a request that got a response
must be in the database after the restart.

  kill9_audit.py burst BASE_URL PID OUT.json [REQUESTS] [THREADS] [KILL_AFTER]
      Prepares (admin token, a product, keys to redeem and licenses to suspend, users signed in),
      then fires REQUESTS audited requests from THREADS threads: product and user creation,
      license issuance, suspension and redemption, IP blocks, failed sign-ins. Once KILL_AFTER
      responses have arrived it sends SIGKILL to PID (a server this harness started). Writes
      every request that got a response, with the audit event it must have left, to OUT.json.
  kill9_audit.py check PSQL_URI OUT.json
      Reads audit_events straight from PostgreSQL and counts, for every answered request, its
      event. Exits 1 if any is missing.

Standard library only (psql for the check). Called by kill9-audit.sh.
"""
import collections
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid


class Client:
    """One keep-alive connection per thread; a dead server shows up as an exception."""

    def __init__(self, base):
        u = urllib.parse.urlparse(base)
        self.host, self.port = u.hostname, u.port
        self.conn = None

    def call(self, method, path, body=None, token=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        try:
            self.conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
            r = self.conn.getresponse()
            data = r.read()
        except Exception:
            self.conn.close()
            self.conn = None
            raise
        return r.status, (json.loads(data) if data else {}), r.getheader("X-Request-Id")


def ok(result, *statuses):
    status, body, _ = result
    if status not in statuses:
        raise SystemExit("setup call refused: %s %s" % (status, body))
    return body


def prepare(base, admin_user, admin_pw, tag, requests):
    c = Client(base)
    admin = ok(c.call("POST", "/auth/token", {"username": admin_user, "password": admin_pw}), 200)["access_token"]
    product = ok(c.call("POST", "/api/v1/admin/products", {"name": "Kill9 " + tag}, admin), 201)["id"]
    n = requests // 5 + 10
    keys = ok(c.call("POST", "/api/v1/admin/licenses", {"product_id": product, "count": n}, admin), 201)["licenses"]
    spare = ok(c.call("POST", "/api/v1/admin/licenses", {"product_id": product, "count": n}, admin), 201)["licenses"]
    users = []
    for u in range(8):
        name, pw = "k9_%s_%d" % (tag, u), "kill9-password-" + tag
        ok(c.call("POST", "/api/v1/admin/users", {"username": name, "password": pw}, admin), 201)
        pair = ok(c.call("POST", "/auth/client/login", {"username": name, "password": pw, "hwid": "k9-%s-%d" % (tag, u)}), 200)
        users.append((name, pair["access_token"]))
    return {"admin": admin, "product": product, "keys": [k["key"] for k in keys],
            "suspend": [k["id"] for k in spare], "users": users}


def plan(setup, tag, requests):
    """Every request with what it must leave behind: (action, column, value of the response or the request)."""
    rng = random.Random(tag)
    keys, suspend = list(setup["keys"]), list(setup["suspend"])
    out = []
    for i in range(requests):
        kind = rng.choices(["product", "user", "issue", "suspend", "redeem", "block", "badlogin"],
                           [25, 8, 12, 12, 15, 18, 10])[0]
        if kind == "suspend" and not suspend or kind == "redeem" and not keys:
            kind = "product"
        if kind == "product":
            out.append(("POST", "/api/v1/admin/products", {"name": "k9 %s %d" % (tag, i)}, setup["admin"], "product.create", "id"))
        elif kind == "user":
            out.append(("POST", "/api/v1/admin/users", {"username": "k9n_%s_%d" % (tag, i), "password": "kill9-password-x"},
                        setup["admin"], "user.create", "id"))
        elif kind == "issue":
            out.append(("POST", "/api/v1/admin/licenses", {"product_id": setup["product"], "count": 2}, setup["admin"],
                        "license.issue", setup["product"]))
        elif kind == "suspend":
            lid = suspend.pop()
            out.append(("PATCH", "/api/v1/admin/licenses/" + lid, {"status": "suspended"}, setup["admin"], "license.suspend", lid))
        elif kind == "redeem":
            name, token = setup["users"][i % len(setup["users"])]
            out.append(("POST", "/api/v1/licenses/redeem", {"license_key": keys.pop()}, token, "license.redeem", "id"))
        elif kind == "block":
            out.append(("POST", "/api/v1/admin/blocklist", {"cidr": "10.%d.%d.%d/32" % (i >> 16 & 255, i >> 8 & 255, i & 255)},
                        setup["admin"], "ip.block", "id"))
        else:
            name = setup["users"][i % len(setup["users"])][0]
            out.append(("POST", "/auth/token", {"username": name, "password": "wrong-password-%d" % i}, None,
                        "auth.token", "actor:" + name))
    return out


def burst(base, pid, out_file, requests, threads, kill_after, admin_user, admin_pw):
    tag = uuid.uuid4().hex[:6]
    setup = prepare(base, admin_user, admin_pw, tag, requests)
    work = plan(setup, tag, requests)
    lock = threading.Lock()
    answered, failed = [], collections.Counter()
    state = {"next": 0, "responses": 0, "killed_at": None}

    def worker():
        c = Client(base)
        while True:
            with lock:
                i = state["next"]
                if i >= len(work):
                    return
                state["next"] += 1
            method, path, body, token, action, match = work[i]
            try:
                status, reply, request_id = c.call(method, path, body, token)
            except Exception as e:
                with lock:
                    failed[type(e).__name__] += 1
                continue
            if match == "id":
                key = ("target_id", reply.get("id"))
            elif match.startswith("actor:"):
                key = ("actor_name", match[6:])
            else:
                key = ("target_id", match)
            with lock:
                after_kill = state["killed_at"] is not None
                answered.append({"i": i, "status": status, "action": action, "column": key[0], "value": key[1],
                                 "request_id": request_id, "after_kill": after_kill,
                                 "outcome": "failure" if action == "auth.token" else "success"})
                state["responses"] += 1
                if state["killed_at"] is None and state["responses"] >= kill_after:
                    os.kill(pid, signal.SIGKILL)
                    state["killed_at"] = time.time()

    started = time.time()
    ts = [threading.Thread(target=worker) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if state["killed_at"] is None:
        os.kill(pid, signal.SIGKILL)
        print("warning: the burst ended before %d responses; killed afterwards" % kill_after)
    by_status = collections.Counter(a["status"] for a in answered)
    print("burst: %d requests planned, %d attempted (the ones after the kill were refused), %d answered %s, %d answered after SIGKILL was sent, "
          "%d without an answer %s; %.1f s, %d threads"
          % (len(work), state["next"], len(answered), dict(sorted(by_status.items())),
             sum(a["after_kill"] for a in answered), sum(failed.values()), dict(failed), time.time() - started, threads))
    bad = [a for a in answered if a["status"] not in (200, 201, 401)]
    if bad:
        print("unexpected statuses (not counted as lost, but look): %s" % bad[:5])
    with open(out_file, "w") as f:
        json.dump({"tag": tag, "answered": answered}, f)


def check(psql_uri, out_file):
    with open(out_file) as f:
        answered = json.load(f)["answered"]
    rows = subprocess.run(["psql", psql_uri, "-AtF", "\t", "-c",
                           "SELECT action, coalesce(target_id, ''), coalesce(actor_name, ''), outcome FROM audit_events"],
                          check=True, capture_output=True, text=True).stdout.splitlines()
    seen = collections.Counter()
    for line in rows:
        action, target, actor, outcome = line.split("\t")
        seen[(action, "target_id", target, outcome)] += 1
        seen[(action, "actor_name", actor, outcome)] += 1
    expected = collections.Counter((a["action"], a["column"], a["value"], a["outcome"])
                                   for a in answered if a["status"] in (200, 201, 401))
    missing = {k: n - seen[k] for k, n in expected.items() if seen[k] < n}
    lost = sum(missing.values())
    print("check: %d audit rows in the database; %d answered requests (2xx, and 401 for the failed sign-ins) expect %d events; "
          "found %d, lost %d" % (len(rows), sum(expected.values()), sum(expected.values()), sum(expected.values()) - lost, lost))
    for k, n in list(missing.items())[:10]:
        print("  missing: %s %s=%s (%d)" % (k[0], k[1], k[2], n))
    return 1 if lost else 0


def main():
    if sys.argv[1] == "burst":
        base, pid, out = sys.argv[2], int(sys.argv[3]), sys.argv[4]
        requests = int(sys.argv[5]) if len(sys.argv) > 5 else 800
        threads = int(sys.argv[6]) if len(sys.argv) > 6 else 32
        kill_after = int(sys.argv[7]) if len(sys.argv) > 7 else requests // 3
        burst(base, pid, out, requests, threads, kill_after,
              os.environ.get("LATCHKEY_ADMIN_USERNAME", "admin"), os.environ.get("LATCHKEY_ADMIN_PASSWORD", "bench-admin-password"))
    elif sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
