#!/usr/bin/env python3
"""Summarises `perf sched timehist` output: how often the heartbeat's tasks (Vert.x event loops, wrk,
redis-server) waited over 0.3 ms for a CPU after waking, and what that CPU ran meanwhile.

Usage: perf sched record -o s.data sleep 4; perf sched timehist -i s.data > s.txt
       scripts/bench/sched_delays.py s.txt [threshold_ms]
"""
import collections
import re
import sys

WATCHED = ("vert.x-eventloo", "wrk", "redis-server")


def parse(path):
    """Rows of (cpu, task, end of run, sched delay, run time), times in ms; timehist prints one per switch-out."""
    rows = []
    for line in open(path):
        parts = line.split()
        if len(parts) < 6 or not re.match(r"\d+\.\d+$", parts[0]):
            continue
        try:
            cpu = int(parts[1].strip("[]"))
            task = re.sub(r"\[\d+(/\d+)?\]$", "", parts[2])
            rows.append((cpu, task, float(parts[0]) * 1000, float(parts[4]), float(parts[5])))
        except ValueError:
            continue
    return rows


def summarise(rows, threshold):
    by_cpu = collections.defaultdict(list)
    for row in rows:
        by_cpu[row[0]].append(row)
    delays, occupants, worst = 0, collections.Counter(), 0.0
    woken = sum(1 for r in rows if r[1].startswith(WATCHED))
    for runs in by_cpu.values():
        for i, (_, task, end, delay, run) in enumerate(runs):
            if not task.startswith(WATCHED) or delay <= threshold:
                continue
            delays += 1
            worst = max(worst, delay)
            start = end - run
            woke = start - delay
            # Who held this CPU while the task waited: the largest overlap with [woke, start).
            held = collections.Counter()
            for _, other, o_end, _, o_run in runs[max(0, i - 40):i]:
                overlap = min(o_end, start) - max(o_end - o_run, woke)
                if overlap > 0:
                    held[other] += overlap
            occupants[held.most_common(1)[0][0] if held else "?"] += 1
    top = ", ".join(f"{name} {n}" for name, n in occupants.most_common(5))
    return f"{delays} of {woken} wake-ups waited > {threshold} ms (worst {worst:.1f} ms); CPU held meanwhile by: {top}"


if __name__ == "__main__":
    print(summarise(parse(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 0.3))
