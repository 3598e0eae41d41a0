// Holds, captures, releases and preauthorizations (issue 4, scope 1): POST /purchases/{id}/capture/
// {amount?} (partial capture releases the rest), POST /purchases/{id}/release/, skip_capture with a
// total of 0 (preauthorized, card saved). Each endpoint with its success and every refusal; the
// ledger check and the balance at the end.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, randomId, startTender } from './lib/harness.mjs';
import {
  FAILURE, CARDS, feeOf, newPurchase, getPurchase, directPost, paidPurchase, heldPurchase,
  op, expectRefusal, expect404, checkMoney,
} from './lib/lifecycle_support.mjs';

let server;
before(async () => { server = await startTender(); });
after(async () => { await server?.cleanup(); });

describe('capture', () => {
  test('a hold is captured whole without a body: paid, payment of the total, fee 2.50 %, refundable', async () => {
    const held = await heldPurchase(server, {}, { price: 1999 });
    assert.equal(held.status, 'hold');
    assert.equal(held.refundable_amount, 0, 'nothing is refundable on a hold');
    assert.equal(held.refund_availability, 'none');
    const res = await op(server, held.id, 'capture');
    const p = expectJson(res, 200, 'capture');
    assert.equal(p.id, held.id);
    assert.equal(p.status, 'paid');
    assert.equal(p.payment.payment_type, 'purchase');
    assert.equal(p.payment.amount, 1999);
    assert.equal(p.payment.fee_amount, feeOf(1999));
    assert.equal(p.payment.fee_amount, 50, '49.975 rounds half-up to 50');
    assert.equal(p.payment.net_amount, 1999 - 50);
    assert.equal(p.payment.pending_amount, 0);
    assert.equal(p.refundable_amount, 1999);
    assert.equal(p.refund_availability, 'all');
    assert.deepEqual(p.status_history.map((h) => h.status), ['created', 'hold', 'paid']);
    const a = p.transaction_data.attempts[0];
    assert.equal(a.type, 'capture', 'the newest attempt is the capture');
    assert.equal(a.successful, true);
    assert.equal(a.error, null);
    assert.equal(a.flow, 'api');
    assert.deepEqual(await getPurchase(server, held.id), p, 'GET shows what capture answered');
  });

  test('amount equal to the total is a full capture', async () => {
    const held = await heldPurchase(server);
    const p = expectJson(await op(server, held.id, 'capture', { amount: 1000 }), 200, 'capture 1000');
    assert.equal(p.status, 'paid');
    assert.equal(p.payment.amount, 1000);
    assert.equal(p.refundable_amount, 1000);
  });

  test('amount null is a full capture', async () => {
    const held = await heldPurchase(server);
    const p = expectJson(await op(server, held.id, 'capture', { amount: null }), 200, 'capture null');
    assert.equal(p.payment.amount, 1000);
  });

  test('a partial capture takes the amount and releases the rest: paid, payment.amount and refundable = captured', async () => {
    const held = await heldPurchase(server, {}, { price: 1000 });
    const p = expectJson(await op(server, held.id, 'capture', { amount: 600 }), 200, 'capture 600');
    assert.equal(p.status, 'paid');
    assert.equal(p.purchase.total, 1000, 'the total is what was ordered');
    assert.equal(p.payment.amount, 600);
    assert.equal(p.payment.fee_amount, 15);
    assert.equal(p.payment.net_amount, 585);
    assert.equal(p.refundable_amount, 600);
    assert.equal(p.refund_availability, 'all');
    // The ledger: the hold is gone whole, 400 went back to the payer.
    const st = expectJson(await api(server, 'GET', '/api/v1/statement/'), 200, 'statement');
    const legs = st.postings.filter((l) => l.purchase_id === p.id);
    const sum = (kind, account) => legs.filter((l) => l.kind === kind && l.account === account).reduce((a, l) => a + l.amount, 0);
    assert.equal(sum('authorization', 'merchant_held'), 1000);
    assert.equal(sum('capture', 'merchant_held'), -1000);
    assert.equal(sum('capture', 'merchant_available'), 585);
    assert.equal(sum('capture', 'fees'), 15);
    assert.equal(sum('capture', 'payer_funds'), 400, 'the released remainder goes back to the payer');
    // And a refund can take at most the captured 600.
    expectJson(await op(server, p.id, 'refund', { amount: 601 }), 400, 'refund 601');
    const r = expectJson(await op(server, p.id, 'refund', {}), 200, 'full refund');
    assert.equal(r.amount, 600);
  });

  test('a capture of 1 minor unit is allowed (fee rounds to 0)', async () => {
    const held = await heldPurchase(server);
    const p = expectJson(await op(server, held.id, 'capture', { amount: 1 }), 200, 'capture 1');
    assert.equal(p.payment.amount, 1);
    assert.equal(p.payment.fee_amount, 0);
    assert.equal(p.payment.net_amount, 1);
    assert.equal(p.refundable_amount, 1);
  });

  describe('refusals (the purchase is unchanged after each)', () => {
    let held;
    before(async () => { held = await heldPurchase(server); });

    const amountCases = [
      ['more than the hold', { amount: 1001 }, 'max_value'],
      ['far more than the hold', { amount: 1_000_000_000 }, 'max_value'],
      ['zero', { amount: 0 }, 'min_value'],
      ['negative', { amount: -5 }, 'min_value'],
      ['a fraction', { amount: 10.5 }, 'invalid_type'],
      ['a string', { amount: '500' }, 'invalid_type'],
      ['a boolean', { amount: true }, 'invalid_type'],
      ['an object', { amount: { value: 5 } }, 'invalid_type'],
    ];
    for (const [label, reqBody, code] of amountCases) {
      test(`amount ${label} -> 400 amount ${code}`, async () => {
        const before = await getPurchase(server, held.id);
        const res = await op(server, held.id, 'capture', reqBody);
        const b = expectJson(res, 400, label);
        assert.equal(b.amount?.[0]?.code, code, `${label}: ${res.text}`);
        assert.ok(b.amount[0].message.length > 0);
        assert.deepEqual(await getPurchase(server, held.id), before, `${label}: nothing changed`);
      });
    }

    test('a body that is not a JSON object -> 400', async () => {
      const res = await api(server, 'POST', `/api/v1/purchases/${held.id}/capture/`, { rawBody: '[1]' });
      expectJson(res, 400, 'array body');
      const res2 = await api(server, 'POST', `/api/v1/purchases/${held.id}/capture/`, { rawBody: '{"amount":' });
      expectJson(res2, 400, 'broken JSON');
      assert.equal((await getPurchase(server, held.id)).status, 'hold');
    });

    test('another company\'s purchase -> 404, and it stays on hold', async () => {
      expect404(await op(server, held.id, 'capture', {}, server.second.api_key), 'foreign capture');
      expect404(await op(server, held.id, 'capture', { amount: 10 }, server.second.api_key), 'foreign partial capture');
      assert.equal((await getPurchase(server, held.id)).status, 'hold');
    });

    test('an unknown id or a malformed id -> 404', async () => {
      expect404(await op(server, randomId(), 'capture', {}), 'unknown id');
      expect404(await op(server, 'not-a-uuid', 'capture', {}), 'malformed id');
    });

    test('no API key -> 401', async () => {
      const res = await op(server, held.id, 'capture', {}, null);
      assert.equal(res.status, 401, res.text);
    });

    test('wrong status: an unpaid purchase -> purchase_capture_error', async () => {
      const p = await newPurchase(server, { skip_capture: true });
      expectRefusal(await op(server, p.id, 'capture', {}), 'purchase_capture_error', 'created');
      assert.equal((await getPurchase(server, p.id)).status, 'created');
    });

    test('wrong status: a purchase paid without skip_capture -> purchase_capture_error', async () => {
      const p = await paidPurchase(server);
      assert.equal(p.status, 'paid');
      expectRefusal(await op(server, p.id, 'capture', {}), 'purchase_capture_error', 'paid');
      assert.deepEqual(await getPurchase(server, p.id), p);
    });

    test('wrong status: a second capture -> purchase_capture_error, no second movement', async () => {
      const h = await heldPurchase(server);
      const first = expectJson(await op(server, h.id, 'capture', { amount: 400 }), 200, 'first capture');
      expectRefusal(await op(server, h.id, 'capture', { amount: 400 }), 'purchase_capture_error', 'second capture');
      expectRefusal(await op(server, h.id, 'capture', {}), 'purchase_capture_error', 'second full capture');
      const after = await getPurchase(server, h.id);
      assert.deepEqual(after, first);
      assert.equal(after.transaction_data.attempts.filter((a) => a.type === 'capture').length, 1);
    });

    test('wrong status: a released hold -> purchase_capture_error', async () => {
      const h = await heldPurchase(server);
      expectJson(await op(server, h.id, 'release'), 200, 'release');
      expectRefusal(await op(server, h.id, 'capture', {}), 'purchase_capture_error', 'released');
      assert.equal((await getPurchase(server, h.id)).status, 'released');
    });

    test('wrong status: a cancelled purchase, a failed payment -> purchase_capture_error', async () => {
      const c = await newPurchase(server, { skip_capture: true });
      expectJson(await api(server, 'POST', `/api/v1/purchases/${c.id}/cancel/`), 200, 'cancel');
      expectRefusal(await op(server, c.id, 'capture', {}), 'purchase_capture_error', 'cancelled');
      const e = await newPurchase(server, { skip_capture: true });
      await directPost(e, { card_number: CARDS.declined });
      assert.equal((await getPurchase(server, e.id)).status, 'error');
      expectRefusal(await op(server, e.id, 'capture', {}), 'purchase_capture_error', 'error');
    });

    test('the purchase refused above is still capturable', async () => {
      const p = expectJson(await op(server, held.id, 'capture', {}), 200, 'capture after the refusals');
      assert.equal(p.status, 'paid');
      assert.equal(p.transaction_data.attempts.filter((a) => a.type === 'capture').length, 1, 'refusals leave no attempt');
    });
  });

  test('the capture failure card: 400 purchase_capture_error, still hold, the attempt recorded with its error', async () => {
    const held = await heldPurchase(server, {}, { card: CARDS.captureFails });
    assert.equal(held.status, 'hold');
    const res = await op(server, held.id, 'capture', {});
    const err = expectRefusal(res, 'purchase_capture_error', 'capture of the failing card');
    assert.match(err.message, /Acquirer internal error/);
    const after = await getPurchase(server, held.id);
    assert.equal(after.status, 'hold', 'a failed capture leaves the hold');
    assert.equal(after.payment?.amount ?? 1000, 1000);
    assert.equal(after.refundable_amount, 0);
    const a = after.transaction_data.attempts[0];
    assert.equal(a.type, 'capture');
    assert.equal(a.successful, false);
    assert.deepEqual(a.error, { code: 'acquirer_internal_error', message: 'Acquirer internal error' });
    assert.equal(a.flow, 'api');
    // Partial capture fails the same way; the hold can still be released.
    expectRefusal(await op(server, held.id, 'capture', { amount: 100 }), 'purchase_capture_error', 'partial capture');
    assert.equal((await getPurchase(server, held.id)).transaction_data.attempts.filter((x) => x.type === 'capture').length, 2);
    const released = expectJson(await op(server, held.id, 'release'), 200, 'release');
    assert.equal(released.status, 'released');
  });
});

describe('release', () => {
  test('a hold is released: status released, nothing refundable, the hold back to the payer', async () => {
    const before = expectJson(await api(server, 'GET', '/api/v1/balance/'), 200, 'balance').MYR;
    const held = await heldPurchase(server, {}, { price: 777 });
    const mid = expectJson(await api(server, 'GET', '/api/v1/balance/'), 200, 'balance').MYR;
    assert.equal(mid.held - (before?.held ?? 0), 777, 'the hold is in merchant_held');
    const p = expectJson(await op(server, held.id, 'release'), 200, 'release');
    assert.equal(p.status, 'released');
    assert.deepEqual(p.status_history.map((h) => h.status), ['created', 'hold', 'released']);
    assert.equal(p.refundable_amount, 0);
    assert.equal(p.refund_availability, 'none');
    assert.equal(p.transaction_data.attempts[0].type, 'release');
    assert.equal(p.transaction_data.attempts[0].successful, true);
    const end = expectJson(await api(server, 'GET', '/api/v1/balance/'), 200, 'balance').MYR;
    assert.equal(end.held, before?.held ?? 0, 'merchant_held is back');
    assert.equal(end.available, mid.available, 'nothing became available');
    assert.equal(end.fees, mid.fees, 'no fee for a release');
  });

  test('an empty JSON object body is accepted', async () => {
    const held = await heldPurchase(server);
    assert.equal(expectJson(await op(server, held.id, 'release', {}), 200, 'release {}').status, 'released');
  });

  test('refusals: twice, a paid purchase, a captured hold, unpaid, cancelled, preauthorized -> purchase_release_error', async () => {
    const h = await heldPurchase(server);
    expectJson(await op(server, h.id, 'release'), 200, 'release');
    expectRefusal(await op(server, h.id, 'release'), 'purchase_release_error', 'released twice');
    const paid = await paidPurchase(server);
    expectRefusal(await op(server, paid.id, 'release'), 'purchase_release_error', 'paid');
    const captured = await heldPurchase(server);
    expectJson(await op(server, captured.id, 'capture', { amount: 10 }), 200, 'capture');
    expectRefusal(await op(server, captured.id, 'release'), 'purchase_release_error', 'captured');
    assert.equal((await getPurchase(server, captured.id)).payment.amount, 10);
    const unpaid = await newPurchase(server, { skip_capture: true });
    expectRefusal(await op(server, unpaid.id, 'release'), 'purchase_release_error', 'created');
    const cancelled = await newPurchase(server, { skip_capture: true });
    expectJson(await api(server, 'POST', `/api/v1/purchases/${cancelled.id}/cancel/`), 200, 'cancel');
    expectRefusal(await op(server, cancelled.id, 'release'), 'purchase_release_error', 'cancelled');
    const pre = await paidPurchase(server, { skip_capture: true, purchase: { total_override: 0 } });
    assert.equal(pre.status, 'preauthorized');
    expectRefusal(await op(server, pre.id, 'release'), 'purchase_release_error', 'preauthorized');
  });

  test('another company\'s hold -> 404 and stays on hold; unknown id -> 404', async () => {
    const h = await heldPurchase(server);
    expect404(await op(server, h.id, 'release', undefined, server.second.api_key), 'foreign release');
    assert.equal((await getPurchase(server, h.id)).status, 'hold');
    expect404(await op(server, randomId(), 'release'), 'unknown');
    expect404(await op(server, 'nope', 'release'), 'malformed');
  });

  test('a released hold cannot be refunded or captured', async () => {
    const h = await heldPurchase(server);
    expectJson(await op(server, h.id, 'release'), 200, 'release');
    expectRefusal(await op(server, h.id, 'refund', {}), 'purchase_refund_error', 'refund of a release');
    expectRefusal(await op(server, h.id, 'capture', {}), 'purchase_capture_error', 'capture of a release');
  });
});

describe('preauthorization (skip_capture with a total of 0)', () => {
  test('verifies and saves the card, moves no money: preauthorized, is_recurring_token, no postings', async () => {
    const p = await paidPurchase(server, { skip_capture: true, purchase: { total_override: 0 } });
    assert.equal(p.purchase.total, 0);
    assert.equal(p.status, 'preauthorized');
    assert.deepEqual(p.status_history.map((h) => h.status), ['created', 'preauthorized']);
    assert.equal(p.is_recurring_token, true, 'a preauthorization saves the card');
    assert.equal(p.refundable_amount, 0);
    assert.equal(p.transaction_data.attempts[0].successful, true);
    const st = expectJson(await api(server, 'GET', '/api/v1/statement/'), 200, 'statement');
    assert.deepEqual(st.postings.filter((l) => l.purchase_id === p.id), [], 'no money moved');
    expectRefusal(await op(server, p.id, 'capture', {}), 'purchase_capture_error', 'capture');
    expectRefusal(await op(server, p.id, 'refund', {}), 'purchase_refund_error', 'refund');
  });

  test('a declined card leaves no token', async () => {
    const p = await newPurchase(server, { skip_capture: true, purchase: { total_override: 0 } });
    const r = await directPost(p, { card_number: CARDS.declined });
    assert.equal(r.location, FAILURE);
    const after = await getPurchase(server, p.id);
    assert.equal(after.status, 'error');
    assert.equal(after.is_recurring_token, false);
  });
});

test('ledger check passes and the balance matches what was moved', async () => {
  const result = await checkMoney(server);
  assert.ok(result.purchases > 20, `purchases checked: ${result.purchases}`);
});
