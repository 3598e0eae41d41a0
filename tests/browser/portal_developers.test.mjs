// The portal's developer pages (owners only) in Chromium: webhooks (create with an event choice,
// edit, delete) delivering to a real HTTP receiver on 127.0.0.1, their delivery log with response
// codes and a resend; API keys (created and shown once, used against the API, revoked → 401); the
// test clock and the simulations in test mode. Staff and viewers get 403, forged POSTs included;
// another company's objects are 404; bad input gets a message naming its field; every action is
// in the audit log. Screenshots of every page at desktop and phone width.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../http/lib/harness.mjs';
import { newPurchase, payDirectPost, startReceiver, waitFor } from '../http/lib/hooks_support.mjs';
import {
  assertFirstParty, csrfToken, firstLoadBytes, launchBrowser, openPage, postFrom, shots, signIn, startPortal,
  MAX_FIRST_LOAD_BYTES, submit, text,
} from './lib/portal_support.mjs';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

// Reloads until the page's text satisfies `predicate` (deliveries arrive in the background).
async function reloadUntil(page, what, predicate, timeoutMs = 15_000) {
  await waitFor(what, async () => {
    await page.reload();
    return predicate(await text(page));
  }, { timeoutMs, intervalMs: 200 });
}

describe('portal developers', () => {
  let server;
  let browser;
  let receiver;
  let owner;
  const state = {};

  before(async () => {
    server = await startPortal();
    browser = await launchBrowser();
    // The first delivery is refused (500), so that the log shows a failed attempt and a retry.
    receiver = await startReceiver({ respond: (r, index) => (index === 0 ? 500 : 200) });
    owner = await openPage(browser, server);
    await signIn(owner, server.users.owner);
  });

  after(async () => {
    await browser?.close();
    await receiver?.close();
    await server?.cleanup();
  });

  test('a webhook is created with an event choice; bad input is named', async () => {
    const res = await owner.goto(`${server.url}/portal/developers`);
    assert.equal(res.status(), 200);
    assert.match(await text(owner), /No webhooks yet/);
    await shots(owner, 'developers-empty');

    await Promise.all([owner.waitForEvent('load'), owner.click('a[href="/portal/developers/webhooks/new"]')]);
    assert.equal(await owner.locator('input[name=events]').count() > 5, true, 'a checkbox per event type');
    await shots(owner, 'developers-webhook-new');

    // Refused by WebhookCommands: not an http(s) URL. The form keeps what was typed.
    await owner.fill('#title', 'Shop events');
    await owner.fill('#callback', 'ftp://shop.example.com/events');
    await owner.check('input[name=events][value="purchase.created"]');
    assert.equal(await submit(owner, '#webhook-form button[type=submit]'), 400);
    assert.match(await text(owner, '#form-error'), /^Callback URL: /);
    assert.equal(await owner.inputValue('#title'), 'Shop events');
    assert.equal(await owner.isChecked('input[name=events][value="purchase.created"]'), true);
    await shots(owner, 'developers-webhook-error');

    // No event chosen.
    await owner.uncheck('input[name=events][value="purchase.created"]');
    await owner.fill('#callback', `${receiver.url}/hook`);
    assert.equal(await submit(owner, '#webhook-form button[type=submit]'), 400);
    assert.match(await text(owner, '#form-error'), /^Events: /);

    await owner.check('input[name=events][value="purchase.created"]');
    await owner.check('input[name=events][value="purchase.paid"]');
    assert.equal(await submit(owner, '#webhook-form button[type=submit]'), 303);
    const m = owner.url().match(new RegExp(`/portal/developers/webhooks/(${UUID})\\?notice=webhook_created$`));
    assert.ok(m, owner.url());
    state.webhookId = m[1];
    const facts = await text(owner, '#webhook-facts');
    assert.match(facts, /purchase\.created, purchase\.paid/);
    assert.match(facts, new RegExp(`${receiver.url}/hook`));
    assert.match(await text(owner), /Nothing delivered to this webhook yet/);
    // The receiver checks every delivery's X-Signature with the key the page shows.
    const publicKey = await owner.locator('details.key pre').textContent();
    assert.match(publicKey, /BEGIN PUBLIC KEY/);
    receiver.keys.set('/hook', publicKey);

    // Forged and oversized input: never a 5xx, always a message naming the field.
    const token = await csrfToken(owner);
    const cases = [
      [{ title: 'x'.repeat(101), callback: `${receiver.url}/a`, events: 'purchase.paid' }, /Title: enter at most 100 characters/],
      [{ title: 'ok', callback: `${receiver.url}/${'a'.repeat(600)}`, events: 'purchase.paid' }, /Callback URL: enter at most 500/],
      [{ title: 'ok', callback: `${receiver.url}/a`, events: 'purchase.nothing' }, /Events: choose event types from the list/],
      [{ title: 'bad\u0001', callback: `${receiver.url}/a`, all_events: '1' }, /Title: remove the control characters/],
      [{ title: 'ok', callback: 'http://10.0.0.1/a', all_events: '1' }, /Callback URL: /],
    ];
    for (const [fields, message] of cases) {
      const r = await postFrom(owner, '/portal/developers/webhooks', { csrf_token: token, ...fields });
      assert.equal(r.status, 400, `${JSON.stringify(fields).slice(0, 80)}: ${r.status}`);
      assert.match(r.text, message);
    }
    const list = await postFrom(owner, '/portal/developers/webhooks', { csrf_token: token });
    assert.equal(list.status, 400);
    assert.match(list.text, /Title: this field is required/);
  });

  test('a purchase event is delivered, shows its response codes, and is resent', async () => {
    const purchase = await newPurchase(server);
    state.purchaseId = purchase.id;
    await payDirectPost(purchase);
    await waitFor('the first delivery', () => receiver.on('/hook').length >= 1);
    assert.equal(receiver.requests[0].eventType, 'purchase.created');
    assert.equal(receiver.requests[0].verified, true, 'signed with the key shown on the webhook page');

    const hookPage = `${server.url}/portal/developers/webhooks/${state.webhookId}`;
    await owner.goto(hookPage);
    await reloadUntil(owner, 'both deliveries in the log', (t) => /purchase\.created/.test(t) && /purchase\.paid/.test(t));
    const created = owner.locator('#deliveries tbody tr', { hasText: 'purchase.created' });
    await Promise.all([owner.waitForEvent('load'), created.locator('a').first().click()]);
    assert.match(owner.url(), new RegExp(`/deliveries/${UUID}$`));
    state.createdDeliveryUrl = owner.url();
    assert.match(await text(owner, '#attempts'), /HTTP 500/, 'the refused first attempt and its code');
    await shots(owner, 'developers-delivery');

    // The retry is due 30 s after the refusal: moving the test clock sends it now.
    await owner.goto(`${server.url}/portal/developers/test`);
    await owner.fill('#amount', '1');
    await owner.selectOption('#unit', 'hours');
    assert.equal(await submit(owner, '#advance-clock button[type=submit]'), 303);
    assert.match(await text(owner, '#notice'), /Test clock moved forward/);
    assert.match(await text(owner, '#clock-offset'), /1 hour ahead/);
    await waitFor('the paid event after the retried created event', () =>
      receiver.on('/hook').some((r) => r.eventType === 'purchase.paid' && r.status === 200));

    await owner.goto(hookPage);
    await reloadUntil(owner, 'both delivered', (t) => (t.match(/delivered/g) || []).length >= 2);
    const log = await text(owner, '#deliveries');
    assert.match(log, /HTTP 200/);
    await shots(owner, 'developers-webhook');

    // Resend the paid delivery: one more (manual) attempt reaches the receiver.
    const before = receiver.on('/hook').filter((r) => r.eventType === 'purchase.paid').length;
    const paidRow = owner.locator('#deliveries tbody tr', { hasText: 'purchase.paid' });
    assert.equal(await submit(owner, `#deliveries tbody tr:has-text("purchase.paid") button`), 303);
    assert.match(owner.url(), /\?notice=resent$/);
    assert.equal(await paidRow.count(), 0, 'now on the delivery page');
    await waitFor('the resent delivery', () =>
      receiver.on('/hook').filter((r) => r.eventType === 'purchase.paid').length > before);
    await reloadUntil(owner, 'the manual attempt', (t) => /resend/.test(t) && (t.match(/HTTP 200/g) || []).length >= 2);
    assert.equal(await owner.locator('#attempts tbody tr').count(), 2);
    await shots(owner, 'developers-delivery-resent');

    // The purchase's page link is there; the log pages with a keyset cursor (a bad one is named).
    assert.ok(await owner.locator(`a[href="/portal/purchases/${state.purchaseId}"]`).count() >= 1);
    const bad = await owner.goto(`${hookPage}?after=garbage`);
    assert.equal(bad.status(), 400);
    assert.match(await text(owner), /after: /);
  });

  test('a webhook is edited and deleted after a confirmation', async () => {
    const hookPage = `${server.url}/portal/developers/webhooks/${state.webhookId}`;
    await owner.goto(`${hookPage}/edit`);
    assert.equal(await owner.inputValue('#title'), 'Shop events');
    assert.equal(await owner.isChecked('input[name=events][value="purchase.paid"]'), true);
    await shots(owner, 'developers-webhook-edit');
    await owner.fill('#title', 'All shop events');
    await owner.check('input[name=all_events]');
    assert.equal(await submit(owner, '#webhook-form button[type=submit]'), 303);
    assert.match(await text(owner, '#webhook-facts'), /All events/);
    assert.match(await text(owner, 'h1'), /All shop events/);

    // A second webhook, to delete.
    await owner.goto(`${server.url}/portal/developers/webhooks/new`);
    await owner.fill('#title', 'Temporary');
    await owner.fill('#callback', `${receiver.url}/temporary`);
    await owner.check('input[name=all_events]');
    assert.equal(await submit(owner, '#webhook-form button[type=submit]'), 303);
    const tempId = owner.url().match(new RegExp(`webhooks/(${UUID})`))[1];
    await owner.goto(`${server.url}/portal/developers`);
    assert.match(await text(owner, '#webhooks'), /All shop events[\s\S]*|Temporary/);
    assert.equal(await owner.locator('#webhooks tbody tr').count(), 2);
    await shots(owner, 'developers');

    await owner.goto(`${server.url}/portal/developers/webhooks/${tempId}/delete`);
    await shots(owner, 'developers-webhook-delete');
    assert.equal(await submit(owner, 'button.danger'), 303);
    assert.match(owner.url(), /\/portal\/developers\?notice=webhook_deleted$/);
    assert.equal(await owner.locator('#webhooks tbody tr').count(), 1);
    assert.equal((await owner.goto(`${server.url}/portal/developers/webhooks/${tempId}`)).status(), 404);
  });

  test('an API key is shown once, works, and stops at once when revoked', async () => {
    await owner.goto(`${server.url}/portal/developers/keys`);
    const keysBefore = await owner.locator('#keys tbody tr').count();
    assert.ok(keysBefore >= 1, 'the key made by tender init is listed');
    await owner.selectOption('#mode', 'test');
    assert.equal(await submit(owner, '#new-key button[type=submit]'), 200);
    const secret = await owner.inputValue('#secret');
    assert.match(secret, /^tender_test_/);
    await shots(owner, 'developers-key-created');

    // Never again: not on the list page, not in its HTML.
    await owner.goto(`${server.url}/portal/developers/keys`);
    assert.equal(await owner.locator('#keys tbody tr').count(), keysBefore + 1);
    assert.ok(!(await owner.content()).includes(secret), 'the secret is not shown again');
    assert.match(await text(owner, '#keys'), new RegExp(secret.slice(0, 16)));
    await shots(owner, 'developers-keys');

    const listed = await api(server, 'GET', '/api/v1/purchases/', { key: secret });
    assert.equal(listed.status, 200, listed.text);
    assert.ok(listed.json.results.some((p) => p.id === state.purchaseId), 'the key sees the company\'s test purchases');

    const row = owner.locator('#keys tbody tr', { hasText: secret.slice(0, 16) });
    await Promise.all([owner.waitForEvent('load'), row.locator('a.revoke').click()]);
    assert.match(await text(owner), new RegExp(`Revoke the test key ${secret.slice(0, 16)}`));
    await shots(owner, 'developers-key-revoke');
    assert.equal(await submit(owner, 'button.danger'), 303);
    assert.match(await text(owner), /API key revoked/);
    assert.equal(await owner.locator('#keys tbody tr').count(), keysBefore);
    const refused = await api(server, 'GET', '/api/v1/purchases/', { key: secret });
    assert.equal(refused.status, 401, 'a revoked key is refused at once');
    assert.equal((await api(server, 'GET', '/api/v1/purchases/')).status, 200, 'the other keys still work');

    // Bad mode; a key id of nobody.
    const token = await csrfToken(owner);
    const badMode = await postFrom(owner, '/portal/developers/keys', { csrf_token: token, mode: 'sideways' });
    assert.equal(badMode.status, 400);
    assert.match(badMode.text, /Mode: choose test or live/);
    const nobody = await postFrom(owner, '/portal/developers/keys/0b7a5c2e-3d4f-4a6b-9c8d-1e2f3a4b5c6d/revoke', { csrf_token: token });
    assert.equal(nobody.status, 404);
  });

  test('test clock and simulations in test mode; refused in live mode', async () => {
    await owner.goto(`${server.url}/portal/developers/test`);
    await shots(owner, 'developers-test');
    const token = await csrfToken(owner);
    const bad = [
      ['/portal/developers/test/clock', { amount: 'abc', unit: 'hours' }, /Amount: enter a whole number from 1 to 9600 hours/],
      ['/portal/developers/test/clock', { amount: '401', unit: 'days' }, /Amount: enter a whole number from 1 to 400 days/],
      ['/portal/developers/test/clock', { amount: '1', unit: 'weeks' }, /Unit: choose hours or days/],
      ['/portal/developers/test/simulate', { purchase_id: 'nope', event: 'clear' }, /Purchase ID: /],
      ['/portal/developers/test/simulate', { purchase_id: state.purchaseId, event: 'explode' }, /Event: choose send, clear, settle or chargeback/],
    ];
    for (const [path, fields, message] of bad) {
      const r = await postFrom(owner, path, { csrf_token: token, ...fields });
      assert.equal(r.status, 400, `${path} ${JSON.stringify(fields)}`);
      assert.match(r.text, message);
    }

    // The state machine decides: "send" is not possible on a paid purchase.
    await owner.fill('#purchase_id', state.purchaseId);
    await owner.selectOption('#event', 'send');
    assert.equal(await submit(owner, '#simulate button[type=submit]'), 400);
    assert.match(await text(owner, '#form-error'), /Event: 'send' is not possible in status 'paid'/);
    assert.equal(await owner.inputValue('#purchase_id'), state.purchaseId, 'the form keeps the ID');
    await shots(owner, 'developers-test-error');

    await owner.selectOption('#event', 'clear');
    assert.equal(await submit(owner, '#simulate button[type=submit]'), 303);
    assert.match(await text(owner, '#notice'), new RegExp(`Simulated clear on purchase ${state.purchaseId}: its status is now cleared`));
    await owner.fill('#purchase_id', ` ${state.purchaseId} `);
    await owner.selectOption('#event', 'settle');
    assert.equal(await submit(owner, '#simulate button[type=submit]'), 303);
    assert.match(await text(owner, '#notice'), /its status is now settled/);
    const fetched = await api(server, 'GET', `/api/v1/purchases/${state.purchaseId}/`);
    assert.equal(fetched.json.status, 'settled');

    // Another company's purchase is not found.
    const theirs = await newPurchase(server, { brand_id: server.second.brand_id }, server.second.api_key);
    const foreign = await postFrom(owner, '/portal/developers/test/simulate', { csrf_token: token, purchase_id: theirs.id, event: 'send' });
    assert.equal(foreign.status, 404);
    assert.match(foreign.text, /Purchase ID: there is no test purchase with this ID/);

    // Live data: the page says so, and the forms are refused.
    await owner.click('header button[name=mode][value=live]');
    await owner.waitForURL(/\/portal\/developers\/test/);
    assert.match(await text(owner), /Test mode only/);
    assert.equal(await owner.locator('#advance-clock').count(), 0);
    await shots(owner, 'developers-test-live');
    const liveToken = await csrfToken(owner);
    const clockLive = await postFrom(owner, '/portal/developers/test/clock', { csrf_token: liveToken, amount: '1', unit: 'hours' });
    assert.equal(clockLive.status, 400);
    assert.match(clockLive.text, /only moves in test mode/);
    const simLive = await postFrom(owner, '/portal/developers/test/simulate', { csrf_token: liveToken, purchase_id: state.purchaseId, event: 'chargeback' });
    assert.equal(simLive.status, 400);
    // A test webhook is not found among live data.
    assert.equal((await owner.goto(`${server.url}/portal/developers/webhooks/${state.webhookId}`)).status(), 404);
    await owner.goto(`${server.url}/portal/developers`);
    assert.match(await text(owner), /Webhooks of live data/);
    assert.match(await text(owner), /No webhooks yet/);
    await owner.click('header button[name=mode][value=test]');
    await owner.waitForURL(/\/portal\/developers$/);
  });

  test('staff and viewers get 403, forged POSTs included', async () => {
    const webhookPage = `/portal/developers/webhooks/${state.webhookId}`;
    for (const role of ['staff', 'viewer']) {
      const page = await openPage(browser, server);
      await signIn(page, server.users[role]);
      assert.equal(await page.locator('nav a[href="/portal/developers"]').count(), 0, `${role}: no Developers link`);
      for (const path of ['/portal/developers', '/portal/developers/keys', '/portal/developers/test', webhookPage, `${webhookPage}/edit`]) {
        const res = await page.goto(`${server.url}${path}`);
        assert.equal(res.status(), 403, `${role} GET ${path}`);
      }
      if (role === 'viewer') await shots(page, 'developers-forbidden');
      const token = await csrfToken(page);  // the 403 page's own forms (mode switch, sign out)
      const posts = [
        ['/portal/developers/webhooks', { title: 'evil', callback: 'https://evil.example.com/', all_events: '1' }],
        [`${webhookPage}/delete`, {}],
        ['/portal/developers/keys', { mode: 'live' }],
        ['/portal/developers/test/clock', { amount: '1', unit: 'days' }],
        ['/portal/developers/test/simulate', { purchase_id: state.purchaseId, event: 'chargeback' }],
      ];
      for (const [path, fields] of posts) {
        const r = await postFrom(page, path, { csrf_token: token, ...fields });
        assert.equal(r.status, 403, `${role} POST ${path}`);
      }
      // Without the token the answer is 403 as well (the form expired).
      assert.equal((await postFrom(page, '/portal/developers/keys', { mode: 'test' })).status, 403);
      await page.context().close();
    }
    await owner.goto(`${server.url}${webhookPage}`);
    assert.equal(await owner.locator('#webhook-facts').count(), 1, 'the webhook is still there');
  });

  test("another company's webhook, delivery and key are 404", async () => {
    const other = await openPage(browser, server);
    await signIn(other, server.users.other);
    const webhookPage = `/portal/developers/webhooks/${state.webhookId}`;
    const deliveryPath = new URL(state.createdDeliveryUrl).pathname;
    for (const path of [webhookPage, `${webhookPage}/edit`, `${webhookPage}/delete`, deliveryPath,
      '/portal/developers/webhooks/not-an-id', '/portal/developers/keys/not-an-id/revoke']) {
      const res = await other.goto(`${server.url}${path}`);
      assert.equal(res.status(), 404, `GET ${path}`);
    }
    await other.goto(`${server.url}/portal/developers/keys`);
    const token = await csrfToken(other);
    const keys = await owner.goto(`${server.url}/portal/developers/keys`).then(() => owner.locator('#keys a.revoke').first().getAttribute('href'));
    for (const [path, fields] of [
      [webhookPage, { title: 'x', callback: 'https://a.example.com/', all_events: '1' }],
      [`${webhookPage}/delete`, {}],
      [`${deliveryPath}/resend`, {}],
      [keys, {}],
    ]) {
      const r = await postFrom(other, path, { csrf_token: token, ...fields });
      assert.equal(r.status, 404, `POST ${path}`);
    }
    assert.equal((await api(server, 'GET', '/api/v1/purchases/')).status, 200, "the first company's key still works");
    await other.context().close();
  });

  test('the disabled test clock says how to enable it', async () => {
    const disabled = await startPortal({ env: { TENDER_TEST_CLOCK: '0' } });
    try {
      const page = await openPage(browser, disabled);
      await signIn(page, disabled.users.owner);
      await page.goto(`${disabled.url}/portal/developers/test`);
      assert.match(await text(page, '#clock-disabled'), /TENDER_TEST_CLOCK=1/);
      assert.equal(await page.locator('#advance-clock').count(), 0);
      await shots(page, 'developers-test-disabled');
      const r = await postFrom(page, '/portal/developers/test/clock', { csrf_token: await csrfToken(page), amount: '1', unit: 'hours' });
      assert.equal(r.status, 403);
      assert.match(r.text, /TENDER_TEST_CLOCK=1/);
      await page.context().close();
    } finally {
      await disabled.cleanup();
    }
  });

  test('the audit log shows every developer action; first load is small and first-party', async () => {
    await owner.goto(`${server.url}/portal/team/audit`);
    const log = await text(owner, '#audit');
    for (const action of ['webhook.create', 'webhook.update', 'webhook.delete', 'delivery.resend', 'api_key.create',
      'api_key.revoke', 'test_clock.advance', 'purchase.simulate']) {
      assert.match(log, new RegExp(action.replace('.', '\\.')), `${action} in the audit log`);
    }
    assert.match(log, /clear → cleared/);
    assert.match(log, /\+1 hour \(now 1 hour ahead\)/);
    assert.ok(!/tender_test_[A-Za-z0-9_-]{20,}/.test(log), 'no secret in the audit log');
    assertFirstParty(owner);
    const bytes = await firstLoadBytes(browser, server, server.users.owner, '/portal/developers');
    assert.ok(bytes > 0 && bytes <= MAX_FIRST_LOAD_BYTES, `first load of /portal/developers: ${bytes} bytes`);
  });
});
