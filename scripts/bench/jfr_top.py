#!/usr/bin/env python3
"""Summarises a JFR recording's execution samples: the share of samples whose stack contains each method
(inclusive) and whose top frame is each method (self), for the methods at the top of either list.

Usage: jfr_top.py RECORDING.jfr [N]    (needs the JDK's `jfr` tool on PATH)
"""
import collections
import json
import subprocess
import sys


def main():
    path, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    inclusive, self_time = collections.Counter(), collections.Counter()
    for e in events:
        frames = e["values"]["stackTrace"]["frames"] if e["values"]["stackTrace"] else []
        names = []
        for f in frames:
            m = f["method"]
            names.append("%s.%s" % (m["type"]["name"].replace("/", "."), m["name"]))
        if not names:
            continue
        self_time[names[0]] += 1
        for name in set(names):
            inclusive[name] += 1
    total = len(events)
    print("%d samples" % total)
    print("-- self --")
    for name, c in self_time.most_common(n):
        print("%5.1f%%  %s" % (100.0 * c / total, name))
    print("-- inclusive (dev.latchkey and selected libraries) --")
    shown = 0
    for name, c in inclusive.most_common():
        if name.startswith(("dev.latchkey", "io.vertx.ext.auth", "io.vertx.redis", "org.bouncycastle", "com.fasterxml")):
            print("%5.1f%%  %s" % (100.0 * c / total, name))
            shown += 1
            if shown >= n:
                break


if __name__ == "__main__":
    main()
