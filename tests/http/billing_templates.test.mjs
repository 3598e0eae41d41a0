// Billing templates and invoices over HTTP (docs/billing.md), sent exactly as CHIP's PHP SDK sends
// them (lib/php_billing_client.mjs cites the SDK's file and lines): create, list by `next`, read,
// replace (PUT), delete; send_invoice and POST /billing/; and every refusal: a bad field is a 400
// naming it that changes nothing, another company's or mode's template is a 404.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, createKey, errorAt, expectJson, nowSeconds, randomId, startTender } from './lib/harness.mjs';
import { getPurchase } from './lib/lifecycle_support.mjs';
import { payAtCheckout } from './lib/checkout_support.mjs';
import { PhpBillingClient } from './lib/php_billing_client.mjs';

let server;
let php;
before(async () => {
  server = await startTender();
  php = new PhpBillingClient(server);
});
after(async () => { await server?.cleanup(); });

const CARD = { cardholder_name: 'Ina Voice', card_number: '4444333322221111', expires: '12/30', cvc: '123' };

async function newClient(key) {
  const res = await api(server, 'POST', '/api/v1/clients/', { body: { email: `b${randomId().slice(0, 8)}@example.com`, full_name: 'Ina Voice' }, key });
  return expectJson(res, 201, 'client').id;
}

// A one-time template as a PHP merchant fills the SDK's BillingTemplate model.
function oneTime(extra = {}) {
  return {
    purchase: { currency: 'MYR', products: [{ name: 'Consulting, April', price: 12000, quantity: 2 }], notes: 'Net 7' },
    brand_id: server.company.brand_id,
    title: 'Consulting invoice',
    is_subscription: false,
    invoice_due: nowSeconds() + 7 * 86400,
    invoice_skip_capture: false,
    invoice_send_receipt: true,
    ...extra,
  };
}
function subscription(extra = {}) {
  return {
    purchase: { currency: 'MYR', products: [{ name: 'Pro plan', price: 4900 }] },
    brand_id: server.company.brand_id,
    title: 'Pro monthly',
    is_subscription: true,
    subscription_period: 1,
    subscription_period_units: 'months',
    subscription_due_period: 3,
    subscription_due_period_units: 'days',
    subscription_charge_period_end: 0,  // the SDK's docblock types it int|null
    subscription_trial_periods: 0,
    force_recurring: true,
    ...extra,
  };
}
const templateCount = async (key) => (await new PhpBillingClient(server, key).iterateTemplates()).length;

describe('templates through the PHP SDK', () => {
  test('createTemplate, getTemplate, updateTemplate (with its read-only fields echoed), deleteTemplate', async () => {
    const t = expectJson(await php.createTemplate(oneTime()), 201, 'createTemplate');
    assert.equal(t.type, 'billing_template');
    assert.equal(t.is_subscription, false);
    assert.equal(t.title, 'Consulting invoice');
    assert.equal(t.purchase.total, 24000);
    assert.equal(t.purchase.currency, 'MYR');
    assert.equal(t.purchase.notes, 'Net 7');
    assert.equal(t.invoice_send_receipt, true);
    assert.equal(t.subscription_has_active_clients, false);
    assert.match(t.company_id, /^[0-9a-f-]{36}$/);
    assert.equal(t.is_test, true);

    const read = expectJson(await php.getTemplate(t.id), 200, 'getTemplate');
    assert.deepEqual(read, t);
    // The SDK's fromArray() → setters → updateTemplate() sends the object back whole.
    const edited = expectJson(await php.updateTemplate(t.id, { ...read, title: 'Consulting, edited', invoice_issued: '2026-12-31' }), 200, 'updateTemplate');
    assert.equal(edited.title, 'Consulting, edited');
    assert.equal(edited.invoice_issued, '2026-12-31');
    assert.equal(edited.id, t.id);
    assert.equal(edited.created_on, t.created_on);

    const del = await php.deleteTemplate(t.id);
    assert.equal(del.status, 204);
    expectJson(await php.getTemplate(t.id), 404, 'deleted');
  });

  test('iterateTemplates follows `next` until null', async () => {
    const created = [];
    for (let i = 0; i < 3; i++) created.push(expectJson(await php.createTemplate(oneTime({ title: `Paged ${i}` })), 201).id);
    const res = expectJson(await api(server, 'GET', '/api/v1/billing_templates/?limit=1'), 200, 'page of one');
    assert.equal(res.results.length, 1);
    assert.match(res.next, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/billing_templates\/\?/);
    const all = (await php.iterateTemplates()).map((t) => t.id);
    for (const id of created) assert.ok(all.includes(id), `iterateTemplates lists ${id}`);
    assert.equal(new Set(all).size, all.length, 'no template twice');
  });

  test('a subscription template shows its schedule; is_subscription never changes', async () => {
    const t = expectJson(await php.createTemplate(subscription()), 201, 'subscription template');
    assert.equal(t.subscription_period_units, 'months');
    assert.equal(t.subscription_due_period, 3);
    assert.equal(t.subscription_charge_period_end, false);
    assert.equal(t.subscription_active, true);
    assert.equal(t.invoice_due, null);
    const res = await php.updateTemplate(t.id, { ...t, is_subscription: false, invoice_due: nowSeconds() });
    assert.equal(res.status, 400, res.text);
    assert.ok(errorAt(res.json, 'is_subscription').message);
    assert.equal(expectJson(await php.getTemplate(t.id), 200).is_subscription, true);
  });
});

describe('invoices', () => {
  test('sendInvoice: a purchase in status sent, payable at its checkout', async () => {
    const t = expectJson(await php.createTemplate(oneTime()), 201);
    const clientId = await newClient();
    const p = expectJson(await php.sendInvoice(t.id, { client_id: clientId, send_receipt: false }), 201, 'sendInvoice');
    assert.equal(p.type, 'purchase');
    assert.equal(p.status, 'sent');
    assert.equal(p.product, 'billing_invoices');
    assert.equal(p.billing_template_id, t.id);
    assert.equal(p.client_id, clientId);
    assert.equal(p.client.full_name, 'Ina Voice');
    assert.equal(p.purchase.total, 24000);
    assert.equal(p.send_receipt, true, 'invoice_send_receipt of the template');
    assert.deepEqual(p.status_history.map((h) => h.status), ['created', 'sent']);
    assert.ok(p.checkout_url);
    await payAtCheckout(server, p, CARD);
    assert.equal((await getPurchase(server, p.id)).status, 'paid');
  });

  test('POST /billing/: one invoice per client, answered with their ids, no template saved', async () => {
    const before = await templateCount();
    const a = await newClient();
    const b = await newClient();
    const ids = expectJson(await php.create({ ...oneTime(), clients: [{ client_id: a }, { client_id: b, payment_method_whitelist: ['visa'] }] }), 201, 'create');
    assert.equal(ids.length, 2);
    const [pa, pb] = [await getPurchase(server, ids[0]), await getPurchase(server, ids[1])];
    assert.equal(pa.client_id, a);
    assert.equal(pb.client_id, b);
    assert.deepEqual(pb.payment_method_whitelist, ['visa']);
    for (const p of [pa, pb]) {
      assert.equal(p.status, 'sent');
      assert.equal(p.product, 'billing_invoices');
      assert.equal(p.billing_template_id, null);
    }
    assert.equal(await templateCount(), before);
  });
});

describe('refusals: 400 naming the field, nothing changes', () => {
  const cases = [
    ['no brand_id', () => oneTime({ brand_id: undefined }), ['brand_id']],
    ['brand_id not a UUID', () => oneTime({ brand_id: 'nope' }), ['brand_id']],
    ['an unknown brand', () => oneTime({ brand_id: randomId() }), ['brand_id']],
    ['no purchase', () => oneTime({ purchase: undefined }), ['purchase']],
    ['a product without a price', () => oneTime({ purchase: { products: [{ name: 'x' }] } }), ['purchase', 'products', '0', 'price']],
    ['an unknown currency', () => oneTime({ purchase: { currency: 'XYZ', products: [{ name: 'x', price: 1 }] } }), ['purchase', 'currency']],
    ['is_subscription missing', () => oneTime({ is_subscription: undefined }), ['is_subscription']],
    ['is_subscription not a boolean', () => oneTime({ is_subscription: 'yes' }), ['is_subscription']],
    ['a one-time template without invoice_due', () => oneTime({ invoice_due: undefined }), ['invoice_due']],
    ['invoice_issued not a date', () => oneTime({ invoice_issued: '2026-02-30' }), ['invoice_issued']],
    ['title over 256 characters', () => oneTime({ title: 'x'.repeat(257) }), ['title']],
    ['subscription_period 0', () => subscription({ subscription_period: 0 }), ['subscription_period']],
    ['subscription_period 257', () => subscription({ subscription_period: 257 }), ['subscription_period']],
    ['period units years', () => subscription({ subscription_period_units: 'years' }), ['subscription_period_units']],
    ['no period units', () => subscription({ subscription_period_units: undefined }), ['subscription_period_units']],
    ['trial periods -1', () => subscription({ subscription_trial_periods: -1 }), ['subscription_trial_periods']],
    ['charge_period_end 2', () => subscription({ subscription_charge_period_end: 2 }), ['subscription_charge_period_end']],
  ];
  for (const [what, body, field] of cases) {
    test(what, async () => {
      const before = await templateCount();
      const res = await php.createTemplate(body());
      assert.equal(res.status, 400, `${what}: ${res.status} ${res.text}`);
      assert.ok(errorAt(res.json, ...field).message, `${what} names ${field.join('.')}`);
      assert.equal(await templateCount(), before);
    });
  }

  test('malformed JSON, an array body, an empty body', async () => {
    for (const rawBody of ['{"brand_id":', '[1,2]', '']) {
      const res = await api(server, 'POST', '/api/v1/billing_templates/', { rawBody });
      assert.equal(res.status, 400, `${JSON.stringify(rawBody)}: ${res.text}`);
    }
  });

  test('send_invoice and add_subscriber on the wrong kind of template, or to an unknown client', async () => {
    const one = expectJson(await php.createTemplate(oneTime()), 201);
    const sub = expectJson(await php.createTemplate(subscription()), 201);
    const client = await newClient();
    let res = await php.sendInvoice(sub.id, { client_id: client });
    assert.equal(res.status, 400, res.text);
    assert.ok(errorAt(res.json, 'is_subscription'));
    res = await php.addSubscriber(one.id, { client_id: client });
    assert.equal(res.status, 400, res.text);
    assert.ok(errorAt(res.json, 'is_subscription'));
    res = await php.sendInvoice(one.id, { client_id: randomId() });
    assert.equal(res.status, 400, res.text);
    assert.ok(errorAt(res.json, 'client_id'));
    res = await php.sendInvoice(one.id, {});
    assert.equal(res.status, 400, res.text);
    assert.ok(errorAt(res.json, 'client_id'));
    res = await php.create({ ...oneTime(), clients: [{ client_id: client }, { client_id: randomId() }] });
    assert.equal(res.status, 400, res.text);
    assert.ok(errorAt(res.json, 'clients', '1', 'client_id'));
    res = await php.create({ ...oneTime(), clients: [] });
    assert.equal(res.status, 400, res.text);
    assert.ok(errorAt(res.json, 'clients'));
    const clients = expectJson(await php.listClients(sub.id), 200);
    assert.deepEqual(clients.results, []);
  });

  test('once it has subscribers, a template keeps its schedule; the due period may change', async () => {
    const t = expectJson(await php.createTemplate(subscription()), 201);
    expectJson(await php.addSubscriber(t.id, { client_id: await newClient() }), 201);
    const stored = expectJson(await php.getTemplate(t.id), 200);
    assert.equal(stored.subscription_has_active_clients, true);
    const res = await php.updateTemplate(t.id, { ...stored, subscription_period: 2 });
    assert.equal(res.status, 400, res.text);
    assert.ok(errorAt(res.json, 'subscription_period'));
    const ok = expectJson(await php.updateTemplate(t.id, { ...stored, subscription_due_period: 10 }), 200);
    assert.equal(ok.subscription_due_period, 10);
  });
});

describe('scoping: another company and another mode see nothing', () => {
  test('404 for every template and subscriber endpoint', async () => {
    const t = expectJson(await php.createTemplate(subscription()), 201);
    const added = expectJson(await php.addSubscriber(t.id, { client_id: await newClient() }), 201);
    const btc = added.billing_template_client;
    const live = await createKey(server.dataDir, { live: true });
    for (const [who, key] of [['another company', server.second.api_key], ['the live key', live.api_key]]) {
      const other = new PhpBillingClient(server, key);
      expectJson(await other.getTemplate(t.id), 404, `${who}: get`);
      expectJson(await other.updateTemplate(t.id, subscription()), 404, `${who}: put`);
      expectJson(await other.deleteTemplate(t.id), 404, `${who}: delete`);
      expectJson(await other.sendInvoice(t.id, { client_id: await newClient(key) }), 404, `${who}: send_invoice`);
      expectJson(await other.addSubscriber(t.id, { client_id: await newClient(key) }), 404, `${who}: add_subscriber`);
      expectJson(await other.listClients(t.id), 404, `${who}: clients`);
      expectJson(await other.getClient(t.id, btc.id), 404, `${who}: client`);
      expectJson(await other.updateClient(t.id, btc.id, { status: 'subscription_paused' }), 404, `${who}: patch client`);
      assert.ok(!(await other.iterateTemplates()).some((x) => x.id === t.id), `${who}: not listed`);
    }
    // Unchanged for its owner.
    assert.equal(expectJson(await php.getClient(t.id, btc.id), 200).status, 'pending');
    // A subscriber is found only under its own template.
    const other = expectJson(await php.createTemplate(subscription()), 201);
    expectJson(await php.getClient(other.id, btc.id), 404, 'under another template');
    expectJson(await php.getClient(t.id, 'not-a-uuid'), 404, 'not a UUID');
  });
});
