# The sanitizer build (TENDER_SANITIZE) and the libFuzzer harnesses (TENDER_FUZZ), both off by
# default so the ordinary build is unchanged. scripts/test.sh configures one extra directory,
# build-sanitize, with both on and clang: the library is compiled once with ASan + UBSan and
# libFuzzer's coverage instrumentation, and the unit tests, the server and every fuzz target link
# against those same objects. See docs/ARCHITECTURE.md, "Sanitizers and fuzzing".

option(TENDER_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(TENDER_FUZZ "Also build the libFuzzer harnesses in fuzz/ (clang only; implies TENDER_SANITIZE)" OFF)

if(TENDER_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TENDER_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  set(TENDER_SANITIZE ON CACHE BOOL "" FORCE)
endif()

if(TENDER_SANITIZE)
  # Undefined behaviour aborts instead of printing and going on, so a test or fuzz run fails on it.
  # -O1 and line tables only: the cheapest build that still gives readable stack traces.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -O1 -gline-tables-only)
  add_link_options(-fsanitize=address,undefined)
  if(TENDER_FUZZ)
    # Coverage feedback for the fuzzers. Without libFuzzer linked in (the server, the unit tests)
    # the sanitizer runtime supplies the hooks, so the same objects serve every binary.
    add_compile_options(-fsanitize=fuzzer-no-link)
  endif()
endif()

# The node suites the sanitizer server runs (on SQLite only). Together they reach every route the
# router serves, so every handler runs under ASan + UBSan at least once:
#   collect_purchases, collect_errors   /purchases/ create, read, list, cancel, every error path; the
#                                       invoice page /p/{id}/invoice/
#   collect_clients, collect_misc       /clients/ CRUD; /payment_methods/, /public_key/
#   collect_account                     /balance/, /statement/, /account/json/*, /company_statements/
#   lifecycle_refunds, lifecycle_statuses  capture, release, refund, charge, mark_as_paid, /test/purchases/
#                                       events, the checkout page /p/{id}/
#   lifecycle_recurring                 recurring tokens (list, read, delete, delete_recurring_token)
#   billing_templates, billing_subscriptions  /billing_templates/ (+ clients, send_invoice, add_subscriber), /billing/
#   webhooks_api, webhooks_delivery     /webhooks/ CRUD, their deliveries (list, read, resend), /deliveries/
#                                       (list, read, resend), /test_clock/
#   payments_direct_post                Direct Post, the 3-D Secure challenge page and its answer, /p/{id}/result/
#   s2s_purchase, orders_purchase       the S2S Purchase API (v1, v2, doubled path) and every Orders API route
#   portal_cookies, metrics, server_limits, dialects  portal login and cookies; /healthz, /readyz, /metrics;
#                                       header, body and connection limits; unknown paths, methods, bodies
# and in the browser: checkout (/p/{id}/pay/, /static/checkout.*) and the portal's page groups
# (purchases and their actions, create, money and the statement, developers: keys, webhooks,
# deliveries, test tools; team, audit; login, logout, mode).
set(TENDER_SANITIZE_HTTP_SUITES
  collect_purchases collect_errors collect_clients collect_misc collect_account lifecycle_refunds
  lifecycle_statuses lifecycle_recurring billing_templates billing_subscriptions webhooks_api
  webhooks_delivery payments_direct_post s2s_purchase orders_purchase portal_cookies metrics
  server_limits dialects)
set(TENDER_SANITIZE_BROWSER_SUITES checkout portal_purchases portal_money portal_developers portal_team)
