// The lifecycle calls of CHIP's SDKs and plugins with the bodies and headers each one really sends
// (none, `{}`, `[]`, an empty body with a JSON Content-Type, `{"amount"}`, `{"recurring_token"}`),
// read as each one reads the answer. The client's file and function are named in each test.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, startTender } from './lib/harness.mjs';
import { getPurchase, heldPurchase, newPurchase, paidPurchase } from './lib/lifecycle_support.mjs';

let server;
before(async () => { server = await startTender(); });
after(async () => { await server?.cleanup(); });

// A POST exactly as given: `body` undefined sends none; `contentType` null sends no Content-Type.
function send(path, { body, contentType = 'application/json' } = {}) {
  const headers = { 'content-type': contentType, accept: 'application/json' };
  return api(server, 'POST', path, { rawBody: body ?? '', headers });
}
const purchasePath = (id, op) => `/api/v1/purchases/${id}/${op}/`;

describe('Node.js SDK (chip-nodejs-sdk src/api/PaymentApi.js) and C# SDK (src/Org.Chip/Api/PurchasesApi.cs)', () => {
  test('purchasesCapture(id) sends {} without an amount; purchasesRelease/purchasesCancel send no body; answers are Purchases', async () => {
    // PaymentApi.js purchasesCapture: postBody = {} and amount only when given; purchasesRelease,
    // purchasesCancel: postBody = null (superagent sends nothing). returnType Purchase.
    const held = await heldPurchase(server);
    const captured = expectJson(await send(purchasePath(held.id, 'capture'), { body: '{}' }), 200, 'purchasesCapture');
    assert.equal(captured.type, 'purchase');
    assert.equal(captured.status, 'paid');
    const other = await heldPurchase(server);
    const released = expectJson(await send(purchasePath(other.id, 'release'), { contentType: null }), 200, 'purchasesRelease');
    assert.equal(released.status, 'released');
    const open = await newPurchase(server);
    assert.equal(expectJson(await send(purchasePath(open.id, 'cancel'), { contentType: null }), 200, 'purchasesCancel').status, 'cancelled');
  });

  test('purchasesRefund(id, amount) sends {"amount"}; the answer is the refund Payment (module:model/Payment)', async () => {
    const paid = await paidPurchase(server, {}, { price: 2000 });
    const refund = expectJson(await send(purchasePath(paid.id, 'refund'), { body: '{"amount":700}' }), 200, 'purchasesRefund');
    assert.equal(refund.type, 'payment');
    assert.equal(refund.payment_type, 'refund');
    assert.equal(refund.amount, 700);
  });

  test('purchasesCharge(id, token) sends {"recurring_token"}; purchasesDeleteRecurringToken sends no body', async () => {
    const saved = await paidPurchase(server, { force_recurring: true });
    const renewal = await newPurchase(server);
    const charged = expectJson(await send(purchasePath(renewal.id, 'charge'), { body: JSON.stringify({ recurring_token: saved.id }) }), 200, 'purchasesCharge');
    assert.equal(charged.status, 'paid');
    assert.equal(charged.recurring_token, saved.id);
    const deleted = expectJson(await send(purchasePath(saved.id, 'delete_recurring_token'), { contentType: null }), 200, 'purchasesDeleteRecurringToken');
    assert.equal(deleted.is_recurring_token, false);
  });
});

describe('Java SDK (chip-java-sdk src/main/java/com/chip/PaymentService.java)', () => {
  test('capturePurchase(id, Amount) and refundPurchase(id, Amount): Gson writes {"amount":N}; cancelPurchase has no @Body', async () => {
    // model/Amount.java is {int amount}; Retrofit sends a POST without @Body as an empty body.
    const held = await heldPurchase(server, {}, { price: 1500 });
    const captured = expectJson(await send(purchasePath(held.id, 'capture'), { body: '{"amount":1000}' }), 200, 'capturePurchase');
    assert.equal(captured.payment.amount, 1000);
    // Call<Purchase>: Gson maps the refund Payment's shared keys (id, type, status) and leaves the rest null.
    const refund = expectJson(await send(purchasePath(held.id, 'refund'), { body: '{"amount":400}' }), 200, 'refundPurchase');
    assert.equal(typeof refund.id, 'string');
    const open = await newPurchase(server);
    assert.equal(expectJson(await send(purchasePath(open.id, 'cancel'), { contentType: null }), 200).status, 'cancelled');
  });
});

describe('PHP SDK (chip-php-sdk lib/Traits/Api/Purchase.php, Client.php) and the PHP plugins', () => {
  test('capturePurchase(id) and refundPurchase(id) without an amount send no body and no Content-Type; markAsPaid(id) likewise', async () => {
    // Purchase.php: $options['json'] only when $amount !== null, so Guzzle sends neither body nor Content-Type.
    const held = await heldPurchase(server);
    assert.equal(expectJson(await send(purchasePath(held.id, 'capture'), { contentType: null }), 200).status, 'paid');
    const refund = expectJson(await send(purchasePath(held.id, 'refund'), { contentType: null }), 200, 'refundPurchase without amount');
    assert.equal(refund.amount, held.purchase.total, 'the whole amount');
    const open = await newPurchase(server);
    assert.equal(expectJson(await send(purchasePath(open.id, 'mark_as_paid'), { contentType: null }), 200, 'markAsPaid').status, 'paid');
  });

  test('resendInvoice(id): no body; a created purchase becomes sent, a sent one is answered as it is, a paid one is refused', async () => {
    // Purchase.php resendInvoice(): POST purchases/{id}/resend_invoice/, mapped onto a Purchase.
    // Tender sends no e-mail (docs/billing.md); the status records the sending.
    const open = await newPurchase(server);
    const sent = expectJson(await send(purchasePath(open.id, 'resend_invoice'), { contentType: null }), 200, 'resendInvoice');
    assert.equal(sent.type, 'purchase');
    assert.equal(sent.status, 'sent');
    const again = expectJson(await send(purchasePath(open.id, 'resend_invoice'), { contentType: null }), 200, 'resendInvoice again');
    assert.equal(again.status, 'sent');
    assert.equal(again.status_history.filter((h) => h.status === 'sent').length, 1, 'sent once');
    const paid = await paidPurchase(server);
    const refused = expectJson(await send(purchasePath(paid.id, 'resend_invoice'), { contentType: null }), 400, 'resendInvoice of a paid purchase');
    assert.equal(refused.__all__[0].code, 'purchase_resend_invoice_error');
    assert.equal((await getPurchase(server, paid.id)).status, 'paid');
    const unknown = await send(purchasePath('6f1c2a57-0000-4000-8000-000000000000', 'resend_invoice'), { contentType: null });
    assert.equal(expectJson(unknown, 404, 'unknown purchase').__all__[0].code, 'not_found');
  });

  test('WHMCS delete_token(), Gravity Forms / GiveWP cancel_payment(): an empty body with Content-type: application/json', async () => {
    // chip-for-whmcs modules/gateways/chip/api.php call(): empty $params are not JSON-encoded, so
    // CURLOPT_POSTFIELDS gets an empty array: no body, the JSON Content-type header still set.
    // chip-for-gravity-forms includes/class-gf-chip-api.php and chip-for-givewp
    // includes/class-chip-givewp-api.php call(): wp_remote_request with body array().
    const saved = await paidPurchase(server, { force_recurring: true });
    const deleted = expectJson(await send(purchasePath(saved.id, 'delete_recurring_token')), 200, 'delete_token');
    assert.equal(deleted.is_recurring_token, false);
    const open = await newPurchase(server);
    assert.equal(expectJson(await send(purchasePath(open.id, 'cancel')), 200, 'cancel_payment').status, 'cancelled');
    assert.equal((await getPurchase(server, open.id)).status, 'cancelled');
  });

  test('listRecurringTokens / getRecurringToken / deleteRecurringTokenByClient for a client\'s saved card', async () => {
    // Client.php: GET clients/{id}/recurring_tokens/, GET and DELETE clients/{id}/recurring_tokens/{purchaseId}/.
    const client = expectJson(await api(server, 'POST', '/api/v1/clients/', { body: { email: 'sdk-tokens@example.com' } }), 201, 'createClient');
    const saved = await paidPurchase(server, { client_id: client.id, force_recurring: true });
    const list = expectJson(await api(server, 'GET', `/api/v1/clients/${client.id}/recurring_tokens/`), 200, 'listRecurringTokens');
    assert.deepEqual(list.results.map((t) => t.recurring_token), [saved.id]);
    const one = expectJson(await api(server, 'GET', `/api/v1/clients/${client.id}/recurring_tokens/${saved.id}/`), 200, 'getRecurringToken');
    assert.equal(one.client_id, client.id);
    const del = await api(server, 'DELETE', `/api/v1/clients/${client.id}/recurring_tokens/${saved.id}/`);
    assert.ok([200, 204].includes(del.status), del.text);
    assert.equal((await getPurchase(server, saved.id)).is_recurring_token, false);
  });
});
