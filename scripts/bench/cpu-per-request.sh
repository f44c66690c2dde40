#!/usr/bin/env bash
# Runs wrk against a running server and reports requests/s, latency and the server's CPU time per
# request (from /proc/PID/stat), which is steadier than requests/s on a shared machine.
# Usage: scripts/bench/cpu-per-request.sh PID URL SECONDS [wrk args...]
# e.g.   scripts/bench/cpu-per-request.sh 1234 http://127.0.0.1:18901 20 -s scripts/bench/heartbeat.lua
set -euo pipefail
pid=${1:?pid}; url=${2:?url}; secs=${3:?seconds}; shift 3
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(cpu)
out=$(wrk -t2 -c64 -d"${secs}s" --latency "$@" "$url")
after=$(cpu)
reqs=$(echo "$out" | awk '/requests in/ {print $1}')
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
echo "$url $*: ${rps} req/s, p50 ${p50}, p99 ${p99}, non-2xx ${non2xx:-0}, server CPU $(( (after - before) * 1000000 / ticks / reqs )) us/request, load $(cut -d' ' -f1-3 /proc/loadavg)"
