// Shared by the portal's browser suites: a Tender with portal users of each role, a Chromium with
// one context per user, sign-in, and screenshots of a page at desktop and phone width saved under
// test-artifacts/screenshots/portal-<name>-{desktop,phone}.png.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseSingleJson, runTender, startTender } from '../../http/lib/harness.mjs';
import { launchChromium, NAV_TIMEOUT_MS, SHOTS } from './chromium.mjs';

export { NAV_TIMEOUT_MS, SHOTS };

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };
export const PASSWORD = 'correct horse battery';
export const MAX_FIRST_LOAD_BYTES = 150 * 1024;

// Clicks a submit button and waits for the page that answers; the POST's own status (303 for a
// redirect, 400 for a refused form).
export async function submit(page, selector) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.waitForEvent('load'),
    page.click(selector),
  ]);
  return res.status();
}

// The visible text of the page's main part (or of `selector`).
export async function text(page, selector = 'main') {
  return page.locator(selector).innerText();
}

// `tender users create` for the server's data directory; returns the CLI's JSON.
export async function createUser(server, email, role, { company, password = PASSWORD } = {}) {
  const args = ['users', 'create', '--data', server.dataDir, '--email', email, '--role', role, '--json'];
  if (company) args.push('--company', company);
  if (password !== null) args.push('--password-stdin');
  const out = await runTender(args, { input: password === null ? undefined : `${password}\n` });
  assert.equal(out.code, 0, `tender users create failed (${out.code}): ${out.stderr}`);
  return parseSingleJson(out.stdout, 'users create');
}

// A Tender with an owner, a staff user and a viewer in the first company, and an owner in the second.
export async function startPortal(opts = {}) {
  const server = await startTender({ ...opts, env: { TENDER_TEST_CLOCK: '1', ...(opts.env || {}) } });
  const tag = Math.random().toString(36).slice(2, 8);
  server.users = {
    owner: await createUser(server, `owner-${tag}@example.com`, 'owner'),
    staff: await createUser(server, `staff-${tag}@example.com`, 'staff'),
    viewer: await createUser(server, `viewer-${tag}@example.com`, 'viewer'),
  };
  if (server.second) server.users.other = await createUser(server, `other-${tag}@example.com`, 'owner', { company: server.second.company_id });
  return server;
}

export const launchBrowser = launchChromium;

// A fresh context (its own cookies) and page; every request it makes is recorded.
export async function openPage(browser, server, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  page.requests = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.server = server;
  return page;
}

export async function signIn(page, user, password = PASSWORD) {
  await page.goto(`${page.server.url}/portal/login`);
  await page.fill('input[name=email]', user.email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  await page.waitForURL(/\/portal\/purchases/);
}

// Saves the current page at desktop and phone width (and puts the viewport back).
export async function shots(page, name) {
  await fs.mkdir(SHOTS, { recursive: true });
  const before = page.viewportSize();
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: path.join(SHOTS, `portal-${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(SHOTS, `portal-${name}-phone.png`), fullPage: true });
  // Usable at phone width: nothing wider than the screen but tables, which scroll in their box.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${name}: the page is ${overflow}px wider than a phone screen`);
  await page.setViewportSize(before);
}

// Only Tender's own origin: nothing from a CDN.
export function assertFirstParty(page) {
  const foreign = page.requests.filter((u) => !u.startsWith(page.server.url + '/') && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], `third-party requests: ${JSON.stringify(foreign)}`);
}

// The bytes a first load of `pathname` transfers (the document and everything it loads).
export async function firstLoadBytes(browser, server, user, pathname) {
  const page = await openPage(browser, server);
  await signIn(page, user);
  const fresh = await page.context().browser().newContext({ viewport: DESKTOP });
  await fresh.addCookies(await page.context().cookies());
  const p = await fresh.newPage();
  // Every body is awaited before the context closes; a redirect has none.
  const bodies = [];
  p.on('response', (r) => bodies.push(r.body().then((b) => b.length, () => 0)));
  await p.goto(`${server.url}${pathname}`);
  await p.waitForLoadState('networkidle');
  const bytes = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
  await fresh.close();
  await page.context().close();
  return bytes;
}

// The hidden CSRF token of the page's first form.
export async function csrfToken(page) {
  return page.locator('input[name=csrf_token]').first().inputValue();
}

// POSTs a form from inside the signed-in page (its cookies), as a forged or hand-made request would.
export async function postFrom(page, pathname, fields) {
  return page.evaluate(async ({ pathname, fields }) => {
    const res = await fetch(pathname, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: res.status, text: await res.text() };
  }, { pathname, fields });
}
