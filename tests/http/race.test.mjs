// Concurrency (issue 4, scope 6 and acceptance): 200 concurrent requests mixing captures (random
// partial amounts, full, and invalid ones), releases and refunds against one held purchase,
// repeated on 50 purchases (a few at a time, so it fits 2 cores in about a minute). Every answer
// is 200 or a clear 400, never a 5xx; at most one capture or one release wins; refunds never
// exceed what was captured; each winner's answer describes its own movement; afterwards the
// ledger check passes, and the statement's postings balance per transaction and match each
// purchase.
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

const PURCHASES = Number(process.env.TENDER_RACE_PURCHASES || 50);
const REQUESTS = Number(process.env.TENDER_RACE_REQUESTS || 200);
const PARALLEL = 5; // purchases raced at the same time

// A small deterministic generator, so a failure can be replayed (TENDER_RACE_SEED).
const SEED = Number(process.env.TENDER_RACE_SEED || Date.now() % 1_000_000);
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}
const random = rng(SEED);
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

// One request of the mix: [kind, body].
function pickRequest(total) {
  const r = random();
  if (r < 0.35) {
    const a = random();
    if (a < 0.70) return ['capture', { amount: int(1, total) }];
    if (a < 0.80) return ['capture', {}];
    if (a < 0.90) return ['capture', { amount: total + int(1, 1000) }];
    if (a < 0.95) return ['capture', { amount: 0 }];
    return ['capture', { amount: -int(1, 100) }];
  }
  if (r < 0.50) return ['release', {}];
  const a = random();
  if (a < 0.75) return ['refund', { amount: int(1, Math.max(1, Math.floor(total / 5))) }];
  if (a < 0.85) return ['refund', {}];
  if (a < 0.95) return ['refund', { amount: total + int(1, 1000) }];
  return ['refund', { amount: 0 }];
}

const REFUSAL_CODES = {
  capture: new Set(['purchase_capture_error']),
  release: new Set(['purchase_release_error']),
  refund: new Set(['purchase_refund_error']),
};

let server;
before(async () => { server = await startTender(); });
after(async () => { await server?.cleanup(); });

async function race(held) {
  const total = held.purchase.total;
  const plan = Array.from({ length: REQUESTS }, () => pickRequest(total));
  const answers = await Promise.all(plan.map(async ([kind, reqBody]) => {
    const res = await op(server, held.id, kind, reqBody);
    return { kind, reqBody, res };
  }));
  const won = { capture: [], release: [], refund: [] };
  for (const { kind, reqBody, res } of answers) {
    const what = `${held.id} ${kind} ${JSON.stringify(reqBody)}`;
    assert.ok(res.status === 200 || res.status === 400, `${what}: ${res.status} ${res.text}`);
    assert.match(res.headers.get('content-type') || '', /^application\/json/, what);
    assert.ok(res.json && typeof res.json === 'object', `${what}: JSON body: ${res.text}`);
    if (res.status === 200) { won[kind].push({ reqBody, body: res.json }); continue; }
    const b = res.json;
    if (b.amount) {
      assert.ok(['min_value', 'max_value'].includes(b.amount.code), `${what}: ${res.text}`);
      if (b.amount.code === 'min_value') assert.ok(!(reqBody.amount > 0), `${what}: a positive amount refused as min_value`);
    } else {
      assert.ok(REFUSAL_CODES[kind].has(b.__all__?.code), `${what}: a clear refusal code: ${res.text}`);
      assert.ok(b.__all__.message.length > 0);
    }
  }

  const p = await getPurchase(server, held.id);
  const refunds = await refundsOf(server, held.id);
  const refunded = refunds.reduce((a, r) => a + r.amount, 0);
  const where = `${held.id} (total ${total}, seed ${SEED}): ${won.capture.length} capture(s), ${won.release.length} release(s), ${won.refund.length} refund(s), status ${p.status}`;
  assert.ok(won.capture.length + won.release.length <= 1, `at most one capture or release wins: ${where}`);
  let captured = 0;
  if (won.capture.length === 1) {
    const { reqBody, body: answer } = won.capture[0];
    captured = reqBody.amount ?? total;
    assert.ok(captured > 0 && captured <= total, where);
    assert.equal(answer.payment.amount, captured, `the capture answer shows its amount: ${where}`);
    assert.ok(['paid', 'refunded'].includes(p.status), where);
    assert.equal(p.payment.amount, captured, where);
    assert.equal(p.payment.fee_amount, feeOf(captured), where);
  } else if (won.release.length === 1) {
    assert.equal(p.status, 'released', where);
  } else {
    assert.equal(p.status, 'hold', where);
  }
  assert.ok(refunded <= captured, `refunded ${refunded} <= captured ${captured}: ${where}`);
  if (captured === 0) assert.equal(won.refund.length, 0, `no refund without a capture: ${where}`);
  assert.equal(refunds.length, won.refund.length, `one refund object per refund that won: ${where}`);
  assert.equal(p.refundable_amount, captured - refunded, where);
  assert.equal(p.refund_availability, captured - refunded > 0 ? 'all' : 'none', where);
  if (refunds.length > 0) assert.equal(p.status, 'refunded', where);
  // Each refund answer is its own refund: distinct ids, the amount asked. Collected, and checked
  // after the money invariants, so that a wrong answer does not hide a wrong movement.
  const answered = won.refund.map(({ body: r }) => r);
  assert.ok(answered.every((r) => r.payment_type === 'refund'), `refund answers are refund objects: ${where}`);
  const problems = [];
  if (new Set(answered.map((r) => r.id)).size !== answered.length) {
    problems.push(`${where}: ${answered.length} refund answers name only ${new Set(answered.map((r) => r.id)).size} distinct refunds`);
  }
  for (const { reqBody, body: r } of won.refund) {
    if (reqBody.amount !== undefined && r.amount !== reqBody.amount) {
      problems.push(`${where}: a refund of ${reqBody.amount} was answered with refund ${r.id} of ${r.amount}`);
    }
  }
  const listedIds = new Set(refunds.map((r) => r.id));
  for (const r of answered) if (!listedIds.has(r.id)) problems.push(`${where}: answered refund ${r.id} is not listed`);
  const attempts = p.transaction_data.attempts;
  assert.equal(attempts.filter((a) => a.type === 'capture' && a.successful).length, won.capture.length, where);
  assert.equal(attempts.filter((a) => a.type === 'release' && a.successful).length, won.release.length, where);
  assert.equal(attempts.filter((a) => a.type === 'refund' && a.successful).length, refunds.length, where);
  return { id: held.id, total, captured, refunded, released: won.release.length === 1, problems };
}

test(`${PURCHASES} held purchases x ${REQUESTS} concurrent capture/release/refund requests`, async (t) => {
  t.diagnostic(`seed ${SEED} (replay with TENDER_RACE_SEED=${SEED})`);
  const started = Date.now();
  const held = [];
  for (let i = 0; i < PURCHASES; i += 10) {
    held.push(...await Promise.all(Array.from({ length: Math.min(10, PURCHASES - i) }, () =>
      heldPurchase(server, {}, { price: int(500, 50_000) }))));
  }
  assert.ok(held.every((h) => h.status === 'hold'));
  const results = [];
  for (let i = 0; i < held.length; i += PARALLEL) {
    results.push(...await Promise.all(held.slice(i, i + PARALLEL).map(race)));
  }
  t.diagnostic(`raced in ${Date.now() - started} ms: ${results.filter((r) => r.captured).length} captured, ` +
    `${results.filter((r) => r.released).length} released, ${results.filter((r) => r.refunded).length} with refunds`);
  assert.ok(results.some((r) => r.captured > 0 && r.refunded > 0), 'the mix exercised refunds after captures');

  // The statement: every transaction sums to zero; per purchase, available + fees = captured −
  // refunded and nothing is left held.
  const st = expectJson(await api(server, 'GET', '/api/v1/statement/'), 200, 'statement');
  assert.equal(st.truncated, false);
  const byPurchase = new Map();
  for (const leg of st.postings) {
    const m = byPurchase.get(leg.purchase_id) || { tx: new Map(), merchant: 0, held: 0, all: 0 };
    m.tx.set(leg.transaction_id, (m.tx.get(leg.transaction_id) || 0) + leg.amount);
    if (leg.account === 'merchant_available' || leg.account === 'fees') m.merchant += leg.amount;
    if (leg.account === 'merchant_held') m.held += leg.amount;
    m.all += leg.amount;
    byPurchase.set(leg.purchase_id, m);
  }
  for (const r of results) {
    const m = byPurchase.get(r.id);
    assert.ok(m, `postings of ${r.id}`);
    for (const [tx, sum] of m.tx) assert.equal(sum, 0, `purchase ${r.id}: transaction ${tx} sums to ${sum}`);
    assert.equal(m.all, 0, `purchase ${r.id}: its postings sum to zero`);
    assert.equal(m.merchant, r.captured - r.refunded, `purchase ${r.id}: merchant balance`);
    assert.equal(m.held, r.captured || r.released ? 0 : r.total, `purchase ${r.id}: held`);
  }
  const result = await checkMoney(server);
  assert.equal(result.purchases, PURCHASES);

  const problems = results.flatMap((r) => r.problems);
  assert.deepEqual(problems, [], `refund answers that describe another refund (${problems.length}):\n${problems.slice(0, 10).join('\n')}`);
});
