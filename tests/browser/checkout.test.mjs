// Hosted checkout in a real browser (headless Chromium driven by playwright-core): the payer opens
// checkout_url, types a test card, pays, goes through the 3-D Secure test ACS when the card is
// enrolled, and lands on the merchant's success_redirect / failure_redirect (a tiny local HTTP
// server started here). Every page visited is saved as a full-page screenshot under
// test-artifacts/screenshots/.
//
// Needs `npm ci --prefix tests` (playwright-core) and Chromium at /usr/bin/chromium (or
// CHROMIUM_PATH). No browser is ever downloaded.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { NAV_TIMEOUT_MS, launchChromium, shot } from './lib/chromium.mjs';
import { api, expectJson, purchaseBody, startTender } from '../http/lib/harness.mjs';

const VALID = { name: 'Jane Doe', number: '4444 3333 2222 1111', expires: '12/30', cvc: '123' };
const THREE_DS = { name: 'Jane Doe', number: '5555 5555 5555 4444', expires: '12/30', cvc: '123' };

// Products whose total needs thousands grouping: 1 x 1234.56 + 2 x 12.50 = EUR 1,259.56.
const PRODUCTS = [
  { name: 'Espresso Machine', price: 123456 },
  { name: 'Descaling Kit', quantity: '2', price: 1250 },
];
const TOTAL_DISPLAY = 'EUR 1,259.56';

// ---------------------------------------------------------------------------------------------
// The merchant's web site: success, failure and "return to seller" pages.
function startMerchant() {
  const hits = [];
  const srv = http.createServer((req, res) => {
    hits.push(req.url);
    const page = req.url.startsWith('/success') ? 'merchant success page'
      : req.url.startsWith('/failure') ? 'merchant failure page'
        : req.url.startsWith('/shop') ? 'merchant shop page' : null;
    if (!page) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>${page}</title></head><body><h1 id="merchant">${page}</h1></body></html>`);
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${srv.address().port}`;
      resolve({ origin, hits, close: () => new Promise((r) => { srv.closeAllConnections?.(); srv.close(() => r()); }) });
    });
  });
}

let tender;
let merchant;
let browser;
const contexts = [];

before(async () => {
  tender = await startTender({ withSecond: false });
  merchant = await startMerchant();
  browser = await launchChromium();
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  if (browser) await browser.close().catch(() => {});
  if (merchant) await merchant.close();
  if (tender) await tender.cleanup();
});

// A purchase whose redirects point at the merchant server, tagged so each test's pages differ.
async function newPurchase(tag, extra = {}) {
  const body = purchaseBody(tender, {
    purchase: { currency: 'EUR', products: PRODUCTS },
    success_redirect: `${merchant.origin}/success?order=${tag}`,
    failure_redirect: `${merchant.origin}/failure?order=${tag}`,
    ...extra,
  });
  return expectJson(await api(tender, 'POST', '/api/v1/purchases/', { body }), 201, `create purchase ${tag}`);
}

async function getPurchase(id) {
  return expectJson(await api(tender, 'GET', `/api/v1/purchases/${id}/`), 200, `get purchase ${id}`);
}

// A fresh browser context (own cookies) whose page records every request it makes.
async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  page.requests = [];
  page.on('request', (r) => page.requests.push({ url: r.url(), method: r.method() }));
  // Every Tender page the browser shows (status 200 documents), to check their headers.
  page.documents = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'document' && r.url().startsWith(tender.url + '/') && r.status() === 200) {
      page.documents.push({ url: r.url(), headers: r.headers() });
    }
  });
  return page;
}


// Nothing but Tender and the merchant: no CDN, no analytics, no fonts from elsewhere.
function assertOnlyFirstParty(page) {
  const allowed = [tender.url + '/', merchant.origin + '/'];
  const foreign = page.requests.filter((r) => !r.url.startsWith('data:') && !allowed.some((a) => r.url.startsWith(a)));
  assert.deepEqual(foreign, [], `the pages requested third-party resources: ${JSON.stringify(foreign)}`);
  assert.ok(page.documents.length > 0, 'at least one Tender page was shown');
  for (const d of page.documents) assertSecurityHeaders({ headers: () => d.headers }, d.url);
}

function assertSecurityHeaders(response, what) {
  const h = response.headers();
  const csp = h['content-security-policy'] || '';
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP should forbid framing: ${csp}`);
  assert.match(csp, /default-src 'none'/, `${what}: CSP default-src: ${csp}`);
  assert.match(h['cache-control'] || '', /no-store/, `${what}: Cache-Control: ${h['cache-control']}`);
}

async function fillCard(page, card, { remember = false } = {}) {
  await page.fill('#cardholder_name', card.name);
  await page.fill('#card_number', card.number);
  await page.fill('#expires', card.expires);
  await page.fill('#cvc', card.cvc);
  if (remember) await page.check('#remember_card');
}

async function openCheckout(page, purchase, shotName) {
  const response = await page.goto(purchase.checkout_url);
  assert.equal(response.status(), 200);
  assertSecurityHeaders(response, 'checkout page');
  await page.waitForSelector('#card-form');
  if (shotName) await shot(page, shotName);
  return response;
}

// Clicks Pay and waits until the browser is at a URL matching target.
async function payAndWait(page, target) {
  await Promise.all([page.waitForURL(target, { timeout: NAV_TIMEOUT_MS }), page.click('#pay')]);
  await page.waitForLoadState('load');
}

const isMerchant = (kind, tag) => (url) => url.href === `${merchant.origin}/${kind}?order=${tag}`;
const isChallenge = (url) => /^\/p\/[0-9a-f-]{36}\/3ds\/[^/]+\/$/.test(url.pathname);
const isResult = (id) => (url) => url.pathname === `/p/${id}/result/`;

// ---------------------------------------------------------------------------------------------
describe('hosted checkout', () => {
  test('(a) the test card pays: brand, products and total shown, success redirect, API says paid', async () => {
    const p = await newPurchase('a');
    assert.equal(p.checkout_url, `${tender.url}/p/${p.id}/`);
    const page = await openPage();
    await openCheckout(page, p, 'a-checkout');

    assert.equal((await page.textContent('.brand')).trim(), 'Demo Brand');
    const products = await page.textContent('table.products tbody');
    assert.ok(products.includes('Espresso Machine') && products.includes('Descaling Kit'), products);
    assert.equal((await page.textContent('#total')).trim(), TOTAL_DISPLAY);
    assert.match(await page.textContent('#pay'), new RegExp(TOTAL_DISPLAY.replace('.', '\\.')));
    assert.equal(await page.locator('#cancel-link').count(), 0, 'no cancel_redirect, no "Return to seller" link');
    assert.equal(await page.isVisible('#client-error'), false);
    assert.equal(await page.locator('#decline-message').count(), 0);

    await fillCard(page, VALID);
    assert.equal(await page.inputValue('#card_number'), '4444 3333 2222 1111');
    assert.equal(await page.inputValue('#expires'), '12/30');
    await shot(page, 'a-checkout-filled');
    await payAndWait(page, isMerchant('success', 'a'));
    assert.equal((await page.textContent('#merchant')).trim(), 'merchant success page');
    await shot(page, 'a-merchant-success');
    assertOnlyFirstParty(page);

    const after = await getPurchase(p.id);
    assert.equal(after.status, 'paid');
    assert.equal(after.transaction_data.flow, 'payform');
    assert.equal(after.transaction_data.extra.masked_pan, '444433******1111');
    assert.equal(after.transaction_data.extra.three_d_secure, false);
    assert.equal(after.transaction_data.extra.cardholder_name, 'Jane Doe');
    assert.equal(after.transaction_data.attempts.length, 1);
    assert.equal(after.transaction_data.attempts[0].successful, true);
    assert.equal(after.transaction_data.attempts[0].flow, 'payform');
    assert.equal(after.payment.amount, 125956);
    assert.equal(after.is_recurring_token, false, 'remember_card was not ticked');
    assert.ok(after.status_history.some((h) => h.status === 'viewed'), 'opening the checkout marks it viewed');

    // Coming back to the paid checkout: no form, a clear note.
    const again = await page.goto(p.checkout_url);
    assert.equal(again.status(), 200);
    assert.equal(await page.locator('#card-form').count(), 0);
    assert.match(await page.textContent('#not-payable'), /already paid/);
    await shot(page, 'a-checkout-already-paid');
  });

  test('(b) a 3-D Secure card goes through the challenge, approve -> paid with three_d_secure', async () => {
    const p = await newPurchase('b');
    const page = await openPage();
    await openCheckout(page, p, 'b-checkout');
    await fillCard(page, THREE_DS, { remember: true });
    await payAndWait(page, isChallenge);
    assert.ok(page.url().startsWith(`${tender.url}/p/${p.id}/3ds/`), page.url());
    assert.equal(await page.isVisible('#acs-approve'), true);
    assert.equal(await page.isVisible('#acs-fail'), true);
    assert.equal((await page.textContent('#acs-card')).trim(), '555555******4444');
    assert.equal((await page.textContent('#acs-amount')).trim(), TOTAL_DISPLAY);
    assert.ok(!(await page.content()).includes('5555555555554444'), 'the challenge page must not show the full PAN');
    await shot(page, 'b-3ds-challenge');
    // Still unpaid while the challenge is open.
    assert.notEqual((await getPurchase(p.id)).status, 'paid');

    await Promise.all([page.waitForURL(isMerchant('success', 'b')), page.click('#acs-approve')]);
    await shot(page, 'b-merchant-success');
    assertOnlyFirstParty(page);

    const after = await getPurchase(p.id);
    assert.equal(after.status, 'paid');
    assert.equal(after.transaction_data.flow, 'payform');
    assert.equal(after.transaction_data.extra.three_d_secure, true);
    assert.equal(after.transaction_data.extra.masked_pan, '555555******4444');
    assert.equal(after.transaction_data.payment_method, 'mastercard');
    assert.equal(after.is_recurring_token, true, 'remember_card was ticked');
    assert.equal(after.transaction_data.attempts.length, 1);
  });

  test('(c) a failed 3-D Secure challenge shows the decline and leads to the failure redirect', async () => {
    const p = await newPurchase('c');
    const page = await openPage();
    await openCheckout(page, p);
    await fillCard(page, THREE_DS);
    await payAndWait(page, isChallenge);
    await shot(page, 'c-3ds-challenge');
    await Promise.all([page.waitForURL(isResult(p.id)), page.click('#acs-fail')]);
    assertSecurityHeaders(await page.reload(), 'result page');
    assert.equal(await page.isVisible('#result-message'), true);
    assert.match(await page.textContent('#result-title'), /failed/i);
    assert.equal((await page.textContent('#result-message')).trim(), '3DS authentication failed');
    assert.equal(await page.getAttribute('#retry-link', 'href'), p.failure_redirect);
    await shot(page, 'c-result-declined');

    const after = await getPurchase(p.id);
    assert.equal(after.status, 'error');
    assert.ok(after.transaction_data.attempts.some((a) => a.error?.code === '3ds_authentication_failed'),
      JSON.stringify(after.transaction_data.attempts));
    assert.equal(after.payment, null);

    await Promise.all([page.waitForURL(isMerchant('failure', 'c')), page.click('#retry-link')]);
    assert.equal((await page.textContent('#merchant')).trim(), 'merchant failure page');
    await shot(page, 'c-merchant-failure');
    assertOnlyFirstParty(page);
  });

  test('(d) a wrong CVC is declined: message shown, failure redirect offered, API says invalid_card_data', async () => {
    const p = await newPurchase('d');
    const page = await openPage();
    await openCheckout(page, p);
    await fillCard(page, { ...VALID, cvc: '999' });
    await payAndWait(page, isResult(p.id));
    assert.equal(await page.isVisible('#result-message'), true);
    assert.equal((await page.textContent('#result-message')).trim(), 'Invalid card data provided');
    assert.match(await page.textContent('#result-title'), /failed/i);
    assert.equal(await page.getAttribute('#retry-link', 'href'), p.failure_redirect);
    await shot(page, 'd-result-declined');

    const after = await getPurchase(p.id);
    assert.equal(after.status, 'error');
    assert.equal(after.transaction_data.attempts.length, 1);
    assert.equal(after.transaction_data.attempts[0].successful, false);
    assert.equal(after.transaction_data.attempts[0].error.code, 'invalid_card_data');
    assert.equal(after.transaction_data.attempts[0].flow, 'payform');

    // Reopening the checkout: the form is back (status error is payable) with the decline shown.
    await openCheckout(page, p);
    assert.equal(await page.isVisible('#decline-message'), true);
    assert.equal((await page.textContent('#decline-message')).trim(), 'Invalid card data provided');
    await shot(page, 'd-checkout-after-decline');

    await page.goto(`${tender.url}/p/${p.id}/result/`);
    await Promise.all([page.waitForURL(isMerchant('failure', 'd')), page.click('#retry-link')]);
    assert.equal((await page.textContent('#merchant')).trim(), 'merchant failure page');
    await shot(page, 'd-merchant-failure');
    assertOnlyFirstParty(page);
  });

  test('(e) client-side checks stop a bad form before it is sent', async () => {
    const p = await newPurchase('e');
    const page = await openPage();
    await openCheckout(page, p);
    const cases = [
      ['luhn', { ...VALID, number: '4444 3333 2222 1112' }, /card number/i],
      ['expired', { ...VALID, expires: '11/26' }, /expired/i],
      ['name', { ...VALID, name: 'J4ne D0e' }, /cardholder name/i],
      ['cvc', { ...VALID, cvc: '12' }, /security code/i],
    ];
    for (const [label, card, message] of cases) {
      await page.goto(p.checkout_url);
      await fillCard(page, card);
      const before = page.requests.length;
      await page.click('#pay');
      await page.waitForSelector('#client-error', { state: 'visible' });
      assert.match(await page.textContent('#client-error'), message, label);
      await shot(page, `e-client-error-${label}`);
      // Give a submission, if any, the time to start; then check none did.
      await page.waitForTimeout(300);
      assert.equal(page.url(), p.checkout_url, `${label}: the browser should stay on the checkout`);
      const posts = page.requests.slice(before).filter((r) => r.method === 'POST');
      assert.deepEqual(posts, [], `${label}: the form must not be submitted`);
    }
    const after = await getPurchase(p.id);
    assert.equal(after.status, 'viewed');
    assert.deepEqual(after.transaction_data.attempts, []);
    assert.equal(after.payment, null);
    assertOnlyFirstParty(page);
  });

  test('(f) cancel_redirect is offered as "Return to seller"', async () => {
    const cancel = `${merchant.origin}/shop?order=f`;
    const p = await newPurchase('f', { cancel_redirect: cancel });
    const page = await openPage();
    await openCheckout(page, p, 'f-checkout-with-cancel');
    assert.equal(await page.isVisible('#cancel-link'), true);
    assert.equal(await page.getAttribute('#cancel-link', 'href'), cancel);
    assert.match(await page.textContent('#cancel-link'), /Return to seller/);
    await Promise.all([page.waitForURL((u) => u.href === cancel), page.click('#cancel-link')]);
    assert.equal((await page.textContent('#merchant')).trim(), 'merchant shop page');
    await shot(page, 'f-merchant-shop');
    assertOnlyFirstParty(page);
    // Following the link does not cancel (the seed: "this does not cancel the payment").
    assert.equal((await getPurchase(p.id)).status, 'viewed');
  });

  test('(g) a slow acquirer: "Payment processing" page refreshes itself until the success redirect', async () => {
    const p = await newPurchase('g');
    const page = await openPage();
    await openCheckout(page, p);
    await fillCard(page, { ...VALID, number: '4000 0000 0000 1018' }); // the timeout card
    await payAndWait(page, isResult(p.id));
    // The sandbox answers this card 1 s after Tender stopped waiting (3000 ms vs 2000 ms).
    assert.equal((await getPurchase(p.id)).status, 'pending_execute');
    assert.match(await page.textContent('#result-title'), /processing/i);
    assert.equal(await page.isVisible('#refresh-link'), true);
    await shot(page, 'g-result-pending');
    await page.waitForURL(isMerchant('success', 'g'), { timeout: 15_000 });
    await shot(page, 'g-merchant-success');
    assertOnlyFirstParty(page);
    const after = await getPurchase(p.id);
    assert.equal(after.status, 'paid');
    assert.deepEqual(after.status_history.map((h) => h.status), ['created', 'viewed', 'pending_execute', 'paid']);
  });

  test('(h) merchant-supplied text is shown as text, never run as markup', async () => {
    const evil = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>';
    const p = await newPurchase('h', { purchase: { currency: 'EUR', products: [{ name: `Mug ${evil}`, price: 500 }] } });
    const page = await openPage();
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; d.dismiss().catch(() => {}); });
    await openCheckout(page, p, 'h-checkout-markup-in-product');
    assert.equal((await page.textContent('table.products tbody td')).trim(), `Mug ${evil}`);
    assert.equal(await page.locator('table.products img, table.products script').count(), 0);
    assert.notEqual(await page.title(), 'pwned');
    assert.equal(dialogs, 0);
    assertOnlyFirstParty(page);
  });
});
