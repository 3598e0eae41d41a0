// The portal's team pages (owners only) in Chromium: the users list, a new user with a generated
// password (shown once) that signs in, a new user with a given password, role changes that take
// effect at once, removal after a confirmation, the last owner kept (Users' message shown), bad
// input named by field; staff and viewers get 403 (forged POSTs included), another company's user
// is 404; the audit log pages with a keyset cursor. Screenshots of every page, desktop and phone.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertFirstParty, csrfToken, firstLoadBytes, launchBrowser, openPage, postFrom, shots, signIn, startPortal,
  MAX_FIRST_LOAD_BYTES, submit, text,
} from './lib/portal_support.mjs';

const AUDIT_PAGE_SIZE = 50;

// The id of a listed user, from the action of their role form.
async function userId(page, email) {
  const action = await page.locator(`#users tr[data-email="${email}"] form.role-form`).getAttribute('action');
  return action.match(/\/portal\/team\/users\/([^/]+)\/role$/)[1];
}

describe('portal team', () => {
  let server;
  let browser;
  let owner;
  const tag = Math.random().toString(36).slice(2, 8);
  const newStaff = `new-staff-${tag}@example.com`;
  const newViewer = `new-viewer-${tag}@example.com`;
  const state = {};

  before(async () => {
    server = await startPortal();
    browser = await launchBrowser();
    owner = await openPage(browser, server);
    await signIn(owner, server.users.owner);
  });

  after(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  test('the team lists the users; a generated password is shown once and signs in', async () => {
    const res = await owner.goto(`${server.url}/portal/team`);
    assert.equal(res.status(), 200);
    const list = await text(owner, '#users');
    for (const role of ['owner', 'staff', 'viewer']) assert.match(list, new RegExp(server.users[role].email));
    assert.ok(!list.includes(server.users.other.email), "another company's users are not listed");
    assert.equal(await owner.inputValue(`#users tr[data-email="${server.users.staff.email}"] select`), 'staff');
    await shots(owner, 'team');

    await owner.fill('#email', newStaff.toUpperCase());
    await owner.selectOption('#role', 'staff');
    assert.equal(await submit(owner, '#new-user button[type=submit]'), 200);
    assert.equal(await text(owner, '#new-email'), newStaff, 'emails are kept lower-cased');
    const password = await owner.inputValue('#new-password');
    assert.ok(password.length >= 20, 'a generated password');
    await shots(owner, 'team-user-created');

    // Shown once: the team page never has it.
    await owner.goto(`${server.url}/portal/team`);
    assert.ok(!(await owner.content()).includes(password));
    state.staffId = await userId(owner, newStaff);

    const staff = await openPage(browser, server);
    await signIn(staff, { email: newStaff }, password);
    assert.match(await text(staff, 'header'), new RegExp(`${newStaff} \\(staff\\)`));
    state.staffPage = staff;
  });

  test('a user with a given password; bad input is named by field', async () => {
    await owner.goto(`${server.url}/portal/team`);
    await owner.fill('#email', newViewer);
    await owner.selectOption('#role', 'viewer');
    await owner.fill('#password', 'a long given password');
    assert.equal(await submit(owner, '#new-user button[type=submit]'), 200);
    assert.match(await text(owner), /They sign in with the password you set/);
    assert.equal(await owner.locator('#new-password').count(), 0);
    await shots(owner, 'team-user-created-given');
    const viewer = await openPage(browser, server);
    await signIn(viewer, { email: newViewer }, 'a long given password');
    await viewer.context().close();

    await owner.goto(`${server.url}/portal/team`);
    await owner.fill('#email', newViewer);
    assert.equal(await submit(owner, '#new-user button[type=submit]'), 400);
    assert.match(await text(owner, '#form-error'), /^Email: A user with this email already exists/);
    assert.equal(await owner.inputValue('#email'), newViewer, 'the form keeps the email');
    await shots(owner, 'team-error');

    const token = await csrfToken(owner);
    const cases = [
      [{ email: 'not-an-email', role: 'viewer' }, /Email: Enter an email address/],
      [{ email: `${'a'.repeat(250)}@example.com`, role: 'viewer' }, /Email: enter at most 254 characters/],
      [{ email: 'tab\t@example.com', role: 'viewer' }, /Email: remove the control characters/],
      [{ email: `x-${tag}@example.com`, role: 'king' }, /Role: choose owner, staff or viewer/],
      [{ email: `x-${tag}@example.com`, role: 'viewer', password: 'short' }, /Password: The password must have at least 10 characters/],
      [{ email: `x-${tag}@example.com`, role: 'viewer', password: 'p'.repeat(1025) }, /Password: enter at most 1024 characters/],
      [{ role: 'viewer' }, /Email: this field is required/],
    ];
    for (const [fields, message] of cases) {
      const r = await postFrom(owner, '/portal/team/users', { csrf_token: token, ...fields });
      assert.equal(r.status, 400, JSON.stringify(fields).slice(0, 80));
      assert.match(r.text, message);
    }
    const bad = await postFrom(owner, `/portal/team/users/${state.staffId}/role`, { csrf_token: token, role: 'king' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Role: choose owner, staff or viewer/);
  });

  test('role changes take effect at once; the last owner is kept', async () => {
    const staff = state.staffPage;
    assert.equal((await staff.goto(`${server.url}/portal/team`)).status(), 403);

    await owner.goto(`${server.url}/portal/team`);
    await owner.selectOption(`#users tr[data-email="${newStaff}"] select`, 'owner');
    assert.equal(await submit(owner, `#users tr[data-email="${newStaff}"] button`), 303);
    assert.match(await text(owner), /Role changed/);
    assert.equal(await owner.inputValue(`#users tr[data-email="${newStaff}"] select`), 'owner');
    assert.equal((await staff.goto(`${server.url}/portal/team`)).status(), 200, 'the promoted user opens the team page');

    await owner.selectOption(`#users tr[data-email="${newStaff}"] select`, 'staff');
    assert.equal(await submit(owner, `#users tr[data-email="${newStaff}"] button`), 303);
    assert.equal((await staff.goto(`${server.url}/portal/team`)).status(), 403, 'and loses it when demoted');

    // The only owner cannot be demoted or removed.
    const me = server.users.owner.email;
    await owner.selectOption(`#users tr[data-email="${me}"] select`, 'viewer');
    assert.equal(await submit(owner, `#users tr[data-email="${me}"] button`), 400);
    assert.match(await text(owner, '#form-error'), new RegExp(`Role of ${me}: A company keeps at least one owner`));
    await shots(owner, 'team-last-owner');
    await owner.goto(`${server.url}/portal/team/users/${server.users.owner.user_id}/remove`);
    assert.match(await text(owner), /This is you/);
    assert.equal(await submit(owner, 'button.danger'), 400);
    assert.match(await text(owner, '#form-error'), new RegExp(`Remove ${me}: A company keeps at least one owner`));
  });

  test('a user is removed after a confirmation and is signed out', async () => {
    await owner.goto(`${server.url}/portal/team`);
    await Promise.all([owner.waitForEvent('load'), owner.click(`#users tr[data-email="${newStaff}"] a.remove`)]);
    assert.match(await text(owner), new RegExp(`Remove ${newStaff} \\(staff\\)`));
    await shots(owner, 'team-remove');
    assert.equal(await submit(owner, 'button.danger'), 303);
    assert.match(await text(owner), /User removed/);
    assert.equal(await owner.locator(`#users tr[data-email="${newStaff}"]`).count(), 0);
    await state.staffPage.goto(`${server.url}/portal/purchases`);
    assert.match(state.staffPage.url(), /\/portal\/login$/, 'the removed user is signed out');
    await state.staffPage.context().close();
    assert.equal((await owner.goto(`${server.url}/portal/team/users/${state.staffId}/remove`)).status(), 404);
  });

  test('staff and viewers get 403, forged POSTs included; another company gets 404', async () => {
    const ownerId = server.users.owner.user_id;
    for (const role of ['staff', 'viewer']) {
      const page = await openPage(browser, server);
      await signIn(page, server.users[role]);
      assert.equal(await page.locator('nav a[href="/portal/team"]').count(), 0, `${role}: no Team link`);
      for (const path of ['/portal/team', '/portal/team/audit', `/portal/team/users/${ownerId}/remove`]) {
        assert.equal((await page.goto(`${server.url}${path}`)).status(), 403, `${role} GET ${path}`);
      }
      if (role === 'staff') await shots(page, 'team-forbidden');
      const token = await csrfToken(page);
      const selfId = server.users[role].user_id;
      for (const [path, fields] of [
        ['/portal/team/users', { email: `evil-${role}-${tag}@example.com`, role: 'owner' }],
        [`/portal/team/users/${selfId}/role`, { role: 'owner' }],
        [`/portal/team/users/${ownerId}/remove`, {}],
      ]) {
        const r = await postFrom(page, path, { csrf_token: token, ...fields });
        assert.equal(r.status, 403, `${role} POST ${path}`);
      }
      await page.context().close();
    }
    await owner.goto(`${server.url}/portal/team`);
    assert.equal(await owner.locator('#users tbody tr').count(), 4, 'nobody was added; the owner is still there');
    assert.ok(!(await text(owner, '#users')).includes('evil-'));

    const other = await openPage(browser, server);
    await signIn(other, server.users.other);
    assert.equal((await other.goto(`${server.url}/portal/team/users/${ownerId}/remove`)).status(), 404);
    await other.goto(`${server.url}/portal/team`);
    const token = await csrfToken(other);
    assert.equal((await postFrom(other, `/portal/team/users/${ownerId}/role`, { csrf_token: token, role: 'viewer' })).status, 404);
    assert.equal((await postFrom(other, `/portal/team/users/${ownerId}/remove`, { csrf_token: token })).status, 404);
    assert.equal((await postFrom(other, '/portal/team/users/not-an-id/remove', { csrf_token: token })).status, 404);
    const audit = await other.goto(`${server.url}/portal/team/audit`);
    assert.equal(audit.status(), 200);
    assert.ok(!(await text(other)).includes(server.users.owner.email), "another company's audit log is not shown");
    await other.context().close();
  });

  test('the audit log shows who did what, newest first, with older pages', async () => {
    await owner.goto(`${server.url}/portal/team/audit`);
    const first = await text(owner, '#audit');
    for (const action of ['user.create', 'user.role', 'user.remove', 'session.login']) {
      assert.match(first, new RegExp(action.replace('.', '\\.')), `${action} in the audit log`);
    }
    assert.match(first, new RegExp(`${newStaff} as staff`));
    assert.match(first, new RegExp(`${newStaff}: staff → owner`));
    assert.match(first, /127\.0\.0\.1/, 'the IP');
    await shots(owner, 'team-audit');

    // More than a page: role flips of the viewer, each one audited.
    const token = await csrfToken(owner);
    const viewerId = server.users.viewer.user_id;
    for (let i = 0; i < AUDIT_PAGE_SIZE; i++) {
      const r = await postFrom(owner, `/portal/team/users/${viewerId}/role`, { csrf_token: token, role: i % 2 ? 'viewer' : 'staff' });
      assert.equal(r.status, 0, 'a redirect (opaque to fetch with redirect: manual)');
    }
    await owner.goto(`${server.url}/portal/team/audit`);
    assert.equal(await owner.locator('#audit tbody tr').count(), AUDIT_PAGE_SIZE);
    const newest = await owner.locator('#audit tbody tr').allInnerTexts();
    // Entries of one second keep their order: the last flip (to viewer) is first.
    const lastRole = (AUDIT_PAGE_SIZE - 1) % 2 ? 'viewer' : 'staff';
    assert.match(newest[0], new RegExp(`user\\.role.*→ ${lastRole}`));
    await Promise.all([owner.waitForEvent('load'), owner.click('a[rel=next]')]);
    assert.match(owner.url(), /\/portal\/team\/audit\?after=\d+\.[0-9A-Za-z_-]+$/);
    const older = await owner.locator('#audit tbody tr').allInnerTexts();
    assert.ok(older.length > 0);
    assert.ok(older.some((row) => /user\.create/.test(row)), 'the early entries are on the older page');
    assert.equal(older.filter((row) => newest.includes(row)).length, 0, 'no entry on both pages');
    assert.equal(await owner.locator('a[href="/portal/team/audit"]', { hasText: 'Newest' }).count(), 1);
    await shots(owner, 'team-audit-older');

    const bad = await owner.goto(`${server.url}/portal/team/audit?after=yesterday`);
    assert.equal(bad.status(), 400);
    assert.match(await text(owner), /after: /);
    assertFirstParty(owner);
    const bytes = await firstLoadBytes(browser, server, server.users.owner, '/portal/team');
    assert.ok(bytes > 0 && bytes <= MAX_FIRST_LOAD_BYTES, `first load of /portal/team: ${bytes} bytes`);
  });
});
