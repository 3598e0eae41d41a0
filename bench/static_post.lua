-- wrk script: the reference for writes: nginx answers a POST of the S2S seed body (the same
-- request bytes as bench/s2s.lua sends) with a static copy of an S2S 201 response (same size).
-- nginx's static module refuses POST with 405; bench/run.sh's nginx.conf turns that into the
-- file with `error_page 405 =200 $uri;` (an internal redirect that serves the file as a GET).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local f = assert(io.open(assert(os.getenv("BENCH_BODY_FILE"), "BENCH_BODY_FILE is not set"), "r"))
wrk.method = "POST"
wrk.path = "/s2s.json"
wrk.headers["Content-Type"] = "application/json"
wrk.body = f:read("*a")
f:close()
