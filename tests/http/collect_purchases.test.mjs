// Collect API: POST/GET /api/v1/purchases/, the Purchase object, totals, list filters and
// pagination, cancel, client_id, cross-company isolation.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  UUID_RE, api, createPurchase, errorAt, expectFieldError, expectJson, listAllPurchases,
  nowSeconds, purchaseBody, randomId, sleep, startTender,
} from './lib/harness.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.cleanup(); });
async function serve(opts) {
  const s = await startTender(opts);
  servers.push(s);
  return s;
}

const PUBLIC_URL = 'https://pay.example.test';

// Every ClientDetails field of the seed.
const FULL_CLIENT = {
  email: 'jane.doe@example.com',
  phone: '+44 45643564564',
  full_name: 'Jane Doe',
  personal_code: 'PC-123456',
  street_address: '1 High Street, Flat 2',
  country: 'GB',
  city: 'London',
  zip_code: 'SW1A 1AA',
  state: 'LND',
  shipping_street_address: '2 Low Road',
  shipping_country: 'IE',
  shipping_city: 'Dublin',
  shipping_zip_code: 'D02 X285',
  shipping_state: 'D',
  cc: ['cc1@example.com', 'cc2@example.com'],
  bcc: ['audit@example.com'],
  legal_name: 'Doe Trading Ltd',
  brand_name: 'Doe Shop',
  registration_number: 'REG-998877',
  tax_number: 'GB123456789',
  bank_account: 'GB29NWBK60161331926819',
  bank_code: 'NWBKGB2L',
};

function fullBody(brandId, due) {
  return {
    brand_id: brandId,
    client: { ...FULL_CLIENT },
    purchase: {
      currency: 'EUR',
      products: [
        { name: 'Gadget', quantity: '2', price: 1000, discount: 150, tax_percent: '10', category: 'hardware' },
        { name: 'Service', quantity: '3', price: 700, total_price_override: 500, category: 'services' },
        { name: 'Half', quantity: '1.5', price: 333 },
      ],
      total_override: 4321,
      debt: 250,
      language: 'lt',
      notes: 'Deliver after 5pm. Ačiū!',
      due_strict: true,
      timezone: 'Europe/Oslo',
      request_client_details: [],
      email_message: 'Your invoice for June',
      subtotal_override: 4000,
      total_tax_override: 185,
      total_discount_override: 150,
      metadata: { order: 'A-1', nested: { tags: ['x', 'y'], n: 3 } },
    },
    due,
    issued: '2026-01-15',
    success_redirect: 'https://shop.example.com/ok?order=A-1',
    failure_redirect: 'https://shop.example.com/fail',
    cancel_redirect: 'https://shop.example.com/cart',
    success_callback: 'https://shop.example.com/hooks/paid',
    skip_capture: true,
    force_recurring: true,
    payment_method_whitelist: ['visa', 'mastercard'],
    reference: 'ORDER-A-1',
    platform: 'web',
    creator_agent: 'ShopModule 1.2.3',
    send_receipt: true,
  };
}

describe('POST /api/v1/purchases/ with every request field', () => {
  let s;
  let created;
  let body;
  let before0;
  let after0;
  before(async () => {
    s = await serve({ publicUrl: PUBLIC_URL + '/' });
    body = fullBody(s.company.brand_id, nowSeconds() + 86400 * 7);
    before0 = nowSeconds();
    const res = await api(s, 'POST', '/api/v1/purchases/', { body });
    after0 = nowSeconds();
    created = expectJson(res, 201, 'full purchase');
  });

  test('echoes the merchant input', () => {
    assert.deepEqual(created.client, FULL_CLIENT);
    assert.equal(created.brand_id, s.company.brand_id);
    assert.equal(created.purchase.currency, 'EUR');
    assert.equal(created.purchase.language, 'lt');
    assert.equal(created.purchase.notes, body.purchase.notes);
    assert.equal(created.purchase.due_strict, true);
    assert.equal(created.purchase.timezone, 'Europe/Oslo');
    assert.deepEqual(created.purchase.request_client_details, []);
    assert.equal(created.purchase.email_message, 'Your invoice for June');
    assert.equal(created.purchase.subtotal_override, 4000);
    assert.equal(created.purchase.total_tax_override, 185);
    assert.equal(created.purchase.total_discount_override, 150);
    assert.equal(created.purchase.total_override, 4321);
    assert.deepEqual(created.purchase.metadata, body.purchase.metadata);
    assert.equal(created.purchase.products.length, 3);
    const [a, b, c] = created.purchase.products;
    assert.deepEqual(
      { name: a.name, quantity: a.quantity, price: a.price, discount: a.discount, tax_percent: a.tax_percent, category: a.category, total_price_override: a.total_price_override },
      { name: 'Gadget', quantity: '2', price: 1000, discount: 150, tax_percent: '10', category: 'hardware', total_price_override: null });
    assert.equal(b.total_price_override, 500);
    assert.equal(b.quantity, '3');
    assert.equal(b.category, 'services');
    assert.equal(c.quantity, '1.5');
    assert.equal(c.discount, 0);
    assert.equal(created.due, body.due);
    assert.equal(created.issued, '2026-01-15');
    assert.equal(created.success_redirect, body.success_redirect);
    assert.equal(created.failure_redirect, body.failure_redirect);
    assert.equal(created.cancel_redirect, body.cancel_redirect);
    assert.equal(created.success_callback, body.success_callback);
    assert.equal(created.skip_capture, true);
    assert.equal(created.force_recurring, true);
    assert.deepEqual(created.payment_method_whitelist, ['visa', 'mastercard']);
    assert.equal(created.reference, 'ORDER-A-1');
    assert.equal(created.platform, 'web');
    assert.equal(created.creator_agent, 'ShopModule 1.2.3');
    assert.equal(created.send_receipt, true);
  });

  test('total_override wins over the computed total', () => {
    assert.equal(created.purchase.total, 4321);
  });

  test('read-only fields', () => {
    assert.match(created.id, UUID_RE);
    assert.equal(created.type, 'purchase');
    assert.ok(Number.isInteger(created.created_on));
    assert.ok(Number.isInteger(created.updated_on));
    assert.ok(created.created_on >= before0 && created.created_on <= after0, 'created_on is now (unix seconds)');
    assert.equal(created.updated_on, created.created_on);
    assert.equal(created.status, 'created');
    assert.equal(created.status_history.length, 1);
    assert.equal(created.status_history[0].status, 'created');
    assert.equal(created.status_history[0].timestamp, created.created_on);
    assert.equal(created.company_id, s.company.company_id);
    assert.equal(created.is_test, true);
    assert.equal(created.payment, null);
    assert.equal(created.viewed_on, null);
    assert.equal(created.client_id, null);
    assert.equal(created.is_recurring_token, false);
    assert.equal(created.recurring_token, null);
    assert.equal(created.billing_template_id, null);
    assert.equal(created.user_id, null);
    assert.equal(created.marked_as_paid, false);
    assert.equal(created.currency_conversion, null);
    assert.equal(created.product, 'purchases');
    assert.equal(created.created_from_ip, '127.0.0.1');
    assert.equal(created.refundable_amount, 0);
    assert.equal(created.refund_availability, 'none');
    assert.equal(typeof created.reference_generated, 'string');
    assert.ok(created.reference_generated.length > 0);
    assert.equal(typeof created.issuer_details, 'object');
    assert.equal(created.issuer_details.brand_name, 'Demo Brand');
    assert.equal(typeof created.transaction_data, 'object');
    assert.deepEqual(created.transaction_data.attempts, []);
    assert.equal(created.transaction_data.payment_method, '');
  });

  test('URLs are built on the public URL (trailing slash dropped)', () => {
    assert.equal(typeof created.checkout_url, 'string');
    assert.ok(created.checkout_url.startsWith(PUBLIC_URL + '/'), created.checkout_url);
    assert.ok(!created.checkout_url.startsWith(PUBLIC_URL + '//'), created.checkout_url);
    assert.ok(created.checkout_url.includes(created.id));
    assert.ok(created.checkout_url.length <= 500);
    assert.equal(typeof created.invoice_url, 'string');
    assert.ok(created.invoice_url.startsWith(PUBLIC_URL + '/'), created.invoice_url);
    // Both redirects given and request_client_details empty: Direct Post is possible.
    assert.equal(typeof created.direct_post_url, 'string');
    assert.ok(created.direct_post_url.startsWith(PUBLIC_URL + '/'), created.direct_post_url);
    assert.ok(created.direct_post_url.includes(created.id));
    assert.notEqual(created.direct_post_url, created.checkout_url);
  });

  test('GET by id returns the same object, with and without trailing slash', async () => {
    const got = expectJson(await api(s, 'GET', `/api/v1/purchases/${created.id}/`), 200);
    assert.deepEqual(got, created);
    const got2 = expectJson(await api(s, 'GET', `/api/v1/purchases/${created.id}`), 200);
    assert.deepEqual(got2, created);
  });

  test('the invoice page (invoice_url) names the purchase and links its checkout', async () => {
    const res = await fetch(`${s.url}/p/${created.id}/invoice/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    const html = await res.text();
    assert.ok(html.includes('Invoice ORDER-A-1'), 'titled with the reference');
    assert.ok(html.includes(created.checkout_url), 'links the checkout');
  });
});

describe('purchase defaults and computed values', () => {
  let s;
  before(async () => { s = await serve(); });

  test('a minimal purchase gets the documented defaults', async () => {
    const p = await createPurchase(s);
    assert.equal(p.purchase.currency, 'MYR', 'brand default currency');
    assert.equal(p.purchase.total, 1000);
    assert.equal(p.platform, 'api');
    assert.equal(p.skip_capture, false);
    assert.equal(p.force_recurring, false);
    assert.equal(p.send_receipt, false);
    assert.equal(p.purchase.due_strict, false);
    assert.deepEqual(p.purchase.request_client_details, []);
    assert.equal(p.purchase.products[0].quantity, '1');
    assert.equal(p.purchase.products[0].discount, 0);
    assert.equal(p.purchase.products[0].tax_percent, '0');
    assert.equal(p.purchase.products[0].total_price_override, null);
    assert.equal(p.due, null);
    assert.ok(p.checkout_url.startsWith(s.url + '/'), 'default public URL is http://LISTEN');
    assert.equal(p.direct_post_url, null, 'no redirects: no Direct Post');
  });

  test('seed default: purchase.language is "en" when not given', async () => {
    const p = await createPurchase(s);
    assert.equal(p.purchase.language, 'en');
  });

  test('seed default: issued is generated as the current date when not given', async () => {
    const p = await createPurchase(s);
    assert.equal(typeof p.issued, 'string', `issued should be generated, got ${JSON.stringify(p.issued)}`);
    assert.match(p.issued, /^\d{4}-\d{2}-\d{2}$/);
    const today = new Date(p.created_on * 1000).toISOString().slice(0, 10);
    const dayMs = 86400 * 1000;
    const near = [today, new Date(p.created_on * 1000 - dayMs).toISOString().slice(0, 10),
      new Date(p.created_on * 1000 + dayMs).toISOString().slice(0, 10)];
    assert.ok(near.includes(p.issued), `issued ${p.issued} should be the creation date (${today})`);
  });

  const totals = [
    ['price * quantity', [{ name: 'a', price: 1000, quantity: '2' }], {}, 2000],
    ['price * quantity - discount', [{ name: 'a', price: 1000, quantity: '3', discount: 500 }], {}, 2500],
    ['tax rounded half-up (0.5 -> 1)', [{ name: 'a', price: 10, tax_percent: '5' }], {}, 11],
    ['tax on the discounted net', [{ name: 'a', price: 1000, quantity: '2', discount: 150, tax_percent: '10' }], {}, 2035],
    ['fractional quantity rounded half-up', [{ name: 'a', price: 333, quantity: '1.5' }], {}, 500],
    ['decimal tax percent', [{ name: 'a', price: 999, tax_percent: '6.5' }], {}, 1064],
    ['total_price_override', [{ name: 'a', price: 1000, quantity: '5', tax_percent: '20', total_price_override: 1234 }], {}, 1234],
    ['several lines add up', [{ name: 'a', price: 100, quantity: '2' }, { name: 'b', price: 55 }, { name: 'c', price: 0 }], {}, 255],
    ['debt is added', [{ name: 'a', price: 1000 }], { debt: 250 }, 1250],
    ['negative debt is subtracted', [{ name: 'a', price: 1000 }], { debt: -300 }, 700],
    ['total_override', [{ name: 'a', price: 1000, quantity: '2' }], { total_override: 99 }, 99],
    // Without skip_capture, 0 reads as absent: the Go SDK sends total_override 0 whenever it was
    // not set (docs/collect-clients.md). With skip_capture it makes a preauthorization (seed 002).
    ['total_override 0 is no override', [{ name: 'a', price: 1000 }], { total_override: 0 }, 1000],
    ['total_override 1', [{ name: 'a', price: 1000 }], { total_override: 1 }, 1],
    ['numbers accepted for quantity', [{ name: 'a', price: 250, quantity: 4 }], {}, 1000],
  ];
  for (const [name, products, extra, expected] of totals) {
    test(`total: ${name} = ${expected}`, async () => {
      const p = await createPurchase(s, { purchase: { products, ...extra } });
      assert.equal(p.purchase.total, expected);
      const got = expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`), 200);
      assert.equal(got.purchase.total, expected);
    });
  }

  test('discount above price * quantity is refused', async () => {
    const res = await api(s, 'POST', '/api/v1/purchases/', {
      body: purchaseBody(s, { purchase: { products: [{ name: 'a', price: 100, discount: 101 }] } }),
    });
    const b = expectJson(res, 400);
    assert.ok(JSON.stringify(b).includes('purchase'), JSON.stringify(b));
  });

  test('direct_post_url: null without both redirects, or with request_client_details', async () => {
    const ok = 'https://shop.example.com/ok';
    const fail = 'https://shop.example.com/fail';
    const both = await createPurchase(s, { success_redirect: ok, failure_redirect: fail });
    assert.equal(typeof both.direct_post_url, 'string');
    assert.ok(both.direct_post_url.startsWith(s.url + '/'));
    const onlySuccess = await createPurchase(s, { success_redirect: ok });
    assert.equal(onlySuccess.direct_post_url, null);
    const onlyFailure = await createPurchase(s, { failure_redirect: fail });
    assert.equal(onlyFailure.direct_post_url, null);
    const asks = await createPurchase(s, {
      success_redirect: ok, failure_redirect: fail, purchase: { request_client_details: ['phone'] },
    });
    assert.deepEqual(asks.purchase.request_client_details, ['phone']);
    assert.equal(asks.direct_post_url, null);
    assert.equal(typeof asks.checkout_url, 'string', 'hosted checkout still possible');
  });

  test('seed: request_client_details drops fields the client already has', async () => {
    const p = await createPurchase(s, {
      client: { full_name: 'Known Name' },
      purchase: { request_client_details: ['phone', 'full_name', 'email'] },
    });
    assert.deepEqual(p.purchase.request_client_details, ['phone']);
  });

  test('preauthorization (skip_capture and total 0) is accepted', async () => {
    const p = await createPurchase(s, { skip_capture: true, purchase: { products: [{ name: 'card check', price: 0 }] } });
    assert.equal(p.purchase.total, 0);
    assert.equal(p.skip_capture, true);
    assert.equal(p.status, 'created');
  });

  test('skip_capture with only unionpay whitelisted is refused (no method can hold)', async () => {
    const res = await api(s, 'POST', '/api/v1/purchases/', {
      body: purchaseBody(s, { skip_capture: true, payment_method_whitelist: ['unionpay'] }),
    });
    const b = expectJson(res, 400);
    assert.equal(typeof b.__all__?.[0]?.code, 'string', JSON.stringify(b));
    const ok = await createPurchase(s, { skip_capture: true, payment_method_whitelist: ['unionpay', 'visa'] });
    assert.deepEqual(ok.payment_method_whitelist, ['unionpay', 'visa']);
  });

  test('preauthorization with only diners whitelisted is refused', async () => {
    const res = await api(s, 'POST', '/api/v1/purchases/', {
      body: purchaseBody(s, { skip_capture: true, payment_method_whitelist: ['diners'], purchase: { products: [{ name: 'card check', price: 0 }] } }),
    });
    expectJson(res, 400);
    // diners can hold a real amount.
    const ok = await createPurchase(s, { skip_capture: true, payment_method_whitelist: ['diners'] });
    assert.equal(ok.skip_capture, true);
  });

  test('a method name this installation does not offer is kept as given (the provider\'s fpx, duitnow_qr...)', async () => {
    const p = await createPurchase(s, { payment_method_whitelist: ['visa', 'fpx'] });
    assert.deepEqual(p.payment_method_whitelist, ['visa', 'fpx']);
  });

  test('created_from_ip is the peer address, not a spoofable header', async () => {
    const res = await api(s, 'POST', '/api/v1/purchases/', {
      body: purchaseBody(s), headers: { 'x-forwarded-for': '203.0.113.9', 'x-real-ip': '203.0.113.10', forwarded: 'for=203.0.113.11' },
    });
    assert.equal(expectJson(res, 201).created_from_ip, '127.0.0.1');
  });

  test('POST /api/v1/purchases without trailing slash works', async () => {
    const res = await api(s, 'POST', '/api/v1/purchases', { body: purchaseBody(s) });
    const p = expectJson(res, 201);
    const list = expectJson(await api(s, 'GET', '/api/v1/purchases?limit=100'), 200);
    assert.ok(list.results.some((x) => x.id === p.id));
  });
});

describe('GET /api/v1/purchases/ list', () => {
  let s;
  let batchA = [];
  let batchB = [];
  let cancelled = [];
  before(async () => {
    s = await serve();
    batchA = await Promise.all(Array.from({ length: 12 }, (_, i) => createPurchase(s, { reference: `A${i}` })));
    // A later second, so created_from/created_to can split the batches.
    const lastA = Math.max(...batchA.map((p) => p.created_on));
    while (nowSeconds() <= lastA) await sleep(100);
    batchB = await Promise.all(Array.from({ length: 11 }, (_, i) => createPurchase(s, { reference: `B${i}` })));
    for (const p of [batchA[0], batchA[5], batchB[3]]) {
      cancelled.push(expectJson(await api(s, 'POST', `/api/v1/purchases/${p.id}/cancel/`), 200));
    }
  });

  const order = (a, b) => (b.created_on - a.created_on) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

  test('shape: {results, next, previous} and default page', async () => {
    const page = expectJson(await api(s, 'GET', '/api/v1/purchases/'), 200);
    assert.deepEqual(Object.keys(page).sort(), ['next', 'previous', 'results']);
    assert.ok(Array.isArray(page.results));
    assert.equal(page.previous, null);
    assert.ok(page.results.length >= 1 && page.results.length <= 100);
    for (const p of page.results) assert.equal(p.type, 'purchase');
  });

  test('results are the full Purchase objects, newest first (created_on desc, id desc)', async () => {
    const all = expectJson(await api(s, 'GET', '/api/v1/purchases/?limit=100'), 200);
    assert.equal(all.results.length, 23);
    assert.equal(all.next, null);
    const expected = [...batchA, ...batchB].map((p) => cancelled.find((c) => c.id === p.id) || p).sort(order);
    assert.deepEqual(all.results, expected);
  });

  test('limit + cursor pagination visits every purchase exactly once, in order', async () => {
    const seen = [];
    let next = '/api/v1/purchases/?limit=5';
    let pages = 0;
    while (next) {
      const page = expectJson(await api(s, 'GET', next), 200);
      assert.ok(page.results.length <= 5);
      assert.ok(page.results.length > 0, 'no empty page before the end');
      seen.push(...page.results.map((p) => p.id));
      if (page.next) {
        assert.ok(page.next.startsWith(s.url + '/api/v1/purchases/'), page.next);
        assert.match(page.next, /limit=5/);
      }
      next = page.next;
      assert.ok(++pages <= 10, 'pagination must terminate');
    }
    assert.equal(pages, 5);
    assert.equal(new Set(seen).size, seen.length, 'no duplicates');
    const expected = [...batchA, ...batchB].sort(order).map((p) => p.id);
    assert.deepEqual(seen, expected);
  });

  test('pagination is stable while new purchases are added', async () => {
    const s2 = await serve();
    const first = await Promise.all(Array.from({ length: 6 }, () => createPurchase(s2)));
    const p1 = expectJson(await api(s2, 'GET', '/api/v1/purchases/?limit=3'), 200);
    // Created in a later second, so newer than everything: must not show up on later pages.
    const lastSecond = Math.max(...first.map((p) => p.created_on));
    while (nowSeconds() <= lastSecond) await sleep(100);
    const newer = await createPurchase(s2);
    assert.ok(newer.created_on > lastSecond);
    const p2 = expectJson(await api(s2, 'GET', p1.next), 200);
    const ids = [...p1.results, ...p2.results].map((p) => p.id);
    assert.deepEqual(ids, first.sort(order).map((p) => p.id));
    assert.equal(p2.next, null);
    // A full walk afterwards sees all 7 exactly once.
    const again = await listAllPurchases(s2, { limit: 2 });
    assert.equal(again.length, 7);
    assert.equal(new Set(again.map((p) => p.id)).size, 7);
    await s2.stop();
  });

  test('status filter: created, cancelled, comma list, repeated', async () => {
    const created = await listAllPurchases(s, { query: 'status=created' });
    assert.equal(created.length, 20);
    assert.ok(created.every((p) => p.status === 'created'));
    const canc = await listAllPurchases(s, { query: 'status=cancelled' });
    assert.deepEqual(canc.map((p) => p.id).sort(), cancelled.map((p) => p.id).sort());
    assert.ok(canc.every((p) => p.status === 'cancelled'));
    const both = await listAllPurchases(s, { query: 'status=created,cancelled' });
    assert.equal(both.length, 23);
    const both2 = await listAllPurchases(s, { query: 'status=cancelled&status=created' });
    assert.equal(both2.length, 23);
    const paid = await listAllPurchases(s, { query: 'status=paid' });
    assert.deepEqual(paid, []);
  });

  test('status filter with pagination keeps the filter in next', async () => {
    const seen = [];
    let next = '/api/v1/purchases/?status=created&limit=7';
    while (next) {
      const page = expectJson(await api(s, 'GET', next), 200);
      assert.ok(page.results.every((p) => p.status === 'created'));
      seen.push(...page.results.map((p) => p.id));
      next = page.next;
    }
    assert.equal(seen.length, 20);
    assert.equal(new Set(seen).size, 20);
  });

  test('unknown status is refused naming status', async () => {
    expectFieldError(await api(s, 'GET', '/api/v1/purchases/?status=bogus'), ['status']);
    expectFieldError(await api(s, 'GET', '/api/v1/purchases/?status=created,bogus'), ['status']);
  });

  test('created_from / created_to (inclusive, unix seconds)', async () => {
    const aTimes = batchA.map((p) => p.created_on);
    const bTimes = batchB.map((p) => p.created_on);
    const aMax = Math.max(...aTimes);
    const bMin = Math.min(...bTimes);
    assert.ok(bMin > aMax);
    const onlyB = await listAllPurchases(s, { query: `created_from=${bMin}` });
    assert.deepEqual(onlyB.map((p) => p.id).sort(), batchB.map((p) => p.id).sort());
    const onlyA = await listAllPurchases(s, { query: `created_to=${aMax}` });
    assert.deepEqual(onlyA.map((p) => p.id).sort(), batchA.map((p) => p.id).sort());
    const window = await listAllPurchases(s, { query: `created_from=${Math.min(...aTimes)}&created_to=${Math.max(...bTimes)}` });
    assert.equal(window.length, 23);
    assert.deepEqual(await listAllPurchases(s, { query: `created_from=${Math.max(...bTimes) + 1}` }), []);
    assert.deepEqual(await listAllPurchases(s, { query: `created_to=${Math.min(...aTimes) - 1}` }), []);
    const combined = await listAllPurchases(s, { query: `created_from=${bMin}&status=cancelled` });
    assert.deepEqual(combined.map((p) => p.id), [batchB[3].id]);
  });

  test('next is a valid URL that keeps the other query parameters, percent-encoded', async () => {
    const page = expectJson(await api(s, 'GET', '/api/v1/purchases/?limit=2&status=created&note=a%20b%26c%23d'), 200);
    assert.equal(typeof page.next, 'string');
    assert.doesNotMatch(page.next, /\s/, `next must not contain raw spaces: ${page.next}`);
    const u = new URL(page.next);
    assert.equal(u.searchParams.get('limit'), '2');
    assert.equal(u.searchParams.get('status'), 'created');
    assert.equal(u.searchParams.get('note'), 'a b&c#d', `query value preserved: ${page.next}`);
    assert.equal(u.hash, '');
    const page2 = expectJson(await api(s, 'GET', page.next), 200, 'following next');
    assert.equal(page2.results.length, 2);
    assert.equal(new Set([...page.results, ...page2.results].map((p) => p.id)).size, 4);
  });

  test('bad limit / cursor / created_from are 400 naming the parameter', async () => {
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'limit=-1']) {
      expectFieldError(await api(s, 'GET', `/api/v1/purchases/?${q}`), ['limit'], undefined, q);
    }
    expectFieldError(await api(s, 'GET', '/api/v1/purchases/?cursor=garbage'), ['cursor']);
    expectFieldError(await api(s, 'GET', '/api/v1/purchases/?created_from=yesterday'), ['created_from']);
    expectFieldError(await api(s, 'GET', '/api/v1/purchases/?created_to=1.5'), ['created_to']);
  });

  test('limit=1 and limit=100 bounds', async () => {
    const one = expectJson(await api(s, 'GET', '/api/v1/purchases/?limit=1'), 200);
    assert.equal(one.results.length, 1);
    assert.equal(typeof one.next, 'string');
    const hundred = expectJson(await api(s, 'GET', '/api/v1/purchases/?limit=100'), 200);
    assert.equal(hundred.results.length, 23);
    assert.equal(hundred.next, null);
  });
});

describe('POST /api/v1/purchases/{id}/cancel/', () => {
  let s;
  before(async () => { s = await serve(); });

  async function cancelWith(opts, what) {
    const p = await createPurchase(s, { success_redirect: 'https://a.example/ok', failure_redirect: 'https://a.example/no' });
    assert.equal(typeof p.checkout_url, 'string');
    assert.equal(typeof p.direct_post_url, 'string');
    const res = await api(s, 'POST', `/api/v1/purchases/${p.id}/cancel/`, opts);
    const c = expectJson(res, 200, what);
    assert.equal(c.id, p.id);
    assert.equal(c.status, 'cancelled');
    assert.equal(c.status_history.length, 2);
    assert.deepEqual(c.status_history.map((h) => h.status), ['created', 'cancelled']);
    assert.ok(Number.isInteger(c.status_history[1].timestamp));
    assert.ok(c.status_history[1].timestamp >= p.created_on);
    assert.equal(c.updated_on, c.status_history[1].timestamp);
    assert.equal(c.created_on, p.created_on);
    assert.equal(c.checkout_url, undefined, 'payment no longer possible: left out (the seed types it without null)');
    assert.equal(c.direct_post_url, null);
    assert.deepEqual(c.purchase, p.purchase);
    assert.deepEqual(c.client, p.client);
    const got = expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`), 200);
    assert.deepEqual(got, c);
    return c;
  }

  test('with an empty body', async () => { await cancelWith({}, 'empty body'); });
  test('with {}', async () => { await cancelWith({ body: {} }, '{}'); });
  test('with an empty body and Content-Type: application/json', async () => { await cancelWith({ rawBody: '' }, 'empty JSON body'); });
  test('without trailing slash', async () => {
    const p = await createPurchase(s);
    const c = expectJson(await api(s, 'POST', `/api/v1/purchases/${p.id}/cancel`), 200);
    assert.equal(c.status, 'cancelled');
  });

  test('cancelling twice: 400 with __all__.code, nothing changes', async () => {
    const c = await cancelWith({}, 'first cancel');
    const res = await api(s, 'POST', `/api/v1/purchases/${c.id}/cancel/`);
    const b = expectJson(res, 400);
    assert.equal(typeof b.__all__?.[0]?.code, 'string', JSON.stringify(b));
    assert.equal(b.__all__[0].code, 'purchase_cancel_error');
    assert.equal(typeof b.__all__[0].message, 'string');
    const got = expectJson(await api(s, 'GET', `/api/v1/purchases/${c.id}/`), 200);
    assert.deepEqual(got, c);
  });

  test('malformed cancel body: 400 and the purchase stays created', async () => {
    const p = await createPurchase(s);
    for (const raw of ['{', '[1]', '"x"']) {  // [] reads as an empty body (Magento sends it)
      expectJson(await api(s, 'POST', `/api/v1/purchases/${p.id}/cancel/`, { rawBody: raw }), 400, raw);
    }
    const got = expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`), 200);
    assert.deepEqual(got, p);
  });

  test('cancel of an unknown id is 404', async () => {
    expectJson(await api(s, 'POST', `/api/v1/purchases/${randomId()}/cancel/`), 404);
    expectJson(await api(s, 'POST', '/api/v1/purchases/not-a-uuid/cancel/'), 404);
  });

  test('concurrent cancels: exactly one wins', async () => {
    const p = await createPurchase(s);
    const results = await Promise.all(Array.from({ length: 8 }, () => api(s, 'POST', `/api/v1/purchases/${p.id}/cancel/`)));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 400, 400, 400, 400, 400, 400, 400], results.map((r) => r.text).join('\n'));
    const got = expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`), 200);
    assert.equal(got.status_history.length, 2);
  });
});

describe('client_id', () => {
  let s;
  before(async () => { s = await serve(); });

  test('copies the Client details; later edits do not change the purchase', async () => {
    const details = { ...FULL_CLIENT, email: 'client@example.com' };
    const client = expectJson(await api(s, 'POST', '/api/v1/clients/', { body: details }), 201);
    const res = await api(s, 'POST', '/api/v1/purchases/', {
      body: { brand_id: s.company.brand_id, client_id: client.id, purchase: { products: [{ name: 'x', price: 5 }] } },
    });
    const p = expectJson(res, 201);
    assert.equal(p.client_id, client.id);
    assert.deepEqual(p.client, details);

    const patched = expectJson(await api(s, 'PATCH', `/api/v1/clients/${client.id}/`, {
      body: { full_name: 'Changed Name', email: 'changed@example.com' },
    }), 200);
    assert.equal(patched.full_name, 'Changed Name');
    const old = expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`), 200);
    assert.deepEqual(old, p, 'existing purchase is unchanged');

    const np = expectJson(await api(s, 'POST', '/api/v1/purchases/', {
      body: { brand_id: s.company.brand_id, client_id: client.id, purchase: { products: [{ name: 'x', price: 5 }] } },
    }), 201);
    assert.equal(np.client.full_name, 'Changed Name');
    assert.equal(np.client.email, 'changed@example.com');
  });

  test('client and client_id together are refused', async () => {
    const client = expectJson(await api(s, 'POST', '/api/v1/clients/', { body: { email: 'c@example.com' } }), 201);
    const res = await api(s, 'POST', '/api/v1/purchases/', {
      body: purchaseBody(s, { client_id: client.id }),
    });
    expectFieldError(res, ['client_id']);
  });

  test('unknown, non-uuid and other-company client_id are refused naming client_id', async () => {
    const other = expectJson(await api(s, 'POST', '/api/v1/clients/', { key: s.second.api_key, body: { email: 'o@example.com' } }), 201);
    for (const id of [randomId(), 'abc', other.id]) {
      const res = await api(s, 'POST', '/api/v1/purchases/', {
        body: { brand_id: s.company.brand_id, client_id: id, purchase: { products: [{ name: 'x', price: 5 }] } },
      });
      expectFieldError(res, ['client_id'], undefined, `client_id ${id}`);
    }
  });
});

describe('cross-company isolation', () => {
  let s;
  before(async () => { s = await serve(); });

  test("another company's key cannot read, cancel or list a purchase", async () => {
    const p = await createPurchase(s);
    const other = s.second.api_key;
    const r1 = expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`, { key: other }), 404);
    assert.equal(r1.__all__?.[0]?.code, 'not_found');
    expectJson(await api(s, 'POST', `/api/v1/purchases/${p.id}/cancel/`, { key: other }), 404);
    const list = await listAllPurchases(s, { key: other });
    assert.equal(list.some((x) => x.id === p.id), false);
    const got = expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`), 200);
    assert.deepEqual(got, p, 'still created after the foreign cancel attempt');
    // The second company's own purchase is listed only for it.
    const mine2 = await createPurchase(s, {}, { key: other, brandId: s.second.brand_id });
    const list2 = await listAllPurchases(s, { key: other });
    assert.deepEqual(list2.map((x) => x.id), [mine2.id]);
    const list1 = await listAllPurchases(s);
    assert.equal(list1.some((x) => x.id === mine2.id), false);
  });

  test("a purchase cannot use another company's brand_id", async () => {
    const res = await api(s, 'POST', '/api/v1/purchases/', { body: purchaseBody(s.second.brand_id), key: s.company.api_key });
    expectFieldError(res, ['brand_id']);
  });

  test('error bodies do not leak whether the id exists elsewhere', async () => {
    const p = await createPurchase(s);
    const foreign = await api(s, 'GET', `/api/v1/purchases/${p.id}/`, { key: s.second.api_key });
    const missing = await api(s, 'GET', `/api/v1/purchases/${randomId()}/`, { key: s.second.api_key });
    assert.equal(foreign.status, 404);
    assert.equal(foreign.text, missing.text);
    errorAt(foreign.json, '__all__');
  });
});
