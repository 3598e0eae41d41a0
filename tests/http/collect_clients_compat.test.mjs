// CHIP's official clients, pointed at Tender with only the base URL and key changed: each request
// here is built exactly as the client builds it in its normal use (the comment names the client's
// repository, file and function), and the answer is read as the client reads it. The looser forms
// they send are listed in docs/collect-clients.md.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, randomId, startTender } from './lib/harness.mjs';
import { CARDS, directPost, getPurchase } from './lib/lifecycle_support.mjs';
import { payAtCheckout } from './lib/checkout_support.mjs';

let server;
before(async () => { server = await startTender(); });
after(async () => { await server?.cleanup(); });

const SHOP = 'https://shop.example.test';
// PHP's json_encode and round(): "/" escaped, round() returns a float (1000.0 is sent as 1000.0).
const phpJson = (value) => JSON.stringify(value).replace(/\//g, '\\/').replace(/"__float:(\d+)"/g, '$1.0');
const post = (path, rawBody, headers = {}) => api(server, 'POST', path, { rawBody, headers });

describe('Go SDK (CHIPAsia/chip-go-sdk)', () => {
  test('CreatePurchase marshals every field, unset ones as "", 0 and null; GetPurchase decodes', async () => {
    // purchases_operations.go CreatePurchase (json.Marshal of PurchaseOption, purchase.go: no
    // omitempty), client.go (cc/bcc nil slices → null), product.go (tax_percent string, quantity
    // interface{}), purchase_detail.go.
    const body = {
      brand_id: server.company.brand_id,
      client_id: '',
      client: {
        bank_account: '', bank_code: '', email: 'go@example.com', phone: '', full_name: 'Go Payer', personal_code: '',
        street_address: '', country: '', city: '', zip_code: '', shipping_street_address: '', shipping_country: '',
        shipping_city: '', shipping_zip_code: '', cc: null, bcc: null, legal_name: '', brand_name: '',
        registration_number: '', tax_number: '',
      },
      purchase: {
        description: '', currency: '', products: [{ name: 'Go widget', quantity: null, price: 2500, discount: 0, tax_percent: '', category: '' }],
        total: 0, language: '', notes: '', debt: 0, subtotal_override: 0, total_tax_override: 0, total_discount_override: 0,
        total_override: 0, request_client_detail: '', timezone: '', due_strict: false, email_string: '',
      },
      send_receipt: false, skip_capture: false, force_recurring: false, reference: '', issued: '', due: 0,
      payment_method_whitelist: null, success_redirect: '', failure_redirect: '', cancel_redirect: '', success_callback: '',
      creator_agent: '', platform: '', upsell_campaigns: null, referral_campaign_id: '',
    };
    const p = expectJson(await post('/api/v1/purchases/', JSON.stringify(body), { accept: 'application/json' }), 201, 'CreatePurchase');
    assert.equal(p.purchase.total, 2500, 'total_override 0 is not an override: the product price is charged');
    assert.equal(p.purchase.currency, 'MYR', 'the brand default for ""');
    assert.equal(p.due, null, 'due 0 is no due time');
    assert.equal(p.platform, 'api');
    assert.equal(p.status, 'created');
    // GetPurchase: json.Unmarshal into the SDK's Purchase: integers where it has int, strings where string.
    const got = expectJson(await api(server, 'GET', `/api/v1/purchases/${p.id}/`), 200);
    for (const k of ['created_on', 'updated_on', 'refundable_amount']) assert.equal(typeof got[k], 'number', k);
    assert.equal(typeof got.purchase.products[0].tax_percent, 'string', 'product.go TaxPercent string');
    await directPost({ ...got, direct_post_url: `${server.url}/p/${p.id}/direct_post/` });
  });

  test('GetMethods: GET /payment_methods/ with its query string', async () => {
    // payment_methods_operations.go GetMethods, internal/http/helper.go GenerateQueryString.
    const m = expectJson(await api(server, 'GET', `/api/v1/payment_methods/?currency=MYR&recurring=true&brand_id=${server.company.brand_id}&language=en`), 200);
    assert.ok(Array.isArray(m.available_payment_methods) && m.available_payment_methods.length > 0);
  });
});

describe('WooCommerce (CHIPAsia/chip-for-woocommerce)', () => {
  test('create_payment as process_payment builds it: reference an integer, platform "woocommerce", floats from round(), the default whitelist ["fpx"]', async () => {
    // includes/class-chip-woocommerce-api.php create_payment (POST purchases/?time=),
    // includes/class-chip-woocommerce-gateway.php process_payment (the params).
    const callback = `${SHOP}/wc-api/wc_gateway_chip/?id=1234`;
    const params = {
      success_callback: callback, success_redirect: callback, failure_redirect: callback, cancel_redirect: callback,
      force_recurring: false, send_receipt: false, creator_agent: 'WooCommerce: 1.6.9', reference: 1234, platform: 'woocommerce',
      due: Math.floor(Date.now() / 1000) + 3600,
      purchase: {
        total_override: '__float:5990', due_strict: true, timezone: 'Asia/Kuala_Lumpur', currency: 'MYR', language: 'en',
        products: [{ name: 'Hoodie', price: '__float:2995', quantity: 2 }],
      },
      brand_id: server.company.brand_id,
      client: { email: 'woo@example.com', phone: '+60123456789', full_name: 'Woo Buyer', country: 'MY' },
      payment_method_whitelist: ['fpx'],
    };
    const res = await post(`/api/v1/purchases/?time=${Date.now()}`, phpJson(params));
    const p = expectJson(res, 201, 'create_payment');
    assert.equal(p.reference, '1234');
    assert.equal(p.purchase.total, 5990);
    assert.deepEqual(p.payment_method_whitelist, ['fpx'], 'kept as given');
    assert.equal(p.platform, 'api', 'shown within the seed\'s enum; stored as given');

    // With a card whitelist (the gateway's card settings) the purchase is paid at checkout.
    const cards = expectJson(await post('/api/v1/purchases/', phpJson({ ...params, payment_method_whitelist: ['visa', 'mastercard'] })), 201);
    await payAtCheckout(server, cards, { cardholder_name: 'Woo Buyer', card_number: CARDS.approve, expires: '12/30', cvc: '123' });
    assert.equal((await getPurchase(server, cards.id)).status, 'paid');
  });

  test('a card outside the purchase\'s whitelist is refused at payment', async () => {
    const p = expectJson(await post('/api/v1/purchases/', JSON.stringify({
      brand_id: server.company.brand_id, client: { email: 'w@example.com' },
      purchase: { products: [{ name: 'x', price: 100 }] }, payment_method_whitelist: ['mastercard'],
      success_redirect: `${SHOP}/ok`, failure_redirect: `${SHOP}/no`,
    })), 201);
    await directPost(p);  // a Visa card
    const after = await getPurchase(server, p.id);
    assert.equal(after.status, 'error');
    assert.equal(after.transaction_data.attempts[0].successful, false);
    const r = await directPost(after, { card_number: '5200000000001005', cvc: '100' });  // a Mastercard (docs/test-cards.md)
    const paid = await getPurchase(server, p.id);
    assert.equal(paid.status, 'paid', `${JSON.stringify(r)} ${JSON.stringify(paid.transaction_data.attempts)}`);
  });
});

describe('WooCommerce payment methods and Fluent Forms webhooks', () => {
  test('WooCommerce payment_methods() / payment_recurring_methods(): brand_id, currency, language, amount (and recurring=true)', async () => {
    // includes/class-chip-woocommerce-api.php payment_methods / payment_recurring_methods; the
    // gateway reads available_payment_methods to list the methods it offers.
    const base = `/api/v1/payment_methods/?brand_id=${server.company.brand_id}&currency=MYR&language=en&amount=5990`;
    for (const path of [base, `${base}&recurring=true`]) {
      const m = expectJson(await api(server, 'GET', path), 200, path);
      assert.ok(m.available_payment_methods.includes('visa') && m.available_payment_methods.includes('mastercard'), path);
    }
  });

  test('Fluent Forms setup_public_key(): GET /webhooks/ then POST /webhooks/?time= with all_events false and payment.refunded', async () => {
    // includes/class-chip-fluent-forms-api.php get_webhooks / create_webhook;
    // includes/admin/class-chip-fluent-forms-webhook-setup.php global_public_key(): looks for the
    // title "CHIP for Fluent Forms" in results[], else creates it and keeps its public_key.
    const list = expectJson(await api(server, 'GET', '/api/v1/webhooks/'), 200, 'get_webhooks');
    assert.ok(Array.isArray(list.results));
    const callback = `${SHOP}/index.php?fluentform_payment_api_notify=1&payment_method=chip`;
    const created = expectJson(await post(`/api/v1/webhooks/?time=${Math.floor(Date.now() / 1000)}`, phpJson({
      title: 'CHIP for Fluent Forms', all_events: false, events: ['payment.refunded'], callback,
    })), 201, 'create_webhook');
    assert.match(created.public_key, /^-----BEGIN PUBLIC KEY-----/);
    const found = expectJson(await api(server, 'GET', '/api/v1/webhooks/'), 200).results.find((w) => w.title === 'CHIP for Fluent Forms');
    assert.equal(found.public_key, created.public_key, 'the key it stores');
    assert.equal(found.callback, callback);
  });
});

describe('OpenCart (CHIPAsia/chip-for-opencart)', () => {
  test('create_purchase with settings passed through: "1"/"0" booleans, a null timezone, a route with a raw "|"', async () => {
    // catalog/controller/payment/chip.php (4.x) create_purchase; the URLs come from $this->url->link().
    const route = `${SHOP}/index.php?route=extension/chip/payment/chip|success_callback&order_id=77`;
    const p = expectJson(await post('/api/v1/purchases/', JSON.stringify({
      success_callback: route, success_redirect: route, failure_redirect: route, creator_agent: 'OC40: 1.0.0',
      reference: 77, platform: 'opencart', send_receipt: '1', due: Math.floor(Date.now() / 1000) + 3600,
      brand_id: server.company.brand_id, client: { email: 'oc@example.com', full_name: 'Open Cart' },
      purchase: { total_override: 1500, timezone: null, due_strict: '0', currency: 'MYR', products: [{ name: 'Order 77', price: 1500, quantity: '1' }] },
    })), 201, 'create_purchase');
    assert.equal(p.send_receipt, true);
    assert.equal(p.purchase.due_strict, false);
    assert.equal(p.success_callback, route, 'stored as given');
  });
});

describe('Magento 2 (CHIPAsia/chip-for-magento)', () => {
  test('cancelPayment and capturePayment() send the body "[]" (json_encode of an empty array)', async () => {
    // Model/Api.php cancelPayment / capturePayment / deleteRecurringToken: json_encode($params) for every non-GET.
    const p = expectJson(await post('/api/v1/purchases/', JSON.stringify({
      brand_id: server.company.brand_id, client: { email: 'm@example.com' }, platform: 'magento',
      purchase: { products: [{ name: 'x', price: 100, quantity: 1 }], total_override: 100 },
    })), 201);
    const cancelled = expectJson(await post(`/api/v1/purchases/${p.id}/cancel/`, '[]'), 200, 'cancel with []');
    assert.equal(cancelled.status, 'cancelled');
  });
});

describe('PrestaShop (CHIPAsia/chip-for-prestashop)', () => {
  test('currency in lower case, on create and on /payment_methods/', async () => {
    // chip/classes/ChipApi.php create_payment / payment_methods: strtolower($currency->iso_code).
    const m = expectJson(await api(server, 'GET', `/api/v1/payment_methods/?brand_id=${server.company.brand_id}&currency=myr&time=1`), 200);
    assert.ok(m.available_payment_methods.includes('visa'));
    const p = expectJson(await post('/api/v1/purchases/', JSON.stringify({
      brand_id: server.company.brand_id, client: { email: 'ps@example.com' }, platform: 'prestashop',
      purchase: { currency: 'myr', products: [{ name: 'x', price: 100 }] },
    })), 201);
    assert.equal(p.purchase.currency, 'MYR');
  });
});

describe('Java SDK (CHIPAsia/chip-java-sdk)', () => {
  test('createPurchase with Float quantity and taxPercent (Gson writes 2.0 and 6.0) and the model\'s defaults', async () => {
    // src/main/java/com/chip/PaymentApi.java createPurchase; model Purchase.java (status "created",
    // send_receipt false, skip_capture false by default), Product.java (Float quantity, taxPercent).
    const raw = JSON.stringify({
      client: { email: 'java@example.com' }, brand_id: server.company.brand_id, status: 'created', send_receipt: false, skip_capture: false,
      purchase: { currency: 'MYR', products: [{ name: 'Coffee', price: 1000, quantity: '__java:2.0', tax_percent: '__java:6.0' }] },
    }).replace(/"__java:([\d.]+)"/g, '$1');
    const p = expectJson(await post('/api/v1/purchases/', raw), 201, 'createPurchase');
    assert.equal(p.purchase.products[0].quantity, '2');
    assert.equal(p.purchase.products[0].tax_percent, '6');
    assert.equal(p.purchase.total, 2120, '2 × 10.00 + 6 % tax');
  });
});

describe('WHMCS (CHIPAsia/chip-for-whmcs)', () => {
  test('get_client_by_email: GET /clients/?q=<email> finds that client only, whatever the case', async () => {
    // modules/gateways/chip/api.php get_client_by_email; redirect.php takes results[0] and PATCHes it.
    const mine = `whmcs-${randomId().slice(0, 8)}@Example.com`;
    for (const email of [`other-${randomId().slice(0, 6)}@example.com`, mine]) {
      expectJson(await api(server, 'POST', '/api/v1/clients/', { body: { email } }), 201);
    }
    const found = expectJson(await api(server, 'GET', `/api/v1/clients/?q=${encodeURIComponent(mine.toLowerCase())}`), 200);
    assert.equal(found.results.length, 1);
    assert.equal(found.results[0].email, mine);
    const none = expectJson(await api(server, 'GET', `/api/v1/clients/?q=${encodeURIComponent('nobody@example.com')}`), 200);
    assert.deepEqual(none.results, [], 'never every client');
  });
});
