-- wrk script for fleet.sh: one pass over the fleet. Thread k reads FLEET_TOKENS.k line by line (it never
-- holds the fleet's tokens in memory) and beats each device once; at the end of its file it writes
-- FLEET_TOKENS.k.done with its request count and seconds from first to last request, and stops.
-- fleet.sh waits for every .done file, then ends wrk with SIGINT. With FLEET_LOOP=1 a thread starts its file over
-- at the end instead (a steady load of a fleet larger than any per-node memo, for profiling with wrk -d).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } lk_timespec;
int clock_gettime(int clk, lk_timespec *ts);
]]
local ts = ffi.new("lk_timespec")
local function now()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local file, last, first_at, sent, finished

function init(args)
  local path = os.getenv("FLEET_TOKENS") .. "." .. id
  file = assert(io.open(path, "r"))
  sent = 0
end

local function finish()
  finished = true
  local out = assert(io.open(os.getenv("FLEET_TOKENS") .. "." .. id .. ".done", "w"))
  out:write(string.format("%d %.3f\n", sent, now() - (first_at or now())))
  out:close()
  wrk.thread:stop()
end

local loop = os.getenv("FLEET_LOOP") == "1"

function request()
  local token = not finished and file:read("*l")
  if not token and loop then
    file:seek("set", 0)
    token = file:read("*l")
  end
  if not token or #token == 0 then
    if not finished then finish() end
    return last
  end
  if not first_at then first_at = now() end
  sent = sent + 1
  last = wrk.format("POST", "/api/v1/heartbeat",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, "{}")
  return last
end
