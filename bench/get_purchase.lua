-- wrk script: Collect API, GET /api/v1/purchases/{id}/ over the ids in BENCH_IDS_IN, round-robin
-- (bench/run.sh sets BENCH_IDS_CYCLE=1). With BENCH_KEEP_STATUS=S, the ids of purchases whose
-- status is S go to BENCH_IDS_OUT.* (bench/run.sh uses that to find the holds to capture).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local key = assert(os.getenv("TENDER_API_KEY"), "TENDER_API_KEY is not set")
local headers = { ["Authorization"] = "Bearer " .. key }
bench.use_ids(function(id) return wrk.format("GET", "/api/v1/purchases/" .. id .. "/", headers) end)

local keep = os.getenv("BENCH_KEEP_STATUS")
if keep then
  -- The first "status" key of a Collect purchase is its own (status_history comes after it).
  bench.capture_ids(function(body)
    if string.match(body, '"status":"([%w_]+)"') == keep then return string.match(body, '^{"id":"([^"]+)"') end
  end)
end
