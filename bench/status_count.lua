-- Shared by the wrk scripts in bench/: counts responses by status in every wrk thread and, when
-- wrk finishes, prints one machine-readable line that bench/run.sh parses:
--   BENCH requests=N duration_us=N rps=N non2xx=N first_non2xx=STATUS p50_us=N p99_us=N ...
-- (wrk's own "Non-2xx or 3xx responses" line only counts statuses above 399.)
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok2xx, non2xx, first_bad = 0, 0, 0
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok2xx = ok2xx + 1
  else
    non2xx = non2xx + 1
    if first_bad == 0 then first_bad = status end
  end
end

function done(summary, latency, requests)
  local ok, bad, first = 0, 0, 0
  for _, t in ipairs(threads) do
    ok = ok + (t:get("ok2xx") or 0)
    bad = bad + (t:get("non2xx") or 0)
    local f = t:get("first_bad") or 0
    if first == 0 and f ~= 0 then first = f end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f ok2xx=%d non2xx=%d first_non2xx=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f " ..
    "err_connect=%d err_read=%d err_write=%d err_timeout=%d bytes=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), ok, bad, first,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.timeout, summary.bytes))
end
