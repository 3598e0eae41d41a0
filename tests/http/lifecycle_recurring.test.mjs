// Recurring payments (issue 4, scope 3): remember_card / force_recurring / preauthorization save
// the card (is_recurring_token); with a client_id the card is a ClientRecurringToken;
// POST /purchases/{new_id}/charge/ {"recurring_token": "<initial purchase id>"} pays a new
// purchase with it (flow api, payment_type purchase_charge); delete_recurring_token/ and
// DELETE /clients/{id}/recurring_tokens/{token}/ delete it. A deleted or foreign token cannot be
// charged.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, randomId, startTender } from './lib/harness.mjs';
import {
  CARDS, feeOf, newPurchase, getPurchase, directPost, paidPurchase, heldPurchase, op,
  expectRefusal, expect404, checkMoney,
} from './lib/lifecycle_support.mjs';

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
  assert.ok(b.recurring_token?.[0]?.code, `${what}: the error names recurring_token: ${res.text}`);
  assert.ok(b.recurring_token[0].message.length > 0);
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
