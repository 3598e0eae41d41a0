-- wrk script: Collect API, creates a purchase per request (POST /api/v1/purchases/).
-- The purchase has success/failure redirects so that bench/direct_post.lua can pay it later;
-- BENCH_SKIP_CAPTURE=1 adds "skip_capture": true (Direct Post then leaves a hold to capture).
-- The new purchases' ids go to BENCH_IDS_OUT.* when it is set.
-- Needs BENCH_DIR, TENDER_API_KEY and TENDER_BRAND_ID (bench/run.sh sets them).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local key = assert(os.getenv("TENDER_API_KEY"), "TENDER_API_KEY is not set")
local brand = assert(os.getenv("TENDER_BRAND_ID"), "TENDER_BRAND_ID is not set")
local skip = os.getenv("BENCH_SKIP_CAPTURE") == "1" and '"skip_capture": true, ' or ''

wrk.method = "POST"
wrk.path = "/api/v1/purchases/"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"brand_id": "' .. brand .. '", "client": {"email": "bench@example.com"}, ' ..
           '"purchase": {"products": [{"name": "Item", "price": 1000}]}, ' .. skip ..
           '"success_redirect": "https://shop.example.test/paid", "failure_redirect": "https://shop.example.test/failed"}'
bench.capture_ids('^{"id":"([^"]+)"')
