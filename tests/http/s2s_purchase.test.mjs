// Server-to-server Purchase API v1/v2 (seeds 000 and 001): the seed's curl request as printed,
// the 201 shape, authentication, merchant_id scoping, exact amounts, declines with stable codes,
// 3-D Secure through return_url and the test ACS, slow acquirers, idempotency, webhook_url, and
// the same purchase seen through the Collect API and the ledger check.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { FUTURE_YY, seedBody } from './lib/s2s_seed.mjs';
import {
  UUID_RE, api, expectJson, parseSingleJson, randomId, runTender, sleep, startTender,
} from './lib/harness.mjs';

const V1 = '/api/v1/server-to-server-interface/payment';
const V2 = '/api/v1/server-to-server-interface/paymentv2';
const V2_AS_PRINTED = '/api/v1/api/v1/server-to-server-interface/paymentv2';



function minimalBody(merchantId, overrides = {}) {
  const { card, ...rest } = overrides;
  return {
    amount: '1000',
    currency: 'JPY',
    card: { cvc: '100', expiry_month: '12', expiry_year: FUTURE_YY, number: '5200000000001005', ...(card || {}) },
    merchant_id: merchantId,
    billing_address: { country: 'JP' },
    ...rest,
  };
}

// Sends the seed's headers: `Authorization: <key>` (the v2 curl) unless told otherwise, and x-api-key.
function s2s(server, path, body, { key = server.company.api_key, authorization, xApiKey, headers = {}, rawBody } = {}) {
  const h = {
    'content-type': 'application/json',
    authorization: authorization === undefined ? key : authorization,
    'x-api-key': xApiKey === undefined ? key : xApiKey,
    ...headers,
  };
  for (const [k, v] of Object.entries(h)) if (v === null) delete h[k];
  return api(server, 'POST', path, { key: null, headers: h, rawBody: rawBody ?? JSON.stringify(body) });
}

function expectGatewayError(res, status, code, what) {
  const body = expectJson(res, status, what);
  assert.equal(body.success, false, what);
  assert.equal(body.status_code, status, what);
  assert.equal(body.gateway_response.type, 'ERROR', what);
  assert.equal(body.gateway_response.version, '1', what);
  assert.equal(body.gateway_response.code, code, `${what}: ${res.text}`);
  assert.ok(body.gateway_response.message.length > 0);
  return body;
}

function absolute(server, location) {
  return new URL(location, server.url + '/').href;
}

// Completes the test ACS page as its form does: GET (CSRF cookie and field), POST result.
async function completeChallenge(server, location, result) {
  const url = absolute(server, location);
  const page = await fetch(url, { redirect: 'manual' });
  const html = await page.text();
  assert.equal(page.status, 200, html);
  const cookie = (page.headers.get('set-cookie') || '').match(/tender_csrf=([^;]+)/)?.[1];
  const token = html.match(/name="csrf_token" value="([^"]+)"/)?.[1];
  assert.ok(cookie && token, 'the ACS page sets the CSRF cookie and form field');
  const res = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams({ csrf_token: token, result }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tender_csrf=${cookie}` },
    redirect: 'manual',
  });
  await res.text();
  return { status: res.status, location: res.headers.get('location') };
}

const servers = [];
let server;
before(async () => {
  server = await startTender({ env: { TENDER_ALLOW_PRIVATE_CALLBACKS: '1' } });
  servers.push(server);
});
after(async () => { for (const s of servers) await s.cleanup(); });

describe('the seed 001 request as printed', () => {
  test('returns 201 in the seed response shape, card number masked', async () => {
    const res = await s2s(server, V2_AS_PRINTED, seedBody(server.company.brand_id));
    const body = expectJson(res, 201, 'seed request');
    assert.deepEqual(Object.keys(body), ['success', 'status_code', 'is_live', 'transaction_type', 'gateway_response',
      'merchant_details', 'payment_details', 'transaction_details', 'risk-details']);
    assert.equal(body.success, true);
    assert.equal(body.status_code, 201);
    assert.equal(body.is_live, false);
    assert.equal(body.transaction_type, 'PURCHASE', 'captured at once, as the seed prose says (docs/api-s2s.md)');
    assert.deepEqual(body.gateway_response, { version: '1', type: 'INFO', message: 'Payment Successful.', code: 'INFO0000' });

    const m = body.merchant_details;
    assert.deepEqual(Object.keys(m), ['legal_name', 'mid', 'merchant_txn_ref', 'billing_details', 'device_details']);
    assert.equal(m.legal_name, 'Demo Company');
    assert.equal(m.mid, server.company.brand_id);
    assert.equal(m.merchant_txn_ref, 'qwe');
    assert.deepEqual(m.billing_details, { billing_address: seedBody('').billing_address });
    assert.equal(m.device_details.visited_ip, '127.0.0.1');
    assert.equal(m.device_details.customer_ip, '127.0.0.1');
    assert.equal(typeof m.device_details.merchant_ip, 'string');

    const pd = body.payment_details;
    assert.deepEqual(Object.keys(pd), ['amount', 'response_code', 'auth_code', 'currency', 'payment_method', 'scheme',
      'card', 'additional_data']);
    assert.equal(pd.amount, 1000);
    assert.match(res.text, /"amount":1000,/, 'amount is a JSON number');
    assert.equal(pd.response_code, 0);
    assert.ok(pd.auth_code === null || /^\d{6}$/.test(pd.auth_code), `auth_code ${pd.auth_code}`);
    assert.equal(pd.currency, 'JPY');
    assert.equal(pd.payment_method, 'ECMC-SSL');
    assert.equal(pd.scheme, 'MASTERCARD');
    assert.deepEqual(pd.card, { name: 'John Doe', number: '520000******1005', exp_month: '12', exp_year: FUTURE_YY });
    assert.ok(!res.text.includes('5200000000001005'), 'the full card number never appears');
    assert.ok(!res.text.includes('"100"'), 'the CVC never appears');
    assert.deepEqual(pd.additional_data, { payment_data_source: { type: 'card' } });

    const td = body.transaction_details;
    assert.deepEqual(Object.keys(td), ['id', 'ref', 'timestamp', 'merchant_txn_ref', 'stored_payment_method_id']);
    assert.match(td.id, UUID_RE);
    assert.ok(td.ref === null || Number.isInteger(td.ref));
    assert.match(td.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    assert.ok(Math.abs(Date.parse(td.timestamp) - Date.now()) < 120_000);
    assert.equal(td.merchant_txn_ref, 'qwe');
    assert.equal(td.stored_payment_method_id, null);
    assert.deepEqual(body['risk-details'], { risk_score: null });
  });

  test('v1, v2 and the doubled v2 path take the same body; Basic <key> and HTTP Basic work', async () => {
    const key = server.company.api_key;
    const basicProper = 'Basic ' + Buffer.from(`${key}:`).toString('base64');
    for (const [path, authorization] of [[V1, `Basic ${key}`], [V2, `Basic ${key}`], [V2_AS_PRINTED, key], [V1, basicProper]]) {
      const body = expectJson(await s2s(server, path, seedBody(server.company.brand_id), { authorization }), 201, `${path} ${authorization.slice(0, 8)}`);
      assert.equal(body.gateway_response.code, 'INFO0000');
    }
  });

  test('the purchase is the engine\'s: Collect shows it paid, with the S2S details stored', async () => {
    const body = expectJson(await s2s(server, V1, seedBody(server.company.brand_id)), 201);
    const p = expectJson(await api(server, 'GET', `/api/v1/purchases/${body.transaction_details.id}/`), 200);
    assert.equal(p.status, 'paid');
    assert.equal(p.purchase.total, 1000);
    assert.equal(p.purchase.currency, 'JPY');
    assert.equal(p.reference, 'qwe');
    assert.equal(p.client.email, 'billing@testemail.com');
    assert.equal(p.transaction_data.flow, 'server_to_server');
    const stored = p.purchase.server_to_server;
    assert.deepEqual(stored.browser_info, seedBody('').browser_info);
    assert.deepEqual(stored.shipping_address, seedBody('').shipping_address);
    assert.equal(stored.time_zone, 'Asia/Kuala_Lumpur');
    assert.equal(stored.card.number, '520000******1005');
    assert.ok(!JSON.stringify(p).includes('5200000000001005'));
  });
});

describe('authentication and merchant_id', () => {
  test('missing headers: 401 ERROR1001', async () => {
    const b = minimalBody(server.company.brand_id);
    expectGatewayError(await s2s(server, V1, b, { authorization: null, xApiKey: null }), 401, 'ERROR1001', 'none');
    expectGatewayError(await s2s(server, V1, b, { xApiKey: null }), 401, 'ERROR1001', 'no x-api-key');
    expectGatewayError(await s2s(server, V1, b, { authorization: null }), 401, 'ERROR1001', 'no Authorization');
  });

  test('unknown or mismatched keys: 401 ERROR1002', async () => {
    const b = minimalBody(server.company.brand_id);
    const bogus = 'tender_test_' + 'x'.repeat(40);
    expectGatewayError(await s2s(server, V1, b, { key: bogus }), 401, 'ERROR1002', 'unknown key');
    expectGatewayError(await s2s(server, V1, b, { xApiKey: server.second.api_key }), 401, 'ERROR1002', 'two keys');
  });

  test('merchant_id of another company, or not a brand id: 403 ERROR1003, nothing created', async () => {
    for (const mid of [server.second.brand_id, server.company.company_id, randomId(), 'M-1']) {
      const res = await s2s(server, V1, minimalBody(mid));
      expectGatewayError(res, 403, 'ERROR1003', mid);
      assert.ok(!res.text.includes('Second Company'));
    }
    // The second company's own key and brand work.
    expectJson(await s2s(server, V1, minimalBody(server.second.brand_id), { key: server.second.api_key }), 201);
  });
});

describe('amounts are exact decimal strings in major units', () => {
  test('"1000" JPY and "10.50" USD are accepted and shown as JSON numbers', async () => {
    const usd = await s2s(server, V1, minimalBody(server.company.brand_id, { amount: '10.50', currency: 'USD' }));
    expectJson(usd, 201);
    assert.match(usd.text, /"amount":10\.50,/);
    const p = expectJson(await api(server, 'GET', `/api/v1/purchases/${usd.json.transaction_details.id}/`), 200);
    assert.equal(p.purchase.total, 1050);
    const bhd = await s2s(server, V1, minimalBody(server.company.brand_id, { amount: '1.234', currency: 'BHD' }));
    expectJson(bhd, 201);
    assert.match(bhd.text, /"amount":1\.234,/);
  });

  test('too many decimals, bad syntax, zero and negatives are refused naming amount', async () => {
    const cases = [
      ['10.505', 'USD', 'ERROR2005'], ['10.0', 'JPY', 'ERROR2005'], ['1,000', 'JPY', 'ERROR2005'], ['1e3', 'JPY', 'ERROR2005'],
      [' 10', 'JPY', 'ERROR2005'], ['.5', 'USD', 'ERROR2005'], ['', 'JPY', 'ERROR2005'], ['0', 'JPY', 'ERROR2007'],
      ['-5', 'JPY', 'ERROR2007'], ['99999999999999999999', 'JPY', 'ERROR2007'],
    ];
    for (const [amount, currency, code] of cases) {
      const body = expectGatewayError(await s2s(server, V1, minimalBody(server.company.brand_id, { amount, currency })), 400, code, amount);
      assert.deepEqual(body.errors.map((e) => e.field), ['amount'], amount);
    }
  });
});

describe('declines', () => {
  const cases = [
    ['4000000000000010', '123', 'ERROR3001', 'Insufficient funds'],
    ['4000000000000028', '123', 'ERROR3002', null],
    ['4000000000000150', '123', 'ERROR3015', 'Decline, fraud'],
    ['4000000000000168', '123', 'ERROR3016', null],
    ['4111111111111111', '123', 'ERROR3014', 'Payment authorization failed'],
    ['4444333322221111', '999', 'ERROR3020', 'Invalid card data provided'],
    ['4444333322221112', '123', 'ERROR3018', 'Invalid card number'],
  ];
  for (const [number, cvc, code, message] of cases) {
    test(`${number}: 402 ${code}`, async () => {
      const res = await s2s(server, V1, minimalBody(server.company.brand_id, { card: { number, cvc } }));
      const body = expectGatewayError(res, 402, code, number);
      if (message) assert.equal(body.gateway_response.message, message);
      assert.match(body.transaction_details.id, UUID_RE);
      assert.equal(body.payment_details.card.number.includes('******'), true);
      const p = expectJson(await api(server, 'GET', `/api/v1/purchases/${body.transaction_details.id}/`), 200);
      assert.ok(['error', 'blocked'].includes(p.status), p.status);
    });
  }

  test('an expiry month out of range is the acquirer\'s invalid_expires (ERROR3019)', async () => {
    const res = await s2s(server, V1, minimalBody(server.company.brand_id, { card: { expiry_month: '13' } }));
    expectGatewayError(res, 402, 'ERROR3019', 'month 13');
  });
});

describe('3-D Secure through return_url', () => {
  const enrolled = { number: '5555555555554444', cvc: '123', name: 'Jane Roe' };
  const returnUrl = { success_url: 'https://shop.example.test/ok', decline_url: 'https://shop.example.test/declined' };

  test('the response sends the payer to the ACS; approving lands on success_url, the purchase is paid', async () => {
    const res = await s2s(server, V2, minimalBody(server.company.brand_id, { card: enrolled, return_url: returnUrl }));
    const body = expectJson(res, 202, '3ds start');
    assert.equal(body.success, false);
    assert.equal(body.status_code, 202);
    assert.equal(body.gateway_response.type, 'INFO');
    assert.equal(body.gateway_response.code, 'INFO0001');
    assert.match(body.gateway_response.message, /3-D Secure/);
    assert.match(body.redirect_url, new RegExp(`^${server.url}/p/${body.transaction_details.id}/3ds/[^/]+/$`));
    const done = await completeChallenge(server, body.redirect_url, 'approve');
    assert.equal(done.status, 303);
    assert.equal(done.location, returnUrl.success_url);
    const p = expectJson(await api(server, 'GET', `/api/v1/purchases/${body.transaction_details.id}/`), 200);
    assert.equal(p.status, 'paid');
    assert.equal(p.transaction_data.attempts.at(-1).extra.three_d_secure, true);
  });

  test('failing the challenge does not pay and does not land on success_url', async () => {
    const body = expectJson(await s2s(server, V2, minimalBody(server.company.brand_id, { card: enrolled, return_url: returnUrl })), 202);
    const done = await completeChallenge(server, body.redirect_url, 'fail');
    assert.equal(done.status, 303);
    assert.notEqual(done.location, returnUrl.success_url);
    const p = expectJson(await api(server, 'GET', `/api/v1/purchases/${body.transaction_details.id}/`), 200);
    assert.equal(p.status, 'error');
    assert.equal(p.transaction_data.attempts.at(-1).error.code, '3ds_authentication_failed');
  });

  test('an enrolled card without return_url: 400 ERROR2009', async () => {
    const res = await s2s(server, V1, minimalBody(server.company.brand_id, { card: enrolled }));
    const body = expectGatewayError(res, 400, 'ERROR2009', 'no return_url');
    assert.match(body.gateway_response.message, /return_url/);
    const p = expectJson(await api(server, 'GET', `/api/v1/purchases/${body.transaction_details.id}/`), 200);
    assert.equal(p.status, 'error');
  });
});

describe('slow acquirer', () => {
  test('the timeout card answers 202 INFO0002; the purchase is paid when the answer arrives', async () => {
    const res = await s2s(server, V1, minimalBody(server.company.brand_id, { card: { number: '4000000000001018', cvc: '123' } }));
    const body = expectJson(res, 202, 'slow');
    assert.equal(body.success, false);
    assert.equal(body.gateway_response.code, 'INFO0002');
    let p;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(200)) {
      p = expectJson(await api(server, 'GET', `/api/v1/purchases/${body.transaction_details.id}/`), 200);
      if (p.status !== 'pending_execute') break;
    }
    assert.equal(p.status, 'paid');
  });
});

describe('idempotency', () => {
  test('a retry with the same Idempotency-Key gets the first answer and pays once', async () => {
    const headers = { 'idempotency-key': randomId() };
    const b = seedBody(server.company.brand_id);
    const first = await s2s(server, V1, b, { headers });
    const second = await s2s(server, V1, b, { headers });
    expectJson(first, 201);
    assert.equal(second.status, 201);
    assert.equal(second.text, first.text);
    const other = await s2s(server, V1, { ...b, merchant_txn_ref: 'other' }, { headers });
    expectGatewayError(other, 400, 'ERROR4006', 'same key, other body');
  });
});

describe('webhook_url and webhooks', () => {
  test('webhook_url is called, signed, when the payment succeeds or is declined; Collect webhooks fire too', async () => {
    const received = [];
    const hook = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => { data += c; });
      req.on('end', () => { received.push({ url: req.url, headers: req.headers, body: data }); res.end('ok'); });
    });
    await new Promise((r) => hook.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${hook.address().port}`;
      expectJson(await api(server, 'POST', '/api/v1/webhooks/', {
        body: { title: 'all', callback: `${base}/collect`, all_events: true },
      }), 201, 'register webhook');
      const b = minimalBody(server.company.brand_id, { return_url: { webhook_url: `${base}/s2s` } });
      const body = expectJson(await s2s(server, V1, b), 201);
      const id = body.transaction_details.id;
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(200)) {
        if (received.some((r) => r.url === '/s2s') && received.some((r) => r.url === '/collect' && r.body.includes(id))) break;
      }
      const callback = received.find((r) => r.url === '/s2s');
      assert.ok(callback, `webhook_url called: ${JSON.stringify(received.map((r) => r.url))}`);
      assert.ok(callback.headers['x-signature'], 'signed');
      assert.ok(callback.body.includes(id));
      assert.ok(received.some((r) => r.url === '/collect' && r.body.includes(id)), 'Collect webhook fired for the S2S purchase');

      // A declined payment notifies webhook_url too, with the 402 answer's body.
      const declined = minimalBody(server.company.brand_id, {
        card: { number: '4000000000000010', cvc: '123' }, return_url: { webhook_url: `${base}/s2s-declined` },
      });
      const refused = await s2s(server, V1, declined);
      assert.equal(refused.status, 402, refused.text);
      for (const deadline = Date.now() + 15_000; Date.now() < deadline && !received.some((r) => r.url === '/s2s-declined'); await sleep(100)) {
        // waiting for the callback
      }
      const failure = received.find((r) => r.url === '/s2s-declined');
      assert.ok(failure, 'webhook_url called for the declined payment');
      assert.ok(failure.headers['x-signature'], 'signed');
      const sent = JSON.parse(failure.body);
      assert.equal(sent.success, false);
      assert.equal(sent.gateway_response.code, 'ERROR3001');
      assert.deepEqual(sent, refused.json, 'the same body as the 402 answer');
    } finally {
      hook.close();
    }
  });
});

describe('one engine', () => {
  test('S2S purchases appear in the ledger check, balanced', async () => {
    expectJson(await s2s(server, V1, seedBody(server.company.brand_id)), 201);
    const r = await runTender(['ledger', 'check', '--data', server.dataDir, '--json']);
    const check = parseSingleJson(r.stdout, 'ledger check');
    assert.equal(check.ok, true, JSON.stringify(check.problems));
    assert.equal(r.code, 0);
    assert.ok(check.purchases >= 1);
  });
});

describe('request errors', () => {
  test('malformed JSON and non-object bodies: 400 ERROR2000', async () => {
    for (const rawBody of ['{', '[]', '"x"', '']) {
      expectGatewayError(await s2s(server, V1, null, { rawBody }), 400, 'ERROR2000', JSON.stringify(rawBody));
    }
  });
});
