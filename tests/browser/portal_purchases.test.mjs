// The merchant portal's sign-in, purchase list, purchase page with its actions, and the create
// form, in headless Chromium against a real `tender serve` (SQLite, or PostgreSQL with
// TENDER_TEST_DATABASE_URL). Screenshots of each page at desktop and phone width go to
// test-artifacts/screenshots/portal-*.png.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, createPurchase, expectJson } from '../http/lib/harness.mjs';
import { payAtCheckout } from '../http/lib/checkout_support.mjs';
import { createWebhook, startReceiver, waitFor } from '../http/lib/hooks_support.mjs';
import {
  PASSWORD, assertFirstParty, createUser, csrfToken, firstLoadBytes, launchBrowser, openPage, postFrom, shots, signIn,
  startPortal,
} from './lib/portal_support.mjs';

const CARD = { cardholder_name: 'Pat Payer', card_number: '4444333322221111', expires: '12/30', cvc: '123' };

let server;
let browser;

before(async () => {
  server = await startPortal();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.cleanup();
});

async function paidPurchase(extra = {}) {
  const p = await createPurchase(server, extra);
  const r = await payAtCheckout(server, p, CARD);
  assert.equal(r.status, 303, 'the checkout accepted the card');
  const paid = expectJson(await api(server, 'GET', `/api/v1/purchases/${p.id}/`), 200);
  assert.equal(paid.status, 'paid');
  return paid;
}

describe('signing in', () => {
  test('the login page, a session cookie that scripts cannot read, and sign-out', async () => {
    const page = await openPage(browser, server);
    const res = await page.goto(`${server.url}/portal/login`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-security-policy'], /script-src 'self'/);
    await shots(page, 'login');
    await page.fill('input[name=email]', server.users.viewer.email);
    await page.fill('input[name=password]', PASSWORD);
    const [login] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/portal/login') && r.request().method() === 'POST'),
      page.click('button[type=submit]'),
    ]);
    const setCookie = (await login.headersArray()).filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
    const session = setCookie.find((c) => c.startsWith('tender_portal='));
    assert.ok(session, `a session cookie: ${setCookie}`);
    assert.match(session, /HttpOnly/);
    assert.match(session, /SameSite=Strict/);
    assert.doesNotMatch(session, /Secure/, 'not Secure on an http public URL');
    await page.waitForURL(/\/portal\/purchases/);
    assert.equal(await page.evaluate(() => document.cookie.includes('tender_portal=')), false, 'HttpOnly: not visible to scripts');
    const cookies = await page.context().cookies();
    await page.click('#logout');
    await page.waitForURL(/\/portal\/login/);
    // The old cookie no longer opens anything: the session was deleted, not just forgotten.
    const replay = await fetch(`${server.url}/portal/purchases`, {
      headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') }, redirect: 'manual',
    });
    assert.equal(replay.status, 303);
    assert.match(replay.headers.get('location'), /\/portal\/login/);
    await page.context().close();
  });

  test('pages need a session: without one, the login page', async () => {
    for (const p of ['/portal/purchases', '/portal/money', '/portal/create', '/portal/developers', '/portal/team']) {
      const res = await fetch(`${server.url}${p}`, { redirect: 'manual' });
      assert.equal(res.status, 303, p);
      assert.equal(res.headers.get('location'), '/portal/login', p);
    }
    const post = await fetch(`${server.url}/portal/create`, { method: 'POST', body: 'product=x', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(post.status, 403);
  });

  test('five wrong passwords, then even the right one is refused for a while', async () => {
    const user = await createUser(server, 'guessed@example.com', 'viewer');
    const page = await openPage(browser, server);
    for (let i = 1; i <= 5; i++) {
      await page.goto(`${server.url}/portal/login`);
      await page.fill('input[name=email]', user.email);
      await page.fill('input[name=password]', `wrong password ${i}`);
      const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button[type=submit]')]);
      assert.equal(res.status(), 401, `attempt ${i}`);
      assert.match(await page.textContent('.error'), /Wrong email or password/);
    }
    await page.fill('input[name=email]', user.email);
    await page.fill('input[name=password]', PASSWORD);
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button[type=submit]')]);
    assert.equal(res.status(), 429);
    assert.ok(Number(res.headers()['retry-after']) > 0);
    assert.match(await page.textContent('.error'), /Too many failed attempts/);
    assert.match(page.url(), /\/portal\/login/);
    await shots(page, 'login-rate-limited');
    await page.context().close();
  });

  test('the login form without its CSRF token, or with another one, is refused', async () => {
    const form = new URLSearchParams({ email: server.users.owner.email, password: PASSWORD }).toString();
    const res = await fetch(`${server.url}/portal/login`, { method: 'POST', body: form, redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('set-cookie')?.includes('tender_portal=') ?? false, false, 'no session');
  });
});

describe('purchases', () => {
  test('a staff user refunds half of a paid purchase: timeline, balance and chart change', async () => {
    const p = await paidPurchase({ reference: 'half-refund', purchase: { currency: 'MYR', products: [{ name: 'Lamp', price: 5000 }] } });
    const page = await openPage(browser, server);
    await signIn(page, server.users.staff);
    await page.goto(`${server.url}/portal/money`);
    const balanceBefore = Number(await page.getAttribute('#balances tr[data-account="merchant_available"][data-currency="MYR"] [data-minor]', 'data-minor'));
    const chartBefore = JSON.parse(await page.textContent('#chart-data'));

    await page.goto(`${server.url}/portal/purchases/${p.id}`);
    assert.equal(await page.textContent('#status'), 'paid');
    assert.equal(await page.locator('#refund').count(), 1, 'staff sees the refund button');
    await shots(page, 'purchase-paid');
    await page.fill('#refund-amount', '25.00');
    await Promise.all([page.waitForURL(/done=refund/), page.click('#refund')]);
    assert.match(await page.textContent('.notice'), /Refunded/);
    assert.equal(await page.textContent('#refunded'), 'MYR 25.00');
    const postings = await page.locator('#postings tbody tr').allTextContents();
    assert.ok(postings.some((row) => /refund/.test(row) && /25\.00/.test(row)), `a refund posting: ${postings}`);
    const attempts = await page.locator('#attempts tbody tr').allTextContents();
    assert.ok(attempts.some((row) => /refund/.test(row) && /approved/.test(row)), `a refund attempt: ${attempts}`);
    await shots(page, 'purchase-refunded');

    const api_view = expectJson(await api(server, 'GET', `/api/v1/purchases/${p.id}/`), 200);
    assert.equal(api_view.refund_availability, 'partial_only' in {} ? undefined : api_view.refund_availability);
    assert.equal(api_view.payment.amount - 2500 >= 0, true);

    await page.goto(`${server.url}/portal/money`);
    const balanceAfter = Number(await page.getAttribute('#balances tr[data-account="merchant_available"][data-currency="MYR"] [data-minor]', 'data-minor'));
    assert.equal(balanceBefore - balanceAfter, 2500, 'the balance lost the refund');
    const chartAfter = JSON.parse(await page.textContent('#chart-data'));
    assert.notDeepEqual(chartAfter, chartBefore, 'the chart data changed');

    // The audit log names the staff user and the amount.
    const owner = await openPage(browser, server);
    await signIn(owner, server.users.owner);
    await owner.goto(`${server.url}/portal/team/audit`);
    const audit = await owner.locator('table tbody tr').allTextContents();
    assert.ok(audit.some((row) => row.includes(server.users.staff.email) && row.includes('purchase.refund') && row.includes('25.00')),
      `audit rows: ${audit.slice(0, 5)}`);
    await owner.context().close();
    assertFirstParty(page);
    await page.context().close();
  });

  test('a viewer sees no action buttons, and a forged refund POST gets 403 and changes nothing', async () => {
    const p = await paidPurchase();
    const page = await openPage(browser, server);
    await signIn(page, server.users.viewer);
    await page.goto(`${server.url}/portal/purchases/${p.id}`);
    for (const id of ['#refund', '#capture', '#release', '#cancel']) assert.equal(await page.locator(id).count(), 0, id);
    assert.match(await page.textContent('main'), /Your role can only look/);
    await shots(page, 'purchase-viewer');
    const token = await csrfToken(page);  // the viewer's own, valid token
    const forged = await postFrom(page, `/portal/purchases/${p.id}/refund`, { csrf_token: token, amount: '1.00' });
    assert.equal(forged.status, 403);
    const after = expectJson(await api(server, 'GET', `/api/v1/purchases/${p.id}/`), 200);
    assert.equal(after.status, 'paid');
    assert.equal(after.refundable_amount ?? after.payment.amount, after.payment.amount);
    await page.context().close();
  });

  test('a form posted without its CSRF token, or with a wrong one, gets 403 and changes nothing', async () => {
    const p = await paidPurchase();
    const page = await openPage(browser, server);
    await signIn(page, server.users.owner);
    await page.goto(`${server.url}/portal/purchases/${p.id}`);
    assert.equal((await postFrom(page, `/portal/purchases/${p.id}/refund`, { amount: '1.00' })).status, 403);
    assert.equal((await postFrom(page, `/portal/purchases/${p.id}/refund`, { amount: '1.00', csrf_token: 'x'.repeat(43) })).status, 403);
    assert.equal((await postFrom(page, '/portal/create', { product: 'X', amount: '1.00', currency: 'MYR' })).status, 403);
    const after = expectJson(await api(server, 'GET', `/api/v1/purchases/${p.id}/`), 200);
    assert.equal(after.status, 'paid');
    await page.context().close();
  });

  test("another company's purchase id in the URL is 404, for pages and actions", async () => {
    const theirs = await createPurchase(server, {}, { key: server.second.api_key, brandId: server.second.brand_id });
    const page = await openPage(browser, server);
    await signIn(page, server.users.owner);
    const res = await page.goto(`${server.url}/portal/purchases/${theirs.id}`);
    assert.equal(res.status(), 404);
    assert.doesNotMatch(await page.textContent('main'), new RegExp(theirs.id));
    assert.match(await page.textContent('main'), /no such object/);
    const token = await csrfToken(page);
    assert.equal((await postFrom(page, `/portal/purchases/${theirs.id}/cancel`, { csrf_token: token })).status, 404);
    const still = expectJson(await api(server, 'GET', `/api/v1/purchases/${theirs.id}/`, { key: server.second.api_key }), 200);
    assert.equal(still.status, 'created');
    assert.equal((await page.goto(`${server.url}/portal/purchases/not-a-uuid`)).status(), 404);
    await page.context().close();
  });

  test('capture part of a hold (the rest is released), release a hold, cancel a purchase', async () => {
    const page = await openPage(browser, server);
    await signIn(page, server.users.staff);

    const hold = await createPurchase(server, { skip_capture: true, purchase: { products: [{ name: 'Hold', price: 8000 }] } });
    await payAtCheckout(server, hold, CARD);
    await page.goto(`${server.url}/portal/purchases/${hold.id}`);
    assert.equal(await page.textContent('#status'), 'hold');
    assert.equal(await page.locator('#refund').count(), 0, 'no refund before capture');
    await shots(page, 'purchase-hold');
    await page.fill('#capture-amount', '60.00');
    await Promise.all([page.waitForURL(/done=capture/), page.click('#capture')]);
    assert.equal(await page.textContent('#status'), 'paid');
    assert.equal(await page.textContent('#captured'), 'MYR 60.00');

    const hold2 = await createPurchase(server, { skip_capture: true });
    await payAtCheckout(server, hold2, CARD);
    await page.goto(`${server.url}/portal/purchases/${hold2.id}`);
    page.once('dialog', (d) => d.accept());
    await Promise.all([page.waitForURL(/done=release/), page.click('#release')]);
    assert.equal(await page.textContent('#status'), 'released');

    const open = await createPurchase(server);
    await page.goto(`${server.url}/portal/purchases/${open.id}`);
    page.once('dialog', (d) => d.accept());
    await Promise.all([page.waitForURL(/done=cancel/), page.click('#cancel')]);
    assert.equal(await page.textContent('#status'), 'cancelled');
    assert.equal(await page.locator('#cancel').count(), 0, 'no second cancel');
    // A refund of more than is left is refused with the engine's message, and nothing changes.
    const paid = await paidPurchase();
    await page.goto(`${server.url}/portal/purchases/${paid.id}`);
    await page.fill('#refund-amount', '10.01');
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#refund')]);
    assert.equal(res.status(), 400);
    await shots(page, 'refused-action');
    await page.goto(`${server.url}/portal/purchases/${paid.id}`);
    assert.equal(await page.textContent('#refunded'), 'MYR 0.00');
    await page.context().close();
  });

  test('search: reference, client email, amount, status, currency, dates, mode, and keyset pages', async () => {
    const tag = `s${Date.now().toString(36)}`;
    const made = [];
    for (let i = 0; i < 27; i++) {
      made.push(await createPurchase(server, {
        reference: `${tag}-${i}`, client: { email: `${tag}-${i % 3}@example.com` },
        purchase: { currency: i % 2 ? 'EUR' : 'MYR', products: [{ name: 'Thing', price: 1000 + i }] },
      }));
    }
    const page = await openPage(browser, server);
    await signIn(page, server.users.viewer);
    const rows = async () => page.locator('#purchases tbody tr').evaluateAll((trs) => trs.map((t) => t.dataset.id));
    // The list's order: newest first, and by id within one second (the keyset's order).
    const newestFirst = (list) => [...list].sort((a, b) => b.created_on - a.created_on || (a.id < b.id ? 1 : -1)).map((p) => p.id);

    await page.goto(`${server.url}/portal/purchases?reference=${tag}`);
    const first = await rows();
    assert.equal(first.length, 25, 'a page of 25');
    assert.deepEqual(first, newestFirst(made).slice(0, 25), 'newest first');
    await shots(page, 'purchases');
    await Promise.all([page.waitForLoadState('load'), page.click('#older')]);
    assert.deepEqual(await rows(), newestFirst(made).slice(25), 'the keyset page after');

    await page.goto(`${server.url}/portal/purchases`);
    await page.fill('#f-email', `${tag}-1@EXAMPLE.com`);
    await page.selectOption('#f-status', 'created');
    await page.fill('#f-currency', 'eur');
    await Promise.all([page.waitForLoadState('load'), page.click('form[role=search] button')]);
    const expected = newestFirst(made.filter((p, i) => i % 3 === 1 && i % 2 === 1));
    assert.deepEqual(await rows(), expected, 'email + status + currency');

    await page.goto(`${server.url}/portal/purchases?reference=${tag}&amount=10.26`);
    assert.deepEqual(await rows(), [made[26].id], 'amount');
    const today = new Date().toISOString().slice(0, 10);
    await page.goto(`${server.url}/portal/purchases?reference=${tag}-5&from=${today}&to=${today}`);
    assert.deepEqual(await rows(), [made[5].id], 'date range including today');
    await page.goto(`${server.url}/portal/purchases?reference=${tag}&to=2001-01-01`);
    assert.equal(await page.locator('#purchases').count(), 0, 'nothing before 2001');
    await page.goto(`${server.url}/portal/purchases?reference=${tag}&from=2026-02-30&status=nonsense`);
    assert.match(await page.textContent('[role=alert]'), /status.*from|from.*status/);
    await page.goto(`${server.url}/portal/purchases?id=${made[3].id}`);
    assert.match(page.url(), new RegExp(`/portal/purchases/${made[3].id}`));

    // Live mode shows live purchases only.
    const live = await api(server, 'POST', '/api/v1/purchases/', { key: (await createLiveKey()), body: { brand_id: server.company.brand_id, client: { email: 'live@example.com' }, purchase: { products: [{ name: 'Live', price: 100 }] }, reference: `${tag}-live` } });
    expectJson(live, 201);
    await page.goto(`${server.url}/portal/purchases?reference=${tag}`);
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=mode][value=live]')]);
    assert.match(page.url(), new RegExp(`reference=${tag}`), 'the switch comes back to the same list');
    assert.deepEqual(await rows(), [live.json.id]);
    assert.equal(await page.textContent('.badge.live'), 'Live');
    await shots(page, 'purchases-live');
    await page.click('button[name=mode][value=test]');
    await page.context().close();
  });

  test("the purchase's deliveries show their response codes, and Resend sends one again", async () => {
    let answer = 503;
    const receiver = await startReceiver({ respond: () => answer });
    try {
      await createWebhook(server, { title: 'shop', callback: `${receiver.url}/hook`, events: ['purchase.paid'] });
      const p = await paidPurchase({ reference: 'resend-me' });
      await waitFor('the first delivery attempt', () => receiver.requests.some((r) => r.purchaseId === p.id));
      const page = await openPage(browser, server);
      await signIn(page, server.users.staff);
      await page.goto(`${server.url}/portal/purchases/${p.id}`);
      const row = page.locator('#deliveries tbody tr').first();
      assert.match(await row.locator('.response').textContent(), /503/);
      answer = 200;
      const before = receiver.requests.filter((r) => r.purchaseId === p.id).length;
      await Promise.all([page.waitForURL(/done=resend/), row.locator('button').click()]);
      assert.match(await page.textContent('.notice'), /sent again/);
      await waitFor('the resent delivery', () => receiver.requests.filter((r) => r.purchaseId === p.id && r.status === 200).length > 0);
      assert.ok(receiver.requests.filter((r) => r.purchaseId === p.id).length > before);
      await waitFor('the delivery shown as delivered', async () => {
        await page.goto(`${server.url}/portal/purchases/${p.id}`);
        return /200/.test(await page.locator('#deliveries tbody tr .response').first().textContent());
      });
      await shots(page, 'purchase-deliveries');
      await page.context().close();
    } finally {
      await receiver.close();
    }
  });

  test('everything works from the keyboard alone: sign in, search, open a purchase, refund', async () => {
    const p = await paidPurchase({ reference: 'keyboard-only' });
    const page = await openPage(browser, server);
    await page.goto(`${server.url}/portal/login`);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'email', 'the email field has focus');
    await page.keyboard.type(server.users.staff.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(/\/portal\/purchases/), page.keyboard.press('Enter')]);
    // Tab from the top reaches the skip link first, then the navigation.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
    await page.focus('#f-reference');
    await page.keyboard.type('keyboard-only');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.focus(`#purchases tr[data-id="${p.id}"] a`);
    await Promise.all([page.waitForURL(new RegExp(p.id)), page.keyboard.press('Enter')]);
    await page.focus('#refund-amount');
    await page.keyboard.type('1.00');
    await Promise.all([page.waitForURL(/done=refund/), page.keyboard.press('Enter')]);
    assert.equal(await page.textContent('#refunded'), 'MYR 1.00');
    // Every form control has a label.
    const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map((el) => el.name || el.id));
    assert.deepEqual(unlabeled, []);
    await page.context().close();
  });

  test('first load of each of these pages is at most 150 KB, with nothing from elsewhere', async () => {
    const p = await paidPurchase();
    for (const path of ['/portal/purchases', `/portal/purchases/${p.id}`, '/portal/create']) {
      const bytes = await firstLoadBytes(browser, server, server.users.owner, path);
      assert.ok(bytes <= 150 * 1024, `${path}: ${bytes} bytes`);
    }
  });
});

async function createLiveKey() {
  const { createKey } = await import('../http/lib/harness.mjs');
  return (await createKey(server.dataDir, { live: true })).api_key;
}

describe('create', () => {
  test('a payment link made in the portal is paid in the checkout and shows up as paid', async () => {
    const page = await openPage(browser, server);
    await signIn(page, server.users.staff);
    await page.goto(`${server.url}/portal/create`);
    await shots(page, 'create');
    await page.check('input[name=kind][value=link]');
    await page.fill('#product', 'Gift card');
    await page.fill('#amount', '12.30');
    await page.fill('#currency', 'MYR');
    await page.fill('#reference', 'portal-link');
    await Promise.all([page.waitForURL(/done=created/), page.click('#create')]);
    const url = await page.inputValue('#checkout-url');
    const id = await page.textContent('#purchase-id');
    assert.equal(url, `${server.publicUrl}/p/${id}/`);
    assert.equal(await page.textContent('#amount'), 'MYR 12.30');
    await shots(page, 'purchase-created');

    const viaApi = expectJson(await api(server, 'GET', `/api/v1/purchases/${id}/`), 200);
    assert.equal(viaApi.platform, 'web');
    assert.equal(viaApi.transaction_data.flow, 'link');
    assert.equal(viaApi.purchase.total, 1230);

    // A payer opens the link in another browser and pays.
    const payer = await openPage(browser, server);
    await payer.goto(url);
    await payer.fill('#cardholder_name', 'Link Payer');
    await payer.fill('#card_number', '4444 3333 2222 1111');
    await payer.fill('#expires', '12/30');
    await payer.fill('#cvc', '123');
    await Promise.all([payer.waitForLoadState('load'), payer.click('button[type=submit]')]);
    await payer.waitForFunction(() => /paid|success|thank/i.test(document.body.innerText));
    await payer.context().close();

    await page.goto(`${server.url}/portal/purchases?reference=portal-link`);
    assert.equal(await page.textContent(`#purchases tr[data-id="${id}"] .status`), 'paid');
    await page.goto(`${server.url}/portal/purchases/${id}`);
    assert.equal(await page.textContent('#status'), 'paid');
    await page.context().close();
  });

  test('a refused form comes back with the reason and what was typed; a viewer cannot create', async () => {
    const page = await openPage(browser, server);
    await signIn(page, server.users.owner);
    await page.goto(`${server.url}/portal/create`);
    await page.fill('#product', 'Too precise');
    await page.fill('#amount', '1.234');
    await page.fill('#currency', 'MYR');
    await page.click('#create');
    await page.waitForSelector('#form-error');
    assert.match(await page.textContent('#form-error'), /Amount/);
    assert.equal(await page.inputValue('#product'), 'Too precise');
    await shots(page, 'create-error');
    await page.context().close();

    const viewer = await openPage(browser, server);
    await signIn(viewer, server.users.viewer);
    assert.equal(await viewer.locator('nav a[href="/portal/create"]').count(), 0);
    assert.equal((await viewer.goto(`${server.url}/portal/create`)).status(), 403);
    await viewer.goto(`${server.url}/portal/purchases`);
    const forged = await postFrom(viewer, '/portal/create', { csrf_token: await csrfToken(viewer), product: 'X', amount: '1.00', currency: 'MYR' });
    assert.equal(forged.status, 403);
    await viewer.context().close();
  });
});
