#!/usr/bin/env python3
"""JWT attack script: forged access tokens against every authenticated route; each must get 401.

Usage: jwt_attacks.py BASE_URL USERNAME PASSWORD
  USERNAME/PASSWORD: an admin (so a real token exists to mutate; admin routes are attacked too).
Only the Python standard library; loopback targets only. Exit 0 when every forgery got 401.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid

ROUTES = [("GET", "/api/v1/me"), ("GET", "/api/v1/licenses"), ("POST", "/api/v1/heartbeat"), ("GET", "/api/v1/devices"),
          ("GET", "/api/v1/admin/users"), ("GET", "/api/v1/admin/audit"), ("POST", "/auth/client/logout")]


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def call(base, method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token is not None:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def sign(header, claims, key, digest=hashlib.sha256):
    head = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    return head + "." + b64(hmac.new(key, head.encode(), digest).digest())


def main():
    base, user, password = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    status, body = call(base, "POST", "/auth/token", body={"username": user, "password": password})
    if status != 200:
        print("cannot get a real token:", status, body[:200])
        return 2
    real = json.loads(body)["access_token"]
    h, p, s = real.split(".")
    claims = json.loads(unb64(p))
    jwk = json.loads(call(base, "GET", "/api/v1/signing-key")[1])
    public_key = unb64(jwk["x"])
    now = int(time.time())
    fresh = dict(claims, iat=now, exp=now + 600, jti=str(uuid.uuid4()))
    random_key = os.urandom(64)

    forgeries = {
        "alg none": b64(b'{"alg":"none","typ":"JWT"}') + "." + b64(json.dumps(fresh).encode()) + ".",
        "alg noNE": b64(b'{"alg":"noNE","typ":"JWT"}') + "." + b64(json.dumps(fresh).encode()) + ".",
        "alg none, original signature kept": b64(b'{"alg":"none"}') + "." + p + "." + s,
        "payload elevated, signature kept": h + "." + b64(json.dumps(dict(claims, role="admin", sub=str(uuid.uuid4()))).encode()) + "." + s,
        "signature stripped": h + "." + p + ".",
        "HS256 with a foreign key": sign({"alg": "HS256", "typ": "JWT"}, fresh, random_key),
        "HS384 with a foreign key": sign({"alg": "HS384", "typ": "JWT"}, fresh, random_key, hashlib.sha384),
        "algorithm confusion: HS256 keyed with the server's public Ed25519 key": sign({"alg": "HS256"}, fresh, public_key),
        "algorithm confusion: HS256 keyed with the public JWK text": sign({"alg": "HS256"}, fresh, json.dumps(jwk).encode()),
        "EdDSA header on an HMAC signature": sign({"alg": "EdDSA"}, fresh, public_key),
        "kid path injection": sign({"alg": "HS256", "kid": "../../../../dev/null"}, fresh, b""),
        "jku pointing elsewhere": sign({"alg": "HS256", "jku": "http://127.0.0.1:1/jwks.json"}, fresh, random_key),
        "empty HMAC key": sign({"alg": "HS256"}, fresh, b""),
        "garbage": "not.a.jwt",
        "empty token": "",
    }
    # Missing or wrong claims, signed with a foreign key (we do not know the server's), and the real token replayed after logout.
    for name, change in {"no exp": lambda c: c.pop("exp"), "expired": lambda c: c.update(exp=now - 10),
                         "wrong aud": lambda c: c.update(aud=["other"]), "wrong iss": lambda c: c.update(iss="evil"),
                         "typ refresh": lambda c: c.update(typ="refresh"), "no sub": lambda c: c.pop("sub")}.items():
        c = dict(fresh)
        change(c)
        forgeries["claims: " + name] = sign({"alg": "HS256"}, c, random_key)

    failures = 0
    for name, token in forgeries.items():
        for method, path in ROUTES:
            status, body = call(base, method, path, token)
            if status != 401:
                failures += 1
                print("FAIL %-70s %s %s -> %d %s" % (name, method, path, status, body[:120]))
    # Control: the real token works, then is refused after sign-out.
    control = call(base, "GET", "/api/v1/me", real)[0]
    call(base, "POST", "/auth/client/logout", real)
    after = call(base, "GET", "/api/v1/me", real)[0]
    if control != 200 or after != 401:
        failures += 1
        print("FAIL control: real token %d before logout (want 200), %d after (want 401)" % (control, after))
    total = len(forgeries) * len(ROUTES) + 1
    print("%d passed, %d failed" % (total - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
