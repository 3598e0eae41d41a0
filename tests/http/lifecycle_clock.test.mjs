// Time-driven transitions (issue 4, scope 1 and 4): `due` → overdue (still payable) or, with
// due_strict, expired (no longer payable); uncaptured holds are released after
// `tender serve --hold-expiry-seconds N`. Driven by the background sweeper and the injectable
// clock, moved forward here with the test clock (POST /api/v1/test_clock/advance/ {"seconds"},
// enabled by TENDER_TEST_CLOCK=1). The clock is per process and only moves forward, so each
// server here is this file's own and the tests run in order.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, runTender, sleep, startTender } from './lib/harness.mjs';
import {
  SUCCESS, FAILURE, CARDS, newPurchase, getPurchase, directPost, pollUntil, paidPurchase,
  heldPurchase, op, expectRefusal, checkMoney,
} from './lib/lifecycle_support.mjs';

const HOLD_EXPIRY = 3600;
const SWEEP_MS = 1500; // the sweeper runs every 500 ms; three periods
let server;
let clockMissing = null; // why the test clock tests cannot run, or null
let holdExpiryMissing = null;

async function probeTestClock(s) {
  const res = await api(s, 'GET', '/api/v1/test_clock/');
  if (res.status === 404) return 'the test clock endpoint POST /api/v1/test_clock/advance/ (GET /api/v1/test_clock/) is missing';
  if (res.status !== 200 || res.json?.enabled !== true) return `the test clock is not enabled: GET /api/v1/test_clock/ -> ${res.status} ${res.text}`;
  return null;
}

before(async () => {
  const help = await runTender(['serve', '--help']);
  if (!/--hold-expiry-seconds\b/.test(help.stdout + help.stderr)) holdExpiryMissing = '`tender serve --hold-expiry-seconds` is missing';
  const args = holdExpiryMissing ? [] : ['--hold-expiry-seconds', String(HOLD_EXPIRY)];
  server = await startTender({ env: { TENDER_TEST_CLOCK: '1' }, args });
  clockMissing = await probeTestClock(server);
});
after(async () => { await server?.cleanup(); });

async function clockNow(s = server) {
  return expectJson(await api(s, 'GET', '/api/v1/test_clock/'), 200, 'test clock').now;
}
async function advance(seconds, s = server) {
  const r = expectJson(await api(s, 'POST', '/api/v1/test_clock/advance/', { body: { seconds } }), 200, 'advance');
  assert.equal(typeof r.now, 'number');
  return r.now;
}
const statusOf = async (id, s = server) => (await getPurchase(s, id)).status;

describe('due (not strict) -> overdue, still payable', () => {
  test('an unpaid purchase becomes overdue once the due time passes, and can still be paid', async (t) => {
    if (clockMissing) return t.skip(clockMissing);
    const now = await clockNow();
    const p = await newPurchase(server, { due: now + 600 });
    const sent = await newPurchase(server, { due: now + 600 });
    expectJson(await api(server, 'POST', `/api/v1/test/purchases/${sent.id}/send/`), 200, 'send');
    const viewed = await newPurchase(server, { due: now + 600 });
    await (await fetch(viewed.checkout_url)).text();
    assert.equal(await statusOf(viewed.id), 'viewed');
    const failed = await newPurchase(server, { due: now + 600 });
    await directPost(failed, { card_number: CARDS.declined });
    assert.equal(await statusOf(failed.id), 'error');
    await sleep(SWEEP_MS);
    assert.equal(await statusOf(p.id), 'created', 'not before the due time');
    await advance(601);
    for (const x of [p, sent, viewed, failed]) {
      const o = await pollUntil(server, x.id, (q) => q.status === 'overdue', { timeoutMs: 10_000 });
      assert.equal(o.status_history.at(-1).status, 'overdue');
      assert.ok(o.checkout_url, 'an overdue purchase is still payable');
    }
    const after = await paidPurchase(server, {}, {});
    assert.equal(after.status, 'paid');
    // The overdue one itself:
    const r = await directPost(await getPurchase(server, p.id));
    assert.equal(r.location, SUCCESS, 'an overdue purchase can be paid');
    const paid = await getPurchase(server, p.id);
    assert.deepEqual(paid.status_history.map((h) => h.status), ['created', 'overdue', 'paid']);
    assert.equal(paid.payment.amount, 1000);
    // And an overdue purchase can be charged with a token or marked as paid.
    const token = await paidPurchase(server, {}, { fields: { remember_card: 'on' } });
    assert.equal(expectJson(await op(server, sent.id, 'charge', { recurring_token: token.id }), 200, 'charge overdue').status, 'paid');
    assert.equal(expectJson(await op(server, viewed.id, 'mark_as_paid'), 200, 'mark overdue').status, 'paid');
  });

  test('a purchase paid, held, or cancelled before its due time is not touched', async (t) => {
    if (clockMissing) return t.skip(clockMissing);
    const now = await clockNow();
    const paid = await paidPurchase(server, { due: now + 300 });
    const held = await heldPurchase(server, { due: now + 300 });
    const cancelled = await newPurchase(server, { due: now + 300 });
    expectJson(await api(server, 'POST', `/api/v1/purchases/${cancelled.id}/cancel/`), 200, 'cancel');
    await advance(301);
    await sleep(SWEEP_MS);
    assert.equal(await statusOf(paid.id), 'paid');
    assert.equal(await statusOf(held.id), 'hold');
    assert.equal(await statusOf(cancelled.id), 'cancelled');
    expectJson(await op(server, held.id, 'capture', {}), 200, 'capture after the due time');
  });
});

describe('due_strict -> expired, no longer payable', () => {
  test('an unpaid purchase expires; payment, charge are refused; it can still be marked as paid', async (t) => {
    if (clockMissing) return t.skip(clockMissing);
    const now = await clockNow();
    const p = await newPurchase(server, { due: now + 600, purchase: { due_strict: true } });
    const q = await newPurchase(server, { due: now + 600, purchase: { due_strict: true } });
    assert.equal(p.purchase.due_strict, true);
    await sleep(SWEEP_MS);
    assert.equal(await statusOf(p.id), 'created');
    await advance(601);
    const e = await pollUntil(server, p.id, (x) => x.status === 'expired', { timeoutMs: 10_000 });
    assert.deepEqual(e.status_history.map((h) => h.status), ['created', 'expired']);
    assert.equal(e.checkout_url, undefined);
    assert.equal(e.direct_post_url, null);
    // The payer's post is refused without an attempt.
    const r = await directPost({ ...p, direct_post_url: p.direct_post_url });
    assert.equal(r.status, 303);
    assert.equal(r.location, FAILURE);
    const after = await getPurchase(server, p.id);
    assert.equal(after.status, 'expired');
    assert.equal(after.payment, null);
    assert.equal(after.transaction_data.attempts.filter((a) => a.successful).length, 0);
    const token = await paidPurchase(server, {}, { fields: { remember_card: 'on' } });
    expectRefusal(await op(server, p.id, 'charge', { recurring_token: token.id }), 'purchase_charge_error', 'charge expired');
    expectRefusal(await op(server, p.id, 'capture', {}), 'purchase_capture_error', 'capture expired');
    expectRefusal(await op(server, p.id, 'refund', {}), 'purchase_refund_error', 'refund expired');
    expectRefusal(await api(server, 'POST', `/api/v1/purchases/${p.id}/cancel/`), 'purchase_cancel_error', 'cancel expired');
    // The merchant may still record a payment made outside Tender.
    await pollUntil(server, q.id, (x) => x.status === 'expired', { timeoutMs: 10_000 });
    const m = expectJson(await op(server, q.id, 'mark_as_paid'), 200, 'mark expired as paid');
    assert.equal(m.status, 'paid');
    assert.equal(m.marked_as_paid, true);
    assert.deepEqual(m.status_history.map((h) => h.status), ['created', 'expired', 'paid']);
  });

  test('a due time already past at creation expires at the next sweep', async (t) => {
    if (clockMissing) return t.skip(clockMissing);
    const now = await clockNow();
    const p = await newPurchase(server, { due: now - 10, purchase: { due_strict: true } });
    const o = await newPurchase(server, { due: now - 10 });
    assert.equal((await pollUntil(server, p.id, (x) => x.status === 'expired', { timeoutMs: 10_000 })).status, 'expired');
    assert.equal((await pollUntil(server, o.id, (x) => x.status === 'overdue', { timeoutMs: 10_000 })).status, 'overdue');
  });
});

describe('hold expiry (tender serve --hold-expiry-seconds)', () => {
  test('an uncaptured hold is released after the expiry; captured and released holds are not touched', async (t) => {
    if (clockMissing) return t.skip(clockMissing);
    if (holdExpiryMissing) return t.skip(holdExpiryMissing);
    const expiring = await heldPurchase(server, {}, { price: 3000 });
    const captured = await heldPurchase(server);
    const released = await heldPurchase(server);
    const pre = await paidPurchase(server, { skip_capture: true, purchase: { total_override: 0 } });
    expectJson(await op(server, captured.id, 'capture', { amount: 500 }), 200, 'capture');
    expectJson(await op(server, released.id, 'release'), 200, 'release');
    const heldBefore = expectJson(await api(server, 'GET', '/api/v1/balance/'), 200, 'balance').MYR.held;
    await advance(HOLD_EXPIRY / 2);
    await sleep(SWEEP_MS);
    assert.equal(await statusOf(expiring.id), 'hold', 'not before the expiry');
    await advance(HOLD_EXPIRY / 2 + 1);
    const r = await pollUntil(server, expiring.id, (x) => x.status !== 'hold', { timeoutMs: 10_000 });
    assert.equal(r.status, 'released');
    assert.equal(r.status_history.at(-1).status, 'released');
    assert.equal(r.transaction_data.attempts[0].type, 'release');
    assert.equal(r.transaction_data.attempts[0].successful, true);
    assert.equal(r.refundable_amount, 0);
    const heldAfter = expectJson(await api(server, 'GET', '/api/v1/balance/'), 200, 'balance').MYR.held;
    assert.equal(heldBefore - heldAfter, 3000, 'the hold went back to the payer');
    await sleep(SWEEP_MS);
    assert.equal(await statusOf(captured.id), 'paid');
    assert.equal((await getPurchase(server, captured.id)).payment.amount, 500);
    assert.deepEqual((await getPurchase(server, released.id)).status_history.map((h) => h.status), ['created', 'hold', 'released']);
    assert.equal(await statusOf(pre.id), 'preauthorized', 'a preauthorization holds no money and does not expire');
    expectRefusal(await op(server, expiring.id, 'capture', {}), 'purchase_capture_error', 'capture after expiry');
  });

  test('the option is validated', async (t) => {
    if (holdExpiryMissing) return t.skip(holdExpiryMissing);
    for (const bad of ['0', '-5', 'soon']) {
      const r = await runTender(['serve', '--data', server.dataDir, '--listen', '127.0.0.1:0', '--hold-expiry-seconds', bad], { timeoutMs: 15_000 });
      assert.notEqual(r.code, 0, `a hold expiry of ${bad} is refused`);
      assert.match(r.stdout + r.stderr, /--hold-expiry-seconds/, `the error names the option (${bad})`);
    }
  });
});

describe('a due time passing while a payment is in flight', () => {
  test('the purchase still becomes overdue / expired when the payment fails', async (t) => {
    if (clockMissing) return t.skip(clockMissing);
    const slow = await startTender({ env: { TENDER_TEST_CLOCK: '1' }, args: ['--sandbox-delay-ms', '2500', '--acquirer-wait-ms', '200'] });
    try {
      const now = await clockNow(slow);
      const loose = await newPurchase(slow, { due: now + 60 });
      const strict = await newPurchase(slow, { due: now + 60, purchase: { due_strict: true } });
      // Declined cards, answered late: the due time passes while the answers are awaited
      // (pending_execute: the payment's intent is recorded, the acquirer has not answered).
      const posts = [directPost(loose, { card_number: CARDS.declined }), directPost(strict, { card_number: CARDS.declined })];
      await pollUntil(slow, loose.id, (x) => x.status === 'pending_execute', { timeoutMs: 10_000 });
      await pollUntil(slow, strict.id, (x) => x.status === 'pending_execute', { timeoutMs: 10_000 });
      await advance(61, slow);
      await sleep(SWEEP_MS);
      await Promise.all(posts);
      const failedLoose = await pollUntil(slow, loose.id, (x) => !x.status.startsWith('pending_'), { timeoutMs: 15_000 });
      const failedStrict = await pollUntil(slow, strict.id, (x) => !x.status.startsWith('pending_'), { timeoutMs: 15_000 });
      assert.equal(failedLoose.transaction_data.attempts[0].error?.code, 'insufficient_funds');
      assert.equal(failedStrict.transaction_data.attempts[0].error?.code, 'insufficient_funds');
      const a = await pollUntil(slow, loose.id, (x) => x.status === 'overdue', { timeoutMs: 5_000 }).catch((e) => e);
      const b = await pollUntil(slow, strict.id, (x) => x.status === 'expired', { timeoutMs: 5_000 }).catch((e) => e);
      assert.ok(!(a instanceof Error), `not strict: ${a.message}`);
      assert.ok(!(b instanceof Error), `strict: ${b.message}`);
    } finally {
      await slow.cleanup();
    }
  });
});

test('ledger check passes and the balance matches what was moved', async () => {
  const result = await checkMoney(server);
  assert.ok(result.purchases >= 1);
});
