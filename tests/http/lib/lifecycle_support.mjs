// Support for the lifecycle tests (lifecycle_*.test.mjs, race.test.mjs): purchases paid or held by
// Direct Post with the sandbox cards, polling, the lifecycle operations and their refusals, and
// the end-of-file money checks (ledger check, balance, statement).
import assert from 'node:assert/strict';
import { api, expectJson, listAllPurchases, parseSingleJson, purchaseBody, runTender, sleep } from './harness.mjs';

export const SUCCESS = 'https://shop.example.test/paid';
export const FAILURE = 'https://shop.example.test/failed';
export const CARD = Object.freeze({ cardholder_name: 'John Doe', card_number: '4444333322221111', expires: '12/30', cvc: '123' });
export const CARDS = Object.freeze({
  approve: '4444333322221111',
  captureFails: '4000000000001034', // docs/test-cards.md: every capture fails (acquirer_internal_error)
  refundFails: '4000000000001042', // every refund fails (exceeded_acquirer_refund_amount)
  slow: '4000000000001018', // authorization answers after 3 s
  declined: '4000000000000010', // insufficient_funds
  blocked: '4000000000000168', // blacklisted_tx, status blocked
});
export const PAID_LIKE = new Set(['paid', 'refunded', 'cleared', 'settled', 'chargeback', 'pending_refund']);
export const HELD = new Set(['hold', 'pending_capture', 'pending_release']);
export const feeOf = (amount) => Math.floor((amount * 250 + 5000) / 10000); // the demo brand: 2.50 %, half-up

export function body(s, extra = {}) {
  const b = purchaseBody(s, { success_redirect: SUCCESS, failure_redirect: FAILURE, ...extra });
  for (const k of Object.keys(b)) if (b[k] === undefined) delete b[k];
  return b;
}

// A purchase of `price` (minor units) for the server's first company (or KEY's company with BRAND).
export async function newPurchase(s, extra = {}, { key, brandId, price = 1000 } = {}) {
  const { purchase, ...rest } = extra;
  const b = body(brandId || s, { ...rest, purchase: { products: [{ name: 'Widget', price }], ...(purchase || {}) } });
  if (b.client_id) delete b.client;
  return expectJson(await api(s, 'POST', '/api/v1/purchases/', { body: b, key }), 201, 'create purchase');
}

export async function getPurchase(s, id, key) {
  return expectJson(await api(s, 'GET', `/api/v1/purchases/${id}/`, { key }), 200, `get purchase ${id}`);
}

export async function directPost(p, fields = {}) {
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
export async function pollUntil(s, id, done = (p) => !p.status.startsWith('pending_'), { timeoutMs = 15_000, key } = {}) {
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
export async function paidPurchase(s, extra = {}, { card = CARDS.approve, fields = {}, key, brandId, price } = {}) {
  const p = await newPurchase(s, extra, { key, brandId, price });
  const r = await directPost(p, { card_number: card, ...fields });
  assert.equal(r.status, 303, r.text);
  const after = await pollUntil(s, p.id, undefined, { key });
  assert.ok(['paid', 'hold', 'preauthorized'].includes(after.status),
    `the payment should succeed: ${r.location}, status ${after.status}, ${JSON.stringify(after.transaction_data.attempts[0]?.error)}`);
  return after;
}
export const heldPurchase = (s, extra = {}, opts = {}) => paidPurchase(s, { skip_capture: true, ...extra }, opts);

export function op(s, id, name, reqBody, key) {
  return api(s, 'POST', `/api/v1/purchases/${id}/${name}/`, reqBody === undefined ? { key } : { body: reqBody, key });
}

// A 400 whose __all__ code is CODE; returns that {message, code}.
export function expectRefusal(res, code, what = code) {
  const b = expectJson(res, 400, what);
  assert.equal(b.__all__?.[0]?.code, code, `${what}: ${res.text}`);
  assert.ok(typeof b.__all__[0].message === 'string' && b.__all__[0].message.length > 0, `${what}: message`);
  return b.__all__[0];
}

export function expect404(res, what) {
  const b = expectJson(res, 404, what);
  assert.equal(b.__all__?.[0]?.code, 'not_found', `${what}: ${res.text}`);
}

export async function refundsOf(s, id, key) {
  return expectJson(await api(s, 'GET', `/api/v1/purchases/${id}/refunds/`, { key }), 200, 'refunds').results;
}

// What the ledger must hold for KEY's company, derived from the purchases as the API shows them:
// per currency, available = captured - fees - refunded - charged back, held = open holds.
export async function expectedMoney(s, key) {
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
export async function checkMoney(s) {
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
