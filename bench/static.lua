-- wrk script: GETs the static copy of a Tender purchase response from the reference nginx.
-- (nginx's static module answers 405 to POST, so the baseline is a GET of the same-size body.)
dofile(os.getenv("BENCH_DIR") .. "/status_count.lua")

wrk.method = "GET"
wrk.path = "/purchase.json"
