// Pending statuses (issue 4, scope 4): with a slow sandbox (`tender serve --sandbox-delay-ms 1500
// --acquirer-wait-ms 300`) capture, release, refund and charge answer before the acquirer does:
// the purchase is pending_capture / pending_release / pending_refund / pending_charge, other
// operations on it are refused meanwhile, and the result is recorded when the answer arrives
// (polled here). A failure answered late puts the purchase back where it was.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, sleep, startTender } from './lib/harness.mjs';
import {
  FAILURE, CARDS, feeOf, newPurchase, getPurchase, directPost, pollUntil, paidPurchase,
  heldPurchase, op, expectRefusal, refundsOf, checkMoney,
} from './lib/lifecycle_support.mjs';

const SLOW_ARGS = ['--sandbox-delay-ms', '1500', '--acquirer-wait-ms', '300'];
let server;
before(async () => { server = await startTender({ args: SLOW_ARGS }); });
after(async () => { await server?.cleanup(); });

// Several holds / payments at once: each takes two slow acquirer answers.
const holds = (n, opts) => Promise.all(Array.from({ length: n }, () => heldPurchase(server, {}, opts)));

// The tests of this suite are independent (each has its own purchases) and mostly wait: run them at once.
describe('a slow acquirer', { concurrency: true }, () => {
  test('a Direct Post hold goes pending_execute, then hold', async () => {
    const [h] = await holds(1);
    assert.equal(h.status, 'hold');
    assert.deepEqual(h.status_history.map((x) => x.status), ['created', 'pending_execute', 'hold']);
  });

  test('capture: pending_capture, other operations refused meanwhile, then paid with the captured amount', async () => {
    const [h] = await holds(1);
    const res = await op(server, h.id, 'capture', { amount: 700 });
    const p = expectJson(res, 200, 'capture');
    assert.equal(p.status, 'pending_capture');
    assert.equal(p.refundable_amount, 0);
    expectRefusal(await op(server, h.id, 'capture', { amount: 700 }), 'purchase_capture_error', 'second capture while pending');
    expectRefusal(await op(server, h.id, 'release'), 'purchase_release_error', 'release while pending');
    expectRefusal(await op(server, h.id, 'refund', {}), 'purchase_refund_error', 'refund while pending');
    expectRefusal(await op(server, h.id, 'mark_as_paid'), 'purchase_mark_as_paid_error', 'mark_as_paid while pending');
    const done = await pollUntil(server, h.id);
    assert.equal(done.status, 'paid');
    assert.deepEqual(done.status_history.map((x) => x.status), ['created', 'pending_execute', 'hold', 'pending_capture', 'paid']);
    assert.equal(done.payment.amount, 700);
    assert.equal(done.payment.fee_amount, feeOf(700));
    assert.equal(done.refundable_amount, 700);
    assert.equal(done.transaction_data.attempts.filter((a) => a.type === 'capture').length, 1, 'one capture attempt');
    assert.equal(done.transaction_data.attempts[0].successful, true);
  });

  test('release: pending_release, then released', async () => {
    const [h] = await holds(1);
    const p = expectJson(await op(server, h.id, 'release'), 200, 'release');
    assert.equal(p.status, 'pending_release');
    expectRefusal(await op(server, h.id, 'capture', {}), 'purchase_capture_error', 'capture while releasing');
    const done = await pollUntil(server, h.id);
    assert.equal(done.status, 'released');
    assert.deepEqual(done.status_history.map((x) => x.status).slice(-2), ['pending_release', 'released']);
  });

  test('refund: pending_refund (the answer is the purchase), then refunded with the refund object', async () => {
    const paid = await paidPurchase(server);
    assert.equal(paid.status, 'paid');
    const res = await op(server, paid.id, 'refund', { amount: 300 });
    const p = expectJson(res, 200, 'refund');
    assert.equal(p.type, 'purchase', 'while pending the answer is the purchase');
    assert.equal(p.status, 'pending_refund');
    assert.equal(p.refundable_amount, 0, 'nothing is refundable while a refund is in flight');
    assert.equal(p.refund_availability, 'none');
    expectRefusal(await op(server, paid.id, 'refund', { amount: 300 }), 'purchase_refund_error', 'second refund while pending');
    const done = await pollUntil(server, paid.id);
    assert.equal(done.status, 'refunded');
    assert.equal(done.refundable_amount, 700);
    assert.equal(done.refund_availability, 'all');
    const refunds = await refundsOf(server, paid.id);
    assert.equal(refunds.length, 1);
    assert.equal(refunds[0].amount, 300);
    assert.deepEqual(done.status_history.at(-1).related_object, { type: 'payment', id: refunds[0].id });
    assert.deepEqual(done.status_history.map((x) => x.status).slice(-3), ['paid', 'pending_refund', 'refunded']);
    // A second slow refund from refunded.
    expectJson(await op(server, paid.id, 'refund'), 200, 'refund the rest');
    const rest = await pollUntil(server, paid.id);
    assert.equal(rest.status, 'refunded');
    assert.equal(rest.refundable_amount, 0);
    assert.equal((await refundsOf(server, paid.id)).reduce((a, r) => a + r.amount, 0), 1000);
  });

  test('charge: pending_charge, then paid with the token', async () => {
    const token = await paidPurchase(server, {}, { fields: { remember_card: 'on' } });
    assert.equal(token.is_recurring_token, true);
    const target = await newPurchase(server);
    const p = expectJson(await op(server, target.id, 'charge', { recurring_token: token.id }), 200, 'charge');
    assert.equal(p.status, 'pending_charge');
    expectRefusal(await op(server, target.id, 'charge', { recurring_token: token.id }), 'purchase_charge_error', 'second charge while pending');
    const second = await directPost(target);
    assert.equal(second.location, FAILURE, 'no Direct Post payment while a charge is in flight');
    const done = await pollUntil(server, target.id);
    assert.equal(done.status, 'paid');
    assert.equal(done.recurring_token, token.id);
    assert.equal(done.payment.payment_type, 'purchase_charge');
    assert.deepEqual(done.status_history.map((x) => x.status), ['created', 'pending_charge', 'paid']);
    assert.equal(done.transaction_data.attempts.length, 1, 'only the charge attempt');
  });

  test('a capture failing late: pending_capture, then back to hold with the failed attempt', async () => {
    const [h] = await holds(1, { card: CARDS.captureFails });
    const p = expectJson(await op(server, h.id, 'capture', {}), 200, 'capture');
    assert.equal(p.status, 'pending_capture');
    const done = await pollUntil(server, h.id);
    assert.equal(done.status, 'hold');
    assert.deepEqual(done.status_history.map((x) => x.status).slice(-2), ['pending_capture', 'hold']);
    const a = done.transaction_data.attempts[0];
    assert.equal(a.type, 'capture');
    assert.equal(a.successful, false);
    assert.equal(a.error?.code, 'acquirer_internal_error');
    // It can still be released.
    expectJson(await op(server, h.id, 'release'), 200, 'release');
    assert.equal((await pollUntil(server, h.id)).status, 'released');
  });

  test('a refund failing late: pending_refund, then back to paid, nothing refunded', async () => {
    const paid = await paidPurchase(server, {}, { card: CARDS.refundFails });
    const p = expectJson(await op(server, paid.id, 'refund', { amount: 100 }), 200, 'refund');
    assert.equal(p.status, 'pending_refund');
    const done = await pollUntil(server, paid.id);
    assert.equal(done.status, 'paid', 'no refund succeeded, so back to paid');
    assert.equal(done.refundable_amount, 1000);
    assert.deepEqual(await refundsOf(server, paid.id), []);
    assert.equal(done.transaction_data.attempts[0].error?.code, 'exceeded_acquirer_refund_amount');
  });

  test('a purchase cannot be cancelled while a charge is in flight; the charge completes', async () => {
    const token = await paidPurchase(server, {}, { fields: { remember_card: 'on' } });
    const target = await newPurchase(server);
    expectJson(await op(server, target.id, 'charge', { recurring_token: token.id }), 200, 'charge');
    const cancel = await api(server, 'POST', `/api/v1/purchases/${target.id}/cancel/`);
    assert.equal(cancel.status, 400, `cancel while a charge is in flight: ${cancel.text}`);
    const done = await pollUntil(server, target.id);
    assert.equal(done.status, 'paid');
  });
});

describe('cancel during a charge', () => {
  // The charge's intent is recorded before the acquirer answers; during the wait (here 1 s) the
  // purchase is still `created`. A cancel then must not end with a cancelled purchase whose card
  // was charged: either the cancel is refused and the charge completes, or nothing is charged.
  test('a cancel while a recurring charge waits for the acquirer leaves no charged, cancelled purchase', async () => {
    const s = await startTender({ args: ['--sandbox-delay-ms', '1500', '--acquirer-wait-ms', '1000'] });
    try {
      const token = await paidPurchase(s, {}, { fields: { remember_card: 'on' } });
      const target = await newPurchase(s);
      const charging = op(s, target.id, 'charge', { recurring_token: token.id });
      await sleep(150);
      const cancel = await api(s, 'POST', `/api/v1/purchases/${target.id}/cancel/`);
      const charged = await charging;
      // Wait for the acquirer's answer to be recorded (the attempt), whatever the status.
      const done = await pollUntil(s, target.id,
        (p) => !p.status.startsWith('pending_') && p.transaction_data.attempts.some((a) => a.type === 'recurring_execute'),
        { timeoutMs: 8_000 }).catch(async () => getPurchase(s, target.id));
      const legs = expectJson(await api(s, 'GET', '/api/v1/statement/'), 200, 'statement').postings.filter((l) => l.purchase_id === target.id);
      const what = `cancel ${cancel.status}, charge ${charged.status} ${charged.json?.status}, final ${done.status}, payment ${JSON.stringify(done.payment)}, ${legs.length} postings`;
      if (done.status === 'cancelled') {
        assert.equal(done.payment, null, `a cancelled purchase was charged: ${what}`);
        assert.deepEqual(legs, [], `a cancelled purchase has money in the ledger: ${what}`);
        assert.notEqual(charged.status, 200, `the charge answered 200 for a cancelled purchase: ${what}`);
      } else {
        assert.equal(cancel.status, 400, what);
        assert.equal(done.status, 'paid', what);
      }
      await checkMoney(s);
    } finally {
      await s.cleanup();
    }
  });
});

describe('an operation interrupted by a crash', () => {
  test('a purchase left in pending_capture by kill -9 is settled after the restart and can be operated on', async () => {
    const s = await startTender({ args: ['--sandbox-delay-ms', '3000', '--acquirer-wait-ms', '200'], env: { TENDER_TEST_CLOCK: '1' } });
    try {
      const h = await heldPurchase(s);
      assert.equal(h.status, 'hold');
      assert.equal(expectJson(await op(s, h.id, 'capture', {}), 200, 'capture').status, 'pending_capture');
      await s.kill9();
      await s.restart();
      if (process.env.TENDER_TEST_DATABASE_URL) {
        // On a shared database another node could still be waiting for this answer, so an intent
        // is only abandoned once it is older than any acquirer call can take: move time past that.
        expectJson(await api(s, 'POST', '/api/v1/test_clock/advance/', { body: { seconds: 3600 } }), 200, 'advance');
      }
      // The acquirer's answer was lost with the process. The purchase must not stay pending
      // forever: a background job settles it (or gives the hold back).
      const settled = await pollUntil(s, h.id, undefined, { timeoutMs: 15_000 });
      assert.ok(['paid', 'hold'].includes(settled.status), settled.status);
      if (settled.status === 'hold') {
        expectJson(await op(s, h.id, 'release'), 200, 'release after recovery');
      } else {
        expectJson(await op(s, h.id, 'refund', {}), 200, 'refund after recovery');
      }
      await pollUntil(s, h.id);
      await checkMoney(s);
    } finally {
      await s.cleanup();
    }
  });
});

test('ledger check passes and the balance matches what was moved', async () => {
  const result = await checkMoney(server);
  assert.ok(result.purchases >= 10, `purchases checked: ${result.purchases}`);
});
