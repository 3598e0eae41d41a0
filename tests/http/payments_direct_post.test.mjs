// Direct Post (the seed's Purchase.direct_post_url): the payer's browser posts the card fields
// straight to Tender, which answers 303 to success_redirect or failure_redirect (or to the
// 3-D Secure test ACS first). Validation errors of the fields are payment failures with the
// seed's validation_* codes; decline cards of docs/test-cards.md fail with their codes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  api, expectJson, purchaseBody, sleep, startTender,
} from './lib/harness.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SUCCESS = 'https://shop.example.test/paid?order=1';
const FAILURE = 'https://shop.example.test/failed?order=1';

const CARD = Object.freeze({ cardholder_name: 'John Doe', card_number: '4444333322221111', expires: '12/30', cvc: '123' });

// The seed's words for the attempt error codes used here (Purchase.transaction_data.attempts[].error).
const SEED_MESSAGES = {
  validation_card_details_missing: 'Card data field values are missing from request',
  validation_cvc_not_provided: '`cvc` field not provided',
  validation_cardholder_name_not_provided: '`cardholder_name` field not provided',
  validation_card_number_not_provided: '`card_number` field not provided',
  validation_expires_not_provided: '`expires` field not provided',
  validation_cvc_too_long: '`cvc` is too long',
  validation_cardholder_name_too_long: '`cardholder_name` is too long',
  validation_card_number_too_long: '`card_number` is too long',
  validation_expires_too_long: '`expires` is too long',
  validation_cvc_invalid: '`cvc` is invalid',
  validation_cardholder_name_invalid: '`cardholder_name` is too long or invalid',
  validation_card_number_invalid: '`card_number` is invalid',
  validation_expires_invalid: '`expires` is invalid',
  insufficient_funds: 'Insufficient funds',
  do_not_honour: 'Do not honour (the transaction was declined by the Issuer without definition or reason).',
  stolen_card: 'Stolen card',
  lost_card: 'Lost card',
  restricted_card: 'Restricted card',
  exceeds_withdrawal_limit: 'Exceeds withdrawal limit',
  exceeded_account_limit: 'Exceeded account limit',
  suspected_fraud: 'Decline, suspected fraud',
  issuer_not_available: 'Issuer Not Available',
  transaction_not_permitted_to_cardholder: 'Transaction not permitted to cardholder',
  invalid_issuer_number: 'No such issuer (the Issuer number is not valid).',
  security_violation: 'Security violation',
  expired_card: 'Expired card',
  authorization_failed: 'Payment authorization failed',
  antifraud_general: 'Decline, fraud',
  blacklisted_tx: 'Blacklisted transaction: blocked (general)',
  acquirer_internal_error: 'Acquirer internal error',
  invalid_card_data: 'Invalid card data provided',
  '3ds_authentication_failed': '3DS authentication failed',
};

// The sandbox decline cards (docs/test-cards.md): PAN -> error code. Status `blocked` for the
// acquirer's risk rules (the seed: "Like error, but payment attempt was blocked due to fraud
// scoring below threshold or other security checks not passing"), `error` otherwise.
const DECLINE_CARDS = {
  '4000000000000010': 'insufficient_funds',
  '4000000000000028': 'do_not_honour',
  '4000000000000036': 'stolen_card',
  '4000000000000044': 'lost_card',
  '4000000000000051': 'restricted_card',
  '4000000000000069': 'exceeds_withdrawal_limit',
  '4000000000000077': 'exceeded_account_limit',
  '4000000000000085': 'suspected_fraud',
  '4000000000000093': 'issuer_not_available',
  '4000000000000101': 'transaction_not_permitted_to_cardholder',
  '4000000000000119': 'invalid_issuer_number',
  '4000000000000127': 'security_violation',
  '4000000000000135': 'expired_card',
  '4000000000000143': 'authorization_failed',
  '4000000000000150': 'antifraud_general',
  '4000000000000168': 'blacklisted_tx',
  '4000000000000176': 'acquirer_internal_error',
};
const BLOCKING = new Set(['antifraud_general', 'blacklisted_tx']);

const servers = [];
let server;
after(async () => { for (const s of servers) await s.cleanup(); });

before(async () => {
  server = await startTender({ withSecond: false });
  servers.push(server);
});

// ---------------------------------------------------------------------------------------------
async function newPurchase(extra = {}, s = server) {
  const body = purchaseBody(s, { success_redirect: SUCCESS, failure_redirect: FAILURE, ...extra });
  return expectJson(await api(s, 'POST', '/api/v1/purchases/', { body }), 201, 'create purchase');
}

async function getPurchase(id, s = server) {
  return expectJson(await api(s, 'GET', `/api/v1/purchases/${id}/`, {}), 200, `get purchase ${id}`);
}

// POSTs the fields as an HTML form would (application/x-www-form-urlencoded), no cookies.
async function directPost(url, fields, { headers = {} } = {}) {
  const res = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, location: res.headers.get('location'), headers: res.headers, text };
}

// A failed Direct Post payment: 303 to failure_redirect, status error (or blocked), the one
// attempt carrying the seed's code and words.
async function expectFailedPayment(p, fields, code, { status = 'error', what = code } = {}) {
  const r = await directPost(p.direct_post_url, fields);
  assert.equal(r.status, 303, `${what}: ${r.status} ${r.text}`);
  assert.equal(r.location, FAILURE, `${what}: should go to failure_redirect`);
  const after = await getPurchase(p.id);
  assert.equal(after.status, status, `${what}: status`);
  assert.equal(after.payment, null, `${what}: no payment`);
  assert.equal(after.is_recurring_token, false, `${what}: no token for a failed payment`);
  const attempts = after.transaction_data.attempts;
  assert.equal(attempts.length, 1, `${what}: one attempt: ${JSON.stringify(attempts)}`);
  assert.equal(attempts[0].successful, false);
  assert.equal(attempts[0].error?.code, code, `${what}: ${JSON.stringify(attempts[0])}`);
  if (SEED_MESSAGES[code]) assert.equal(attempts[0].error.message, SEED_MESSAGES[code], `${what}: message`);
  assert.equal(attempts[0].flow, 'direct_post');
  assert.equal(attempts[0].type, 'execute');
  assert.equal(after.transaction_data.flow, 'direct_post');
  assert.ok(after.status_history.some((h) => h.status === status), `${what}: status_history ${JSON.stringify(after.status_history)}`);
  return after;
}

function currentMmYy(offsetMonths = 0) {
  const d = new Date();
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offsetMonths, 1));
  return `${String(t.getUTCMonth() + 1).padStart(2, '0')}/${String(t.getUTCFullYear() % 100).padStart(2, '0')}`;
}

// DIGITS plus the Luhn check digit.
function withLuhn(digits) {
  let sum = 0;
  for (let i = digits.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = Number(digits[i]);
    if (dbl) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return digits + String((10 - (sum % 10)) % 10);
}

async function pollWhilePending(id, s = server, timeoutMs = 10_000) {
  let p;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) {
    p = await getPurchase(id, s);
    if (p.status !== 'pending_execute') break;
  }
  return p;
}

function absolute(location, s = server) {
  return new URL(location, s.url + '/').href;
}

// Completes the test ACS page a 3-D Secure redirect points at: GET it (takes the tender_csrf
// cookie and the form's csrf_token), then POST result=approve|fail.
async function completeChallenge(location, result, s = server) {
  const url = absolute(location, s);
  const page = await fetch(url, { redirect: 'manual' });
  const html = await page.text();
  assert.equal(page.status, 200, html);
  const cookie = (page.headers.get('set-cookie') || '').match(/tender_csrf=([^;]+)/)?.[1];
  const token = html.match(/name="csrf_token" value="([^"]+)"/)?.[1];
  assert.ok(cookie && token, `challenge page should set the CSRF cookie and field: ${html}`);
  const res = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams({ csrf_token: token, result }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tender_csrf=${cookie}` },
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text(), html };
}

// ---------------------------------------------------------------------------------------------
describe('direct_post_url', () => {
  test('is given when success_redirect and failure_redirect are set and request_client_details is empty', async () => {
    const p = await newPurchase();
    assert.equal(p.direct_post_url, `${server.url}/p/${p.id}/direct_post/`);
  });

  test('is null without success_redirect, without failure_redirect, or with request_client_details', async () => {
    const cases = [
      ['no redirects', { success_redirect: undefined, failure_redirect: undefined }],
      ['no failure_redirect', { failure_redirect: undefined }],
      ['no success_redirect', { success_redirect: undefined }],
      ['empty failure_redirect', { failure_redirect: '' }],
      ['request_client_details', { purchase: { products: [{ name: 'Widget', price: 1000 }], request_client_details: ['phone'] } }],
    ];
    for (const [label, extra] of cases) {
      const body = purchaseBody(server, { success_redirect: SUCCESS, failure_redirect: FAILURE, ...extra });
      for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
      const p = expectJson(await api(server, 'POST', '/api/v1/purchases/', { body }), 201, label);
      assert.equal(p.direct_post_url, null, `${label}: ${JSON.stringify(p.direct_post_url)}`);
      assert.equal((await getPurchase(p.id)).direct_post_url, null, `${label} (GET)`);
    }
  });

  test('is null once payment is not possible (paid, cancelled)', async () => {
    const paid = await newPurchase();
    assert.equal((await directPost(paid.direct_post_url, CARD)).location, SUCCESS);
    assert.equal((await getPurchase(paid.id)).direct_post_url, null, 'paid');
    const cancelled = await newPurchase();
    const c = expectJson(await api(server, 'POST', `/api/v1/purchases/${cancelled.id}/cancel/`), 200, 'cancel');
    assert.equal(c.direct_post_url, null, 'cancel response');
    assert.equal((await getPurchase(cancelled.id)).direct_post_url, null, 'cancelled');
  });
});

describe('Direct Post payment', () => {
  test('the test card pays: 303 to success_redirect, status paid, payment and transaction_data', async () => {
    const p = await newPurchase({ purchase: { currency: 'EUR', products: [{ name: 'Widget', price: 1999, quantity: '2' }] } });
    const r = await directPost(p.direct_post_url, CARD);
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, SUCCESS);
    assert.match(r.headers.get('cache-control') || '', /no-store/);

    const after = await getPurchase(p.id);
    assert.equal(after.status, 'paid');
    assert.equal(after.purchase.total, 3998);
    const pay = after.payment;
    assert.equal(pay.is_outgoing, false);
    assert.equal(pay.payment_type, 'purchase');
    assert.equal(pay.amount, 3998);
    assert.equal(pay.currency, 'EUR');
    assert.equal(pay.pending_amount, 0);
    assert.equal(pay.amount, pay.net_amount + pay.fee_amount + pay.pending_amount, 'amount = net + fee + pending');
    assert.equal(pay.fee_amount, Math.round(3998 * 0.025), 'the demo brand charges 2.50 %');
    assert.equal(pay.net_amount, 3998 - pay.fee_amount);
    assert.equal(typeof pay.paid_on, 'number');
    assert.ok(Math.abs(pay.paid_on - Date.now() / 1000) < 120, `paid_on ${pay.paid_on}`);

    const td = after.transaction_data;
    assert.equal(td.flow, 'direct_post');
    assert.equal(td.payment_method, 'visa');
    assert.equal(td.country, 'MY');
    assert.ok(typeof td.processing_tx_id === 'string' && td.processing_tx_id.length > 0, 'processing_tx_id');
    assert.deepEqual(
      { masked_pan: td.extra.masked_pan, three_d_secure: td.extra.three_d_secure, expiry_month: td.extra.expiry_month,
        expiry_year: td.extra.expiry_year, cardholder_name: td.extra.cardholder_name },
      { masked_pan: '444433******1111', three_d_secure: false, expiry_month: 12, expiry_year: 30, cardholder_name: 'John Doe' });
    assert.equal(td.attempts.length, 1);
    const a = td.attempts[0];
    assert.equal(a.type, 'execute');
    assert.equal(a.successful, true);
    assert.equal(a.error, null);
    assert.equal(a.payment_method, 'visa');
    assert.equal(a.flow, 'direct_post');
    assert.equal(a.client_ip, '127.0.0.1');
    assert.equal(a.extra.masked_pan, '444433******1111');
    assert.equal(typeof a.processing_time, 'number');
    assert.deepEqual(after.status_history.map((h) => h.status), ['created', 'paid']);
    assert.equal(after.is_recurring_token, false);
    assert.equal(after.checkout_url, undefined, 'a paid purchase has no checkout');
  });

  test('needs no cookie or CSRF token (the form lives on the merchant site)', async () => {
    const p = await newPurchase();
    const r = await directPost(p.direct_post_url, CARD, { headers: { origin: 'https://shop.example.test', referer: 'https://shop.example.test/checkout' } });
    assert.equal(r.location, SUCCESS, r.text);
  });

  test('remember_card=on saves the card (is_recurring_token); without it nothing is saved', async () => {
    const saved = await newPurchase();
    assert.equal((await directPost(saved.direct_post_url, { ...CARD, remember_card: 'on' })).location, SUCCESS);
    assert.equal((await getPurchase(saved.id)).is_recurring_token, true);
    const plain = await newPurchase();
    assert.equal((await directPost(plain.direct_post_url, CARD)).location, SUCCESS);
    assert.equal((await getPurchase(plain.id)).is_recurring_token, false);
  });

  test('Latin names with space, apostrophe, dot and dash are accepted; 30 characters is not too long', async () => {
    for (const name of ["Mary-Jane O'Neil Jr.", 'A'.repeat(30)]) {
      const p = await newPurchase();
      const r = await directPost(p.direct_post_url, { ...CARD, cardholder_name: name });
      assert.equal(r.location, SUCCESS, name);
      assert.equal((await getPurchase(p.id)).transaction_data.extra.cardholder_name, name);
    }
  });

  test('a card of the current month is not expired; a card of last month is expired_card', async () => {
    const current = await newPurchase();
    assert.equal((await directPost(current.direct_post_url, { ...CARD, expires: currentMmYy(0) })).location, SUCCESS, currentMmYy(0));
    assert.equal((await getPurchase(current.id)).status, 'paid');
    const last = await newPurchase();
    await expectFailedPayment(last, { ...CARD, expires: currentMmYy(-1) }, 'expired_card', { what: currentMmYy(-1) });
  });

  test('an expired card (11/26) fails with expired_card', async (t) => {
    if (currentMmYy(0) !== '12/26') t.diagnostic(`today is ${currentMmYy(0)}, 11/26 is still in the past`);
    await expectFailedPayment(await newPurchase(), { ...CARD, expires: '11/26' }, 'expired_card');
  });

  test('a wrong CVC fails with invalid_card_data', async () => {
    await expectFailedPayment(await newPurchase(), { ...CARD, cvc: '999' }, 'invalid_card_data', { what: 'cvc 999' });
    await expectFailedPayment(await newPurchase(), { ...CARD, cvc: '1234' }, 'invalid_card_data', { what: '4-digit cvc on a Visa' });
  });

  test('a number failing the Luhn check is invalid_card_number; any other valid number authorization_failed', async () => {
    const cases = [
      ['4444333322221112', 'invalid_card_number'],
      ['4111111111111111', 'authorization_failed'],
      [withLuhn('400000000000000000'), 'authorization_failed'], // 19 digits: the longest allowed
      [withLuhn('40000000000'), 'authorization_failed'], // 12 digits: the shortest allowed
      [withLuhn('4000000000'), 'invalid_card_number'], // 11 digits
    ];
    for (const [number, code] of cases) {
      await expectFailedPayment(await newPurchase(), { ...CARD, card_number: number }, code, { what: number });
    }
  });

  test('the timeout card (4000 0000 0000 1018) leaves the purchase pending_execute, then paid', async () => {
    const p = await newPurchase();
    const r = await directPost(p.direct_post_url, { ...CARD, card_number: '4000000000001018' });
    assert.equal(r.status, 303);
    assert.equal(absolute(r.location), `${server.url}/p/${p.id}/result/`);
    assert.equal((await getPurchase(p.id)).status, 'pending_execute');
    const after = await pollWhilePending(p.id);
    assert.equal(after.status, 'paid');
    assert.deepEqual(after.status_history.map((h) => h.status), ['created', 'pending_execute', 'paid']);
  });

  test('paying a paid purchase again is refused: still one successful attempt, still paid', async () => {
    const p = await newPurchase();
    assert.equal((await directPost(p.direct_post_url, CARD)).location, SUCCESS);
    const first = await getPurchase(p.id);
    const again = await directPost(p.direct_post_url, CARD);
    assert.equal(again.status, 303);
    assert.equal(again.location, FAILURE, 'the second payment is a failure for the payer');
    const after = await getPurchase(p.id);
    assert.equal(after.status, 'paid');
    assert.deepEqual(after.payment, first.payment, 'the payment is unchanged');
    assert.equal(after.transaction_data.attempts.filter((a) => a.successful).length, 1);
    assert.equal(after.status_history.filter((h) => h.status === 'paid').length, 1);
    // A decline card on the paid purchase changes nothing either.
    await directPost(p.direct_post_url, { ...CARD, card_number: '4000000000000010' });
    const later = await getPurchase(p.id);
    assert.equal(later.status, 'paid');
    assert.equal(later.transaction_data.attempts.filter((a) => a.successful).length, 1);
  });

  test('concurrent posts of the same card pay once', async () => {
    const p = await newPurchase();
    const results = await Promise.all(Array.from({ length: 8 }, () => directPost(p.direct_post_url, CARD)));
    assert.ok(results.every((r) => r.status === 303), JSON.stringify(results.map((r) => r.status)));
    assert.equal(results.filter((r) => r.location === SUCCESS).length, 1,
      `exactly one payer is sent to success_redirect: ${JSON.stringify(results.map((r) => r.location))}`);
    const after = await getPurchase(p.id);
    assert.equal(after.status, 'paid');
    assert.equal(after.transaction_data.attempts.filter((a) => a.successful).length, 1);
    assert.equal(after.status_history.filter((h) => h.status === 'paid').length, 1);
    assert.equal(after.payment.amount, 1000);
  });

  test('a cancelled purchase cannot be paid: refused, status stays cancelled, no attempt', async () => {
    const p = await newPurchase();
    expectJson(await api(server, 'POST', `/api/v1/purchases/${p.id}/cancel/`), 200, 'cancel');
    const r = await directPost(p.direct_post_url, CARD);
    assert.equal(r.status, 303);
    assert.equal(r.location, FAILURE);
    const after = await getPurchase(p.id);
    assert.equal(after.status, 'cancelled');
    assert.deepEqual(after.transaction_data.attempts, []);
    assert.equal(after.payment, null);
  });

  test('an unknown purchase is 404, with a valid card and with an invalid one, and nothing is created', async () => {
    const p = await newPurchase();
    const unknown = p.direct_post_url.replace(p.id, '00000000-0000-4000-8000-000000000000');
    assert.notEqual(unknown, p.direct_post_url);
    assert.equal((await directPost(unknown, CARD)).status, 404);
    assert.equal((await directPost(unknown, { ...CARD, cvc: '1' })).status, 404);
    const after = await getPurchase(p.id);
    assert.equal(after.status, 'created');
    assert.deepEqual(after.transaction_data.attempts, []);
  });

  test('after a failure the purchase can still be paid; the failed attempt stays recorded', async () => {
    const p = await newPurchase();
    await expectFailedPayment(p, { ...CARD, cvc: '999' }, 'invalid_card_data');
    assert.equal((await directPost(p.direct_post_url, CARD)).location, SUCCESS);
    const after = await getPurchase(p.id);
    assert.equal(after.status, 'paid');
    assert.equal(after.transaction_data.attempts.length, 2);
    assert.deepEqual(after.status_history.map((h) => h.status), ['created', 'error', 'paid']);
  });

  // The seed (POST /purchases/{id}/capture/): "In transaction_data.attempts[] array (newest
  // element first) you'll find the corresponding attempt".
  test('transaction_data.attempts lists the newest attempt first', async () => {
    const p = await newPurchase();
    await directPost(p.direct_post_url, { ...CARD, cvc: '999' });
    await directPost(p.direct_post_url, { ...CARD, expires: '11/26' });
    await directPost(p.direct_post_url, CARD);
    const attempts = (await getPurchase(p.id)).transaction_data.attempts;
    assert.deepEqual(attempts.map((a) => a.error?.code ?? 'ok'), ['ok', 'expired_card', 'invalid_card_data'],
      'newest first, as the seed says');
  });
});

describe('Direct Post field validation (each rule on its own)', () => {
  const omit = (k) => { const f = { ...CARD }; delete f[k]; return f; };
  const cases = [
    ['all fields missing', {}, 'validation_card_details_missing'],
    ['all fields empty', { cardholder_name: '', card_number: '', expires: '', cvc: '' }, 'validation_card_details_missing'],
    ['only remember_card', { remember_card: 'on' }, 'validation_card_details_missing'],
    ['cvc missing', omit('cvc'), 'validation_cvc_not_provided'],
    ['cvc empty', { ...CARD, cvc: '' }, 'validation_cvc_not_provided'],
    ['cardholder_name missing', omit('cardholder_name'), 'validation_cardholder_name_not_provided'],
    ['cardholder_name empty', { ...CARD, cardholder_name: '' }, 'validation_cardholder_name_not_provided'],
    ['card_number missing', omit('card_number'), 'validation_card_number_not_provided'],
    ['card_number empty', { ...CARD, card_number: '' }, 'validation_card_number_not_provided'],
    ['expires missing', omit('expires'), 'validation_expires_not_provided'],
    ['expires empty', { ...CARD, expires: '' }, 'validation_expires_not_provided'],
    ['cvc 5 digits', { ...CARD, cvc: '12345' }, 'validation_cvc_too_long'],
    ['cardholder_name 31 chars', { ...CARD, cardholder_name: 'A'.repeat(31) }, 'validation_cardholder_name_too_long'],
    ['card_number 20 digits', { ...CARD, card_number: '44443333222211110000' }, 'validation_card_number_too_long'],
    ['expires 6 chars', { ...CARD, expires: '12/300' }, 'validation_expires_too_long'],
    ['cvc letters', { ...CARD, cvc: 'abc' }, 'validation_cvc_invalid'],
    ['cvc digits and a letter', { ...CARD, cvc: '12a' }, 'validation_cvc_invalid'],
    ['cvc 2 digits', { ...CARD, cvc: '12' }, 'validation_cvc_invalid'],
    ['cardholder_name with digits', { ...CARD, cardholder_name: 'John Doe 3' }, 'validation_cardholder_name_invalid'],
    ['cardholder_name non-Latin', { ...CARD, cardholder_name: 'Иван Петров' }, 'validation_cardholder_name_invalid'],
    ['cardholder_name with other symbols', { ...CARD, cardholder_name: 'John <Doe>' }, 'validation_cardholder_name_invalid'],
    ['card_number with spaces', { ...CARD, card_number: '4444 3333 2222 1111' }, 'validation_card_number_invalid'],
    ['card_number with letters', { ...CARD, card_number: '44443333abcd1111' }, 'validation_card_number_invalid'],
    ['card_number with dashes', { ...CARD, card_number: '4444-3333-2222-1111' }, 'validation_card_number_invalid'],
    ['expires 1/30', { ...CARD, expires: '1/30' }, 'validation_expires_invalid'],
    ['expires 13/30', { ...CARD, expires: '13/30' }, 'validation_expires_invalid'],
    ['expires 00/30', { ...CARD, expires: '00/30' }, 'validation_expires_invalid'],
    ['expires 12-30', { ...CARD, expires: '12-30' }, 'validation_expires_invalid'],
    ['expires 1230', { ...CARD, expires: '1230' }, 'validation_expires_invalid'],
    ['expires ab/cd', { ...CARD, expires: 'ab/cd' }, 'validation_expires_invalid'],
  ];
  for (const [label, fields, code] of cases) {
    test(`${label} -> ${code}`, async () => {
      await expectFailedPayment(await newPurchase(), fields, code, { what: label });
    });
  }

  // "max 30 chars": a 20-character Cyrillic name (38 bytes of UTF-8) is not too long; it is not Latin.
  test('a non-Latin name of 20 characters is invalid, not too long', async () => {
    await expectFailedPayment(await newPurchase(), { ...CARD, cardholder_name: 'Иванов Пётр Иванович' }, 'validation_cardholder_name_invalid');
  });
});

describe('sandbox decline cards (docs/test-cards.md)', () => {
  test('the table here matches docs/test-cards.md', (t) => {
    const doc = path.join(REPO_ROOT, 'docs', 'test-cards.md');
    if (!fs.existsSync(doc)) { t.skip('docs/test-cards.md is not written yet'); return; }
    const text = fs.readFileSync(doc, 'utf8');
    const start = text.indexOf('## Declining cards');
    assert.ok(start >= 0, 'docs/test-cards.md has a "Declining cards" section');
    const end = text.indexOf('\n## ', start + 1);
    const found = {};
    const blocked = new Set();
    for (const line of text.slice(start, end < 0 ? undefined : end).split('\n')) {
      const m = line.match(/^\|\s*((?:\d{4} ?){3}\d{4})\s*\|.*?`([a-z0-9_]+)`/);
      if (!m) continue;
      found[m[1].replace(/ /g, '')] = m[2];
      if (/\*\*blocked\*\*/.test(line)) blocked.add(m[2]);
    }
    assert.deepEqual(found, DECLINE_CARDS);
    assert.deepEqual([...blocked].sort(), [...BLOCKING].sort(), 'the blocked rows');
  });

  test('a decline card with a wrong CVC gives invalid_card_data (the CVC is checked first)', async () => {
    await expectFailedPayment(await newPurchase(), { ...CARD, card_number: '4000000000000010', cvc: '999' }, 'invalid_card_data');
  });

  for (const [pan, code] of Object.entries(DECLINE_CARDS)) {
    const status = BLOCKING.has(code) ? 'blocked' : 'error';
    test(`${pan.replace(/(\d{4})(?=\d)/g, '$1 ')} -> ${code}, status ${status}`, async () => {
      const after = await expectFailedPayment(await newPurchase(), { ...CARD, card_number: pan }, code, { status });
      const a = after.transaction_data.attempts[0];
      assert.equal(a.payment_method, 'visa');
      assert.equal(a.extra.masked_pan, `${pan.slice(0, 6)}******${pan.slice(-4)}`);
      assert.equal(after.transaction_data.payment_method, '', 'blank unless paid (seed)');
    });
  }
});

describe('3-D Secure via Direct Post', () => {
  const MC = { ...CARD, card_number: '5555555555554444' };

  test('approve: 303 to the challenge, then to success_redirect; paid with three_d_secure', async () => {
    const p = await newPurchase();
    const r = await directPost(p.direct_post_url, { ...MC, remember_card: 'on' });
    assert.equal(r.status, 303);
    assert.match(absolute(r.location), new RegExp(`^${server.url}/p/${p.id}/3ds/[^/]+/$`), r.location);
    assert.equal((await getPurchase(p.id)).status, 'created', 'nothing is charged before the challenge');
    const done = await completeChallenge(r.location, 'approve');
    assert.ok(done.html.includes('555555******4444'), 'the ACS page shows the masked card');
    assert.ok(!done.html.includes('5555555555554444'), 'the ACS page never shows the full PAN');
    assert.equal(done.status, 303, done.text);
    assert.equal(done.location, SUCCESS);
    const after = await getPurchase(p.id);
    assert.equal(after.status, 'paid');
    assert.equal(after.transaction_data.flow, 'direct_post');
    assert.equal(after.transaction_data.extra.three_d_secure, true);
    assert.equal(after.transaction_data.payment_method, 'mastercard');
    assert.equal(after.is_recurring_token, true);
  });

  test('fail: 303 to failure_redirect, 3ds_authentication_failed', async () => {
    const p = await newPurchase();
    const r = await directPost(p.direct_post_url, MC);
    const done = await completeChallenge(r.location, 'fail');
    assert.equal(done.status, 303, done.text);
    assert.equal(done.location, FAILURE);
    const after = await getPurchase(p.id);
    assert.equal(after.status, 'error');
    assert.equal(after.transaction_data.attempts.length, 1);
    assert.equal(after.transaction_data.attempts[0].error.code, '3ds_authentication_failed');
    assert.equal(after.transaction_data.attempts[0].error.message, SEED_MESSAGES['3ds_authentication_failed']);
  });

  test('a wrong CVC on an enrolled card fails after the challenge with invalid_card_data', async () => {
    const p = await newPurchase();
    const r = await directPost(p.direct_post_url, { ...MC, cvc: '999' });
    assert.match(r.location || '', /\/3ds\//);
    const done = await completeChallenge(r.location, 'approve');
    assert.equal(done.location, FAILURE);
    assert.equal((await getPurchase(p.id)).transaction_data.attempts[0].error.code, 'invalid_card_data');
  });

  test('the challenge needs its CSRF token, and can be answered once', async () => {
    const p = await newPurchase();
    const r = await directPost(p.direct_post_url, MC);
    const url = absolute(r.location);
    const forged = await fetch(url, {
      method: 'POST', body: 'result=approve', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.notEqual(forged.status, 303, 'no redirect without the CSRF token');
    assert.equal((await getPurchase(p.id)).status, 'created', 'a forged approval pays nothing');
    const done = await completeChallenge(r.location, 'approve');
    assert.equal(done.location, SUCCESS);
    const replay = await fetch(url, { redirect: 'manual' });
    await replay.text();
    assert.equal(replay.status, 404, 'a used challenge is gone');
    const after = await getPurchase(p.id);
    assert.equal(after.transaction_data.attempts.length, 1);
  });
});

// ---------------------------------------------------------------------------------------------
// A slow acquirer: `tender serve --sandbox-delay-ms 4000 --acquirer-wait-ms 300`. The answer comes
// 3.7 s after the engine stops waiting, room for the checks made while pending on a loaded machine.
describe('a slow acquirer (pending_execute)', () => {
  let slow;
  before(async () => {
    slow = await startTender({ withSecond: false, args: ['--sandbox-delay-ms', '4000', '--acquirer-wait-ms', '300'] });
    servers.push(slow);
  });

  test('the purchase is pending_execute after the post and becomes paid', async () => {
    const p = await newPurchase({}, slow);
    const started = Date.now();
    const r = await directPost(p.direct_post_url, CARD);
    assert.equal(r.status, 303, r.text);
    assert.equal(absolute(r.location, slow), `${slow.url}/p/${p.id}/result/`, 'the payer waits on the result page');
    const pending = await getPurchase(p.id, slow);
    assert.equal(pending.status, 'pending_execute', `after ${Date.now() - started} ms`);
    assert.ok(pending.status_history.some((h) => h.status === 'pending_execute'));
    assert.equal(pending.direct_post_url, null, 'no second payment while one is being processed');

    // The result page refreshes itself while pending.
    const page = await fetch(absolute(r.location, slow), { redirect: 'manual' });
    const html = await page.text();
    assert.equal(page.status, 200, html);
    assert.match(page.headers.get('refresh') || '', /^\d+; url=\/p\//);
    assert.match(html, /Payment processing/);

    // A second post while pending is refused and does not start a second payment.
    const second = await directPost(p.direct_post_url, CARD);
    assert.equal(second.location, FAILURE);

    const after = await pollWhilePending(p.id, slow);
    assert.equal(after.status, 'paid', JSON.stringify(after.status_history));
    assert.deepEqual(after.status_history.map((h) => h.status), ['created', 'pending_execute', 'paid']);
    assert.equal(after.transaction_data.attempts.length, 1);
    assert.equal(after.transaction_data.attempts[0].successful, true);
    assert.equal(after.payment.amount, 1000);

    // Now the result page sends the payer on to success_redirect.
    const done = await fetch(absolute(r.location, slow), { redirect: 'manual' });
    await done.text();
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), SUCCESS);
  });

  test('a decline answered late turns pending_execute into error', async () => {
    const p = await newPurchase({}, slow);
    await directPost(p.direct_post_url, { ...CARD, card_number: '4000000000000010' });
    assert.equal((await getPurchase(p.id, slow)).status, 'pending_execute');
    const after = await pollWhilePending(p.id, slow);
    assert.equal(after.status, 'error');
    assert.equal(after.transaction_data.attempts[0].error.code, 'insufficient_funds');
  });
});
