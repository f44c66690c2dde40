#!/usr/bin/env python3
"""Load generator for the fault runs: keep-alive HTTP/1.1 connections on asyncio, one line per
request in an outcome file, so a run can be cut per second and checked per device afterwards.

Usage: load.py BASE_URL PLAN_JSON OUT_JSONL --duration S [--conns N] [--rate R] [--timeout S]

PLAN_JSON is {"items": [...]}; each item is
  {"kind": "hb", "token": T, "release": seconds, ...anything else is copied to the outcome}
      POST /api/v1/heartbeat, repeated for ever once released (as a client does);
  {"kind": "redeem", "token": T, "key": K, "release": seconds, ...}
      POST /api/v1/licenses/redeem, retried after a 5xx or a transport error until it gets a
      2xx or a 4xx.
Released items are served round robin; a newly released one goes to the front of the queue.
Outcome lines: {"t": start (s since the run began), "ms": latency, "st": status (0 = no answer),
"err": transport error or null, "i": item index, plus "valid"/"codes" of a heartbeat answer}.
Standard library only.
"""
import argparse
import asyncio
import collections
import json
import time
import urllib.parse


class Conn:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, path, token, body):
        if self.writer is None:
            await self.open()
        data = json.dumps(body).encode()
        head = ("POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
                "Authorization: Bearer %s\r\nContent-Length: %d\r\n\r\n" % (path, self.host, self.port, token, len(data)))
        self.writer.write(head.encode() + data)
        await self.writer.drain()
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        if "content-length" in headers:
            payload = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            payload = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                payload += chunk[:-2]
        else:
            payload = b""
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, payload


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("plan")
    ap.add_argument("out")
    ap.add_argument("--duration", type=float, required=True)
    ap.add_argument("--conns", type=int, default=32)
    ap.add_argument("--rate", type=float, default=0, help="requests per second in all (0: as fast as answered)")
    ap.add_argument("--timeout", type=float, default=10.0)
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.base)
    items = json.load(open(a.plan))["items"]
    pending = sorted(range(len(items)), key=lambda i: items[i].get("release", 0))
    ready = collections.deque()
    done_items = set()
    out = open(a.out, "w")
    t0 = time.monotonic()
    with open(a.out + ".t0", "w") as f:  # wall clock of t = 0, to line the outcomes up with other logs
        f.write("%.3f\n" % time.time())
    stop_at = t0 + a.duration
    per_conn_gap = a.conns / a.rate if a.rate > 0 else 0.0
    retry_at = {}

    def release(now):
        while pending and items[pending[0]].get("release", 0) <= now - t0:
            ready.appendleft(pending.pop(0))

    async def worker(n):
        conn = Conn(u.hostname, u.port or 80)
        next_at = t0 + (per_conn_gap * n / a.conns if per_conn_gap else 0)
        while True:
            now = time.monotonic()
            if now >= stop_at:
                break
            if next_at > now:
                await asyncio.sleep(next_at - now)
                continue
            release(now)
            if not ready:
                await asyncio.sleep(0.01)
                continue
            i = ready.popleft()
            it = items[i]
            if it["kind"] == "redeem" and retry_at.get(i, 0) > now:
                ready.append(i)
                await asyncio.sleep(0.001)
                continue
            if it["kind"] == "hb":
                path, body = "/api/v1/heartbeat", {}
            else:
                path, body = "/api/v1/licenses/redeem", {"license_key": it["key"]}
            start = time.monotonic()
            status, payload, err = 0, b"", None
            try:
                status, payload = await asyncio.wait_for(conn.request(path, it["token"], body), a.timeout)
            except asyncio.TimeoutError:
                err = "timeout"
                conn.close()
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as e:
                err = type(e).__name__
                conn.close()
            end = time.monotonic()
            rec = {"t": round(start - t0, 4), "ms": round((end - start) * 1000, 2), "st": status, "err": err, "i": i}
            if status and payload:
                try:
                    j = json.loads(payload)
                    if isinstance(j, dict) and isinstance(j.get("error"), dict):
                        rec["code"] = j["error"].get("code")
                    elif it["kind"] == "hb" and isinstance(j, dict):
                        rec["valid"] = j.get("valid")
                        rec["code"] = j.get("code")
                        rec["codes"] = {l["id"]: l["code"] for l in (j.get("licenses") or [])}
                except ValueError:
                    pass
            out.write(json.dumps(rec) + "\n")
            if it["kind"] == "hb":
                ready.append(i)
            elif status and status < 500:
                done_items.add(i)
            else:
                retry_at[i] = end + 0.5
                ready.append(i)
            if err and end < stop_at:
                await asyncio.sleep(0.05)  # a refused connect must not spin
            next_at = max(next_at + per_conn_gap, time.monotonic()) if per_conn_gap else end
        conn.close()

    await asyncio.gather(*(worker(n) for n in range(a.conns)))
    out.close()


if __name__ == "__main__":
    asyncio.run(main())
