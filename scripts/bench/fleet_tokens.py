#!/usr/bin/env python3
"""Access tokens for the fleet of fleet.sql, signed with the server's LATCHKEY_JWT_SECRET.

Usage: fleet_tokens.py SECRET_BASE64 DEVICES OUT_PREFIX [HOT] [THREADS] [TTL_SECONDS]
Writes OUT_PREFIX.hot (the first HOT devices, default 40) and OUT_PREFIX.0 .. OUT_PREFIX.(THREADS-1)
(default 2): device i goes to file i % THREADS, in order, so every wrk thread reads its own file from
the top and a pass beats each device once in the same order. Standard library only.
"""
import base64
import hashlib
import hmac
import json
import sys
import time


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def uid(prefix, i):
    h = hashlib.md5(("%s%d" % (prefix, i)).encode()).hexdigest()
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def main():
    secret = base64.b64decode(sys.argv[1])
    n, prefix = int(sys.argv[2]), sys.argv[3]
    hot = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    ttl = int(sys.argv[6]) if len(sys.argv) > 6 else 7200
    now = int(time.time())
    header = b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    outs = [open("%s.%d" % (prefix, t), "w") for t in range(threads)]
    hot_out = open(prefix + ".hot", "w")
    for i in range(1, n + 1):
        claims = {"iss": "latchkey", "aud": ["latchkey-api"], "sub": uid("u", i), "sid": uid("s", i), "role": "user",
                  "typ": "access", "iat": now, "exp": now + ttl, "jti": uid("j", i), "did": uid("d", i)}
        signing_input = header + b"." + b64(json.dumps(claims, separators=(",", ":")).encode())
        m = mac.copy()
        m.update(signing_input)
        token = (signing_input + b"." + b64(m.digest())).decode()
        outs[(i - 1) % threads].write(token + "\n")
        if i <= hot:
            hot_out.write(token + "\n")
    for f in outs + [hot_out]:
        f.close()


if __name__ == "__main__":
    main()
