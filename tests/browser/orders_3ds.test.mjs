// Orders API 3-D Secure by redirect in a real browser (headless Chromium driven by
// playwright-core): the merchant creates an order with an enrolled card and no source.auth, sends
// the payer's browser to the order's source.transaction_url, the payer answers the test ACS page,
// and the browser comes back to the order's callback_url (a tiny local merchant server) or, with
// none, to Tender's result page. The order read afterwards is approved or declined. Every page
// visited is saved as a full-page screenshot under test-artifacts/screenshots/orders-*.png.
//
// Needs `npm ci --prefix tests` (playwright-core) and Chromium at /usr/bin/chromium (or
// CHROMIUM_PATH). No browser is ever downloaded.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { NAV_TIMEOUT_MS, launchChromium, shot } from './lib/chromium.mjs';
import { api, expectJson, startTender } from '../http/lib/harness.mjs';

// The merchant's return page.
function startMerchant() {
  const srv = http.createServer((req, res) => {
    if (!req.url.startsWith('/return')) { res.writeHead(404); res.end('not found'); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><title>merchant return page</title></head>'
      + '<body><h1 id="merchant">merchant return page</h1></body></html>');
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${srv.address().port}`;
      resolve({ origin, close: () => new Promise((r) => { srv.closeAllConnections?.(); srv.close(() => r()); }) });
    });
  });
}

let tender;
let merchant;
let browser;

before(async () => {
  tender = await startTender({ withSecond: false });
  merchant = await startMerchant();
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (merchant) await merchant.close();
  if (tender) await tender.cleanup();
});

const basic = () => 'Basic ' + Buffer.from(`${tender.company.api_key}:`).toString('base64');
const orders = (method, urlPath, body) => api(tender, method, urlPath, { key: null, headers: { authorization: basic() }, body });

async function newOrder(extra = {}) {
  const o = expectJson(await orders('POST', '/v1/orders/purchase', {
    amount: 12550,
    currency: 'SAR',
    description: 'Browser order',
    source: { type: 'card', number: '5555555555554444', month: 12, year: 2039, security_code: '123' },
    device: { user_agent: 'Mozilla/5.0', ip_address: '203.0.113.7' },
    ...extra,
  }), 201, 'create order');
  assert.equal(o.transactions[0].status, 'initiated');
  return o;
}

const readOrder = async (id) => expectJson(await orders('GET', `/v1/orders/${id}`), 200, 'read order');

async function openAcs(o, shotName) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  const response = await page.goto(o.source.transaction_url);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'] || '', /frame-ancestors 'none'/);
  assert.equal((await page.textContent('#acs-card')).trim(), '555555******4444');
  assert.equal((await page.textContent('#acs-amount')).trim(), 'SAR 125.50');
  assert.ok(!(await page.content()).includes('5555555555554444'), 'no full PAN on the page');
  await shot(page, shotName);
  return page;
}


describe('Orders API: the payer follows source.transaction_url', () => {
  test('(a) approve: back to callback_url, the order approved', async () => {
    const callback = `${merchant.origin}/return?order=a`;
    const o = await newOrder({ callback_url: callback });
    const page = await openAcs(o, 'orders-a-3ds-challenge');
    await Promise.all([page.waitForURL(callback), page.click('#acs-approve')]);
    assert.equal((await page.textContent('#merchant')).trim(), 'merchant return page');
    await shot(page, 'orders-a-merchant-return');
    const done = await readOrder(o.id);
    assert.equal(done.transactions[0].status, 'approved');
    assert.equal(done.captured_amount, 12550);
  });

  test('(b) fail: back to callback_url, the order declined', async () => {
    const callback = `${merchant.origin}/return?order=b`;
    const o = await newOrder({ callback_url: callback });
    const page = await openAcs(o, 'orders-b-3ds-challenge');
    await Promise.all([page.waitForURL(callback), page.click('#acs-fail')]);
    await shot(page, 'orders-b-merchant-return');
    const done = await readOrder(o.id);
    assert.equal(done.transactions[0].status, 'declined');
    assert.equal(done.transactions[0].message, '3DS authentication failed');
    assert.equal(done.captured_amount, 0);
  });

  test('(c) without callback_url: Tender\'s result page', async () => {
    const o = await newOrder();
    const page = await openAcs(o, 'orders-c-3ds-challenge');
    await Promise.all([page.waitForURL((u) => u.pathname === `/p/${o.id}/result/`), page.click('#acs-approve')]);
    assert.match(await page.textContent('#result-title'), /successful/i);
    assert.match(await page.textContent('#result-message'), /SAR 125\.50 was paid to Demo Brand/);
    await shot(page, 'orders-c-result');
    assert.equal((await readOrder(o.id)).transactions[0].status, 'approved');
  });
});
