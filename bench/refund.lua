-- wrk script: Collect API, POST /api/v1/purchases/{id}/refund/ once per paid purchase: each
-- request takes the next id of BENCH_IDS_IN (purchases paid by the S2S, Orders and capture rows).
-- BENCH_REFUND_BODY is the body: {} (the default) refunds the full amount, {"amount": 1} one unit.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local key = assert(os.getenv("TENDER_API_KEY"), "TENDER_API_KEY is not set")
local headers = { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }
local body = os.getenv("BENCH_REFUND_BODY") or "{}"
bench.use_ids(function(id) return wrk.format("POST", "/api/v1/purchases/" .. id .. "/refund/", headers, body) end)
