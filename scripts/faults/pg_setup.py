#!/usr/bin/env python3
"""Prepares the PostgreSQL fault run: USERS users, each with DEVICES devices signed in and one
license of SEATS seats (SEATS < DEVICES, so the seat limit is contested), none activated yet.

Usage: pg_setup.py BASE_URL ADMIN_USER ADMIN_PASSWORD USERS DEVICES SEATS REDEEM_USERS RELEASE_UNTIL OUT_PLAN

The first USERS - REDEEM_USERS users redeem their key now; the others redeem it during the run
(a "redeem" item of the plan). A quarter of the users start at t = 0 (the steady heartbeat load);
the rest are released one by one over [0, RELEASE_UNTIL] seconds, so first heartbeats, which
activate seats in PostgreSQL, happen before, during and after the outage. Every plan item names
its user, device and license, for the checks of scripts/faults/analyze.py. Standard library only.
"""
import concurrent.futures
import hashlib
import json
import os
import random
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from heartbeat_setup import call  # noqa: E402  (one JSON POST helper for every setup script)


def main():
    base, admin_user, admin_pw = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    users, devices, seats, redeem_users = (int(x) for x in sys.argv[4:8])
    release_until, out = float(sys.argv[8]), sys.argv[9]
    admin = call(base, "/auth/token", {"username": admin_user, "password": admin_pw})["access_token"]
    tag = uuid.uuid4().hex[:8]
    product = call(base, "/api/v1/admin/products", {"name": "Faults " + tag}, admin)["id"]
    licenses = call(base, "/api/v1/admin/licenses",
                    {"product_id": product, "max_activations": seats, "count": users}, admin)["licenses"]

    def prepare(u):
        name, password = "faults_%s_%d" % (tag, u), "faults-password-" + tag
        user_id = call(base, "/api/v1/admin/users", {"username": name, "password": password, "max_devices": devices}, admin)["id"]
        devs = []
        for d in range(devices):
            hwid = {n: hashlib.sha256(("%s-%d-%d-%s" % (tag, u, d, n)).encode()).hexdigest() for n in ("cpu", "disk", "machine")}
            pair = call(base, "/auth/client/login", {"username": name, "password": password, "hwid": hwid})
            devs.append((pair["device_id"], pair["access_token"]))
        lic = licenses[u]
        later = u >= users - redeem_users
        if not later:
            call(base, "/api/v1/licenses/redeem", {"license_key": lic["key"]}, devs[0][1])
        return user_id, lic, devs, later

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        prepared = list(pool.map(prepare, range(users)))
    rng = random.Random(tag)
    order = list(range(users))
    rng.shuffle(order)
    steady = set(order[: users // 4])
    rest = [u for u in order if u not in steady]
    items = []
    for u, (user_id, lic, devs, later) in enumerate(prepared):
        release = 0.0 if u in steady else round(release_until * (rest.index(u) + 1) / len(rest), 2)
        if later:
            items.append({"kind": "redeem", "token": devs[0][1], "key": lic["key"], "user": user_id,
                          "license": lic["id"], "release": release})
        for device_id, token in devs:
            items.append({"kind": "hb", "token": token, "user": user_id, "license": lic["id"], "device": device_id,
                          "release": release})
    with open(out, "w") as f:
        json.dump({"items": items}, f)
    print("%d users x %d devices (licenses of %d seats, %d redeemed during the run) ready; plan in %s"
          % (users, devices, seats, redeem_users, out))


if __name__ == "__main__":
    main()
