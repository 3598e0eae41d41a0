-- wrk script: GET /healthz on Tender (no authentication, no store access).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
wrk.method = "GET"
wrk.path = "/healthz"
