// Orders API (seed 004): POST /v1/orders/purchase in the seed's 201 shape, its 400/401/403
// answers, 3-D Secure done by the merchant (source.auth status Y skips the challenge; the redirect
// to Tender's 3-D Secure page is in orders_3ds.test.mjs), declines,
// wallets, and the companions: read, authorize without capture, capture, void, refund. The
// orders are the engine's purchases: Collect shows them, the ledger check balances, webhooks fire.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { UUID_RE, api, expectJson, parseSingleJson, randomId, runTender, sleep, startTender } from './lib/harness.mjs';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

function body(overrides = {}) {
  const { source, ...rest } = overrides;
  return {
    amount: 1000,
    currency: 'SAR',
    description: 'Test Order',
    transaction_type: 'moto',
    source: source?.type && source.type !== 'card' ? source
      : { type: 'card', number: '4444333322221111', month: 1, year: 2039, security_code: '123', ...(source || {}) },
    device: { user_agent: 'Mozilla/5.0', ip_address: '203.0.113.7' },
    ...rest,
  };
}

const basic = (key) => 'Basic ' + Buffer.from(`${key}:`).toString('base64');

function orders(server, method, path, payload, { key = server.company.api_key, authorization, headers = {} } = {}) {
  const h = { authorization: authorization === undefined ? basic(key) : authorization, ...headers };
  if (h.authorization === null) delete h.authorization;
  return api(server, method, path, { key: null, headers: h, body: payload });
}

const servers = [];
let server;
before(async () => {
  server = await startTender({ env: { TENDER_ALLOW_PRIVATE_CALLBACKS: '1' } });
  servers.push(server);
});
after(async () => { for (const s of servers) await s.cleanup(); });

describe('POST /v1/orders/purchase', () => {
  test('answers 201 in the seed shape, captured at once', async () => {
    const res = await orders(server, 'POST', '/v1/orders/purchase',
      body({ source: { number: '5555555555554444', auth: { status: 'Y', eci: '02', version: '2.2.0', value: 'AAAA' } } }));
    const o = expectJson(res, 201, 'purchase');
    assert.deepEqual(Object.keys(o), ['id', 'merchant', 'currency', 'amount', 'captured_amount', 'refunded_amount',
      'voided_amount', 'description', 'created_at', 'updated_at', 'source', 'reauthorized_order_id', 'airline',
      'sub_merchant', 'agreement', 'transactions']);
    assert.match(o.id, UUID_RE);
    assert.deepEqual(Object.keys(o.merchant), ['id', 'acquirer_id', 'name', 'arabic_name', 'merchant_id', 'rule_precedence']);
    assert.equal(o.merchant.id, server.company.brand_id);
    assert.equal(o.merchant.name, 'Demo Brand');
    assert.equal(o.currency, 'SAR');
    assert.equal(o.amount, 1000);
    assert.equal(o.captured_amount, 1000);
    assert.equal(o.refunded_amount, 0);
    assert.equal(o.voided_amount, 0);
    assert.equal(o.description, 'Test Order');
    assert.match(o.created_at, ISO);
    assert.match(o.updated_at, ISO);
    assert.deepEqual(o.source, {
      type: 'card', issuer: null, card_type: null, category: null, country_alpha2: 'GB', scheme: 'mastercard',
      first_digits: '555555', last_digits: '4444', month: 1, year: 2039,
    });
    assert.equal(o.reauthorized_order_id, null);
    assert.equal(o.transactions.length, 1);
    const t = o.transactions[0];
    assert.deepEqual(Object.keys(t), ['id', 'status', 'type', 'source_type', 'reverse_reason', 'justification',
      'reversed_transaction_id', 'message', 'response_code', 'retrieval_reference', 'stan', 'auth_code', 'amount',
      'refunded_amount', 'created_at']);
    assert.match(t.id, UUID_RE);
    assert.equal(t.status, 'approved');
    assert.equal(t.type, 'purchase');
    assert.equal(t.source_type, 'moto');
    assert.equal(t.message, 'APPROVED');
    assert.equal(t.response_code, '00');
    assert.equal(t.amount, 1000);
    assert.equal(t.refunded_amount, 0);
    assert.match(t.created_at, ISO);
    assert.ok(!res.text.includes('5555555555554444') && !res.text.includes('"123"'), 'no PAN, no CVC');
  });

  test('auth.status Y skips the challenge of an enrolled card; without auth it waits for 3-D Secure', async () => {
    // The redirect itself: orders_3ds.test.mjs.
    const without = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body({ source: { number: '5555555555554444' } })), 201);
    assert.equal(without.transactions[0].status, 'initiated');
    assert.match(without.source.transaction_url, /\/3ds\//);
    assert.equal(without.captured_amount, 0);
    const failed = expectJson(await orders(server, 'POST', '/v1/orders/purchase',
      body({ source: { number: '5555555555554444', auth: { status: 'N' } } })), 201);
    assert.equal(failed.transactions[0].status, 'declined');
    assert.equal(failed.transactions[0].message, '3DS authentication failed');
    const p = expectJson(await api(server, 'GET', `/api/v1/purchases/${failed.id}/`), 200);
    assert.equal(p.status, 'error');
  });

  test('a decline is a 201 order with a declined transaction and the acquirer\'s message', async () => {
    const o = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body({ source: { number: '4000000000000010' } })), 201);
    assert.equal(o.transactions[0].status, 'declined');
    assert.equal(o.transactions[0].message, 'Insufficient funds');
    assert.equal(o.captured_amount, 0);
  });

  test('wallets: the network token is masked; a token that is not a test card is declined', async () => {
    const o = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body({
      source: { type: 'apple_pay', number: '4111111111111111', month: 12, year: 2039, eci: '05', cryptogram: 'AgAAAAAABk4DWZ4C28yUQAAAAAA=' },
    })), 201);
    assert.equal(o.source.type, 'apple_pay');
    assert.equal(o.source.first_digits, '411111');
    assert.equal(o.source.last_digits, '1111');
    assert.equal(o.transactions[0].status, 'declined');
    assert.ok(!JSON.stringify(o).includes('AgAAAAAABk4DWZ4C28yUQAAAAAA='), 'the cryptogram is not echoed');
  });

  test('wallets: a test card used as a network token is approved without a CVC, enrolled or not', async () => {
    for (const [type, number] of [['apple_pay', '4444333322221111'], ['google_pay', '5555555555554444'], ['samsung_pay', '5200000000001005']]) {
      const o = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body({
        source: { type, number, month: 12, year: 2039, eci: '05', cryptogram: 'AgAAAAAABk4DWZ4C28yUQAAAAAA=' },
      })), 201);
      assert.equal(o.transactions[0].status, 'approved', `${type}: ${JSON.stringify(o.transactions[0])}`);
      assert.equal(o.captured_amount, o.amount, type);
    }
  });

  test('airline, sub_merchant and new_agreement are kept; the card of an agreement is saved', async () => {
    const o = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body({
      airline: { reference: 'PNR123' },
      sub_merchant: { id: 'SUB-1', name: 'Sub Shop', city: 'Riyadh' },
      new_agreement: { type: 'recurring', id: 'agr-1', count: 12 },
    })), 201);
    assert.deepEqual(o.airline, { reference: 'PNR123' });
    assert.deepEqual(o.sub_merchant, { id: 'SUB-1', name: 'Sub Shop', city: 'Riyadh' });
    assert.deepEqual(o.agreement, { type: 'recurring', id: 'agr-1', count: 12, amount_type: 'variable' });
    const p = expectJson(await api(server, 'GET', `/api/v1/purchases/${o.id}/`), 200);
    assert.equal(p.is_recurring_token, true);
  });
});

describe('authentication', () => {
  test('no credentials: 401 "Missing authentication information"', async () => {
    for (const authorization of [null, '', '   ']) {
      const json = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body(), { authorization }), 401);
      assert.deepEqual(json, { message: 'Missing authentication information' });
    }
    const json = expectJson(await orders(server, 'GET', `/v1/orders/${randomId()}`, undefined, { authorization: null }), 401);
    assert.deepEqual(json, { message: 'Missing authentication information' });
  });

  test('wrong credentials: 403 "Unauthorized"', async () => {
    for (const authorization of [basic('tender_test_' + 'x'.repeat(40)), 'Bearer nope', 'Basic !!!!', 'Digest abc']) {
      const json = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body(), { authorization }), 403, authorization);
      assert.deepEqual(json, { message: 'Unauthorized' });
    }
  });

  test('Basic <key>:, Basic <key> and Bearer <key> are accepted', async () => {
    const key = server.company.api_key;
    for (const authorization of [basic(key), `Basic ${key}`, `Bearer ${key}`]) {
      expectJson(await orders(server, 'POST', '/v1/orders/purchase', body(), { authorization }), 201, authorization.slice(0, 7));
    }
  });

  test('another company\'s order is not found; the other company pays into its own brand', async () => {
    const o = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body()), 201);
    const json = expectJson(await orders(server, 'GET', `/v1/orders/${o.id}`, undefined, { key: server.second.api_key }), 404);
    assert.deepEqual(json, { message: 'Not Found' });
    for (const action of ['capture', 'void', 'refund']) {
      expectJson(await orders(server, 'POST', `/v1/orders/${o.id}/${action}`, {}, { key: server.second.api_key }), 404, action);
    }
    const mine = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body(), { key: server.second.api_key }), 201);
    assert.equal(mine.merchant.id, server.second.brand_id);
  });
});

describe('companions: read, authorize, capture, void, refund', () => {
  test('GET /v1/orders/{id} reads the order; unknown ids are 404', async () => {
    const o = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body()), 201);
    const read = expectJson(await orders(server, 'GET', `/v1/orders/${o.id}`), 200);
    assert.deepEqual(read, o);
    for (const id of [randomId(), 'not-an-id']) expectJson(await orders(server, 'GET', `/v1/orders/${id}`), 404, id);
  });

  test('authorize holds; capture (partial) moves money; refund (partial) returns it', async () => {
    const held = expectJson(await orders(server, 'POST', '/v1/orders/authorize', body()), 201);
    assert.equal(held.captured_amount, 0);
    assert.equal(held.transactions[0].type, 'authorize');
    assert.equal(held.transactions[0].status, 'approved');
    let p = expectJson(await api(server, 'GET', `/api/v1/purchases/${held.id}/`), 200);
    assert.equal(p.status, 'hold');

    const captured = expectJson(await orders(server, 'POST', `/v1/orders/${held.id}/capture`, { amount: 600 }), 200);
    assert.equal(captured.captured_amount, 600);
    assert.deepEqual(captured.transactions.map((t) => [t.type, t.status, t.amount]), [['authorize', 'approved', 1000], ['capture', 'approved', 600]]);

    const refunded = expectJson(await orders(server, 'POST', `/v1/orders/${held.id}/refund`, { amount: 100 }), 200);
    assert.equal(refunded.refunded_amount, 100);
    assert.deepEqual(refunded.transactions.at(-1).type, 'refund');
    assert.equal(refunded.transactions.at(-1).amount, 100);
    assert.equal(refunded.transactions.find((t) => t.type === 'capture').refunded_amount, 100);

    const tooMuch = expectJson(await orders(server, 'POST', `/v1/orders/${held.id}/refund`, { amount: 10_000 }), 422);
    assert.equal(tooMuch.message, 'Data validation failed');
    assert.ok(tooMuch.errors.amount?.length, JSON.stringify(tooMuch));

    const rest = expectJson(await orders(server, 'POST', `/v1/orders/${held.id}/refund`), 200);
    assert.equal(rest.refunded_amount, 600);
    p = expectJson(await api(server, 'GET', `/api/v1/purchases/${held.id}/`), 200);
    assert.equal(p.status, 'refunded');
  });

  test('void releases a hold; a released or captured order cannot be voided or captured again', async () => {
    const held = expectJson(await orders(server, 'POST', '/v1/orders/authorize', body()), 201);
    const voided = expectJson(await orders(server, 'POST', `/v1/orders/${held.id}/void`), 200);
    assert.equal(voided.voided_amount, 1000);
    assert.equal(voided.transactions.at(-1).type, 'void');
    for (const action of ['capture', 'void', 'refund']) {
      const json = expectJson(await orders(server, 'POST', `/v1/orders/${held.id}/${action}`, {}), 422, action);
      assert.equal(typeof json.message, 'string');
    }
    const paid = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body()), 201);
    expectJson(await orders(server, 'POST', `/v1/orders/${paid.id}/void`, {}), 422, 'void of a captured order');
  });

  test('capture and refund bodies are validated', async () => {
    const held = expectJson(await orders(server, 'POST', '/v1/orders/authorize', body()), 201);
    for (const [payload, key, re] of [
      [{ amount: '600' }, 'amount', /should be of type/], [{ amount: 0 }, 'amount', /greater than or equal to 1/],
      [{ amount: 100, extra: 1 }, 'extra', /not expected/], [{ amount: 2000 }, 'amount', /./],
    ]) {
      const json = expectJson(await orders(server, 'POST', `/v1/orders/${held.id}/capture`, payload), 422, JSON.stringify(payload));
      assert.match(json.errors[key][0], re);
    }
    expectJson(await orders(server, 'POST', `/v1/orders/${held.id}/void`, { reason: 'x' }), 422);
  });
});

describe('idempotency', () => {
  test('the same given_id twice pays once and answers the same', async () => {
    const b = body({ given_id: randomId() });
    const first = await orders(server, 'POST', '/v1/orders/purchase', b);
    const second = await orders(server, 'POST', '/v1/orders/purchase', b);
    expectJson(first, 201);
    assert.equal(second.status, 201);
    assert.equal(second.text, first.text);
  });

  test('the Idempotency-Key header works too', async () => {
    const headers = { 'idempotency-key': randomId() };
    const first = await orders(server, 'POST', '/v1/orders/purchase', body(), { headers });
    const second = await orders(server, 'POST', '/v1/orders/purchase', body(), { headers });
    assert.equal(second.text, first.text);
  });

  test('a repeat while the first is still processing: 400 "Initial request is still processing."', async () => {
    const b = body({ given_id: randomId(), source: { number: '4000000000001018' } });  // the slow card
    const first = orders(server, 'POST', '/v1/orders/purchase', b);
    await sleep(400);
    const second = await orders(server, 'POST', '/v1/orders/purchase', b);
    const json = expectJson(second, 400);
    assert.deepEqual(json, { message: 'Initial request is still processing.' });
    expectJson(await first, 201);
  });
});

describe('one engine', () => {
  test('an Orders, an S2S and a Collect purchase all balance in the ledger check and fire webhooks', async () => {
    const received = [];
    const hook = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => { data += c; });
      req.on('end', () => { received.push(data); res.end('ok'); });
    });
    await new Promise((r) => hook.listen(0, '127.0.0.1', r));
    try {
      expectJson(await api(server, 'POST', '/api/v1/webhooks/', {
        body: { title: 'all', callback: `http://127.0.0.1:${hook.address().port}/`, all_events: true },
      }), 201);
      const order = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body()), 201);
      const key = server.company.api_key;
      const s2s = expectJson(await api(server, 'POST', '/api/v1/server-to-server-interface/payment', {
        key: null,
        headers: { authorization: `Basic ${key}`, 'x-api-key': key },
        body: {
          amount: '10.00', currency: 'USD', merchant_id: server.company.brand_id, billing_address: {},
          card: { number: '4444333322221111', cvc: '123', expiry_month: '01', expiry_year: '2039' },
        },
      }), 201);
      const collect = expectJson(await api(server, 'POST', '/api/v1/purchases/', {
        body: { brand_id: server.company.brand_id, client: { email: 'a@example.com' }, purchase: { products: [{ name: 'x', price: 500 }] } },
      }), 201);
      const ids = [order.id, s2s.transaction_details.id, collect.id];
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(200)) {
        if (ids.every((id) => received.some((b) => b.includes(id)))) break;
      }
      for (const id of ids) assert.ok(received.some((b) => b.includes(id)), `a webhook for ${id}`);
      const r = await runTender(['ledger', 'check', '--data', server.dataDir, '--json']);
      const check = parseSingleJson(r.stdout, 'ledger check');
      assert.equal(check.ok, true, JSON.stringify(check.problems));
      assert.ok(check.postings > 0);
    } finally {
      hook.close();
    }
  });
});
