// The account endpoints CHIP's plugins call, sent as each plugin builds the request and read as it
// reads the answer: GET /account/json/balance/ (WHMCS, WooCommerce), GET /account/json/turnover/
// (WooCommerce), GET and POST /company_statements/ (Gravity Forms, GiveWP), and the refund answer
// (WHMCS, WooCommerce). Every number is checked against the ledger (GET /balance/ and the
// purchases, lib/lifecycle_support.mjs expectedMoney). docs/lifecycle.md, "Account".
//
// Not tested: a live key's balance without the test-mode money. The ledger keeps no mode (a
// posting has company, currency and account only: store/store.hpp Posting), so a company's live
// and test keys read the same balance and turnover; statements, which are records, are per mode.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { UUID_RE, api, createKey, expectJson, nowSeconds, startTender } from './lib/harness.mjs';
import { checkMoney, expectedMoney, feeOf, op, paidPurchase, refundsOf } from './lib/lifecycle_support.mjs';

let server;
before(async () => { server = await startTender(); });
after(async () => { await server?.cleanup(); });

// The plugins' transports: PHP cURL / wp_remote_request with these headers and no body on a GET.
const PLUGIN_HEADERS = { 'content-type': 'application/json' };
const get = (path, key) => api(server, 'GET', path, { key, headers: PLUGIN_HEADERS });

// CHIPAsia/chip-for-whmcs modules/gateways/chip/api.php ChipAPI::account_balance():
// GET /account/json/balance/?<http_build_query(['brand_id' => brand])>; read by
// modules/gateways/chip/gateway.php ChipGateway::account_balance(): foreach ($balanceData as
// $currency => $value) Balance::factory($value['balance'] / 100, $currency).
async function whmcsBalances(brandId = server.company.brand_id, key) {
  const data = expectJson(await get(`/api/v1/account/json/balance/?${new URLSearchParams({ brand_id: brandId })}`, key), 200, 'WHMCS balance');
  return Object.entries(data).map(([currency, value]) => ({ currency, amount: value.balance / 100 }));
}

// CHIPAsia/chip-for-woocommerce includes/class-chip-woocommerce-api.php Chip_Woocommerce_API::balance():
// GET /account/json/balance/?currency=MYR.
async function wooBalance(key) {
  return expectJson(await get('/api/v1/account/json/balance/?currency=MYR', key), 200, 'WooCommerce balance');
}

// Same file, Chip_Woocommerce_API::turnover(): GET /account/json/turnover/?currency=MYR.
async function wooTurnover(key, query = '') {
  return expectJson(await get(`/api/v1/account/json/turnover/?currency=MYR${query}`, key), 200, 'WooCommerce turnover');
}

// CHIPAsia/chip-for-gravity-forms includes/class-gf-chip-api.php GF_CHIP_API::get_company_uid(),
// and CHIPAsia/chip-for-givewp includes/class-chip-givewp-api.php Chip_Givewp_API::get_company_uid()
// (the same code): GET /company_statements/; results[0].company_uid when there is a result, else
// POST /company_statements/ {"format":"csv","timezone":"UTC"} and its company_uid. Either plugin
// turns a non-2xx answer into null.
async function pluginCompanyUid(key) {
  const list = await get('/api/v1/company_statements/', key);
  if (list.status < 200 || list.status >= 300) return { uid: null, via: 'GET failed' };
  const result = list.json;
  if (Array.isArray(result?.results) && result.results.length > 0) {
    return { uid: result.results[0].company_uid ?? null, via: 'GET' };
  }
  const post = await api(server, 'POST', '/api/v1/company_statements/', {
    key, rawBody: JSON.stringify({ format: 'csv', timezone: 'UTC' }),
  });
  if (post.status < 200 || post.status >= 300) return { uid: null, via: 'POST failed' };
  return { uid: post.json?.company_uid ?? null, via: 'POST', statement: post.json };
}

const ledgerMyr = async (key) => (await expectedMoney(server, key)).MYR
  || { available: 0, held: 0, fees: 0, payer_funds: 0, captured: 0, refunded: 0 };
const tenderBalance = async (key) => expectJson(await api(server, 'GET', '/api/v1/balance/', { key }), 200, 'GET /balance/').MYR
  || { available: 0, held: 0, fees: 0, payer_funds: 0 };

describe('GET /account/json/balance/', () => {
  test('after a paid and a refunded purchase, WHMCS and WooCommerce read the ledger\'s available money', async () => {
    const start = (await ledgerMyr()).available;
    await paidPurchase(server, {}, { price: 1000 });
    const refunded = await paidPurchase(server, {}, { price: 2000 });
    expectJson(await op(server, refunded.id, 'refund', { amount: 500 }), 200, 'refund 500');
    const ledger = await ledgerMyr();
    assert.equal(ledger.available - start, (1000 - feeOf(1000)) + (2000 - feeOf(2000) - 500));

    const whmcs = await whmcsBalances();
    assert.deepEqual(whmcs, [{ currency: 'MYR', amount: ledger.available / 100 }], 'WHMCS: every currency, balance in major units');
    const woo = await wooBalance();
    assert.deepEqual(Object.keys(woo), ['MYR']);
    assert.equal(Number.isInteger(woo.MYR.balance), true, 'minor units');
    assert.deepEqual(woo.MYR, {
      gross_balance: ledger.available + ledger.fees, balance: ledger.available, available_balance: ledger.available,
      reserved: 0, pending_outgoing: 0,
    });
    assert.equal((await tenderBalance()).available, ledger.available, 'the same ledger as GET /balance/');
  });

  test('each paid purchase raises the balance by its net amount, each refund lowers it by the refund', async () => {
    const start = (await wooBalance()).MYR.balance;
    const p = await paidPurchase(server, {}, { price: 4000 });
    assert.equal((await wooBalance()).MYR.balance - start, 4000 - feeOf(4000));
    expectJson(await op(server, p.id, 'refund', { amount: 1000 }), 200, 'refund 1000');
    assert.equal((await wooBalance()).MYR.balance - start, 3000 - feeOf(4000), 'fees are not returned on refund');
  });

  test('another company\'s key sees only its own balance', async () => {
    const other = server.second;
    const firstBefore = (await wooBalance()).MYR.balance;
    const secondBefore = (await wooBalance(other.api_key)).MYR.balance;
    await paidPurchase(server, {}, { key: other.api_key, brandId: other.brand_id, price: 3000 });
    assert.equal((await wooBalance(other.api_key)).MYR.balance - secondBefore, 3000 - feeOf(3000));
    assert.equal((await wooBalance()).MYR.balance, firstBefore, 'the first company is untouched');
    assert.deepEqual(await whmcsBalances(other.brand_id, other.api_key),
      [{ currency: 'MYR', amount: (await ledgerMyr(other.api_key)).available / 100 }]);
    // WHMCS configured with the other company's brand but this company's key: not this company's brand.
    const res = await get(`/api/v1/account/json/balance/?brand_id=${other.brand_id}`);
    assert.equal(expectJson(res, 400, 'foreign brand_id').brand_id?.[0]?.code, 'invalid', res.text);
  });

  test('a currency asked for without money in it answers 0; unknown currencies are refused naming currency', async () => {
    const eur = expectJson(await get('/api/v1/account/json/balance/?currency=EUR'), 200, 'EUR');
    assert.deepEqual(eur, { EUR: { gross_balance: 0, balance: 0, available_balance: 0, reserved: 0, pending_outgoing: 0 } });
    const both = expectJson(await get('/api/v1/account/json/balance/?currency=MYR&currency=eur'), 200, 'MYR and eur');
    assert.deepEqual(Object.keys(both).sort(), ['EUR', 'MYR']);
    for (const bad of ['XYZ', '', 'RM']) {
      const res = await get(`/api/v1/account/json/balance/?currency=${bad}`);
      const body = expectJson(res, 400, `currency=${bad}`);
      assert.equal(body.currency?.[0]?.code, 'invalid', res.text);
      assert.match(body.currency[0].message, /currency/i);
    }
    const turnover = await get('/api/v1/account/json/turnover/?currency=XYZ');
    assert.equal(expectJson(turnover, 400, 'turnover XYZ').currency?.[0]?.code, 'invalid', turnover.text);
  });

  test('without a key: 401, as for every Collect endpoint', async () => {
    const res = await api(server, 'GET', '/api/v1/account/json/balance/?currency=MYR', { key: null });
    assert.equal(expectJson(res, 401, 'no key').__all__?.[0]?.code, 'authentication_failed');
  });
});

describe('GET /account/json/turnover/', () => {
  test('incoming counts payments and captures, outgoing refunds; both follow the ledger', async () => {
    const before = await wooTurnover();
    for (const side of ['incoming', 'outgoing']) {
      assert.deepEqual(Object.keys(before[side]).sort(), ['count', 'turnover']);
      assert.equal(Number.isInteger(before[side].turnover), true);
      assert.equal(Number.isInteger(before[side].count.all), true);
    }
    const p = await paidPurchase(server, {}, { price: 1500 });
    const held = await paidPurchase(server, { skip_capture: true }, { price: 800 });
    const mid = await wooTurnover();
    assert.deepEqual(mid.incoming, { turnover: before.incoming.turnover + 1500, count: { all: before.incoming.count.all + 1 } },
      'the payment is incoming, gross of its fee; the hold is not turnover');
    assert.deepEqual(mid.outgoing, before.outgoing);
    expectJson(await op(server, held.id, 'capture', { amount: 600 }), 200, 'capture 600');
    expectJson(await op(server, p.id, 'refund', { amount: 400 }), 200, 'refund 400');
    const after = await wooTurnover();
    assert.deepEqual(after.incoming, { turnover: mid.incoming.turnover + 600, count: { all: mid.incoming.count.all + 1 } });
    assert.deepEqual(after.outgoing, { turnover: mid.outgoing.turnover + 400, count: { all: mid.outgoing.count.all + 1 } });
    // Over all time, incoming − outgoing is the merchant's gross balance.
    const ledger = await ledgerMyr();
    assert.equal(after.incoming.turnover - after.outgoing.turnover, ledger.available + ledger.fees);
    assert.equal(after.incoming.turnover, ledger.captured);
    assert.equal(after.outgoing.turnover, ledger.refunded);
  });

  test('from and to bound the period; the currency is required and only one', async () => {
    const future = nowSeconds() + 3600;
    assert.deepEqual(await wooTurnover(undefined, `&from=${future}`),
      { incoming: { turnover: 0, count: { all: 0 } }, outgoing: { turnover: 0, count: { all: 0 } } });
    const all = await wooTurnover();
    assert.deepEqual(await wooTurnover(undefined, `&from=0&to=${future}`), all);
    const eur = expectJson(await get('/api/v1/account/json/turnover/?currency=EUR'), 200, 'EUR');
    assert.deepEqual(eur, { incoming: { turnover: 0, count: { all: 0 } }, outgoing: { turnover: 0, count: { all: 0 } } });
    const none = await get('/api/v1/account/json/turnover/');
    assert.equal(expectJson(none, 400, 'no currency').currency?.[0]?.code, 'required', none.text);
    const two = await get('/api/v1/account/json/turnover/?currency=MYR&currency=EUR');
    assert.equal(expectJson(two, 400, 'two currencies').currency?.[0]?.code, 'invalid', two.text);
    const badFrom = await get('/api/v1/account/json/turnover/?currency=MYR&from=yesterday');
    assert.equal(expectJson(badFrom, 400, 'bad from').from?.[0]?.code, 'invalid', badFrom.text);
  });

  test('another company\'s turnover is its own', async () => {
    const other = server.second.api_key;
    const mine = await wooTurnover();
    const theirs = await wooTurnover(other);
    await paidPurchase(server, {}, { key: other, brandId: server.second.brand_id, price: 700 });
    assert.deepEqual(await wooTurnover(), mine);
    assert.equal((await wooTurnover(other)).incoming.turnover, theirs.incoming.turnover + 700);
  });
});

describe('/company_statements/', () => {
  test('Gravity Forms / GiveWP get_company_uid(): POST when none, GET afterwards, the company_id of purchases', async () => {
    const purchase = await paidPurchase(server, {}, { price: 100 });
    const first = await pluginCompanyUid();
    assert.equal(first.via, 'POST', 'no statement yet: the plugin posts one');
    assert.equal(first.uid, purchase.company_id, 'company_uid is the company_id that purchases and webhooks carry');
    assert.equal(first.uid, server.company.company_id);
    const s = first.statement;
    assert.match(s.id, UUID_RE);
    assert.equal(s.type, 'company_statement');
    assert.equal(s.format, 'csv');
    assert.equal(s.timezone, 'UTC');
    assert.equal(s.is_test, true);
    assert.equal(s.status, 'finished');
    assert.equal(s.query_string, '');
    assert.equal(typeof s.created_on, 'number');
    assert.equal(s.began_on, s.created_on);
    assert.equal(s.finished_on, s.created_on);
    // The statement's content: Tender's ledger statement up to the statement's creation.
    const download = new URL(s.download_url);
    assert.equal(download.pathname, '/api/v1/statement/');
    assert.equal(download.searchParams.get('to'), String(s.created_on));
    const st = expectJson(await api(server, 'GET', `${download.pathname}${download.search}`), 200, 'download');
    assert.ok(st.postings.some((leg) => leg.purchase_id === purchase.id), 'the paid purchase is in it');

    const again = await pluginCompanyUid();
    assert.deepEqual(again, { uid: purchase.company_id, via: 'GET' }, 'now listed: results[0].company_uid');
    const listed = expectJson(await get('/api/v1/company_statements/'), 200, 'list');
    assert.deepEqual(listed.results, [s]);
    assert.equal(listed.next, null);
    assert.deepEqual(expectJson(await get(`/api/v1/company_statements/${s.id}/`), 200, 'get'), s);
  });

  test('statements are the caller\'s company\'s and mode\'s only', async () => {
    const mine = expectJson(await get('/api/v1/company_statements/'), 200, 'mine');
    assert.ok(mine.results.length > 0);
    const other = server.second;
    const theirs = await pluginCompanyUid(other.api_key);
    assert.equal(theirs.via, 'POST', 'the other company has none of this company\'s statements');
    assert.equal(theirs.uid, other.company_id);
    assert.notEqual(theirs.uid, server.company.company_id);
    const res = await get(`/api/v1/company_statements/${mine.results[0].id}/`, other.api_key);
    assert.equal(expectJson(res, 404, 'foreign statement').__all__?.[0]?.code, 'not_found');

    const live = await createKey(server.dataDir, { live: true });
    const liveUid = await pluginCompanyUid(live.api_key);
    assert.equal(liveUid.via, 'POST', 'test-mode statements are not listed for a live key');
    assert.equal(liveUid.uid, server.company.company_id, 'the same company in either mode');
    assert.equal(liveUid.statement.is_test, false);
    assert.deepEqual(expectJson(await get('/api/v1/company_statements/'), 200, 'test list').results.map((x) => x.id),
      mine.results.map((x) => x.id), 'the live statement is not listed for a test key');
  });

  test('the body: format csv or json, timezone; newest first; bad values named', async () => {
    const json = expectJson(await api(server, 'POST', '/api/v1/company_statements/?from=0', {
      body: { format: 'json', timezone: 'Asia/Kuala_Lumpur' } }), 201, 'json statement');
    assert.equal(json.format, 'json');
    assert.equal(json.timezone, 'Asia/Kuala_Lumpur');
    assert.equal(json.query_string, 'from=0');
    const bare = expectJson(await api(server, 'POST', '/api/v1/company_statements/', {}), 201, 'no body');
    assert.equal(bare.format, 'csv');
    assert.equal(bare.timezone, 'UTC');
    const listed = expectJson(await get('/api/v1/company_statements/'), 200, 'list').results;
    assert.ok(listed.some((x) => x.id === json.id) && listed.some((x) => x.id === bare.id));
    for (let i = 1; i < listed.length; i++) assert.ok(listed[i - 1].created_on >= listed[i].created_on, 'the newest first');
    const badFormat = await api(server, 'POST', '/api/v1/company_statements/', { body: { format: 'pdf' } });
    assert.equal(expectJson(badFormat, 400, 'pdf').format?.[0]?.code, 'invalid_choice', badFormat.text);
    const badTz = await api(server, 'POST', '/api/v1/company_statements/', { body: { timezone: 7 } });
    assert.equal(expectJson(badTz, 400, 'timezone 7').timezone?.[0]?.code, 'invalid_type', badTz.text);
    const badPeriod = await api(server, 'POST', '/api/v1/company_statements/?from=100&to=50', { body: {} });
    assert.equal(expectJson(badPeriod, 400, 'to before from').to?.[0]?.code, 'invalid', badPeriod.text);
    const unknown = await get('/api/v1/company_statements/00000000-0000-4000-8000-000000000000/');
    assert.equal(expectJson(unknown, 404, 'unknown').__all__?.[0]?.code, 'not_found');
  });
});

test('a company keeps its 100 newest statements per mode', async () => {
  const key = server.second.api_key;
  const made = [];
  for (let i = 0; i < 101; i++) {
    made.push(expectJson(await api(server, 'POST', '/api/v1/company_statements/', { key, body: { format: 'json' } }), 201, `statement ${i}`));
  }
  const listed = expectJson(await get('/api/v1/company_statements/', key), 200, 'list').results;
  assert.equal(listed.length, 100);
  assert.ok(listed.every((x) => x.company_uid === server.second.company_id));
  assert.ok(listed.some((x) => x.id === made.at(-1).id), 'the newest is kept');
  // The oldest goes first; the store orders by created_on (seconds), then id, so among statements
  // of one second any may go.
  const ids = new Set(made.map((m) => m.id));
  assert.ok(listed.filter((x) => ids.has(x.id)).length >= 99);
});

describe('the refund answer', () => {
  test('WHMCS ChipGateway::refund(): id, status "success", payment.fee_amount', async () => {
    const paid = await paidPurchase(server, {}, { price: 1200 });
    // modules/gateways/chip/gateway.php ChipGateway::refund(): refund_payment($transid,
    // ['amount' => round($amount * 100)]), json_encode of PHP's float round(): 700.0.
    const res = await api(server, 'POST', `/api/v1/purchases/${paid.id}/refund/`, { rawBody: '{"amount":700.0}' });
    const result = expectJson(res, 200, 'WHMCS refund');
    // if (!is_array($result) || !array_key_exists('id', $result) or $result['status'] != 'success') → error
    assert.ok('id' in result);
    assert.equal(result.status, 'success');
    // 'transid' => $result['id'], 'fees' => $result['payment']['fee_amount'] / 100
    assert.match(result.id, UUID_RE);
    assert.equal(result.payment.fee_amount / 100, 0, 'fees are not returned on refund');
    assert.equal(result.type, 'payment');
    assert.deepEqual(result.related_to, { type: 'purchase', id: paid.id });
    assert.deepEqual(await refundsOf(server, paid.id), [result], 'GET refunds/ lists the same object');
  });

  test('WooCommerce process_refund(): status, payment.amount, payment.currency, id', async () => {
    const paid = await paidPurchase(server, {}, { price: 2500 });
    // includes/class-chip-woocommerce-gateway.php process_refund(): ['amount' => round($amount * 100)],
    // then switch (strtolower($result['status'] ?? 'failed')) case 'success':
    // round($result['payment']['amount'] / 100, 2) . $result['payment']['currency'], and $result['id'].
    const res = await api(server, 'POST', `/api/v1/purchases/${paid.id}/refund/`, { rawBody: '{"amount":2500.0}' });
    const result = expectJson(res, 200, 'WooCommerce refund');
    assert.equal(result.__all__, undefined);
    assert.equal((result.status ?? 'failed').toLowerCase(), 'success');
    const note = `Refunded ${Math.round(result.payment.amount) / 100}${result.payment.currency} - Refund ID: ${result.id}`;
    assert.equal(note, `Refunded 25${'MYR'} - Refund ID: ${result.id}`);
    assert.deepEqual(result.payment, {
      is_outgoing: true, payment_type: 'refund', amount: 2500, currency: 'MYR', net_amount: 2500, fee_amount: 0,
      pending_amount: 0, pending_unfreeze_on: null, description: '', paid_on: result.paid_on, remote_paid_on: result.paid_on,
    });
    // Tender's own fields are still at the top level.
    assert.equal(result.amount, 2500);
    assert.equal(result.is_outgoing, true);
    assert.equal(result.payment_type, 'refund');
  });
});

test('the ledger still holds: tender ledger check, GET /balance/ and /statement/ match the purchases', async () => {
  await checkMoney(server);
});
