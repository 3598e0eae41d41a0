-- wrk script: creates a purchase on Tender per request (POST /api/v1/purchases/).
-- Needs BENCH_DIR, TENDER_API_KEY and TENDER_BRAND_ID in the environment (bench/run.sh sets them).
dofile(os.getenv("BENCH_DIR") .. "/status_count.lua")

local key = assert(os.getenv("TENDER_API_KEY"), "TENDER_API_KEY is not set")
local brand = assert(os.getenv("TENDER_BRAND_ID"), "TENDER_BRAND_ID is not set")

wrk.method = "POST"
wrk.path = "/api/v1/purchases/"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"brand_id": "' .. brand .. '", "client": {"email": "bench@example.com"}, ' ..
           '"purchase": {"products": [{"name": "Item", "price": 1000}]}}'
