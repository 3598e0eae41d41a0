// Orders API 3-D Secure by redirect (docs/api-orders.md "3-D Secure"): an enrolled card sent
// without source.auth answers a 201 order whose transaction is `initiated` and whose
// source.transaction_url is the 3-D Secure page; the payer's answer there completes the order
// (approved or declined, with its webhook events) and the payer returns to callback_url. An
// unanswered challenge ends the order declined after 15 minutes (test clock). A retry with the
// same given_id gets the same answer (one order, one challenge). With PostgreSQL, the challenge is
// answered on another node of the same installation.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { TEST_DATABASE_URL, UUID_RE, api, expectJson, randomId, startTender } from './lib/harness.mjs';
import { TEST_CLOCK_ENV, advanceClock, createWebhook, startReceiver, waitFor } from './lib/hooks_support.mjs';
import { answerChallenge, formPage } from './lib/checkout_support.mjs';

const ENROLLED = '5555555555554444';
const CALLBACK = 'https://shop.example.test/orders/return';
const HOOK = '/orders-hooks';

function body(overrides = {}) {
  const { source, ...rest } = overrides;
  return {
    amount: 1000,
    currency: 'SAR',
    description: 'Test Order',
    source: { type: 'card', number: ENROLLED, month: 1, year: 2039, security_code: '123', ...(source || {}) },
    device: { user_agent: 'Mozilla/5.0', ip_address: '203.0.113.7' },
    ...rest,
  };
}

const basic = (key) => 'Basic ' + Buffer.from(`${key}:`).toString('base64');
const orders = (server, method, path, payload, headers = {}) =>
  api(server, method, path, { key: null, headers: { authorization: basic(server.company.api_key), ...headers }, body: payload });
const readOrder = async (server, id) => expectJson(await orders(server, 'GET', `/v1/orders/${id}`), 200, 'read order');

// The 201 of an order waiting for its payer, checked; returns it.
function expectInitiated(server, res, type = 'purchase') {
  const o = expectJson(res, 201, 'order waiting for 3-D Secure');
  assert.equal(o.transactions.length, 1, res.text);
  const t = o.transactions[0];
  assert.match(t.id, UUID_RE);
  assert.equal(t.status, 'initiated');
  assert.equal(t.type, type);
  assert.equal(t.message, 'INITIATED');
  assert.equal(t.response_code, null);
  assert.equal(t.amount, 1000);
  assert.equal(o.captured_amount, 0);
  assert.match(o.source.transaction_url, new RegExp(`^${server.url}/p/${o.id}/3ds/[^/]+/$`));
  assert.equal(o.source.first_digits, ENROLLED.slice(0, 6));
  assert.ok(!res.text.includes(ENROLLED) && !res.text.includes('"123"'), 'no PAN, no CVC');
  return o;
}

const events = (receiver, id) => receiver.on(HOOK).filter((r) => r.purchaseId === id).map((r) => r.eventType);

const servers = [];
let server;
let receiver;
before(async () => {
  server = await startTender({ env: { TENDER_ALLOW_PRIVATE_CALLBACKS: '1' } });
  servers.push(server);
  receiver = await startReceiver();
  const w = await createWebhook(server, { title: 'orders', callback: receiver.url + HOOK, all_events: true });
  receiver.keys.set(HOOK, w.public_key);
});
after(async () => {
  for (const s of servers) await s.cleanup();
  await receiver?.close();
});

describe('an enrolled card without source.auth', () => {
  test('answers 201 initiated with source.transaction_url; approving completes it, back to callback_url', async () => {
    const o = expectInitiated(server, await orders(server, 'POST', '/v1/orders/purchase', body({ callback_url: CALLBACK })));
    await waitFor('purchase.created', () => events(receiver, o.id).includes('purchase.created'));
    const waiting = await readOrder(server, o.id);
    assert.deepEqual(waiting, o, 'GET shows the same waiting order');

    const back = await answerChallenge(server, o.source.transaction_url, 'approve');
    assert.equal(back.status, 303);
    assert.equal(back.location, CALLBACK, 'the payer returns to callback_url');

    const done = await readOrder(server, o.id);
    assert.equal(done.source.transaction_url, undefined, 'no page to send the payer to any more');
    assert.equal(done.transactions.length, 1);
    const t = done.transactions[0];
    assert.equal(t.id, o.transactions[0].id, 'the transaction keeps its id');
    assert.equal(t.status, 'approved');
    assert.equal(t.type, 'purchase');
    assert.equal(t.message, 'APPROVED');
    assert.equal(t.response_code, '00');
    assert.match(t.auth_code, /^\d{6}$/);
    assert.equal(done.captured_amount, 1000);
    await waitFor('purchase.paid', () => events(receiver, o.id).includes('purchase.paid'));
    assert.deepEqual(events(receiver, o.id).slice(0, 2), ['purchase.created', 'purchase.paid']);
    assert.ok(receiver.on(HOOK).filter((r) => r.purchaseId === o.id).every((r) => r.verified), 'signed');
    const p = expectJson(await api(server, 'GET', `/api/v1/purchases/${o.id}/`), 200);
    assert.equal(p.status, 'paid');
    assert.equal(p.transaction_data.attempts.at(-1).extra.three_d_secure, true);

    const again = await fetch(o.source.transaction_url, { redirect: 'manual' });
    await again.text();
    assert.equal(again.status, 404, 'a challenge is answered once');
  });

  test('failing the challenge declines the order (payment_failure webhook), back to callback_url', async () => {
    const o = expectInitiated(server, await orders(server, 'POST', '/v1/orders/purchase', body({ callback_url: CALLBACK })));
    const back = await answerChallenge(server, o.source.transaction_url, 'fail');
    assert.equal(back.status, 303);
    assert.equal(back.location, CALLBACK);
    const done = await readOrder(server, o.id);
    assert.equal(done.source.transaction_url, undefined);
    assert.equal(done.transactions[0].id, o.transactions[0].id);
    assert.equal(done.transactions[0].status, 'declined');
    assert.equal(done.transactions[0].message, '3DS authentication failed');
    assert.equal(done.captured_amount, 0);
    await waitFor('purchase.payment_failure', () => events(receiver, o.id).includes('purchase.payment_failure'));
    assert.ok(!events(receiver, o.id).includes('purchase.paid'));
  });

  test('without callback_url the payer returns to Tender\'s result page', async () => {
    const o = expectInitiated(server, await orders(server, 'POST', '/v1/orders/purchase', body()));
    const back = await answerChallenge(server, o.source.transaction_url, 'approve');
    assert.equal(back.status, 303);
    assert.equal(back.location, `/p/${o.id}/result/`);
    const page = await fetch(new URL(back.location, server.url), { redirect: 'manual' });
    assert.match(await page.text(), /Payment successful/);
    assert.equal((await readOrder(server, o.id)).transactions[0].status, 'approved');
  });

  test('authorize waits the same way; after the challenge the hold can be captured', async () => {
    const o = expectInitiated(server, await orders(server, 'POST', '/v1/orders/authorize', body({ callback_url: CALLBACK })),
      'authorize');
    await answerChallenge(server, o.source.transaction_url, 'approve');
    const held = await readOrder(server, o.id);
    assert.equal(held.transactions[0].status, 'approved');
    assert.equal(held.transactions[0].type, 'authorize');
    assert.equal(held.captured_amount, 0);
    const captured = expectJson(await orders(server, 'POST', `/v1/orders/${o.id}/capture`), 200, 'capture');
    assert.equal(captured.captured_amount, 1000);
  });

  test('a waiting order cannot be captured, voided or refunded', async () => {
    const o = expectInitiated(server, await orders(server, 'POST', '/v1/orders/authorize', body()), 'authorize');
    for (const action of ['capture', 'void', 'refund']) {
      const res = await orders(server, 'POST', `/v1/orders/${o.id}/${action}`);
      assert.equal(res.status, 422, `${action}: ${res.text}`);
      assert.equal(typeof res.json.message, 'string');
    }
    assert.deepEqual(await readOrder(server, o.id), o, 'nothing changed');
  });

  test('source.auth still skips the challenge; a wallet never has one', async () => {
    const o = expectJson(await orders(server, 'POST', '/v1/orders/purchase', body({ source: { auth: { status: 'Y' } } })), 201);
    assert.equal(o.transactions[0].status, 'approved');
    assert.equal(o.source.transaction_url, undefined);
  });

  test('callback_url must be an http(s) URL of at most 1024 characters', async () => {
    for (const bad of ['not a url', 'javascript:alert(1)', `https://shop.example.test/${'x'.repeat(1024)}`, 7]) {
      const res = await orders(server, 'POST', '/v1/orders/purchase', body({ callback_url: bad }));
      const json = expectJson(res, 422, `callback_url ${String(bad).slice(0, 20)}`);
      assert.equal(json.message, 'Data validation failed');
      assert.ok(Array.isArray(json.errors.callback_url), res.text);
    }
  });
});

describe('idempotency', () => {
  test('a retry with the same given_id answers the same order and the same page, before and after', async () => {
    const b = body({ given_id: randomId(), callback_url: CALLBACK });
    const first = await orders(server, 'POST', '/v1/orders/purchase', b);
    const o = expectInitiated(server, first);
    const second = await orders(server, 'POST', '/v1/orders/purchase', b);
    assert.equal(second.status, 201);
    assert.equal(second.text, first.text, 'the first answer, byte for byte: no second order or challenge');
    await answerChallenge(server, o.source.transaction_url, 'approve');
    const third = await orders(server, 'POST', '/v1/orders/purchase', b);
    assert.equal(third.text, first.text);
    assert.equal((await readOrder(server, o.id)).captured_amount, 1000, 'paid once');
  });
});

describe('an abandoned challenge (test clock)', () => {
  let clocked;
  before(async () => {
    clocked = await startTender({ env: { ...TEST_CLOCK_ENV, TENDER_ALLOW_PRIVATE_CALLBACKS: '1' } });
    servers.push(clocked);
    const w = await createWebhook(clocked, { title: 'orders', callback: receiver.url + HOOK + '/clocked', all_events: true });
    receiver.keys.set(HOOK + '/clocked', w.public_key);
  });

  test('after 15 minutes unanswered the order is declined, with its payment_failure webhook', async () => {
    const o = expectInitiated(clocked, await orders(clocked, 'POST', '/v1/orders/purchase', body({ callback_url: CALLBACK })));
    await advanceClock(clocked, 14 * 60);
    await formPage(clocked, o.source.transaction_url);  // still open at 14 minutes
    assert.equal((await readOrder(clocked, o.id)).transactions[0].status, 'initiated');
    await advanceClock(clocked, 60 + 10);  // past the 15 minutes: the page is gone, the order still waits
    const expired = await readOrder(clocked, o.id);
    assert.equal(expired.transactions[0].status, 'initiated');
    assert.equal(expired.source.transaction_url, undefined);
    await advanceClock(clocked, 60);  // past the grace minute: the expiry timer fires
    const done = await waitFor('the order declined', async () => {
      const x = await readOrder(clocked, o.id);
      // While the expiry runs, the challenge is dropped a moment before the decline is written, and
      // a read in between shows no transaction at all (docs/api-orders.md); the end state is checked.
      return x.transactions[0]?.status === 'declined' ? x : null;
    });
    assert.equal(done.transactions[0].id, o.transactions[0].id);
    assert.match(done.transactions[0].message, /not completed within 15 minutes/);
    assert.equal(done.source.transaction_url, undefined);
    const hooks = receiver.on(HOOK + '/clocked').filter((r) => r.purchaseId === o.id);
    await waitFor('payment_failure', () => receiver.on(HOOK + '/clocked')
      .some((r) => r.purchaseId === o.id && r.eventType === 'purchase.payment_failure'));
    assert.ok(hooks.every((r) => r.verified));
    const page = await fetch(o.source.transaction_url, { redirect: 'manual' });
    await page.text();
    assert.equal(page.status, 404, 'the page is gone, the card with it');
    const p = expectJson(await api(clocked, 'GET', `/api/v1/purchases/${o.id}/`), 200);
    assert.equal(p.status, 'error');
    assert.equal(p.transaction_data.attempts.at(-1).error.code, '3ds_authentication_failed');
  });

  test('an order answered in time is not touched when its timer fires', async () => {
    const o = expectInitiated(clocked, await orders(clocked, 'POST', '/v1/orders/purchase', body()));
    await answerChallenge(clocked, o.source.transaction_url, 'approve');
    await advanceClock(clocked, 20 * 60);
    await new Promise((r) => setTimeout(r, 1500));  // two sweeps
    const x = await readOrder(clocked, o.id);
    assert.equal(x.transactions.length, 1);
    assert.equal(x.transactions[0].status, 'approved');
  });
});

describe('across nodes', { skip: TEST_DATABASE_URL ? false : 'needs PostgreSQL (TENDER_TEST_DATABASE_URL)' }, () => {
  test('a challenge started on one node is answered on another', async () => {
    const other = await startTender({
      dataDir: server.dataDir, company: server.company, env: { TENDER_ALLOW_PRIVATE_CALLBACKS: '1' },
      logPath: path.join(server.dataDir, 'second-node.log'),
    });
    servers.push(other);
    const o = expectInitiated(server, await orders(server, 'POST', '/v1/orders/purchase', body({ callback_url: CALLBACK })));
    const onOther = o.source.transaction_url.replace(server.url, other.url);
    const back = await answerChallenge(other, onOther, 'approve');
    assert.equal(back.location, CALLBACK);
    assert.equal((await readOrder(server, o.id)).transactions[0].status, 'approved');
    assert.equal((await readOrder(other, o.id)).captured_amount, 1000);
  });
});
