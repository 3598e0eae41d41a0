-- wrk script: the reference for reads: nginx GETs a static copy of a Collect purchase response
-- (bench/run.sh saves one from Tender), so the body has the same size as Collect GET's.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
wrk.method = "GET"
wrk.path = "/purchase.json"
