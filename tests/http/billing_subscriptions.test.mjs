// Subscriptions over HTTP on the test clock (docs/billing.md), subscribers added and switched as
// CHIP's PHP SDK does it (lib/php_billing_client.mjs): a monthly subscription's year (twelve paid
// renewals in order, with their signed webhooks and ledger), a card that starts declining (the
// renewal becomes an invoice with purchase.subscription_charge_failure; paying it saves the new
// card), pause and resume without catch-up, and kill -9 while the sweep charges subscribers.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, randomId, sleep, startTender } from './lib/harness.mjs';
import { checkMoney, getPurchase } from './lib/lifecycle_support.mjs';
import { payAtCheckout } from './lib/checkout_support.mjs';
import { advanceClock, clockNow, createWebhook, startReceiver, waitFor, TEST_CLOCK_ENV } from './lib/hooks_support.mjs';
import { PhpBillingClient } from './lib/php_billing_client.mjs';

const QUIET_MS = 1500;  // three sweeper periods
const EVENTS = ['purchase.created', 'purchase.paid', 'purchase.sent', 'purchase.subscription_charge_failure'];

let server;
let php;
let receiver;
before(async () => {
  server = await startTender({ env: TEST_CLOCK_ENV });
  php = new PhpBillingClient(server);
  receiver = await startReceiver();
  const hook = await createWebhook(server, { title: 'billing', callback: `${receiver.url}/billing`, events: EVENTS });
  receiver.keys.set('/billing', hook.public_key);
});
after(async () => {
  await server?.cleanup();
  await receiver?.close();
});

const card = (expires = '12/30', number = '4444333322221111') => ({ cardholder_name: 'Sam Subscriber', card_number: number, expires, cvc: '123' });

// The instant of period k from `anchor` (unix seconds), months keeping the day or the month's last.
function monthsAfter(anchor, k) {
  const d = new Date(anchor * 1000);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return Math.floor(target.getTime() / 1000);
}
const dateOf = (seconds) => new Date(seconds * 1000).toISOString().slice(0, 10);

async function newClient(s = server) {
  const res = await api(s, 'POST', '/api/v1/clients/', { body: { email: `s${randomId().slice(0, 8)}@example.com` } });
  return expectJson(res, 201, 'client').id;
}
async function monthlyTemplate(client = php, price = 4900) {
  return expectJson(await client.createTemplate({
    purchase: { currency: 'MYR', products: [{ name: 'Pro plan', price }] },
    brand_id: client.server.company.brand_id, title: 'Pro monthly', is_subscription: true,
    subscription_period: 1, subscription_period_units: 'months', force_recurring: true,
  }), 201, 'template');
}
// Every purchase of a subscriber's client made from the template, oldest first.
async function purchasesOf(s, templateId, clientId) {
  const res = expectJson(await api(s, 'GET', '/api/v1/purchases/?limit=100'), 200);
  return res.results.filter((p) => p.billing_template_id === templateId && p.client_id === clientId).reverse();
}
// Adds a subscriber and pays its first purchase at checkout; returns {btc, first, anchor}.
async function subscribe(template, cardFields = card(), client = php) {
  const clientId = await newClient(client.server);
  const added = expectJson(await client.addSubscriber(template.id, { client_id: clientId }), 201, 'addSubscriber');
  assert.equal(added.billing_template_client.status, 'pending');
  assert.equal(added.billing_template_client.subscription_billing_scheduled_on, null);
  const first = added.purchase;
  assert.equal(first.product, 'billing_subscriptions');
  assert.equal(first.force_recurring, true);
  assert.equal(first.status, 'created');
  await payAtCheckout(client.server, first, cardFields);
  const paid = await getPurchase(client.server, first.id);
  assert.equal(paid.status, 'paid');
  assert.equal(paid.is_recurring_token, true);
  const btc = expectJson(await client.getClient(template.id, added.billing_template_client.id), 200, 'getClient');
  assert.equal(btc.status, 'active');
  return { btc, first: paid, anchor: paid.payment.paid_on };
}
async function moveTo(instant, s = server) {
  const now = await clockNow(s);
  if (instant > now) await advanceClock(s, instant - now);
}

describe('a monthly subscription', () => {
  test('twelve months: twelve paid renewals in order, their webhooks and postings', async () => {
    const t = await monthlyTemplate();
    const { btc, first, anchor } = await subscribe(t);
    assert.equal(btc.subscription_billing_scheduled_on, dateOf(monthsAfter(anchor, 1)));
    for (let k = 1; k <= 12; k++) {
      await moveTo(monthsAfter(anchor, k));
      let renewal;
      await waitFor(`renewal ${k} paid`, async () => {
        const all = await purchasesOf(server, t.id, btc.client_id);
        renewal = all[k];
        return all.length === k + 1 && renewal.status === 'paid';
      });
      // Its webhooks go out before the clock moves on (a delivery still due a month later gives up).
      await waitFor(`webhooks of renewal ${k}`, () => receiver.requests.some((r) => r.purchaseId === renewal.id && r.eventType === 'purchase.paid'));
    }
    const all = await purchasesOf(server, t.id, btc.client_id);
    assert.equal(all.length, 13);
    for (const [k, p] of all.slice(1).entries()) {
      assert.equal(p.product, 'billing_subscriptions');
      assert.equal(p.recurring_token, first.id, 'charged with the saved card');
      assert.equal(p.payment.payment_type, 'purchase_charge');
      assert.equal(p.payment.amount, 4900);
      const start = monthsAfter(anchor, k + 1);
      assert.ok(p.created_on >= start && p.created_on <= start + 5, `renewal ${k + 1} issued at its period's start`);
    }
    const after = expectJson(await php.getClient(t.id, btc.id), 200);
    assert.equal(after.number_of_billing_cycles_passed, 13);
    assert.equal(after.subscription_billing_scheduled_on, dateOf(monthsAfter(anchor, 13)));
    // Signed webhooks: created then paid for every renewal.
    for (const p of all.slice(1)) {
      const events = receiver.requests.filter((r) => r.purchaseId === p.id).map((r) => r.eventType);
      assert.deepEqual(events, ['purchase.created', 'purchase.paid'], `events of ${p.id}`);
      assert.ok(receiver.requests.filter((r) => r.purchaseId === p.id).every((r) => r.verified), 'signatures verify');
    }
    await checkMoney(server);
  });

  test('a card that starts declining: the renewal becomes an invoice, and paying it saves the new card', async () => {
    const t = await monthlyTemplate();
    const now = new Date((await clockNow(server)) * 1000);
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const expires = `${String(nextMonth.getUTCMonth() + 1).padStart(2, '0')}/${String(nextMonth.getUTCFullYear() % 100).padStart(2, '0')}`;
    const { btc, anchor } = await subscribe(t, card(expires));
    await moveTo(monthsAfter(anchor, 1));  // still inside the card's last month
    await waitFor('renewal 1', async () => (await purchasesOf(server, t.id, btc.client_id))[1]?.status === 'paid');
    await moveTo(monthsAfter(anchor, 2));  // the card has expired
    let failed;
    await waitFor('renewal 2 declined', async () => {
      failed = (await purchasesOf(server, t.id, btc.client_id))[2];
      return failed && failed.status === 'sent';
    });
    assert.equal(failed.product, 'billing_subscriptions_invoice');
    assert.equal(failed.transaction_data.attempts[0].successful, false);
    assert.equal(failed.transaction_data.attempts[0].error.code, 'expired_card');
    await waitFor('the failure webhook', () => receiver.requests.some((r) => r.purchaseId === failed.id && r.eventType === 'purchase.subscription_charge_failure'));
    const hook = receiver.requests.find((r) => r.purchaseId === failed.id && r.eventType === 'purchase.subscription_charge_failure');
    assert.equal(hook.json.status, 'sent', 'the payload shows the invoice (the provider: status sent)');
    assert.equal(expectJson(await php.getClient(t.id, btc.id), 200).status, 'active');

    await payAtCheckout(server, failed, { ...card('12/30', '5555555555554444'), remember_card: 'on' });
    assert.equal((await getPurchase(server, failed.id)).status, 'paid');
    await moveTo(monthsAfter(anchor, 3));
    await waitFor('renewal 3 on the new card', async () => (await purchasesOf(server, t.id, btc.client_id))[3]?.status === 'paid');
    const third = (await purchasesOf(server, t.id, btc.client_id))[3];
    assert.equal(third.recurring_token, failed.id);
    assert.equal(third.transaction_data.payment_method, 'mastercard');
    await checkMoney(server);
  });

  test('paused: no charge; resumed: no catch-up, the next period is charged', async () => {
    const t = await monthlyTemplate();
    const { btc, anchor } = await subscribe(t);
    const paused = expectJson(await php.updateClient(t.id, btc.id, { status: 'subscription_paused' }), 200, 'pause');
    assert.equal(paused.status, 'subscription_paused');
    await moveTo(monthsAfter(anchor, 1));
    await sleep(QUIET_MS);
    assert.equal((await purchasesOf(server, t.id, btc.client_id)).length, 1, 'nothing charged while paused');
    await moveTo(monthsAfter(anchor, 2) - 86400);
    await sleep(QUIET_MS);
    const resumed = expectJson(await php.updateClient(t.id, btc.id, { status: 'active' }), 200, 'resume');
    assert.equal(resumed.status, 'active');
    assert.equal(resumed.subscription_billing_scheduled_on, dateOf(monthsAfter(anchor, 2)));
    await sleep(QUIET_MS);
    assert.equal((await purchasesOf(server, t.id, btc.client_id)).length, 1, 'no catch-up charge on resume');
    await moveTo(monthsAfter(anchor, 2));
    await waitFor('period 2 charged', async () => (await purchasesOf(server, t.id, btc.client_id))[1]?.status === 'paid');
    assert.equal((await purchasesOf(server, t.id, btc.client_id)).length, 2);
  });

  test('a subscriber in pending cannot be switched; an unknown status is refused naming it', async () => {
    const t = await monthlyTemplate();
    const added = expectJson(await php.addSubscriber(t.id, { client_id: await newClient() }), 201);
    const btc = added.billing_template_client;
    let res = await php.updateClient(t.id, btc.id, { status: 'active' });
    assert.equal(res.status, 400, res.text);
    assert.ok(res.json.status?.[0]?.message, res.text);
    res = await php.updateClient(t.id, btc.id, { status: 'inactive' });
    assert.equal(res.status, 400, res.text);
    assert.ok(res.json.status?.[0]?.message, res.text);
    assert.equal(expectJson(await php.getClient(t.id, btc.id), 200).status, 'pending');
  });
});

describe('kill -9 while the sweep charges subscribers', () => {
  let slow;
  before(async () => { slow = await startTender({ env: TEST_CLOCK_ENV, args: ['--sandbox-delay-ms', '150'] }); });
  after(async () => { await slow?.cleanup(); });

  test('after a restart every subscriber is charged exactly once for the period', async () => {
    const client = new PhpBillingClient(slow);
    const t = await monthlyTemplate(client, 1500);
    const subscribers = [];
    for (let i = 0; i < 10; i++) subscribers.push(await subscribe(t, card(), client));
    const due = Math.max(...subscribers.map((s) => monthsAfter(s.anchor, 1)));
    await moveTo(due, slow);
    const offset = expectJson(await api(slow, 'GET', '/api/v1/test_clock/'), 200).offset_seconds;
    const renewals = async () => (await Promise.all(subscribers.map((s) => purchasesOf(slow, t.id, s.btc.client_id)))).map((all) => all.slice(1));
    let paidAtKill = 0;
    await waitFor('a renewal paid', async () => {
      paidAtKill = (await renewals()).flat().filter((p) => p.status === 'paid').length;
      return paidAtKill >= 1;
    }, { intervalMs: 20 });
    await slow.kill9();
    assert.ok(paidAtKill < subscribers.length, `killed during the sweep (${paidAtKill} of ${subscribers.length} charged)`);

    await slow.restart();
    // The test clock is the process's own: move it as far again, and two minutes more, past the age
    // at which several nodes on PostgreSQL treat an open acquirer call as abandoned (deployment.md).
    await advanceClock(slow, offset + 120);
    await waitFor('every renewal paid', async () => (await renewals()).every((r) => r.length >= 1 && r.every((p) => p.status === 'paid')), { timeoutMs: 30_000 });
    await sleep(QUIET_MS);
    for (const [i, r] of (await renewals()).entries()) {
      assert.equal(r.length, 1, `subscriber ${i}: exactly one renewal for the period, got ${r.length}`);
      const btc = expectJson(await client.getClient(t.id, subscribers[i].btc.id), 200);
      assert.equal(btc.number_of_billing_cycles_passed, 2);
      assert.equal(btc.subscription_billing_scheduled_on, dateOf(monthsAfter(subscribers[i].anchor, 2)));
    }
    await checkMoney(slow);
  });
});
