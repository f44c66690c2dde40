#!/usr/bin/env python3
"""Prepares a heartbeat benchmark: one product, USERS users, each with their own license and
DEVICES devices signed in (the realistic shape is one or two devices per user).

Usage: heartbeat_setup.py BASE_URL ADMIN_USER ADMIN_PASSWORD USERS DEVICES OUT_FILE
Writes one access token per line to OUT_FILE. Run the server with raised limits and a long token
lifetime (scripts/bench/server.sh does both). Standard library only.
"""
import concurrent.futures
import hashlib
import json
import sys
import urllib.request
import uuid


def call(base, path, body, token=None):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST")
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read() or b"{}")


def prepare_user(base, admin, tag, u, key, devices):
    user, password = "bench_%s_%d" % (tag, u), "bench-password-" + tag
    call(base, "/api/v1/admin/users", {"username": user, "password": password, "max_devices": devices}, admin)
    tokens = []
    for d in range(devices):
        hwid = {n: hashlib.sha256(("%s-%d-%d-%s" % (tag, u, d, n)).encode()).hexdigest() for n in ("cpu", "disk", "machine")}
        pair = call(base, "/auth/client/login", {"username": user, "password": password, "hwid": hwid})
        if d == 0:
            call(base, "/api/v1/licenses/redeem", {"license_key": key}, pair["access_token"])
        tokens.append(pair["access_token"])
    for t in tokens:  # the first beat activates the seat; the benchmark then measures the steady state
        answer = call(base, "/api/v1/heartbeat", {}, t)
        if not answer.get("valid"):
            raise SystemExit("setup heartbeat refused: %s" % answer)
    return tokens


def main():
    base, admin_user, admin_pw = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    users, devices, out = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    admin = call(base, "/auth/token", {"username": admin_user, "password": admin_pw})["access_token"]
    tag = uuid.uuid4().hex[:8]
    product = call(base, "/api/v1/admin/products", {"name": "Bench " + tag}, admin)["id"]
    keys = []
    while len(keys) < users:
        batch = call(base, "/api/v1/admin/licenses",
                     {"product_id": product, "max_activations": devices, "count": min(1000, users - len(keys))}, admin)
        keys += [l["key"] for l in batch["licenses"]]
    tokens = []
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for ts in pool.map(lambda u: prepare_user(base, admin, tag, u, keys[u], devices), range(users)):
            tokens += ts
    with open(out, "w") as f:
        f.write("\n".join(tokens) + "\n")
    print("%d users x %d devices ready; %d tokens in %s" % (users, devices, len(tokens), out))


if __name__ == "__main__":
    main()
