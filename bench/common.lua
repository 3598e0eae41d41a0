-- Shared by the wrk scripts in bench/ (each row's script does `dofile(BENCH_DIR .. "/common.lua")`).
--
-- 1. Counts responses itself, in every wrk thread: a response is a success when `bench.success`
--    says so (default: status 2xx; wrk's own "Non-2xx or 3xx" line counts only statuses >= 400).
--    When wrk finishes, done() prints one machine-readable line that bench/run.sh parses:
--      BENCH requests=N ok=N bad=N first_bad=STATUS rps=N active_us=N exhausted=0|1 p50_us=N p99_us=N ...
-- 2. Optional constant rate (BENCH_RATE=requests/s for the whole run): every wrk thread sends on
--    a fixed schedule of BENCH_RATE/BENCH_WRK_THREADS requests per second through wrk's delay()
--    hook (wrk has no rate option, and Debian has no wrk2). A request waits for its slot, then
--    wrk times it from its first byte, so latencies are the server's at that rate (wrk2 would
--    also add the time a late request spent waiting; here a late slot is sent at once).
-- 3. Optional id feed (bench.use_ids(), reading BENCH_IDS_IN): each request takes the next id of
--    the file (thread k of T takes lines k, k+T, ...). When a thread runs out it stops; the rate
--    is then requests / the time the threads were active (wrk itself divides by -d). done()
--    writes the ids that were not taken to BENCH_IDS_IN .. ".rest" so the next run can go on.
--    BENCH_IDS_CYCLE=1 reuses the ids round-robin instead (reads).
-- 4. Optional id capture (bench.capture_ids(PATTERN or FUNCTION)): the first match of the Lua
--    PATTERN in each successful response body (or FUNCTION(body), when it is not nil) is appended
--    to BENCH_IDS_OUT .. "." .. THREAD.
-- Environment: BENCH_WRK_THREADS (wrk -t, needed by 2 and 3).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()  -- CLOCK_MONOTONIC
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

bench = {}
local nthreads = tonumber(os.getenv("BENCH_WRK_THREADS") or "1")
local rate = tonumber(os.getenv("BENCH_RATE") or "")
local threads = {}
local capture_pattern = nil
local feed = nil  -- { ids = {...}, next = 1, cycle = bool, make = function(id) -> request }

function bench.success(status, headers, body)
  return status >= 200 and status < 300
end

-- MAKE(id) returns the request (wrk.format(...)) for that id.
function bench.use_ids(make)
  feed = { make = make, cycle = os.getenv("BENCH_IDS_CYCLE") == "1" }
  request = feed_request  -- only then: wrk builds a static request once when there is no request()
end

function bench.capture_ids(pattern)
  capture_pattern = pattern
end

-- Main state: threads get an index (wrk calls setup() for every thread before any runs).
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads - 1)
end

local function read_lines(path)
  local lines = {}
  local f = path and io.open(path, "r")
  if not f then return lines end
  for line in f:lines() do
    if line ~= "" then lines[#lines + 1] = line end
  end
  f:close()
  return lines
end

-- Thread states.
local out_file = nil
function init(args)
  ok, bad, first_bad, taken, first_us, last_us, exhausted = 0, 0, 0, 0, 0, 0, 0
  if feed then
    local all = read_lines(os.getenv("BENCH_IDS_IN"))
    feed.ids = {}
    for i = tid + 1, #all, nthreads do feed.ids[#feed.ids + 1] = all[i] end
    feed.next = 1
  end
  if capture_pattern and os.getenv("BENCH_IDS_OUT") then
    out_file = io.open(os.getenv("BENCH_IDS_OUT") .. "." .. tid, "a")
  end
  if rate and rate > 0 then
    local interval_ms = 1000 * nthreads / rate
    local next_slot = nil
    -- wrk calls delay() before each request and waits that many milliseconds (integers).
    delay = function()
      local now = now_us() / 1000
      -- A slot missed by up to 50 ms is sent at once (catching up, as an open-loop client
      -- would); one missed by more is dropped, so a stall does not end in a burst.
      if not next_slot or next_slot < now - 50 then next_slot = now end
      local wait = next_slot - now
      next_slot = next_slot + interval_ms
      if wait < 0 then return 0 end
      return math.floor(wait)
    end
  end
end

if rate and rate > 0 then
  -- wrk looks for a global delay() in the main state to turn the hook on; threads replace it.
  delay = function() return 0 end
end

function feed_request()
  local id = feed.ids[feed.next]
  if not id then
    if feed.cycle and #feed.ids > 0 then
      feed.next = 1
      id = feed.ids[1]
    else
      exhausted = 1
      wrk.thread:stop()
      return wrk.format("GET", "/healthz")  -- never sent: the thread has stopped
    end
  end
  feed.next = feed.next + 1
  taken = taken + 1
  if first_us == 0 then first_us = now_us() end
  return feed.make(id)
end

function response(status, headers, body)
  if bench.success(status, headers, body) then
    ok = ok + 1
    if out_file then
      local id
      if type(capture_pattern) == "function" then id = capture_pattern(body)
      else id = string.match(body, capture_pattern) end
      if id then out_file:write(id, "\n") end
    end
  else
    bad = bad + 1
    if first_bad == 0 then first_bad = status end
  end
  if feed then last_us = now_us() end
end

function done(summary, latency, requests)
  local n_ok, n_bad, first, any_exhausted = 0, 0, 0, 0
  local t0, t1 = nil, 0
  local taken_by = {}
  for _, t in ipairs(threads) do
    n_ok = n_ok + (t:get("ok") or 0)
    n_bad = n_bad + (t:get("bad") or 0)
    local f = t:get("first_bad") or 0
    if first == 0 and f ~= 0 then first = f end
    if (t:get("exhausted") or 0) == 1 then any_exhausted = 1 end
    local a, b = t:get("first_us") or 0, t:get("last_us") or 0
    if a > 0 and (not t0 or a < t0) then t0 = a end
    if b > t1 then t1 = b end
    taken_by[#taken_by + 1] = t:get("taken") or 0
  end
  -- The time the threads were busy, when a feed ran out before -d was over.
  local active = summary.duration
  if any_exhausted == 1 and t0 and t1 > t0 then active = t1 - t0 end
  local ids_in = os.getenv("BENCH_IDS_IN")
  if ids_in and os.getenv("BENCH_IDS_CYCLE") ~= "1" and #threads > 0 then
    local all = read_lines(ids_in)
    local rest = io.open(ids_in .. ".rest", "w")
    for i, id in ipairs(all) do
      local t = (i - 1) % nthreads + 1
      local j = math.floor((i - 1) / nthreads) + 1
      if j > (taken_by[t] or 0) then rest:write(id, "\n") end
    end
    rest:close()
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d ok=%d bad=%d first_bad=%d rps=%.1f active_us=%d exhausted=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f " ..
    "err_connect=%d err_read=%d err_write=%d err_timeout=%d err_status=%d bytes=%d\n",
    summary.requests, n_ok, n_bad, first, summary.requests / (active / 1e6), active, any_exhausted,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.timeout, e.status, summary.bytes))
end
