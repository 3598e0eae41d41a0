// A walk of every status (issue 4, acceptance: "a test walks every reachable status"): all 21
// purchase statuses are reached through the API, the checkout, the sandbox cards and the
// test-mode simulations, each appears in some purchase's status_history, and every step of every
// history is a transition of the state machine table (src/engine/state_machine.cpp).
// A slow sandbox (--sandbox-delay-ms 1500 --acquirer-wait-ms 300) gives the pending_* statuses.
import { test, before, after } from 'node:test';
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

const ALL_STATUSES = [
  'created', 'sent', 'viewed', 'error', 'cancelled', 'overdue', 'expired', 'blocked', 'hold', 'released',
  'pending_release', 'pending_capture', 'preauthorized', 'paid', 'pending_execute', 'pending_charge',
  'cleared', 'settled', 'chargeback', 'pending_refund', 'refunded',
];

// The table of src/engine/state_machine.cpp as from -> to moves (the operation names in comments).
const PAYABLE = ['created', 'sent', 'viewed', 'overdue', 'error'];
const PAID_LIKE_STATUSES = ['paid', 'cleared', 'settled', 'refunded'];
const RULES = [
  [['created'], 'sent'], // send
  [['created', 'sent'], 'viewed'], // view
  [PAYABLE, 'pending_execute'], // execute_pending
  [[...PAYABLE, 'pending_execute'], 'paid'], // execute_succeed
  [[...PAYABLE, 'pending_execute'], 'hold'], // hold_succeed
  [[...PAYABLE, 'pending_execute'], 'preauthorized'], // preauthorize_succeed
  [[...PAYABLE, 'pending_execute'], 'error'], // execute_fail
  [[...PAYABLE, 'pending_execute'], 'blocked'], // execute_block
  [PAYABLE, 'cancelled'], // cancel
  [['created', 'sent', 'viewed', 'error'], 'overdue'], // become_overdue
  [PAYABLE, 'expired'], // expire
  [['hold'], 'pending_capture'], // capture_pending
  [['hold', 'pending_capture'], 'paid'], // capture_succeed
  [['pending_capture'], 'hold'], // capture_fail
  [['hold'], 'pending_release'], // release_pending
  [['hold', 'pending_release'], 'released'], // release_succeed, hold_expire
  [['pending_release'], 'hold'], // release_fail
  [PAYABLE, 'pending_charge'], // charge_pending
  [[...PAYABLE, 'pending_charge'], 'paid'], // charge_succeed
  [[...PAYABLE, 'pending_charge'], 'error'], // charge_fail
  [PAID_LIKE_STATUSES, 'pending_refund'], // refund_pending
  [[...PAID_LIKE_STATUSES, 'pending_refund'], 'refunded'], // refund_succeed
  [['pending_refund'], 'refunded'], // refund_fail (an earlier refund succeeded)
  [['pending_refund'], 'paid'], // refund_fail_unrefunded
  [[...PAYABLE, 'expired'], 'paid'], // mark_as_paid
  [['paid'], 'cleared'], // clear
  [['cleared'], 'settled'], // settle
  [['paid', 'cleared', 'settled'], 'chargeback'], // chargeback
];
const ALLOWED = new Set(RULES.flatMap(([from, to]) => from.map((f) => `${f}->${to}`)));

let server;
before(async () => { server = await startTender({ args: ['--sandbox-delay-ms', '1500', '--acquirer-wait-ms', '300'] }); });
after(async () => { await server?.cleanup(); });

const simulate = async (id, event) => expectJson(await api(server, 'POST', `/api/v1/test/purchases/${id}/${event}/`), 200, event);
const until = (id, status) => pollUntil(server, id, (p) => p.status === status, { timeoutMs: 20_000 });

// Each walk is one purchase's path; they run at once since most of the time is the slow sandbox.
const walks = {
  // created -> sent -> viewed -> cancelled
  async invoice() {
    const p = await newPurchase(server);
    await simulate(p.id, 'send');
    const page = await fetch(p.checkout_url);
    await page.text();
    assert.equal(page.status, 200);
    await until(p.id, 'viewed');
    expectJson(await api(server, 'POST', `/api/v1/purchases/${p.id}/cancel/`), 200, 'cancel');
    return p.id;
  },
  // created -> error -> pending_execute -> paid -> cleared -> settled -> chargeback
  async afterSale() {
    const p = await newPurchase(server);
    await directPost(p, { card_number: CARDS.declined });
    await until(p.id, 'error');
    const r = await directPost(p);
    assert.equal(r.status, 303);
    await until(p.id, 'paid');
    await simulate(p.id, 'clear');
    await simulate(p.id, 'settle');
    await simulate(p.id, 'chargeback');
    return p.id;
  },
  // created -> blocked
  async blocked() {
    const p = await newPurchase(server);
    await directPost(p, { card_number: CARDS.blocked });
    await until(p.id, 'blocked');
    return p.id;
  },
  // created -> overdue (a due time already past; the sweeper runs every 500 ms)
  async overdue() {
    const p = await newPurchase(server, { due: nowSec() - 60 });
    await until(p.id, 'overdue');
    return p.id;
  },
  // created -> expired
  async expired() {
    const p = await newPurchase(server, { due: nowSec() - 60, purchase: { due_strict: true } });
    await until(p.id, 'expired');
    return p.id;
  },
  // created -> pending_execute -> hold -> pending_capture -> paid -> pending_refund -> refunded
  async captureAndRefund() {
    const p = await newPurchase(server, { skip_capture: true });
    await directPost(p);
    await until(p.id, 'hold');
    assert.equal(expectJson(await op(server, p.id, 'capture', { amount: 800 }), 200, 'capture').status, 'pending_capture');
    await until(p.id, 'paid');
    assert.equal(expectJson(await op(server, p.id, 'refund', { amount: 100 }), 200, 'refund').status, 'pending_refund');
    await until(p.id, 'refunded');
    return p.id;
  },
  // created -> pending_execute -> hold -> pending_release -> released
  async release() {
    const p = await newPurchase(server, { skip_capture: true });
    await directPost(p);
    await until(p.id, 'hold');
    assert.equal(expectJson(await op(server, p.id, 'release'), 200, 'release').status, 'pending_release');
    await until(p.id, 'released');
    return p.id;
  },
  // created -> pending_execute -> preauthorized; a new purchase: created -> pending_charge -> paid
  async preauthorizeAndCharge() {
    const pre = await newPurchase(server, { skip_capture: true, purchase: { total_override: 0 } });
    await directPost(pre);
    await until(pre.id, 'preauthorized');
    const target = await newPurchase(server);
    assert.equal(expectJson(await op(server, target.id, 'charge', { recurring_token: pre.id }), 200, 'charge').status, 'pending_charge');
    await until(target.id, 'paid');
    return [pre.id, target.id];
  },
};
const nowSec = () => Math.floor(Date.now() / 1000);

test('every one of the 21 statuses is reached and recorded in a status_history', async () => {
  const ids = (await Promise.all(Object.entries(walks).map(async ([name, walk]) => {
    try { return await walk(); } catch (e) { e.message = `walk ${name}: ${e.message}`; throw e; }
  }))).flat();
  const seen = new Map(); // status -> purchase id
  for (const id of ids) {
    const p = await getPurchase(server, id);
    const h = p.status_history.map((x) => x.status);
    assert.equal(h[0], 'created', `${id} starts created`);
    assert.equal(h.at(-1), p.status, `${id}: the last history entry is the status`);
    for (let i = 1; i < h.length; i++) {
      assert.ok(ALLOWED.has(`${h[i - 1]}->${h[i]}`), `${id}: ${h[i - 1]} -> ${h[i]} is not in the table (${h.join(' > ')})`);
    }
    for (const s of h) if (!seen.has(s)) seen.set(s, id);
  }
  const missing = ALL_STATUSES.filter((s) => !seen.has(s));
  assert.deepEqual(missing, [], `statuses never reached: ${missing.join(', ')}`);
  assert.equal(seen.size, 21, `unexpected statuses: ${[...seen.keys()].filter((s) => !ALL_STATUSES.includes(s))}`);
});

test('the purchases list filters by every status reached', async () => {
  const all = await listAllPurchases(server);
  for (const s of ['cancelled', 'chargeback', 'blocked', 'overdue', 'expired', 'refunded', 'released', 'preauthorized']) {
    const want = all.filter((p) => p.status === s).map((p) => p.id).sort();
    const got = (await listAllPurchases(server, { query: `status=${s}` })).map((p) => p.id).sort();
    assert.deepEqual(got, want, `status=${s}`);
    assert.ok(want.length >= 1, s);
  }
});

test('ledger check passes and the balance matches what was moved', async () => {
  await checkMoney(server);
});
