#!/usr/bin/env python3
"""Prepares a heartbeat benchmark: one product, one user with a license of N seats, N devices signed in.

Usage: heartbeat_setup.py BASE_URL ADMIN_USER ADMIN_PASSWORD N OUT_FILE
Writes one access token per line to OUT_FILE (tokens live 15 minutes: run the benchmark soon after).
Run the server with raised sign-in limits (LATCHKEY_RATE_LOGIN=100000/1m). Standard library only.
"""
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
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"{}")


def main():
    base, admin_user, admin_pw, n, out = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    admin = call(base, "/auth/token", {"username": admin_user, "password": admin_pw})["access_token"]
    tag = uuid.uuid4().hex[:8]
    product = call(base, "/api/v1/admin/products", {"name": "Bench " + tag}, admin)["id"]
    user, password = "bench_" + tag, "bench-password-" + tag
    call(base, "/api/v1/admin/users", {"username": user, "password": password, "max_devices": n}, admin)
    key = call(base, "/api/v1/admin/licenses", {"product_id": product, "max_activations": n}, admin)["licenses"][0]["key"]
    tokens = []
    for i in range(n):
        hwid = {name: hashlib.sha256(("%s-%d-%s" % (tag, i, name)).encode()).hexdigest() for name in ("cpu", "disk", "machine")}
        pair = call(base, "/auth/client/login", {"username": user, "password": password, "hwid": hwid})
        if i == 0:
            call(base, "/api/v1/licenses/redeem", {"license_key": key}, pair["access_token"])
        tokens.append(pair["access_token"])
    for t in tokens:  # first beat activates the seat; the benchmark then measures steady state
        call(base, "/api/v1/heartbeat", {}, t)
    with open(out, "w") as f:
        f.write("\n".join(tokens) + "\n")
    print("%d devices ready; tokens in %s" % (n, out))


if __name__ == "__main__":
    main()
