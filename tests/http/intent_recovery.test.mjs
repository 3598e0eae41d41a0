// Intents left open by a crash are resolved by asking the acquirer (Connector::status), not failed
// blindly. With a slow sandbox (every answer takes 4 s, the engine waits 200 ms) three operations
// are at the acquirer when the server is killed with SIGKILL:
//   - a capture of a hold, and a card payment: the sandbox decided both (approved) when it received
//     them, so after the restart both purchases end `paid`, with their ledger postings and events;
//   - a payment with the "timeout" card, whose request had not reached the sandbox's records yet:
//     the acquirer does not know it, so the attempt fails with timeout_acquirer_status_check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, sqlScalar, startTender } from './lib/harness.mjs';
import { CARDS, checkMoney, directPost, feeOf, heldPurchase, newPurchase, op, pollUntil } from './lib/lifecycle_support.mjs';

const SLOW = ['--sandbox-delay-ms', '4000', '--acquirer-wait-ms', '200'];

// Ledger legs and outbox events of one purchase, read from the server's own database.
const postingKinds = (s, id) =>
  sqlScalar(s, `SELECT kind || ':' || account || ':' || amount_minor FROM postings WHERE purchase_id = '${id}' ORDER BY seq`)
    .split('\n').filter(Boolean);
const events = (s, id) =>
  sqlScalar(s, `SELECT event_type FROM outbox WHERE object_id = '${id}' ORDER BY seq`).split('\n').filter(Boolean);

test('after kill -9, open intents are resolved through the acquirer: approved → paid, unknown → failed', async () => {
  const s = await startTender({ args: SLOW, env: { TENDER_TEST_CLOCK: '1' } });
  try {
    const held = await heldPurchase(s, {}, { price: 1000 });
    assert.equal(held.status, 'hold');
    // Both payments at once: each answers 200 ms after its authorization reached the sandbox,
    // whose answer comes 4 s later. The capture goes right after, so all three are open together.
    const paying = await newPurchase(s, {}, { price: 2500 });
    const unknown = await newPurchase(s, {}, { price: 700 });
    const posts = await Promise.all([directPost(paying, { card_number: CARDS.approve }), directPost(unknown, { card_number: CARDS.slow })]);
    posts.forEach((r) => assert.equal(r.status, 303, r.text));
    const capture = expectJson(await op(s, held.id, 'capture', { amount: 600 }), 200, 'capture');
    assert.equal(capture.status, 'pending_capture');
    for (const p of [paying, unknown]) {
      const now = expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`), 200);
      assert.equal(now.status, 'pending_execute', 'the payment is at the acquirer when the server dies');
    }

    assert.equal((await s.kill9()).signal, 'SIGKILL');
    await s.restart();
    if (process.env.TENDER_TEST_DATABASE_URL) {
      // Several nodes may share PostgreSQL: an intent is only abandoned once older than any call.
      expectJson(await api(s, 'POST', '/api/v1/test_clock/advance/', { body: { seconds: 120 } }), 200, 'advance');
    }

    const captured = await pollUntil(s, held.id);
    assert.equal(captured.status, 'paid');
    assert.deepEqual(captured.status_history.map((h) => h.status).slice(-2), ['pending_capture', 'paid']);
    assert.equal(captured.payment.amount, 600);
    assert.equal(captured.payment.fee_amount, feeOf(600));
    const captureAttempt = captured.transaction_data.attempts[0];
    assert.equal(captureAttempt.type, 'capture');
    assert.equal(captureAttempt.successful, true);
    assert.deepEqual(postingKinds(s, held.id).filter((l) => l.startsWith('capture:')).sort(),
      [`capture:fees:${feeOf(600)}`, `capture:merchant_available:${600 - feeOf(600)}`,
        'capture:merchant_held:-1000', 'capture:payer_funds:400'].sort());
    assert.ok(events(s, held.id).includes('purchase.captured'), `events: ${events(s, held.id)}`);

    const paid = await pollUntil(s, paying.id);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.transaction_data.attempts[0].successful, true);
    assert.match(paid.transaction_data.attempts[0].extra.masked_pan, /^444433\*+1111$/);
    assert.equal(paid.payment.amount, 2500);
    assert.deepEqual(postingKinds(s, paying.id).sort(),
      [`payment:fees:${feeOf(2500)}`, `payment:merchant_available:${2500 - feeOf(2500)}`, 'payment:payer_funds:-2500'].sort());
    assert.ok(events(s, paying.id).includes('purchase.paid'), `events: ${events(s, paying.id)}`);

    const failed = await pollUntil(s, unknown.id);
    assert.equal(failed.status, 'error');
    assert.equal(failed.transaction_data.attempts[0].successful, false);
    assert.equal(failed.transaction_data.attempts[0].error.code, 'timeout_acquirer_status_check');
    assert.deepEqual(postingKinds(s, unknown.id), [], 'no money moved for an unknown payment');
    assert.ok(events(s, unknown.id).includes('purchase.payment_failure'));

    await checkMoney(s);
  } finally {
    await s.cleanup();
  }
});
