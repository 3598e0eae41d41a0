// Recurring payments (issue 4, scope 3): remember_card / force_recurring / preauthorization save
// the card (is_recurring_token); with a client_id the card is a ClientRecurringToken;
// POST /purchases/{new_id}/charge/ {"recurring_token": "<initial purchase id>"} pays a new
// purchase with it (flow api, payment_type purchase_charge); delete_recurring_token/ and
// DELETE /clients/{id}/recurring_tokens/{token}/ delete it. A deleted or foreign token cannot be
// charged.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, expectJson, listAllPurchases, parseSingleJson, purchaseBody, randomId, runTender, sleep, startTender,
} from './lib/harness.mjs';

// ---------------------------------------------------------------------------------------------
// Helpers (the same block opens each lifecycle test file).
const SUCCESS = 'https://shop.example.test/paid';
const FAILURE = 'https://shop.example.test/failed';
const CARD = Object.freeze({ cardholder_name: 'John Doe', card_number: '4444333322221111', expires: '12/30', cvc: '123' });
const CARDS = Object.freeze({
  approve: '4444333322221111',
  captureFails: '4000000000001034', // docs/test-cards.md: every capture fails (acquirer_internal_error)
  refundFails: '4000000000001042', // every refund fails (exceeded_acquirer_refund_amount)
  slow: '4000000000001018', // authorization answers after 3 s
  declined: '4000000000000010', // insufficient_funds
  blocked: '4000000000000168', // blacklisted_tx, status blocked
});
const PAID_LIKE = new Set(['paid', 'refunded', 'cleared', 'settled', 'chargeback', 'pending_refund']);
const HELD = new Set(['hold', 'pending_capture', 'pending_release']);
const feeOf = (amount) => Math.floor((amount * 250 + 5000) / 10000); // the demo brand: 2.50 %, half-up

function body(s, extra = {}) {
  const b = purchaseBody(s, { success_redirect: SUCCESS, failure_redirect: FAILURE, ...extra });
  for (const k of Object.keys(b)) if (b[k] === undefined) delete b[k];
  return b;
}

// A purchase of `price` (minor units) for the server's first company (or KEY's company with BRAND).
async function newPurchase(s, extra = {}, { key, brandId, price = 1000 } = {}) {
  const { purchase, ...rest } = extra;
  const b = body(brandId || s, { ...rest, purchase: { products: [{ name: 'Widget', price }], ...(purchase || {}) } });
  if (b.client_id) delete b.client;
  return expectJson(await api(s, 'POST', '/api/v1/purchases/', { body: b, key }), 201, 'create purchase');
}

async function getPurchase(s, id, key) {
  return expectJson(await api(s, 'GET', `/api/v1/purchases/${id}/`, { key }), 200, `get purchase ${id}`);
}

async function directPost(p, fields = {}) {
  assert.ok(p.direct_post_url, `purchase ${p.id} has no direct_post_url (status ${p.status})`);
  const res = await fetch(p.direct_post_url, {
    method: 'POST',
    body: new URLSearchParams({ ...CARD, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, location: res.headers.get('location'), text };
}

// Polls the purchase until `done(p)` holds (default: no pending_* status); returns it.
async function pollUntil(s, id, done = (p) => !p.status.startsWith('pending_'), { timeoutMs = 15_000, key } = {}) {
  let p;
  for (const deadline = Date.now() + timeoutMs; ;) {
    p = await getPurchase(s, id, key);
    if (done(p)) return p;
    if (Date.now() > deadline) assert.fail(`purchase ${id} did not settle in ${timeoutMs} ms: ${p.status} ${JSON.stringify(p.status_history)}`);
    await sleep(150);
  }
}

// Creates a purchase and pays it by Direct Post with CARD_NUMBER; answers the purchase afterwards
// (after any pending_execute settled). skip_capture: true gives a hold.
async function paidPurchase(s, extra = {}, { card = CARDS.approve, fields = {}, key, brandId, price } = {}) {
  const p = await newPurchase(s, extra, { key, brandId, price });
  const r = await directPost(p, { card_number: card, ...fields });
  assert.equal(r.status, 303, r.text);
  const after = await pollUntil(s, p.id, undefined, { key });
  assert.ok(['paid', 'hold', 'preauthorized'].includes(after.status),
    `the payment should succeed: ${r.location}, status ${after.status}, ${JSON.stringify(after.transaction_data.attempts[0]?.error)}`);
  return after;
}
const heldPurchase = (s, extra = {}, opts = {}) => paidPurchase(s, { skip_capture: true, ...extra }, opts);

function op(s, id, name, reqBody, key) {
  return api(s, 'POST', `/api/v1/purchases/${id}/${name}/`, reqBody === undefined ? { key } : { body: reqBody, key });
}

// A 400 whose __all__ code is CODE.
function expectRefusal(res, code, what = code) {
  const b = expectJson(res, 400, what);
  assert.equal(b.__all__?.code, code, `${what}: ${res.text}`);
  assert.ok(typeof b.__all__.message === 'string' && b.__all__.message.length > 0, `${what}: message`);
  return b.__all__;
}

function expect404(res, what) {
  const b = expectJson(res, 404, what);
  assert.equal(b.__all__?.code, 'not_found', `${what}: ${res.text}`);
}

async function refundsOf(s, id, key) {
  return expectJson(await api(s, 'GET', `/api/v1/purchases/${id}/refunds/`, { key }), 200, 'refunds').results;
}

// What the ledger must hold for KEY's company, derived from the purchases as the API shows them:
// per currency, available = captured - fees - refunded - charged back, held = open holds.
async function expectedMoney(s, key) {
  const out = {};
  for (const p of await listAllPurchases(s, { key })) {
    const cur = p.purchase.currency;
    const m = (out[cur] ||= { available: 0, held: 0, fees: 0, payer_funds: 0, captured: 0, refunded: 0, purchases: {} });
    let captured = 0, fee = 0, refunded = 0, charged = 0, held = 0;
    if (PAID_LIKE.has(p.status) && p.payment && !p.marked_as_paid) {
      captured = p.payment.amount;
      fee = p.payment.fee_amount;
      refunded = (await refundsOf(s, p.id, key)).reduce((a, r) => a + r.amount, 0);
      if (p.status === 'chargeback') charged = captured - refunded;
    }
    if (HELD.has(p.status)) held = p.purchase.total;
    m.available += captured - fee - refunded - charged;
    m.fees += fee;
    m.held += held;
    m.captured += captured;
    m.refunded += refunded;
    m.payer_funds -= captured - refunded - charged + held;
    m.purchases[p.id] = { merchant: captured - refunded - charged, held };
  }
  return out;
}

// The end-of-file checks: `tender ledger check` passes on the server's data dir, GET /balance/
// matches what the purchases moved, and the statement's postings balance per transaction and
// per purchase.
async function checkMoney(s) {
  const check = await runTender(['ledger', 'check', '--data', s.dataDir, '--json']);
  const result = parseSingleJson(check.stdout, 'tender ledger check --json');
  assert.deepEqual(result.problems, [], 'ledger problems');
  assert.equal(result.ok, true);
  assert.equal(check.code, 0, check.stderr);
  const keys = [s.company.api_key, ...(s.second ? [s.second.api_key] : [])];
  for (const key of keys) {
    const expected = await expectedMoney(s, key);
    const balance = expectJson(await api(s, 'GET', '/api/v1/balance/', { key }), 200, 'balance');
    for (const [cur, m] of Object.entries(expected)) {
      const got = balance[cur] || { available: 0, held: 0, fees: 0, payer_funds: 0 };
      assert.deepEqual(got, { available: m.available, held: m.held, fees: m.fees, payer_funds: m.payer_funds },
        `balance ${cur}: captured ${m.captured}, refunded ${m.refunded}`);
    }
    for (const cur of Object.keys(balance)) assert.ok(expected[cur], `balance in ${cur} without a purchase in it`);
    const st = expectJson(await api(s, 'GET', '/api/v1/statement/', { key }), 200, 'statement');
    assert.equal(st.truncated, false);
    const perTx = new Map();
    const perPurchase = new Map();
    for (const leg of st.postings) {
      perTx.set(leg.transaction_id, (perTx.get(leg.transaction_id) || 0) + leg.amount);
      const pp = perPurchase.get(leg.purchase_id) || { merchant: 0, held: 0 };
      if (leg.account === 'merchant_available' || leg.account === 'fees') pp.merchant += leg.amount;
      if (leg.account === 'merchant_held') pp.held += leg.amount;
      perPurchase.set(leg.purchase_id, pp);
    }
    for (const [tx, sum] of perTx) assert.equal(sum, 0, `transaction ${tx} sums to ${sum}`);
    for (const m of Object.values(expected)) {
      for (const [id, want] of Object.entries(m.purchases)) {
        assert.deepEqual(perPurchase.get(id) || { merchant: 0, held: 0 }, want, `statement of purchase ${id}`);
      }
    }
  }
  return result;
}
// ---------------------------------------------------------------------------------------------

let server;
before(async () => { server = await startTender(); });
after(async () => { await server?.cleanup(); });

async function newClient(s = server, key) {
  return expectJson(await api(s, 'POST', '/api/v1/clients/', { body: { email: `c${randomId().slice(0, 8)}@example.com` }, key }), 201, 'client');
}
const tokensOf = async (clientId, key) =>
  expectJson(await api(server, 'GET', `/api/v1/clients/${clientId}/recurring_tokens/`, { key }), 200, 'tokens').results;
const charge = (id, token, key) => op(server, id, 'charge', { recurring_token: token }, key);

// The charge was refused because of the token: 400 naming recurring_token.
function expectTokenRefused(res, what) {
  const b = expectJson(res, 400, what);
  assert.ok(b.recurring_token?.code, `${what}: the error names recurring_token: ${res.text}`);
  assert.ok(b.recurring_token.message.length > 0);
}

describe('saving a card', () => {
  test('remember_card=on: is_recurring_token true; without it false', async () => {
    const saved = await paidPurchase(server, {}, { fields: { remember_card: 'on' } });
    assert.equal(saved.is_recurring_token, true);
    assert.equal(saved.recurring_token, null, 'recurring_token is for purchases paid with a token');
    const plain = await paidPurchase(server);
    assert.equal(plain.is_recurring_token, false);
  });

  test('force_recurring saves the card without remember_card', async () => {
    const p = await paidPurchase(server, { force_recurring: true });
    assert.equal(p.force_recurring, true);
    assert.equal(p.is_recurring_token, true);
  });

  test('a hold with remember_card saves the card too', async () => {
    const p = await heldPurchase(server, {}, { fields: { remember_card: 'on' } });
    assert.equal(p.status, 'hold');
    assert.equal(p.is_recurring_token, true);
  });

  test('with a client_id the card is listed under GET /clients/{id}/recurring_tokens/', async () => {
    const client = await newClient();
    assert.deepEqual(await tokensOf(client.id), []);
    const p = await paidPurchase(server, { client_id: client.id }, { fields: { remember_card: 'on' } });
    assert.equal(p.client_id, client.id);
    assert.equal(p.is_recurring_token, true);
    const tokens = await tokensOf(client.id);
    assert.equal(tokens.length, 1);
    const t = tokens[0];
    assert.equal(t.id, p.id);
    assert.equal(t.recurring_token, p.id, 'the token is the initial purchase id');
    assert.equal(t.type, 'client_recurring_token');
    assert.equal(t.client_id, client.id);
    assert.equal(t.payment_method, 'visa');
    assert.equal(t.card.masked_pan, '444433******1111');
    assert.ok(!JSON.stringify(t).includes('4444333322221111'), 'never the full PAN');
    const one = expectJson(await api(server, 'GET', `/api/v1/clients/${client.id}/recurring_tokens/${p.id}/`), 200, 'one token');
    assert.deepEqual(one, t);
    // A client_id purchase paid without remember_card adds nothing.
    await paidPurchase(server, { client_id: client.id });
    assert.equal((await tokensOf(client.id)).length, 1);
  });

  test('tokens of another client or company are not visible', async () => {
    const client = await newClient();
    const other = await newClient();
    const p = await paidPurchase(server, { client_id: client.id }, { fields: { remember_card: 'on' } });
    expect404(await api(server, 'GET', `/api/v1/clients/${other.id}/recurring_tokens/${p.id}/`), 'other client');
    assert.deepEqual(await tokensOf(other.id), []);
    expect404(await api(server, 'GET', `/api/v1/clients/${client.id}/recurring_tokens/`, { key: server.second.api_key }), 'foreign list');
    expect404(await api(server, 'GET', `/api/v1/clients/${client.id}/recurring_tokens/${p.id}/`, { key: server.second.api_key }), 'foreign token');
    expect404(await api(server, 'GET', `/api/v1/clients/${randomId()}/recurring_tokens/`), 'unknown client');
    expect404(await api(server, 'GET', `/api/v1/clients/${client.id}/recurring_tokens/${randomId()}/`), 'unknown token');
  });
});

describe('charge', () => {
  let token;
  before(async () => { token = await paidPurchase(server, {}, { fields: { remember_card: 'on' } }); });

  test('pays a new purchase with the saved card: paid, recurring_token, purchase_charge, flow api', async () => {
    const target = await newPurchase(server, {}, { price: 2500 });
    const p = expectJson(await charge(target.id, token.id), 200, 'charge');
    assert.equal(p.id, target.id);
    assert.equal(p.status, 'paid');
    assert.equal(p.recurring_token, token.id);
    assert.equal(p.is_recurring_token, false, 'the new purchase holds no token of its own');
    assert.equal(p.payment.payment_type, 'purchase_charge');
    assert.equal(p.payment.amount, 2500);
    assert.equal(p.payment.fee_amount, feeOf(2500));
    assert.equal(p.payment.net_amount, 2500 - feeOf(2500));
    assert.equal(p.transaction_data.flow, 'api');
    assert.equal(p.transaction_data.payment_method, 'visa');
    assert.equal(p.refundable_amount, 2500);
    assert.deepEqual(p.status_history.map((h) => h.status), ['created', 'paid']);
    const a = p.transaction_data.attempts[0];
    assert.equal(a.type, 'recurring_execute');
    assert.equal(a.successful, true);
    assert.equal(a.flow, 'api');
    assert.deepEqual(await getPurchase(server, target.id), p);
    // The token stays usable, and the charged purchase can be refunded.
    const again = await newPurchase(server);
    assert.equal(expectJson(await charge(again.id, token.id), 200, 'second charge').status, 'paid');
    const r = expectJson(await op(server, target.id, 'refund', { amount: 500 }), 200, 'refund of a charge');
    assert.equal(r.amount, 500);
    assert.equal((await getPurchase(server, token.id)).is_recurring_token, true);
  });

  test('a client token charges a purchase of the same client', async () => {
    const client = await newClient();
    const first = await paidPurchase(server, { client_id: client.id }, { fields: { remember_card: 'on' } });
    const next = await newPurchase(server, { client_id: client.id });
    const p = expectJson(await charge(next.id, first.id), 200, 'charge');
    assert.equal(p.status, 'paid');
    assert.equal(p.recurring_token, first.id);
  });

  test('a sent or failed purchase can be charged', async () => {
    const sent = await newPurchase(server);
    expectJson(await api(server, 'POST', `/api/v1/test/purchases/${sent.id}/send/`), 200, 'send');
    assert.equal(expectJson(await charge(sent.id, token.id), 200, 'sent').status, 'paid');
    const failed = await newPurchase(server);
    await directPost(failed, { card_number: CARDS.declined });
    assert.equal(expectJson(await charge(failed.id, token.id), 200, 'error').status, 'paid');
  });

  test('the card of a preauthorization can be charged', async () => {
    const pre = await paidPurchase(server, { skip_capture: true, purchase: { total_override: 0 } });
    assert.equal(pre.status, 'preauthorized');
    assert.equal(pre.is_recurring_token, true);
    const target = await newPurchase(server, {}, { price: 1234 });
    const p = expectJson(await charge(target.id, pre.id), 200, 'charge with a preauthorization');
    assert.equal(p.status, 'paid');
    assert.equal(p.payment.amount, 1234);
    assert.equal(p.recurring_token, pre.id);
  });

  describe('refusals', () => {
    test('no body -> 400; recurring_token missing, null, not a string, not a UUID -> 400 recurring_token', async () => {
      const target = await newPurchase(server);
      expectTokenRefused(await op(server, target.id, 'charge', {}), 'missing');
      expectJson(await op(server, target.id, 'charge'), 400, 'no body');
      expectTokenRefused(await op(server, target.id, 'charge', { recurring_token: null }), 'null');
      expectTokenRefused(await op(server, target.id, 'charge', { recurring_token: 42 }), 'number');
      expectTokenRefused(await op(server, target.id, 'charge', { recurring_token: 'abc' }), 'not a UUID');
      assert.equal((await getPurchase(server, target.id)).status, 'created');
    });

    test('an unknown token, a purchase without a saved card, a declined purchase -> 400 recurring_token', async () => {
      const target = await newPurchase(server);
      expectTokenRefused(await charge(target.id, randomId()), 'unknown token');
      const plain = await paidPurchase(server);
      expectTokenRefused(await charge(target.id, plain.id), 'no saved card');
      const declined = await newPurchase(server);
      await directPost(declined, { card_number: CARDS.declined, remember_card: 'on' });
      expectTokenRefused(await charge(target.id, declined.id), 'declined card');
      const after = await getPurchase(server, target.id);
      assert.equal(after.status, 'created');
      assert.deepEqual(after.transaction_data.attempts, [], 'no attempt for a refused token');
    });

    test('another company\'s token cannot be charged; another company\'s purchase -> 404', async () => {
      const foreign = await paidPurchase(server, {}, {
        key: server.second.api_key, brandId: server.second.brand_id, fields: { remember_card: 'on' },
      });
      assert.equal(foreign.is_recurring_token, true);
      const target = await newPurchase(server);
      expectTokenRefused(await charge(target.id, foreign.id), 'foreign token');
      assert.equal((await getPurchase(server, target.id)).status, 'created');
      const foreignTarget = await newPurchase(server, {}, { key: server.second.api_key, brandId: server.second.brand_id });
      expect404(await charge(foreignTarget.id, token.id), 'foreign purchase');
      // The second company cannot use the first company's token on its own purchase either.
      expectTokenRefused(await charge(foreignTarget.id, token.id, server.second.api_key), 'first company token from the second');
      assert.equal((await getPurchase(server, foreignTarget.id, server.second.api_key)).status, 'created');
      expect404(await charge(randomId(), token.id), 'unknown purchase');
    });

    test('wrong status: paid, cancelled, hold, refunded -> purchase_charge_error, nothing moved', async () => {
      const paid = await paidPurchase(server);
      expectRefusal(await charge(paid.id, token.id), 'purchase_charge_error', 'paid');
      const cancelled = await newPurchase(server);
      expectJson(await api(server, 'POST', `/api/v1/purchases/${cancelled.id}/cancel/`), 200, 'cancel');
      expectRefusal(await charge(cancelled.id, token.id), 'purchase_charge_error', 'cancelled');
      const hold = await heldPurchase(server);
      expectRefusal(await charge(hold.id, token.id), 'purchase_charge_error', 'hold');
      const refunded = await paidPurchase(server);
      expectJson(await op(server, refunded.id, 'refund'), 200, 'refund');
      expectRefusal(await charge(refunded.id, token.id), 'purchase_charge_error', 'refunded');
      // A second charge of a charged purchase.
      const charged = await newPurchase(server);
      expectJson(await charge(charged.id, token.id), 200, 'charge');
      expectRefusal(await charge(charged.id, token.id), 'purchase_charge_error', 'charged twice');
      const after = await getPurchase(server, charged.id);
      assert.equal(after.transaction_data.attempts.filter((a) => a.type === 'recurring_execute').length, 1);
    });
  });
});

describe('deleting a token', () => {
  test('delete_recurring_token/: is_recurring_token false, the card can no longer be charged', async () => {
    const client = await newClient();
    const t = await paidPurchase(server, { client_id: client.id }, { fields: { remember_card: 'on' } });
    assert.equal((await tokensOf(client.id)).length, 1);
    const res = await op(server, t.id, 'delete_recurring_token');
    const p = expectJson(res, 200, 'delete_recurring_token');
    assert.equal(p.is_recurring_token, false);
    assert.equal(p.status, 'paid', 'the purchase itself is unchanged');
    assert.equal(p.refundable_amount, 1000);
    assert.equal(p.transaction_data.attempts[0].type, 'delete_recurring_token');
    assert.deepEqual(await tokensOf(client.id), [], 'the client token is gone');
    expect404(await api(server, 'GET', `/api/v1/clients/${client.id}/recurring_tokens/${t.id}/`), 'token gone');
    const target = await newPurchase(server);
    expectTokenRefused(await charge(target.id, t.id), 'deleted token');
    assert.equal((await getPurchase(server, target.id)).status, 'created');
    expectRefusal(await op(server, t.id, 'delete_recurring_token'), 'purchase_recurring_token_error', 'deleted twice');
  });

  test('refusals: a purchase without a token -> purchase_recurring_token_error; foreign, unknown -> 404', async () => {
    const plain = await paidPurchase(server);
    expectRefusal(await op(server, plain.id, 'delete_recurring_token'), 'purchase_recurring_token_error', 'no token');
    const unpaid = await newPurchase(server);
    expectRefusal(await op(server, unpaid.id, 'delete_recurring_token', {}), 'purchase_recurring_token_error', 'unpaid');
    const t = await paidPurchase(server, {}, { fields: { remember_card: 'on' } });
    expect404(await op(server, t.id, 'delete_recurring_token', undefined, server.second.api_key), 'foreign');
    assert.equal((await getPurchase(server, t.id)).is_recurring_token, true, 'a foreign delete changes nothing');
    expect404(await op(server, randomId(), 'delete_recurring_token'), 'unknown');
  });

  test('DELETE /clients/{id}/recurring_tokens/{token}/: 204, then gone and not chargeable', async () => {
    const client = await newClient();
    const t = await paidPurchase(server, { client_id: client.id }, { fields: { remember_card: 'on' } });
    expect404(await api(server, 'DELETE', `/api/v1/clients/${client.id}/recurring_tokens/${t.id}/`, { key: server.second.api_key }), 'foreign delete');
    const other = await newClient();
    expect404(await api(server, 'DELETE', `/api/v1/clients/${other.id}/recurring_tokens/${t.id}/`), 'another client');
    assert.equal((await tokensOf(client.id)).length, 1, 'refused deletes change nothing');
    const res = await api(server, 'DELETE', `/api/v1/clients/${client.id}/recurring_tokens/${t.id}/`);
    assert.equal(res.status, 204, res.text);
    assert.equal(res.text, '');
    assert.deepEqual(await tokensOf(client.id), []);
    assert.equal((await getPurchase(server, t.id)).is_recurring_token, false);
    const target = await newPurchase(server, { client_id: client.id });
    expectTokenRefused(await charge(target.id, t.id), 'deleted client token');
    expect404(await api(server, 'DELETE', `/api/v1/clients/${client.id}/recurring_tokens/${t.id}/`), 'deleted twice');
  });
});

test('ledger check passes and the balance matches what was moved', async () => {
  const result = await checkMoney(server);
  assert.ok(result.purchases > 20, `purchases checked: ${result.purchases}`);
});
