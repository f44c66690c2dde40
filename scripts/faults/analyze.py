#!/usr/bin/env python3
"""Cuts a fault run's outcome file (scripts/faults/load.py) into a per-second timeline and checks
the pass criteria of one fault.

  analyze.py redis RUN_DIR [--recover S] [--max-ms MS]
  analyze.py pg    RUN_DIR --db PSQL_URI [--recover S] [--max-ms MS]

RUN_DIR holds outcomes.jsonl (+ .t0, the wall clock of t = 0), plan.json, samples.log (lines
"EPOCH RSS_KIB SQL_WAITERS HEAP_BYTES AUDIT_QUEUE", see lib.sh) and events (lines "down EPOCH",
"up EPOCH": the fault begins, the service is back).
Exit status 0 when every check passes.
"""
import argparse
import collections
import json
import subprocess
import sys
import time


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def pct(values, p):
    if not values:
        return 0.0
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def samples_by_second(path, t0):
    """Server samples (RSS MiB, SQL pool waiters, heap MiB, audit queue) by second of the load's clock."""
    out = {}
    try:
        with open(path) as f:
            for line in f:
                p = line.split()
                if len(p) >= 2 and float(p[0]) >= t0:
                    num = lambda x: None if x in ("-", "") else float(x)
                    extra = [num(x) for x in p[2:5]] + [None] * (5 - len(p))
                    out[int(float(p[0]) - t0)] = {"rss": int(p[1]) // 1024, "pending": extra[0],
                                                  "heap": None if extra[1] is None else extra[1] / 1048576,
                                                  "audit": extra[2]}
    except FileNotFoundError:
        pass
    return out


def klass(r):
    if r["st"] == 0:
        return "err"
    return "%dxx" % (r["st"] // 100)


def timeline(recs, samples, marks):
    by = collections.defaultdict(list)
    for r in recs:
        by[int(r["t"])].append(r)
    print("%4s %6s %6s %5s %5s %5s %6s %8s %8s %8s %5s %5s %5s %5s  %s" % (
        "s", "req", "2xx", "4xx", "5xx", "err", "valid", "p50 ms", "p99 ms", "max ms", "RSS", "heap", "sqlq", "audq", ""))
    fmt = lambda v: "-" if v is None else "%d" % v
    for s in range(0, max(by) + 1 if by else 0):
        rs = by.get(s, [])
        c = collections.Counter(klass(r) for r in rs)
        lat = [r["ms"] for r in rs]
        valid = sum(1 for r in rs if r.get("valid") is True)
        note = " ".join(name for name, at in marks if int(at) == s)
        m = samples.get(s, {})
        print("%4d %6d %6d %5d %5d %5d %6d %8.1f %8.1f %8.1f %5s %5s %5s %5s  %s" % (
            s, len(rs), c["2xx"], c["4xx"], c["5xx"], c["err"], valid, pct(lat, 50), pct(lat, 99),
            max(lat) if lat else 0, fmt(m.get("rss")), fmt(m.get("heap")), fmt(m.get("pending")), fmt(m.get("audit")), note))
    print("(RSS and heap in MiB; sqlq = requests waiting for a PostgreSQL connection; audq = audit events queued)")


def phase(recs, lo, hi):
    return [r for r in recs if lo <= r["t"] < hi]


def phases(recs, a):
    """before: answered before the fault; outage: in flight at some time during it; then by start time."""
    end = lambda r: r["t"] + r["ms"] / 1000.0
    before = [r for r in recs if end(r) < a.down_at]
    outage = [r for r in recs if r["t"] < a.up_at and end(r) >= a.down_at]
    return before, outage, phase(recs, a.up_at, a.up_at + a.recover), phase(recs, a.up_at + a.recover, 1e9)


def describe(name, rs):
    c = collections.Counter(klass(r) for r in rs)
    codes = collections.Counter(r.get("code") for r in rs if r["st"] >= 400)
    errs = collections.Counter(r["err"] for r in rs if r["err"])
    lat = [r["ms"] for r in rs]
    print("%-9s %7d req  2xx %d  4xx %d  5xx %d  no answer %d  p50 %.1f  p99 %.1f  max %.1f ms  codes %s  transport %s" % (
        name, len(rs), c["2xx"], c["4xx"], c["5xx"], c["err"], pct(lat, 50), pct(lat, 99), max(lat) if lat else 0,
        dict(codes), dict(errs)))


class Checks:
    def __init__(self):
        self.failed = 0

    def __call__(self, ok, what):
        print("%s  %s" % ("PASS" if ok else "FAIL", what))
        if not ok:
            self.failed += 1


def run_files(a):
    d = a.run.rstrip("/") + "/"
    t0 = float(open(d + "outcomes.jsonl.t0").read())
    ev = dict(line.split() for line in open(d + "events") if line.strip())
    a.down_at, a.up_at = float(ev["down"]) - t0, float(ev["up"]) - t0
    print("t = 0 at %s; fault at %.2f s, service back at %.2f s (load's clock)" % (
        time.strftime("%H:%M:%S", time.localtime(t0)), a.down_at, a.up_at))
    return load(d + "outcomes.jsonl"), samples_by_second(d + "samples.log", t0), json.load(open(d + "plan.json"))["items"]


def overview(a, service):
    """The run's files, its per-second timeline and a summary per phase; returns the files and the phases."""
    recs, rss, items = run_files(a)
    timeline(recs, rss, [("<- %s fault" % service, a.down_at), ("<- %s back" % service, a.up_at)])
    parts = phases(recs, a)
    print()
    for name, rs in zip(("before", "outage", "healing", "after"), parts):
        describe(name, rs)
    return recs, rss, items, parts


def redis(a):
    _, rss, _, (before, outage, healing, after) = overview(a, "Redis")
    check = Checks()
    check(before and all(r["st"] == 200 and r.get("valid") for r in before), "before the fault every heartbeat is 200 valid")
    check(outage and all(r["st"] in (200, 503) for r in outage),
          "during the outage every request is answered 200 or 503 (no 500, no timeout, no dropped connection)")
    limit = bound(a, before)
    lat = [r["ms"] for r in outage]
    check(outage and pct(lat, 99) <= limit, "during the outage answers are fast: p99 %.0f <= %d ms (max %.0f ms)"
          % (pct(lat, 99) if lat else 0, limit, max(lat) if lat else 0))
    rss_check(check, rss, a)
    check(after and all(r["st"] == 200 and r.get("valid") for r in after),
          "from %ds after the restart on, 100%% of heartbeats are 200 valid" % a.recover)
    first_ok = next((r["t"] for r in sorted(healing + after, key=lambda r: r["t"])
                     if r["st"] == 200 and r.get("valid")), None)
    print("first valid heartbeat after the restart at %s s" % (first_ok if first_ok is None else round(first_ok, 2)))
    return check.failed


def rss_check(check, samples, a):
    before = [m["rss"] for s, m in samples.items() if s < a.down_at]
    during = [m["rss"] for s, m in samples.items() if a.down_at <= s < a.up_at]
    later = [m["rss"] for s, m in samples.items() if s >= a.up_at]
    if before and during:
        print("RSS MiB under load before the fault: %d-%d, during it: %d-%d, after it: %s" % (
            min(before), max(before), min(during), max(during), "%d-%d" % (min(later), max(later)) if later else "-"))
        check(max(during) <= max(before) * 1.25 + 32,
              "RSS stays flat during the outage (at most 1.25 x the highest before it + 32 MiB)")


def bound(a, before):
    """MAX_MS, or twice the p99 before the fault when the machine is so loaded that normal answers are slower."""
    p99 = pct([r["ms"] for r in before], 99)
    if 2 * p99 > a.max_ms:
        print("(latency bound raised to 2 x the p99 before the fault: %.0f ms)" % (2 * p99))
    return max(a.max_ms, 2 * p99)


def psql(uri, sql):
    return subprocess.run(["psql", uri, "-AtX", "-F", "\t", "-c", sql], check=True, capture_output=True, text=True).stdout


def pg(a):
    recs, rss, items, (before, outage, healing, after) = overview(a, "PostgreSQL")
    fails = [r for r in outage if r["st"] >= 500 or r["st"] == 0]
    if fails:
        lat = [r["ms"] for r in fails]
        print("outage failures: %d, latency p50 %.1f p90 %.1f p99 %.1f max %.1f ms" % (
            len(fails), pct(lat, 50), pct(lat, 90), pct(lat, 99), max(lat)))
        # Which requests failed: heartbeats of devices that already held a seat (served from Redis
        # unless a cache entry had to be refilled from PostgreSQL), or requests that need PostgreSQL.
        seated_since = {}
        for r in sorted(recs, key=lambda r: r["t"]):
            it = items[r["i"]]
            if it["kind"] == "hb" and r["st"] == 200 and r.get("codes", {}).get(it.get("license")) == "OK":
                seated_since.setdefault(r["i"], r["t"])
        kinds = collections.Counter()
        for r in fails:
            it = items[r["i"]]
            if it["kind"] == "redeem":
                kinds["redeem"] += 1
            elif seated_since.get(r["i"], 1e9) < r["t"]:
                kinds["heartbeat of a device holding a seat"] += 1
            else:
                kinds["heartbeat needing a seat (activation)"] += 1
        print("outage failures by kind: %s" % dict(kinds))
    check = Checks()
    check(outage and all(r["st"] in (200, 503) for r in outage),
          "during the outage every request is answered 200 or 503 (no 500, no timeout, no dropped connection)")
    check(before and all(r["st"] == 200 for r in before), "before the fault every request is answered 200")
    limit = bound(a, before)
    check(not fails or pct([r["ms"] for r in fails], 99) <= limit,
          "failures during the outage are fast: p99 %.0f <= %d ms" % (pct([r["ms"] for r in fails], 99) if fails else 0, limit))
    rss_check(check, rss, a)
    pend = [m["pending"] for s, m in rss.items() if a.down_at <= s < a.up_at and m.get("pending") is not None]
    if pend:
        print("requests waiting for a PostgreSQL connection during the outage: max %d" % max(pend))
    check(after and all(r["st"] < 500 and r["st"] != 0 for r in after),
          "from %ds after the restart on, no 5xx and no transport errors" % a.recover)

    # Which activations did the server confirm? A heartbeat 200 whose license code is OK means the
    # device holds a seat of that license; a redeem 2xx means the license is the caller's.
    confirmed, redeemed = set(), set()
    for r in recs:
        it = items[r["i"]]
        if it["kind"] == "hb" and r["st"] == 200 and it.get("license") and r.get("codes", {}).get(it["license"]) == "OK":
            confirmed.add((it["license"], it["device"]))
        if it["kind"] == "redeem" and 200 <= r["st"] < 300:
            redeemed.add((it["license"], it["user"]))
    rows = psql(a.db, "SELECT license_id, device_id FROM activations")
    stored = {tuple(line.split("\t")) for line in rows.splitlines() if line}
    missing = confirmed - stored
    check(not missing, "every seat a heartbeat confirmed (200, code OK) exists in activations: %d confirmed, %d missing"
          % (len(confirmed), len(missing)))
    owners = psql(a.db, "SELECT id, coalesce(user_id::text, '') FROM licenses")
    owner = dict(line.split("\t") for line in owners.splitlines() if line)
    wrong = [(l, u) for l, u in redeemed if owner.get(l) != u]
    check(not wrong, "every redeem answered 2xx is stored (license bound to that user): %d redeemed, %d wrong"
          % (len(redeemed), len(wrong)))
    over = psql(a.db, "SELECT l.id, l.max_activations, count(a.device_id) FROM licenses l "
                      "JOIN activations a ON a.license_id = l.id GROUP BY l.id HAVING count(a.device_id) > l.max_activations")
    check(not over.strip(), "no license has more activations than max_activations" + ("" if not over.strip() else ": " + over))
    total = psql(a.db, "SELECT count(*), count(DISTINCT license_id) FROM activations").strip()
    print("activations stored: %s (rows, licenses)" % total.replace("\t", ", "))
    return check.failed


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("redis")
    for p in (r, sub.add_parser("pg")):
        p.add_argument("run")
        p.add_argument("--recover", type=float, default=5.0)
        p.add_argument("--max-ms", type=int, default=1000)
    sub.choices["pg"].add_argument("--db", required=True)
    a = ap.parse_args()
    failed = redis(a) if a.cmd == "redis" else pg(a)
    print("RESULT: %s" % ("PASS" if failed == 0 else "FAIL (%d check(s))" % failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
