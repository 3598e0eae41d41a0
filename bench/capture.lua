-- wrk script: Collect API, POST /api/v1/purchases/{id}/capture/ (full amount, body {}) once per
-- hold: each request takes the next id of BENCH_IDS_IN (holds made by bench/run.sh: purchases
-- created with skip_capture, paid through Direct Post). The captured purchases' ids go to
-- BENCH_IDS_OUT.* when it is set.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local key = assert(os.getenv("TENDER_API_KEY"), "TENDER_API_KEY is not set")
local headers = { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }
bench.use_ids(function(id) return wrk.format("POST", "/api/v1/purchases/" .. id .. "/capture/", headers, "{}") end)
bench.capture_ids('^{"id":"([^"]+)"')
