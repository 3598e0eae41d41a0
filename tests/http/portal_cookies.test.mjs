// The portal's cookies behind an https public URL are Secure (and HttpOnly, SameSite=Strict,
// scoped to /portal/). A browser on plain http would drop a Secure cookie, so this is checked
// on the wire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseSingleJson, runTender, startTender } from './lib/harness.mjs';

let server;
let user;
const PASSWORD = 'correct horse battery';

before(async () => {
  server = await startTender({ publicUrl: 'https://pay.example.com', withSecond: false });
  const out = await runTender(['users', 'create', '--data', server.dataDir, '--email', 'owner@example.com', '--role', 'owner',
    '--password-stdin', '--json'], { input: `${PASSWORD}\n` });
  assert.equal(out.code, 0, out.stderr);
  user = parseSingleJson(out.stdout, 'users create');
});

after(async () => { if (server) await server.cleanup(); });

function cookieOf(res, name) {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}

test('with an https public URL every portal cookie is Secure, HttpOnly, SameSite=Strict and scoped to /portal/', async () => {
  const page = await fetch(`${server.url}/portal/login`);
  const html = await page.text();
  const loginCookie = cookieOf(page, 'tender_portal_login');
  for (const flag of ['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/portal/']) assert.ok(loginCookie.includes(flag), `${flag}: ${loginCookie}`);
  const token = html.match(/name="csrf_token" value="([^"]+)"/)[1];
  const res = await fetch(`${server.url}/portal/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie.split(';')[0] },
    body: new URLSearchParams({ csrf_token: token, email: user.email, password: PASSWORD }).toString(),
  });
  assert.equal(res.status, 303);
  const session = cookieOf(res, 'tender_portal');
  for (const flag of ['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/portal/']) assert.ok(session.includes(flag), `${flag}: ${session}`);
  assert.match(session, /Max-Age=43200/, 'twelve hours');
});

test('the CLI refuses what it cannot make, naming the option, and makes nothing', async () => {
  const bad = await runTender(['users', 'create', '--data', server.dataDir, '--email', 'nope', '--role', 'owner', '--json']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--email/);
  const taken = await runTender(['users', 'create', '--data', server.dataDir, '--email', 'OWNER@example.com', '--role', 'staff']);
  assert.notEqual(taken.code, 0);
  assert.match(taken.stderr, /already exists/);
  const role = await runTender(['users', 'create', '--data', server.dataDir, '--email', 'x@example.com', '--role', 'admin']);
  assert.notEqual(role.code, 0);
  const company = await runTender(['users', 'create', '--data', server.dataDir, '--email', 'y@example.com', '--role', 'staff',
    '--company', '00000000-0000-0000-0000-000000000000']);
  assert.notEqual(company.code, 0);
  assert.match(company.stderr, /no company/);
  const short = await runTender(['users', 'create', '--data', server.dataDir, '--email', 'z@example.com', '--role', 'staff',
    '--password-stdin'], { input: 'short\n' });
  assert.notEqual(short.code, 0);
  assert.match(short.stderr, /--password/);
  const generated = await runTender(['users', 'create', '--data', server.dataDir, '--email', 'gen@example.com', '--role', 'viewer', '--json']);
  assert.equal(generated.code, 0, generated.stderr);
  const made = parseSingleJson(generated.stdout, 'users create');
  assert.deepEqual(Object.keys(made).sort(), ['company_id', 'email', 'password', 'role', 'user_id']);
  assert.equal(made.role, 'viewer');
  assert.ok(made.password.length >= 10);
});
