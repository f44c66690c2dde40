-- heartbeat.lua: built-in plugin that keeps this device's license lease fresh.
--
-- The host verifies every lease against the pinned server key and alone decides whether
-- licensed features are unlocked (see LeaseGuard). This script only decides when to beat,
-- backs off while the server is unreachable, and tells the user what is going on.

local DEFAULT_INTERVAL = 300   -- seconds between beats when the server does not say
local MIN_INTERVAL = 10        -- never beat faster than this, whatever a reply says
local FIRST_RETRY = 15         -- first retry after a failed beat, then doubled
local MAX_RETRY = 300          -- backoff ceiling

local timer = nil
local retry = FIRST_RETRY
local offline = false
local locked_code = nil

local function duration(seconds)
  seconds = math.max(0, math.floor(seconds))
  local h = math.floor(seconds / 3600)
  local m = math.floor(seconds % 3600 / 60)
  local s = seconds % 60
  if h > 0 then return string.format("%dh %02dm", h, m) end
  if m > 0 then return string.format("%dm %02ds", m, s) end
  return string.format("%ds", s)
end

local function lock_message(code)
  if code == "GRACE_EXPIRED" then
    return "The offline grace period has ended. Licensed features are locked until the license server can be reached."
  elseif code == "NO_LEASE" then
    return "Licensed features unlock after the first successful check with the license server."
  end
  return "The license server refused this license (" .. code .. ")."
end

-- Notifies once per lock reason; the host has already locked the features.
local function locked(code)
  if locked_code ~= code then
    locked_code = code
    lk.notify("License locked", lock_message(code))
  end
  lk.log("warn", "license locked: " .. code)
end

local beat

local function schedule(seconds)
  if timer then lk.cancel(timer) end
  timer = lk.after(seconds, beat)
end

local function answered(r)
  offline = false
  retry = FIRST_RETRY
  if r.valid then
    if locked_code then
      locked_code = nil
      lk.notify("License restored", "Licensed features are available again.")
    end
    lk.log("info", "heartbeat ok; lease valid for " .. duration(r.license.seconds_left))
  else
    locked(r.code or "INVALID")
  end
  schedule(math.max(MIN_INTERVAL, r.next_heartbeat_in or DEFAULT_INTERVAL))
end

local function failed(r)
  local license = r.license
  if license.valid then
    if not offline then
      lk.notify("Working offline", "The license server cannot be reached. Licensed features stay available for "
        .. duration(license.seconds_left) .. ".")
    end
    lk.log("warn", "heartbeat failed (" .. tostring(r.error) .. "); offline grace left: "
      .. duration(license.seconds_left) .. "; next try in " .. duration(retry))
  else
    locked(license.code)
  end
  offline = true
  schedule(retry)
  retry = math.min(retry * 2, MAX_RETRY)
end

beat = function()
  timer = nil
  local r = lk.heartbeat()
  if r.ok then answered(r) else failed(r) end
end

function on_start()
  beat()
end

-- The host locks by itself when the last lease runs out between two tries; say so at once.
function on_license_change(old, new)
  if old.valid and not new.valid then
    locked(new.code)
  end
end

function on_stop()
  if timer then lk.cancel(timer) end
  timer = nil
end
