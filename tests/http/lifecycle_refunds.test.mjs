// Refunds (issue 4, scope 2), mark as paid, the test-mode simulations (send, clear, settle,
// chargeback), and the ledger endpoints GET /balance/ and GET /statement/. A refund is its own
// Payment object (is_outgoing, payment_type "refund"), referenced from status_history's
// related_object; refundable_amount and refund_availability follow every refund; fees are not
// returned on refund.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, randomId, startTender } from './lib/harness.mjs';
import {
  CARDS, newPurchase, getPurchase, directPost, paidPurchase, heldPurchase, op, expectRefusal,
  expect404, refundsOf, checkMoney,
} from './lib/lifecycle_support.mjs';

let server;
before(async () => { server = await startTender(); });
after(async () => { await server?.cleanup(); });

const balanceOf = async (s = server, key) => {
  const b = expectJson(await api(s, 'GET', '/api/v1/balance/', { key }), 200, 'balance');
  return b.MYR || { available: 0, held: 0, fees: 0, payer_funds: 0 };
};

function assertRefundObject(r, purchaseId, amount) {
  assert.match(r.id, /^[0-9a-f-]{36}$/);
  assert.equal(r.type, 'payment');
  assert.equal(r.is_outgoing, true);
  assert.equal(r.payment_type, 'refund');
  assert.equal(r.amount, amount);
  assert.equal(r.currency, 'MYR');
  assert.equal(r.net_amount, amount);
  assert.equal(r.fee_amount, 0);
  assert.equal(r.pending_amount, 0);
  assert.deepEqual(r.related_to, { type: 'purchase', id: purchaseId });
  assert.equal(typeof r.paid_on, 'number');
  assert.equal(typeof r.created_on, 'number');
}

describe('refund', () => {
  test('a full refund without a body: refund object, status refunded, related_object, nothing refundable', async () => {
    const paid = await paidPurchase(server, {}, { price: 1000 });
    assert.equal(paid.refundable_amount, 1000);
    assert.equal(paid.refund_availability, 'all');
    const before = await balanceOf();
    const res = await op(server, paid.id, 'refund');
    const r = expectJson(res, 200, 'refund');
    assertRefundObject(r, paid.id, 1000);
    const p = await getPurchase(server, paid.id);
    assert.equal(p.status, 'refunded');
    assert.equal(p.refundable_amount, 0);
    assert.equal(p.refund_availability, 'none');
    const last = p.status_history.at(-1);
    assert.equal(last.status, 'refunded');
    assert.deepEqual(last.related_object, { type: 'payment', id: r.id }, 'status_history points at the refund');
    assert.equal(p.payment.amount, 1000, 'the purchase payment is unchanged');
    assert.equal(p.transaction_data.attempts[0].type, 'refund');
    assert.equal(p.transaction_data.attempts[0].successful, true);
    assert.deepEqual(await refundsOf(server, paid.id), [r], 'GET refunds/ lists it');
    const end = await balanceOf();
    assert.equal(end.available - before.available, -1000, 'the whole amount comes out of available');
    assert.equal(end.fees, before.fees, 'fees are not returned on refund');
  });

  test('a partial refund: status refunded, refundable and availability follow', async () => {
    const paid = await paidPurchase(server);
    const r = expectJson(await op(server, paid.id, 'refund', { amount: 300 }), 200, 'refund 300');
    assertRefundObject(r, paid.id, 300);
    const p = await getPurchase(server, paid.id);
    assert.equal(p.status, 'refunded');
    assert.equal(p.refundable_amount, 700);
    assert.equal(p.refund_availability, 'all');
  });

  test('several partial refunds, never more than captured; each state is true to what is left', async () => {
    const paid = await paidPurchase(server);
    let left = 1000;
    const made = [];
    for (const amount of [100, 250, 1, 400]) {
      const tooMuch = await op(server, paid.id, 'refund', { amount: left + 1 });
      assert.equal(expectJson(tooMuch, 400, `refund ${left + 1} of ${left}`).amount?.[0]?.code, 'max_value', tooMuch.text);
      const r = expectJson(await op(server, paid.id, 'refund', { amount }), 200, `refund ${amount}`);
      assertRefundObject(r, paid.id, amount);
      made.push(r);
      left -= amount;
      const p = await getPurchase(server, paid.id);
      assert.equal(p.status, 'refunded');
      assert.equal(p.refundable_amount, left, `after refunding ${amount}`);
      assert.equal(p.refund_availability, 'all');
      assert.deepEqual(p.status_history.filter((h) => h.status === 'refunded').map((h) => h.related_object.id), made.map((x) => x.id));
    }
    assert.equal(left, 249);
    // No amount: everything still refundable.
    const rest = expectJson(await op(server, paid.id, 'refund', {}), 200, 'the rest');
    assertRefundObject(rest, paid.id, 249);
    made.push(rest);
    const p = await getPurchase(server, paid.id);
    assert.equal(p.refundable_amount, 0);
    assert.equal(p.refund_availability, 'none');
    expectRefusal(await op(server, paid.id, 'refund', {}), 'purchase_refund_error', 'nothing left (no amount)');
    expectRefusal(await op(server, paid.id, 'refund', { amount: 1 }), 'purchase_refund_error', 'nothing left (1)');
    const listed = await refundsOf(server, paid.id);
    assert.deepEqual(listed.map((x) => x.id), made.map((x) => x.id), 'GET refunds/ lists all five in order');
    assert.equal(listed.reduce((a, x) => a + x.amount, 0), 1000);
    assert.equal(new Set(listed.map((x) => x.id)).size, listed.length, 'distinct refund ids');
  });

  test('after a partial capture at most the captured amount is refunded', async () => {
    const held = await heldPurchase(server);
    expectJson(await op(server, held.id, 'capture', { amount: 350 }), 200, 'capture 350');
    const res = await op(server, held.id, 'refund', { amount: 351 });
    assert.equal(expectJson(res, 400, 'refund 351').amount?.[0]?.code, 'max_value', res.text);
    expectJson(await op(server, held.id, 'refund', { amount: 50 }), 200, 'refund 50');
    const p = await getPurchase(server, held.id);
    assert.equal(p.refundable_amount, 300);
    const r = expectJson(await op(server, held.id, 'refund'), 200, 'rest');
    assert.equal(r.amount, 300);
  });

  describe('refusals', () => {
    let paid;
    before(async () => { paid = await paidPurchase(server); });
    const amountCases = [
      ['more than captured', { amount: 1001 }, 'max_value'],
      ['zero', { amount: 0 }, 'min_value'],
      ['negative', { amount: -1 }, 'min_value'],
      ['a fraction', { amount: 0.5 }, 'invalid_type'],
      ['a string', { amount: '100' }, 'invalid_type'],
      ['a list', { amount: [100] }, 'invalid_type'],
    ];
    for (const [label, reqBody, code] of amountCases) {
      test(`amount ${label} -> 400 amount ${code}, nothing refunded`, async () => {
        const res = await op(server, paid.id, 'refund', reqBody);
        assert.equal(expectJson(res, 400, label).amount?.[0]?.code, code, res.text);
        const p = await getPurchase(server, paid.id);
        assert.equal(p.status, 'paid');
        assert.equal(p.refundable_amount, 1000);
        assert.deepEqual(await refundsOf(server, paid.id), []);
      });
    }

    test('a hold -> 400 purchase_refund_error (capture or release it instead)', async () => {
      const h = await heldPurchase(server);
      expectRefusal(await op(server, h.id, 'refund', {}), 'purchase_refund_error', 'hold');
      expectRefusal(await op(server, h.id, 'refund', { amount: 10 }), 'purchase_refund_error', 'hold partial');
      assert.equal((await getPurchase(server, h.id)).status, 'hold');
    });

    test('unpaid, failed, cancelled, released purchases -> 400 purchase_refund_error', async () => {
      const unpaid = await newPurchase(server);
      expectRefusal(await op(server, unpaid.id, 'refund', {}), 'purchase_refund_error', 'created');
      const failed = await newPurchase(server);
      await directPost(failed, { card_number: CARDS.declined });
      expectRefusal(await op(server, failed.id, 'refund', {}), 'purchase_refund_error', 'error');
      const cancelled = await newPurchase(server);
      expectJson(await api(server, 'POST', `/api/v1/purchases/${cancelled.id}/cancel/`), 200, 'cancel');
      expectRefusal(await op(server, cancelled.id, 'refund', {}), 'purchase_refund_error', 'cancelled');
      const released = await heldPurchase(server);
      expectJson(await op(server, released.id, 'release'), 200, 'release');
      expectRefusal(await op(server, released.id, 'refund', {}), 'purchase_refund_error', 'released');
    });

    test('another company\'s purchase -> 404, nothing refunded; unknown id -> 404', async () => {
      expect404(await op(server, paid.id, 'refund', {}, server.second.api_key), 'foreign refund');
      expect404(await op(server, paid.id, 'refund', { amount: 1 }, server.second.api_key), 'foreign partial refund');
      expect404(await api(server, 'GET', `/api/v1/purchases/${paid.id}/refunds/`, { key: server.second.api_key }), 'foreign refunds list');
      assert.equal((await getPurchase(server, paid.id)).refundable_amount, 1000);
      expect404(await op(server, randomId(), 'refund', {}), 'unknown');
      expect404(await op(server, 'x', 'refund', {}), 'malformed');
      expect404(await api(server, 'GET', `/api/v1/purchases/${randomId()}/refunds/`), 'unknown refunds list');
    });
  });

  test('the refund failure card: 400 purchase_refund_error, still paid, the attempt recorded, no refund object', async () => {
    const paid = await paidPurchase(server, {}, { card: CARDS.refundFails });
    assert.equal(paid.status, 'paid');
    const before = await balanceOf();
    const err = expectRefusal(await op(server, paid.id, 'refund', { amount: 100 }), 'purchase_refund_error', 'refund');
    assert.match(err.message, /Exceeded refundable amount defined by acquirer/);
    const p = await getPurchase(server, paid.id);
    assert.equal(p.status, 'paid');
    assert.equal(p.refundable_amount, 1000);
    assert.equal(p.refund_availability, 'all');
    const a = p.transaction_data.attempts[0];
    assert.equal(a.type, 'refund');
    assert.equal(a.successful, false);
    assert.deepEqual(a.error, { code: 'exceeded_acquirer_refund_amount', message: 'Exceeded refundable amount defined by acquirer' });
    assert.deepEqual(await refundsOf(server, paid.id), []);
    assert.deepEqual(await balanceOf(), before, 'no money moved');
  });

  test('a cleared and a settled purchase can be refunded; a charged-back one cannot', async () => {
    const cleared = await paidPurchase(server);
    expectJson(await api(server, 'POST', `/api/v1/test/purchases/${cleared.id}/clear/`), 200, 'clear');
    expectJson(await op(server, cleared.id, 'refund', { amount: 100 }), 200, 'refund cleared');
    const settled = await paidPurchase(server);
    expectJson(await api(server, 'POST', `/api/v1/test/purchases/${settled.id}/clear/`), 200, 'clear');
    expectJson(await api(server, 'POST', `/api/v1/test/purchases/${settled.id}/settle/`), 200, 'settle');
    expectJson(await op(server, settled.id, 'refund'), 200, 'refund settled');
    assert.equal((await getPurchase(server, settled.id)).status, 'refunded');
    const cb = await paidPurchase(server);
    expectJson(await api(server, 'POST', `/api/v1/test/purchases/${cb.id}/chargeback/`), 200, 'chargeback');
    expectRefusal(await op(server, cb.id, 'refund', {}), 'purchase_refund_error', 'chargeback');
  });
});

describe('mark_as_paid', () => {
  test('an unpaid purchase becomes paid, marked_as_paid, nothing refundable, no ledger postings', async () => {
    const p = await newPurchase(server);
    const before = await balanceOf();
    const m = expectJson(await op(server, p.id, 'mark_as_paid'), 200, 'mark_as_paid');
    assert.equal(m.status, 'paid');
    assert.equal(m.marked_as_paid, true);
    assert.equal(m.refundable_amount, 0, 'the money did not go through Tender');
    assert.equal(m.refund_availability, 'none');
    assert.equal(m.payment.amount, 1000);
    assert.equal(m.payment.fee_amount, 0);
    assert.deepEqual(m.status_history.map((h) => h.status), ['created', 'paid']);
    assert.deepEqual(await getPurchase(server, p.id), m);
    assert.deepEqual(await balanceOf(), before, 'no money moved');
    const st = expectJson(await api(server, 'GET', '/api/v1/statement/'), 200, 'statement');
    assert.deepEqual(st.postings.filter((l) => l.purchase_id === p.id), []);
    expectRefusal(await op(server, p.id, 'refund', {}), 'purchase_refund_error', 'refund of a marked purchase');
    expectRefusal(await op(server, p.id, 'mark_as_paid', {}), 'purchase_mark_as_paid_error', 'twice');
  });

  test('paid_on is taken as given', async () => {
    const p = await newPurchase(server);
    const m = expectJson(await op(server, p.id, 'mark_as_paid', { paid_on: 1700000000 }), 200, 'mark_as_paid');
    assert.equal(m.payment.paid_on, 1700000000);
    assert.equal(m.marked_as_paid, true);
  });

  test('a sent, viewed or failed purchase can be marked as paid', async () => {
    const sent = await newPurchase(server);
    expectJson(await api(server, 'POST', `/api/v1/test/purchases/${sent.id}/send/`), 200, 'send');
    assert.equal(expectJson(await op(server, sent.id, 'mark_as_paid'), 200, 'sent').status, 'paid');
    const failed = await newPurchase(server);
    await directPost(failed, { card_number: CARDS.declined });
    assert.equal(expectJson(await op(server, failed.id, 'mark_as_paid'), 200, 'error').status, 'paid');
  });

  test('refusals: paid, hold, cancelled, refunded -> purchase_mark_as_paid_error; bad paid_on -> 400 paid_on', async () => {
    const paid = await paidPurchase(server);
    expectRefusal(await op(server, paid.id, 'mark_as_paid'), 'purchase_mark_as_paid_error', 'paid');
    assert.equal((await getPurchase(server, paid.id)).marked_as_paid, false);
    const hold = await heldPurchase(server);
    expectRefusal(await op(server, hold.id, 'mark_as_paid'), 'purchase_mark_as_paid_error', 'hold');
    const cancelled = await newPurchase(server);
    expectJson(await api(server, 'POST', `/api/v1/purchases/${cancelled.id}/cancel/`), 200, 'cancel');
    expectRefusal(await op(server, cancelled.id, 'mark_as_paid'), 'purchase_mark_as_paid_error', 'cancelled');
    const refunded = await paidPurchase(server);
    expectJson(await op(server, refunded.id, 'refund'), 200, 'refund');
    expectRefusal(await op(server, refunded.id, 'mark_as_paid'), 'purchase_mark_as_paid_error', 'refunded');
    const p = await newPurchase(server);
    for (const bad of [{ paid_on: 'yesterday' }, { paid_on: -1 }, { paid_on: 1.5 }]) {
      const res = await op(server, p.id, 'mark_as_paid', bad);
      const b = expectJson(res, 400, JSON.stringify(bad));
      assert.ok(b.paid_on?.[0]?.code, `${JSON.stringify(bad)} names paid_on: ${res.text}`);
    }
    assert.equal((await getPurchase(server, p.id)).status, 'created');
  });

  test('another company\'s purchase -> 404, unknown -> 404', async () => {
    const p = await newPurchase(server);
    expect404(await op(server, p.id, 'mark_as_paid', {}, server.second.api_key), 'foreign');
    assert.equal((await getPurchase(server, p.id)).status, 'created');
    expect404(await op(server, randomId(), 'mark_as_paid', {}), 'unknown');
  });
});

describe('test-mode simulations: POST /test/purchases/{id}/{send|clear|settle|chargeback}/', () => {
  test('send (created -> sent), clear (paid -> cleared), settle (cleared -> settled), chargeback (settled -> chargeback)', async () => {
    const s = await newPurchase(server);
    assert.equal(expectJson(await api(server, 'POST', `/api/v1/test/purchases/${s.id}/send/`), 200, 'send').status, 'sent');
    const p = await paidPurchase(server, {}, { price: 2000 });
    const before = await balanceOf();
    assert.equal(expectJson(await api(server, 'POST', `/api/v1/test/purchases/${p.id}/clear/`), 200, 'clear').status, 'cleared');
    assert.equal(expectJson(await api(server, 'POST', `/api/v1/test/purchases/${p.id}/settle/`), 200, 'settle').status, 'settled');
    assert.deepEqual(await balanceOf(), before, 'clearing and settling move no money');
    const cb = expectJson(await api(server, 'POST', `/api/v1/test/purchases/${p.id}/chargeback/`), 200, 'chargeback');
    assert.equal(cb.status, 'chargeback');
    assert.equal(cb.refundable_amount, 0);
    assert.deepEqual(cb.status_history.map((h) => h.status), ['created', 'paid', 'cleared', 'settled', 'chargeback']);
    const end = await balanceOf();
    assert.equal(end.available - before.available, -2000, 'the network takes the whole payment back');
    assert.equal(end.fees, before.fees, 'the fee stays');
  });

  test('refusals: an event not possible in the status -> purchase_simulation_error; unknown event; foreign; unknown id', async () => {
    const p = await newPurchase(server);
    for (const ev of ['clear', 'settle', 'chargeback']) {
      expectRefusal(await api(server, 'POST', `/api/v1/test/purchases/${p.id}/${ev}/`), 'purchase_simulation_error', `${ev} of created`);
    }
    const paid = await paidPurchase(server);
    expectRefusal(await api(server, 'POST', `/api/v1/test/purchases/${paid.id}/send/`), 'purchase_simulation_error', 'send of paid');
    expectRefusal(await api(server, 'POST', `/api/v1/test/purchases/${paid.id}/settle/`), 'purchase_simulation_error', 'settle of paid');
    const hold = await heldPurchase(server);
    expectRefusal(await api(server, 'POST', `/api/v1/test/purchases/${hold.id}/clear/`), 'purchase_simulation_error', 'clear of hold');
    expectRefusal(await api(server, 'POST', `/api/v1/test/purchases/${hold.id}/chargeback/`), 'purchase_simulation_error', 'chargeback of hold');
    const refunded = await paidPurchase(server);
    expectJson(await op(server, refunded.id, 'refund', { amount: 10 }), 200, 'refund');
    expectRefusal(await api(server, 'POST', `/api/v1/test/purchases/${refunded.id}/chargeback/`), 'purchase_simulation_error', 'chargeback of refunded');
    const unknown = await api(server, 'POST', `/api/v1/test/purchases/${paid.id}/explode/`);
    assert.equal(expectJson(unknown, 400, 'unknown event').event?.[0]?.code, 'invalid_choice', unknown.text);
    expect404(await api(server, 'POST', `/api/v1/test/purchases/${paid.id}/clear/`, { key: server.second.api_key }), 'foreign');
    expect404(await api(server, 'POST', `/api/v1/test/purchases/${randomId()}/clear/`), 'unknown id');
    assert.equal((await getPurchase(server, paid.id)).status, 'paid');
  });
});

describe('GET /balance/ and GET /statement/', () => {
  test('each movement changes the balance by its amount: payment, hold, capture, refund', async () => {
    const b0 = await balanceOf();
    const paid = await paidPurchase(server, {}, { price: 4000 });
    const b1 = await balanceOf();
    assert.deepEqual(
      { available: b1.available - b0.available, fees: b1.fees - b0.fees, held: b1.held - b0.held, payer_funds: b1.payer_funds - b0.payer_funds },
      { available: 3900, fees: 100, held: 0, payer_funds: -4000 }, 'payment of 4000');
    const held = await heldPurchase(server, {}, { price: 2000 });
    const b2 = await balanceOf();
    assert.deepEqual(
      { available: b2.available - b1.available, fees: b2.fees - b1.fees, held: b2.held - b1.held, payer_funds: b2.payer_funds - b1.payer_funds },
      { available: 0, fees: 0, held: 2000, payer_funds: -2000 }, 'hold of 2000');
    expectJson(await op(server, held.id, 'capture', { amount: 1200 }), 200, 'capture 1200');
    const b3 = await balanceOf();
    assert.deepEqual(
      { available: b3.available - b2.available, fees: b3.fees - b2.fees, held: b3.held - b2.held, payer_funds: b3.payer_funds - b2.payer_funds },
      { available: 1170, fees: 30, held: -2000, payer_funds: 800 }, 'capture 1200 of 2000');
    expectJson(await op(server, paid.id, 'refund', { amount: 500 }), 200, 'refund 500');
    const b4 = await balanceOf();
    assert.deepEqual(
      { available: b4.available - b3.available, fees: b4.fees - b3.fees, held: b4.held - b3.held, payer_funds: b4.payer_funds - b3.payer_funds },
      { available: -500, fees: 0, held: 0, payer_funds: 500 }, 'refund 500');
    assert.equal(b4.available + b4.fees + b4.held + b4.payer_funds, 0, 'the accounts sum to zero');
  });

  test('the balance is per company: the second company sees only its own money', async () => {
    const secondBefore = await balanceOf(server, server.second.api_key);
    await paidPurchase(server, {}, { price: 3000 });
    assert.deepEqual(await balanceOf(server, server.second.api_key), secondBefore);
    await paidPurchase(server, {}, { key: server.second.api_key, brandId: server.second.brand_id, price: 3000 });
    const after = await balanceOf(server, server.second.api_key);
    assert.equal(after.available - secondBefore.available, 3000 - 75);
  });

  test('the statement lists postings with their fields, filtered by from/to', async () => {
    const p = await paidPurchase(server, {}, { price: 1000 });
    const st = expectJson(await api(server, 'GET', '/api/v1/statement/'), 200, 'statement');
    const legs = st.postings.filter((l) => l.purchase_id === p.id);
    assert.deepEqual(legs.map((l) => [l.account, l.amount, l.kind, l.currency]).sort(),
      [['fees', 25, 'payment', 'MYR'], ['merchant_available', 975, 'payment', 'MYR'], ['payer_funds', -1000, 'payment', 'MYR']].sort());
    assert.equal(new Set(legs.map((l) => l.transaction_id)).size, 1, 'one ledger transaction');
    for (const l of legs) assert.equal(typeof l.created_on, 'number');
    const t = legs[0].created_on;
    const window = expectJson(await api(server, 'GET', `/api/v1/statement/?from=${t}&to=${t}`), 200, 'window');
    assert.equal(window.from, t);
    assert.equal(window.to, t);
    assert.ok(window.postings.every((l) => l.created_on === t));
    assert.ok(window.postings.some((l) => l.purchase_id === p.id));
    const future = expectJson(await api(server, 'GET', `/api/v1/statement/?from=${t + 100000}`), 200, 'future');
    assert.deepEqual(future.postings, []);
    const bad = await api(server, 'GET', '/api/v1/statement/?from=yesterday');
    assert.ok(expectJson(bad, 400, 'bad from').from?.[0]?.code, bad.text);
    const other = expectJson(await api(server, 'GET', '/api/v1/statement/', { key: server.second.api_key }), 200, 'second');
    assert.ok(other.postings.every((l) => l.purchase_id !== p.id), 'another company\'s statement does not show it');
  });

  test('without an API key -> 401', async () => {
    assert.equal((await api(server, 'GET', '/api/v1/balance/', { key: null })).status, 401);
    assert.equal((await api(server, 'GET', '/api/v1/statement/', { key: null })).status, 401);
  });
});

test('ledger check passes and the balance matches what was moved', async () => {
  const result = await checkMoney(server);
  assert.ok(result.purchases > 20, `purchases checked: ${result.purchases}`);
});
