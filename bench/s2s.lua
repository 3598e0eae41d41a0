-- wrk script: server-to-server Purchase API v1, POST /api/v1/server-to-server-interface/payment
-- with the body in BENCH_BODY_FILE (bench/run.sh writes the seed 001 request body there: merchant_id
-- the demo brand, a future expiry year, with or without return_url.webhook_url) and the headers
-- the S2S dialect wants: `Authorization: Basic <api key>` and `x-api-key: <api key>`.
-- The paid purchases' ids (transaction_details.id) go to BENCH_IDS_OUT.* when it is set.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local key = assert(os.getenv("TENDER_API_KEY"), "TENDER_API_KEY is not set")
local f = assert(io.open(assert(os.getenv("BENCH_BODY_FILE"), "BENCH_BODY_FILE is not set"), "r"))
wrk.method = "POST"
wrk.path = "/api/v1/server-to-server-interface/payment"
wrk.headers["Authorization"] = "Basic " .. key
wrk.headers["x-api-key"] = key
wrk.headers["Content-Type"] = "application/json"
wrk.body = f:read("*a")
f:close()
bench.capture_ids('"transaction_details":{"id":"([^"]+)"')
