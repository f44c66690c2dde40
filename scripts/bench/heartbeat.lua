-- wrk script: POST /api/v1/heartbeat with a different device's token on each request.
-- wrk -t2 -c64 -d30s --latency -s scripts/bench/heartbeat.lua http://127.0.0.1:8080  (tokens from TOKENS or /tmp/lk-tokens.txt)
-- DELAY_MS paces each connection (a pause before each request) for a steady, unsaturated load.
local tokens = {}
local i = 0
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

function init(args)
  local path = os.getenv("TOKENS") or "/tmp/lk-tokens.txt"
  for line in io.lines(path) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  i = math.random(#tokens)
end

function request()
  i = i % #tokens + 1
  return wrk.format("POST", "/api/v1/heartbeat",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[i] }, "{}")
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p99 %.2f ms, requests %d, errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
