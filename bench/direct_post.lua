-- wrk script: Direct Post, the payer's browser posting the card form to a purchase's
-- direct_post_url (POST /p/{id}/direct_post/, application/x-www-form-urlencoded, no cookies),
-- once per purchase: each request takes the next id of BENCH_IDS_IN (created by bench/purchase.lua).
-- Tender answers a paid purchase with 303 to its success_redirect, so here a success is a 303
-- whose Location is https://shop.example.test/paid; anything else (a 303 to the failure
-- redirect included) counts as a failure.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local form = "cardholder_name=John+Doe&card_number=4444333322221111&expires=12%2F30&cvc=123"
bench.use_ids(function(id) return wrk.format("POST", "/p/" .. id .. "/direct_post/", headers, form) end)

function bench.success(status, h, body)
  return status == 303 and (h["Location"] or h["location"]) == "https://shop.example.test/paid"
end
