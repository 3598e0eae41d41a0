-- wrk script: Orders API, POST /v1/orders/purchase (`Authorization: Basic base64(<api key>:)`),
-- the body of tests/http/orders_purchase.test.mjs (a MOTO card payment, captured at once).
-- The orders' ids (the purchases' ids) go to BENCH_IDS_OUT.* when it is set.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local basic = assert(os.getenv("TENDER_ORDERS_BASIC"), "TENDER_ORDERS_BASIC (base64 of '<api key>:') is not set")
wrk.method = "POST"
wrk.path = "/v1/orders/purchase"
wrk.headers["Authorization"] = "Basic " .. basic
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"amount": 1000, "currency": "SAR", "description": "Test Order", "transaction_type": "moto", ' ..
           '"source": {"type": "card", "number": "4444333322221111", "month": 1, "year": 2039, "security_code": "123"}, ' ..
           '"device": {"user_agent": "Mozilla/5.0", "ip_address": "203.0.113.7"}}'
bench.capture_ids('^{"id":"([^"]+)"')
