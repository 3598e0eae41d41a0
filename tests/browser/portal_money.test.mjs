// The portal's Money page (GET /portal/money) in Chromium, as a viewer: the ledger balance, the
// chart figures (volume, approval, decline reasons) and their tables, the statement with its
// pages and CSV export, the currency filter, test/live separation, refusals of bad input, the
// first-load budget, and screenshots at desktop and phone width.
//
// The purchases are made through the Collect API and paid by Direct Post with the sandbox cards,
// on two days of the test clock (advanced by a day between them) and, for the statement's second
// page, one second apart.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { api, createKey, expectJson, listAllPurchases } from '../http/lib/harness.mjs';
import { CARDS, PAID_LIKE, directPost, heldPurchase, newPurchase, op, paidPurchase, pollUntil } from '../http/lib/lifecycle_support.mjs';
import { assertFirstParty, firstLoadBytes, launchBrowser, openPage, shots, signIn, startPortal } from './lib/portal_support.mjs';

const DECLINE = { insufficient_funds: '4000000000000010', do_not_honour: '4000000000000028' };
const PAGING_PURCHASES = 14;  // with the others, more postings than one statement page (50) holds
const PAGING_PRICE = 100;
const FIRST_LOAD_LIMIT_BYTES = 150 * 1024;

let server;
let browser;
let liveKey;
const made = {};  // purchases by name

async function advance(seconds) {
  expectJson(await api(server, 'POST', '/api/v1/test_clock/advance/', { body: { seconds } }), 200, 'advance the test clock');
}

// A purchase whose first payment is declined with `card`; paid afterwards when `thenPay`.
async function declined(card, price, { thenPay = false } = {}) {
  const p = await newPurchase(server, {}, { price });
  const r = await directPost(p, { card_number: card });
  assert.equal(r.status, 303, r.text);
  const failed = await pollUntil(server, p.id);
  assert.equal(failed.status, 'error', `declined with ${card}`);
  if (!thenPay) return failed;
  assert.equal((await directPost(failed, { card_number: CARDS.approve })).status, 303);
  const paid = await pollUntil(server, p.id);
  assert.equal(paid.status, 'paid');
  return paid;
}

before(async () => {
  server = await startPortal();
  browser = await launchBrowser();
  liveKey = (await createKey(server.dataDir, { live: true })).api_key;

  // Day one.
  made.a = await paidPurchase(server, {}, { price: 1000 });
  made.c = await declined(DECLINE.insufficient_funds, 700, { thenPay: true });
  made.d = await declined(DECLINE.do_not_honour, 400);
  made.f = await paidPurchase(server, { purchase: { currency: 'EUR' } }, { price: 1234 });
  // Day two: a refund of half of b, a hold (authorized, not captured), and purchases one second apart.
  await advance(86_400);
  made.b = await paidPurchase(server, {}, { price: 2550 });
  made.e = await declined(DECLINE.insufficient_funds, 900);
  made.h = await heldPurchase(server, {}, { price: 5000 });
  expectJson(await op(server, made.b.id, 'refund', { amount: 1275 }), 200, 'refund half');
  await pollUntil(server, made.b.id);
  for (let i = 0; i < PAGING_PURCHASES; i++) {
    await advance(1);
    await paidPurchase(server, {}, { price: PAGING_PRICE });
  }
  // Live: no connector is configured for live payments, so the attempt fails (no_connector).
  const live = await newPurchase(server, {}, { key: liveKey, price: 3000 });
  assert.equal((await directPost(live, { card_number: CARDS.approve })).status, 303);
  made.live = await pollUntil(server, live.id, undefined, { key: liveKey });
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.cleanup();
});

const dayOf = (unixSeconds) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const PAYMENT_ATTEMPTS = new Set(['execute', 'authorize', 'recurring_execute']);

// The chart figures re-derived from what the Collect API shows of KEY's purchases.
async function expectedFigures(days, key) {
  const at = new Map(days.map((d, i) => [d, i]));
  const zeros = () => days.map(() => 0);
  const out = { paid: zeros(), failed: zeros(), volume_minor: {}, refunded_minor: {}, decline_reasons: {} };
  const series = (m, cur) => (m[cur] ||= zeros());
  for (const p of await listAllPurchases(server, { key })) {
    const cur = p.purchase.currency;
    if (PAID_LIKE.has(p.status) && p.payment && !p.marked_as_paid && at.has(dayOf(p.payment.paid_on)))
      series(out.volume_minor, cur)[at.get(dayOf(p.payment.paid_on))] += p.payment.amount;
    for (const a of p.transaction_data.attempts) {
      const i = at.get(dayOf(a.processing_time));
      if (i === undefined) continue;
      if (a.type === 'refund' && a.successful) series(out.refunded_minor, cur)[i] += a.extra.amount;
      if (!PAYMENT_ATTEMPTS.has(a.type)) continue;
      if (a.successful) out.paid[i]++;
      else {
        out.failed[i]++;
        out.decline_reasons[a.error.code] = (out.decline_reasons[a.error.code] || 0) + 1;
      }
    }
  }
  for (const cur of new Set([...Object.keys(out.volume_minor), ...Object.keys(out.refunded_minor)])) {
    series(out.volume_minor, cur);
    series(out.refunded_minor, cur);
  }
  return out;
}

async function chartData(page) {
  return JSON.parse(await page.locator('#chart-data').textContent());
}

// The amounts of a table's rows keyed "CURRENCY account".
async function amountsOf(page, tableId) {
  return page.$$eval(`#${tableId} tbody tr[data-account]`, (rows) => Object.fromEntries(rows.map((r) => [
    `${r.dataset.currency} ${r.dataset.account}`, Number(r.querySelector('[data-minor]').dataset.minor)])));
}

// RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

describe('the Money page, as a viewer', () => {
  let page;
  before(async () => {
    page = await openPage(browser, server);
    await signIn(page, server.users.viewer);
  });
  after(async () => { await page?.context().close(); });

  test('balance per account and currency equals the Collect API\'s for the test key (test money only)', async () => {
    const res = await page.goto(`${server.url}/portal/money`);
    assert.equal(res.status(), 200);
    assert.match(await page.locator('#balance-mode').textContent(), /Test money only/);
    const shown = await amountsOf(page, 'balances');
    const account = expectJson(await api(server, 'GET', '/api/v1/account/json/balance/'), 200, 'account balance');
    const ledger = expectJson(await api(server, 'GET', '/api/v1/balance/'), 200, 'balance');
    for (const cur of ['MYR', 'EUR']) {
      assert.equal(shown[`${cur} merchant_available`], account[cur].balance, `${cur} available`);
      assert.equal(shown[`${cur} merchant_held`], ledger[cur].held, `${cur} held`);
      assert.equal(shown[`${cur} fees`], ledger[cur].fees, `${cur} fees`);
    }
    assert.equal(shown['MYR merchant_held'], 5000, 'the hold');
    assert.equal(await page.locator('#balances td[data-minor]').first().textContent().then((t) => /^[A-Z]{3} /.test(t)), true);
  });

  test('chart figures match the purchases made: approvals, failures, decline reasons, volume, refunds', async () => {
    await page.goto(`${server.url}/portal/money`);
    const data = await chartData(page);
    assert.equal(data.days.length, 30, 'the last 30 days by default');
    assert.match(data.days[0], /^\d{4}-\d{2}-\d{2}$/);
    // What was made: approved a, c (second try), f, b, h and the paging purchases; failed c, d, e.
    assert.equal(sum(data.paid), 5 + PAGING_PURCHASES);
    assert.equal(sum(data.failed), 3);
    assert.deepEqual(data.decline_reasons, { insufficient_funds: 2, do_not_honour: 1 });
    assert.equal(sum(data.volume_minor.MYR), 1000 + 700 + 2550 + PAGING_PURCHASES * PAGING_PRICE, 'captured MYR (the hold is not)');
    assert.equal(sum(data.volume_minor.EUR), 1234);
    assert.equal(sum(data.refunded_minor.MYR), 1275);
    // Day by day, as the API shows the same purchases.
    const expected = await expectedFigures(data.days, server.company.api_key);
    for (const k of ['paid', 'failed', 'volume_minor', 'refunded_minor', 'decline_reasons']) assert.deepEqual(data[k], expected[k], k);
    assert.ok(data.paid.filter((n) => n > 0).length >= 2, 'two days of payments');

    // The same numbers as tables.
    const reasons = await page.$$eval('#decline-reasons tbody tr', (rows) => Object.fromEntries(rows.map((r) => [
      r.dataset.reason, Number(r.querySelector('[data-count]').dataset.count)])));
    assert.deepEqual(reasons, data.decline_reasons);
    const perDay = await page.$$eval('#days tbody tr', (rows) => rows.map((r) => [r.dataset.day, Number(r.cells[1].textContent), Number(r.cells[2].textContent)]));
    for (const [day, approved, failed] of perDay) {
      const i = data.days.indexOf(day);
      assert.deepEqual([approved, failed], [data.paid[i], data.failed[i]], day);
    }
    assert.equal(sum(perDay.map((r) => r[1])), sum(data.paid));
    assert.match(await page.locator('#approval-summary').textContent(), new RegExp(`${5 + PAGING_PURCHASES} of ${8 + PAGING_PURCHASES} payment attempts`));

    // uPlot drew every chart.
    for (const id of ['chart-volume', 'chart-approval', 'chart-declines']) {
      await page.locator(`#${id} canvas`).waitFor({ state: 'attached' });
      assert.ok(await page.locator(`#${id}`).isVisible(), `${id} is shown`);
      const box = await page.locator(`#${id} canvas`).boundingBox();
      assert.ok(box.width > 100 && box.height > 100, `${id} canvas size ${JSON.stringify(box)}`);
    }
    assertFirstParty(page);
    await shots(page, 'money');
  });

  test('the statement: totals, two pages, and a CSV whose rows sum to the totals', async () => {
    await page.goto(`${server.url}/portal/money`);
    const count = Number(await page.locator('#statement-count').getAttribute('data-count'));
    // a 3, c 3, f 3, b 3 + refund 2, h 2 (hold), 3 per paging purchase.
    assert.equal(count, 16 + 3 * PAGING_PURCHASES);
    const totals = await amountsOf(page, 'statement-totals');
    const balance = await amountsOf(page, 'balances');
    // Everything ever posted is in the period, and only test purchases have postings.
    for (const k of ['MYR merchant_available', 'MYR merchant_held', 'MYR fees', 'EUR merchant_available'])
      assert.equal(totals[k], balance[k], k);

    const first = await page.$$eval('#statement tbody tr', (rows) => rows.map((r) => `${r.dataset.transaction} ${r.cells[1].textContent}`));
    assert.ok(first.length >= 50 && first.length < count, `first page: ${first.length} of ${count}`);
    await Promise.all([page.waitForURL(/at=\d+/), page.click('#statement-next')]);
    const second = await page.$$eval('#statement tbody tr', (rows) => rows.map((r) => `${r.dataset.transaction} ${r.cells[1].textContent}`));
    assert.equal(first.length + second.length, count, 'two pages hold every posting');
    assert.equal(new Set([...first, ...second]).size, count, 'no posting on both pages');
    assert.equal(await page.locator('#statement-next').count(), 0, 'no third page');
    assert.equal(await page.locator('#statement-first').count(), 1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#statement-csv')]);
    assert.match(download.suggestedFilename(), /^tender-statement-test-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsv(await fs.readFile(await download.path(), 'utf8'));
    assert.deepEqual(rows[0], ['created_on', 'transaction_id', 'purchase_id', 'account', 'kind', 'currency', 'amount', 'amount_minor']);
    const body = rows.slice(1);
    assert.equal(body.length, count);
    const sums = {}, perTransaction = {};
    const ids = new Set(Object.values(made).map((p) => p.id));
    for (const [created, tx, purchase, account, kind, currency, amount, minor] of body) {
      assert.match(created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.equal(amount, (Number(minor) / 100).toFixed(2), `major units of ${minor} ${currency}`);
      assert.ok(kind.length > 0);
      sums[`${currency} ${account}`] = (sums[`${currency} ${account}`] || 0) + Number(minor);
      perTransaction[tx] = (perTransaction[tx] || 0) + Number(minor);
      assert.notEqual(purchase, made.live.id);
      ids.delete(purchase);
    }
    assert.deepEqual(sums, totals, 'CSV sums per currency and account = the statement totals');
    for (const [tx, s] of Object.entries(perTransaction)) assert.equal(s, 0, `transaction ${tx} sums to zero`);
    assert.deepEqual([...ids].sort(), [made.d.id, made.e.id, made.live.id].sort(), 'every test purchase with money is in the CSV');

    const res = await page.request.get(`${server.url}/portal/money/statement.csv`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /^text\/csv/);
    assert.match(res.headers()['content-disposition'], /^attachment; filename="tender-statement-test-/);
  });

  test('the currency filter narrows the charts and the statement', async () => {
    await page.goto(`${server.url}/portal/money`);
    await Promise.all([page.waitForURL(/currency=EUR/), page.selectOption('#m-currency', 'EUR').then(() => page.click('#money-filter button[type=submit]'))]);
    const data = await chartData(page);
    assert.equal(data.currency, 'EUR');
    assert.deepEqual(Object.keys(data.volume_minor), ['EUR']);
    assert.equal(sum(data.volume_minor.EUR), 1234);
    assert.equal(sum(data.paid), 1);
    assert.equal(sum(data.failed), 0);
    assert.deepEqual(data.decline_reasons, {});
    assert.equal(await page.locator('#decline-reasons').count(), 0);
    assert.equal(Number(await page.locator('#statement-count').getAttribute('data-count')), 3);
    const csv = await page.request.get(`${server.url}/portal/money/statement.csv?currency=EUR`);
    const rows = parseCsv(await csv.text()).slice(1);
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r[5] === 'EUR'));
  });

  test('a period without activity, and bad input: a message on the page, never a 5xx', async () => {
    let res = await page.goto(`${server.url}/portal/money?from=2001-01-01&to=2001-01-31`);
    assert.equal(res.status(), 200);
    const data = await chartData(page);
    assert.equal(data.days.length, 31);
    assert.equal(sum(data.paid) + sum(data.failed), 0);
    assert.equal(Number(await page.locator('#statement-count').getAttribute('data-count')), 0);

    for (const query of ['from=2026-02-30', 'from=yesterday', 'to=2026-13-01', 'from=2026-03-01&to=2026-02-01',
      'from=2020-01-01&to=2022-01-01', 'currency=XYZ', 'at=abc', 'at=1', 'from=%00%ff', `from=${'9'.repeat(5000)}`]) {
      res = await page.goto(`${server.url}/portal/money?${query}`);
      assert.equal(res.status(), 400, query);
      assert.ok((await page.locator('#money-error').textContent()).length > 10, `${query}: the reason is shown`);
      assert.equal(await page.locator('#balances').count(), 1, `${query}: the balance is still shown`);
      assert.equal(await page.locator('#chart-data').count(), 0);
    }
    res = await page.request.get(`${server.url}/portal/money/statement.csv?from=2026-02-30`);
    assert.equal(res.status(), 400);
    assert.match(res.headers()['content-type'], /^text\/html/);
  });

  test('live mode shows live figures only, the balance included', async () => {
    await page.goto(`${server.url}/portal/money`);
    const testBalance = await amountsOf(page, 'balances');
    await Promise.all([page.waitForURL(/\/portal\/money/), page.click('form.mode button[value=live]')]);
    const data = await chartData(page);
    const failed = made.live.transaction_data.attempts.filter((a) => !a.successful).length;
    assert.equal(sum(data.paid), 0);
    assert.equal(sum(data.failed), failed);
    assert.equal(sum(Object.values(data.decline_reasons)), failed);
    assert.equal(Number(await page.locator('#statement-count').getAttribute('data-count')), 0, 'no live postings');
    assert.ok(Object.keys(testBalance).length > 0);
    assert.deepEqual(await amountsOf(page, 'balances'), {}, 'no live money moved: an empty live balance');
    assert.match(await page.locator('#balance-mode').textContent(), /Live money only/);
    const liveApi = expectJson(await api(server, 'GET', '/api/v1/account/json/balance/', { key: liveKey }), 200);
    assert.deepEqual(Object.values(liveApi).filter((c) => c.balance !== 0), [], 'the live key sees no money either');
    const csv = parseCsv(await (await page.request.get(`${server.url}/portal/money/statement.csv`)).text());
    assert.equal(csv.length, 1, 'a live CSV with its header only');
    await Promise.all([page.waitForURL(/\/portal\/money/), page.click('form.mode button[value=test]')]);
  });

  test('the tables are there without script', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies(await page.context().cookies());
    const p = await context.newPage();
    await p.goto(`${server.url}/portal/money`);
    for (const id of ['balances', 'days', 'decline-reasons', 'statement-totals', 'statement'])
      assert.equal(await p.locator(`#${id}`).count(), 1, id);
    assert.equal(await p.locator('#chart-volume').isVisible(), false, 'no empty chart box without script');
    await context.close();
  });
});

// Every byte a fresh (signed-in, empty-cache) browser receives for the page, each response body
// awaited before the context closes.
async function measuredFirstLoad(pathname) {
  const signed = await openPage(browser, server);
  await signIn(signed, server.users.viewer);
  const context = await browser.newContext();
  await context.addCookies(await signed.context().cookies());
  await signed.context().close();
  const p = await context.newPage();
  const bodies = [];
  p.on('response', (r) => bodies.push(r.body().then((b) => ({ url: r.url(), bytes: b.length }), () => ({ url: r.url(), bytes: 0 }))));
  await p.goto(`${server.url}${pathname}`);
  await p.waitForLoadState('networkidle');
  const sizes = await Promise.all(bodies);
  await context.close();
  return sizes;
}

test('first load of /portal/money is within the budget', async () => {
  const sizes = await measuredFirstLoad('/portal/money');
  const bytes = sum(sizes.map((s) => s.bytes));
  const files = sizes.map((s) => new URL(s.url).pathname);
  for (const asset of ['uPlot.iife.min.js', 'uPlot.min.css', 'portal_charts.js', 'portal.css', 'portal.js'])
    assert.ok(files.includes(`/portal/assets/${asset}`), `${asset} is loaded: ${files}`);
  assert.ok(bytes <= FIRST_LOAD_LIMIT_BYTES, `first load ${bytes} bytes > ${FIRST_LOAD_LIMIT_BYTES}: ${JSON.stringify(sizes)}`);
  const helper = await firstLoadBytes(browser, server, server.users.viewer, '/portal/money');
  assert.ok(helper <= FIRST_LOAD_LIMIT_BYTES);
  console.log(`# first load of /portal/money: ${bytes} bytes (${sizes.map((s) => `${new URL(s.url).pathname} ${s.bytes}`).join(', ')}); firstLoadBytes says ${helper}`);
});
