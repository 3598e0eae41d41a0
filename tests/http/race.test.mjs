// Concurrency (issue 4, scope 6 and acceptance): 200 concurrent requests mixing captures (random
// partial amounts, full, and invalid ones), releases and refunds against one held purchase,
// repeated on 50 purchases (a few at a time, so it fits 2 cores in about a minute). Every answer
// is 200 or a clear 400, never a 5xx; at most one capture or one release wins; refunds never
// exceed what was captured; each winner's answer describes its own movement; afterwards the
// ledger check passes, and the statement's postings balance per transaction and match each
// purchase.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, startTender } from './lib/harness.mjs';
import {
  feeOf, getPurchase, heldPurchase, op, refundsOf, checkMoney,
} from './lib/lifecycle_support.mjs';

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
      assert.ok(['min_value', 'max_value'].includes(b.amount[0].code), `${what}: ${res.text}`);
      if (b.amount[0].code === 'min_value') assert.ok(!(reqBody.amount > 0), `${what}: a positive amount refused as min_value`);
    } else {
      assert.ok(REFUSAL_CODES[kind].has(b.__all__?.[0]?.code), `${what}: a clear refusal code: ${res.text}`);
      assert.ok(b.__all__[0].message.length > 0);
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
