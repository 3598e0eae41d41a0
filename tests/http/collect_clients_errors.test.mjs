// What CHIP's official clients read when something goes wrong or changes after a payment: the
// error body (every client parses it its own way), the provider's invalid_recurring_token, the
// card type of a saved card, and the payment.refunded webhook. Each request is built as the named
// client builds it, and the answer is read as it reads it (docs/collect-clients.md).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, startTender } from './lib/harness.mjs';
import { CARDS, getPurchase, newPurchase, op, paidPurchase } from './lib/lifecycle_support.mjs';
import { createWebhook, startReceiver, waitFor } from './lib/hooks_support.mjs';
import { collectViolations } from './lib/seed_schemas.mjs';

let server;
before(async () => { server = await startTender(); });
after(async () => { await server?.cleanup(); });

const post = (path, body, opts = {}) => api(server, 'POST', path, { body, ...opts });

// chip-java-sdk src/main/java/com/chip/model/ApiErrors.java: `HashMap<String, List<ApiError>>`,
// ApiError {String message; String code}; PaymentApi.errors() hands the error body to Gson. Gson
// refuses a value that is not a list of such objects, so this is what Gson accepts.
function asJavaApiErrors(body) {
  assert.equal(typeof body, 'object');
  assert.ok(!Array.isArray(body) && body !== null, 'a JSON object');
  for (const [field, list] of Object.entries(body)) {
    assert.ok(Array.isArray(list), `${field}: List<ApiError> (${JSON.stringify(body)})`);
    for (const e of list) {
      assert.deepEqual(Object.keys(e).sort(), ['code', 'message'], `${field}: ApiError`);
      assert.equal(typeof e.message, 'string');
      assert.equal(typeof e.code, 'string');
    }
  }
  return body;
}

describe('error bodies, as each client parses them', () => {
  test('Java SDK PaymentApi.errors(): field errors, nested ones and __all__ all parse as Map<String, List<ApiError>>', async () => {
    // PaymentApi.createPurchase through PaymentService.createPurchase (POST purchases/); a nested
    // field (client.email), a product's price, and a request with no key (401, __all__).
    const bad = await post('/api/v1/purchases/', {
      brand_id: server.company.brand_id, client: { email: 'not-an-email' },
      purchase: { products: [{ name: 'Coffee', price: -1 }] },
    });
    const errors = asJavaApiErrors(expectJson(bad, 400, 'invalid purchase'));
    assert.equal(errors['client.email'][0].code, 'invalid', 'the field is named by its dotted path');
    assert.equal(errors['purchase.products.0.price'][0].code, 'min_value');
    const noKey = await api(server, 'GET', `/api/v1/purchases/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/`, { key: null });
    assert.equal(asJavaApiErrors(expectJson(noKey, 401, 'no key')).__all__[0].code, 'authentication_failed');
    const unknown = await api(server, 'GET', `/api/v1/purchases/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/`);
    assert.equal(asJavaApiErrors(expectJson(unknown, 404, 'unknown')).__all__[0].code, 'not_found');
  });

  test('WooCommerce process_payment(): foreach ($payment[\'__all__\'] as $all_error) wc_add_notice($all_error[\'message\'])', async () => {
    // includes/class-chip-woocommerce-gateway.php process_payment: when create_payment answers no
    // `id`, each element of __all__ is read as an array with a `message`.
    const res = await api(server, 'POST', `/api/v1/purchases/?time=${Date.now()}`, {
      key: 'a-revoked-secret-key', body: { brand_id: server.company.brand_id, client: { email: 'w@example.com' }, purchase: { products: [{ name: 'x', price: 100 }] } },
    });
    const payment = expectJson(res, 401, 'a wrong secret key');
    assert.equal(payment.id, undefined);
    assert.ok(Array.isArray(payment.__all__), 'foreach needs a list');
    for (const allError of payment.__all__) assert.ok(allError.message.length > 0, 'each element has a message');
  });

  test('WooCommerce process_refund() and process_admin_options(): array_map over __all__, current($public_key[\'__all__\'])[\'message\']', async () => {
    // includes/class-chip-woocommerce-gateway.php process_refund(): isset($result['__all__']), then
    // array_map reading each $error['message']; process_admin_options(): a public_key() answer that
    // is an array is an error, shown as current($public_key['__all__'])['message'].
    const unpaid = await newPurchase(server);
    const refund = expectJson(await op(server, unpaid.id, 'refund', { amount: 100 }), 400, 'refund_payment of an unpaid purchase');
    assert.ok(refund.__all__.map((e) => e.message).filter(Boolean).length > 0, 'array_map finds the messages');
    const key = expectJson(await api(server, 'GET', '/api/v1/public_key/', { key: 'a-wrong-secret-key' }), 401, 'public_key() with a wrong key');
    assert.equal(typeof key.__all__[0].message, 'string', 'current(__all__)[message]');
    const good = expectJson(await api(server, 'GET', '/api/v1/public_key/'), 200, 'public_key()');
    assert.equal(typeof good, 'string', 'not an array: the plugin keeps it as the key');
  });

  test('PHP SDK GuzzleClient: a 4xx becomes a ClientException carrying the decoded body; Go SDK: an error with the status', async () => {
    // chip-php-sdk lib/Http/GuzzleClient.php request(): json_decode(body, true) ?? [] and
    // $body['detail'] ?? $body['message'] ?? the Guzzle message: any JSON object is fine.
    // chip-go-sdk internal/http/http_request.go request(): status > 399 is an error with the body.
    const res = await post('/api/v1/clients/', { phone: '+60123456789' });
    const body = expectJson(res, 400, 'no email');
    assert.equal(typeof body, 'object');
    assert.equal(body.email[0].code, 'required');
  });
});

describe('recurring tokens (chip-for-woocommerce)', () => {
  test('a saved card carries card_type, cardholder_name, card_issuer_country and masked_pan', async () => {
    // includes/class-chip-woocommerce-gateway.php, saving a card as a WooCommerce payment token:
    // $token->add_meta_data() of transaction_data.extra.cardholder_name, card_issuer_country,
    // masked_pan and card_type.
    const saved = await paidPurchase(server, { force_recurring: true });
    assert.equal(saved.is_recurring_token, true);
    const extra = saved.transaction_data.extra;
    assert.equal(extra.card_type, 'debit', 'docs/test-cards.md: 4444 3333 2222 1111 is a debit card');
    assert.equal(extra.card_issuer_country, 'MY');
    assert.equal(extra.cardholder_name, 'John Doe');
    assert.match(extra.masked_pan, /^444433\*+1111$/);
    const credit = await paidPurchase(server, { force_recurring: true }, { card: '5200000000001005', fields: { cvc: '100' } });
    assert.equal(credit.transaction_data.extra.card_type, 'debit');
    const amex = await paidPurchase(server, {}, { card: '378282246310005', fields: { cvc: '1234' } });
    assert.equal(amex.transaction_data.extra.card_type, 'credit');
  });

  test('charging with a deleted token: 400 {"__all__": [{"code": "invalid_recurring_token"}]}, so maybe_delete_payment_token drops the card', async () => {
    // Flow: delete_token() (POST purchases/{id}/delete_recurring_token/, no body), then a renewal's
    // charge_payment() (POST purchases/{id}/charge/ {"recurring_token"}) answers the error that
    // maybe_delete_payment_token() looks for: $charge_payment['__all__'][i]['code'].
    const saved = await paidPurchase(server, { force_recurring: true });
    expectJson(await op(server, saved.id, 'delete_recurring_token'), 200, 'delete_token');
    const renewal = await newPurchase(server);
    const res = await op(server, renewal.id, 'charge', { recurring_token: saved.id });
    const chargePayment = expectJson(res, 400, 'charge with a deleted token');
    assert.ok(chargePayment.__all__.some((e) => e.code === 'invalid_recurring_token'), res.text);
    assert.equal(chargePayment.recurring_token[0].code, 'invalid_recurring_token', 'the field is named too');
    assert.equal((await getPurchase(server, renewal.id)).status, 'created', 'nothing changed');
    // A token that never existed answers the same.
    const never = await op(server, renewal.id, 'charge', { recurring_token: '6f1c2a57-0000-4000-8000-000000000000' });
    assert.ok(expectJson(never, 400, 'unknown token').__all__.some((e) => e.code === 'invalid_recurring_token'));
  });
});

describe('the payment.refunded webhook', () => {
  test('carries the refund Payment (seed 003: the status change to refunded refers to the refund Payment)', async () => {
    const receiver = await startReceiver();
    try {
      const hook = await createWebhook(server, { title: 'refunds', callback: `${receiver.url}/refunds`, events: ['payment.refunded'] });
      receiver.keys.set('/refunds', hook.public_key);
      const paid = await paidPurchase(server, { reference: 'order-1500' }, { card: CARDS.approve, price: 1500 });
      const refund = expectJson(await op(server, paid.id, 'refund', { amount: 500 }), 200, 'refund 5.00');
      const hit = await waitFor('the payment.refunded webhook', () => receiver.on('/refunds').find((r) => r.eventType === 'payment.refunded'));
      assert.equal(hit.verified, true, 'signed with the webhook key');
      const payload = hit.json;
      assert.equal(payload.type, 'payment');
      assert.equal(payload.id, refund.id, 'the refund the answer named');
      assert.equal(payload.payment_type, 'refund');
      assert.equal(payload.is_outgoing, true);
      assert.equal(payload.amount, 500);
      assert.equal(payload.payment.amount, 500);
      assert.equal(payload.payment.currency, paid.purchase.currency);
      // chip-for-fluent-forms includes/class-purchase.php refund_callback(): event_type, then
      // related_to.id finds the transaction; chip-for-opencart's refund callback reads
      // related_to.reference (the order), payment.payment_type "refund" and status "success".
      assert.deepEqual(payload.related_to, { type: 'purchase', id: paid.id, reference: paid.reference });
      assert.equal(payload.payment.payment_type, 'refund');
      assert.equal(payload.status, 'success');
      const history = (await getPurchase(server, paid.id)).status_history;
      assert.deepEqual(history.at(-1).related_object, { type: 'payment', id: payload.id }, 'the purchase refers to it');
      assert.deepEqual(collectViolations(payload), [], 'the Payment matches the seed\'s PaymentDetails');
    } finally {
      await receiver.close();
    }
  });
});

describe('company statements (chip-php-sdk lib/Traits/Api/Statements.php)', () => {
  test('cancelStatement(): POST company_statements/{id}/cancel/ answers that a finished statement cannot be cancelled; unknown ids 404', async () => {
    // scheduleStatement() then cancelStatement(); Tender's statements are finished when created.
    const statement = expectJson(await post('/api/v1/company_statements/', { format: 'csv', timezone: 'UTC' }), 201, 'scheduleStatement');
    assert.equal(statement.status, 'finished');
    const res = await post(`/api/v1/company_statements/${statement.id}/cancel/`);
    assert.equal(expectJson(res, 400, 'cancel a finished statement').__all__[0].code, 'statement_cancel_error');
    assert.equal(expectJson(await api(server, 'GET', `/api/v1/company_statements/${statement.id}/`), 200).status, 'finished', 'unchanged');
    const unknown = await post('/api/v1/company_statements/6f1c2a57-0000-4000-8000-000000000000/cancel/');
    assert.equal(expectJson(unknown, 404, 'unknown statement').__all__[0].code, 'not_found');
  });
});
