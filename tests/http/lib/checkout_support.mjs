// The hosted checkout as a payer's browser drives it, without a browser: GET the page (its CSRF
// cookie and hidden field), POST the card form to /p/{id}/pay/, and answer a 3-D Secure challenge.
import assert from 'node:assert/strict';

export async function postForm(server, url, fields, cookie) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (cookie) headers.cookie = `tender_csrf=${cookie}`;
  const res = await fetch(new URL(url, server.url + '/'), {
    method: 'POST', body: new URLSearchParams(fields).toString(), headers, redirect: 'manual',
  });
  await res.text();
  return { status: res.status, location: res.headers.get('location') };
}

// GETs a checkout or ACS page: its CSRF cookie and hidden field.
export async function formPage(server, url) {
  const res = await fetch(new URL(url, server.url + '/'), { redirect: 'manual' });
  const html = await res.text();
  assert.equal(res.status, 200, html);
  const cookie = (res.headers.get('set-cookie') || '').match(/tender_csrf=([^;]+)/)?.[1];
  const token = html.match(/name="csrf_token" value="([^"]+)"/)?.[1];
  assert.ok(cookie && token, 'page has the CSRF cookie and field');
  return { cookie, token };
}

// Pays purchase `p` at its checkout_url with the card `fields`; answers a challenge with `result`.
export async function payAtCheckout(server, p, fields, { result = 'approve' } = {}) {
  const f = await formPage(server, p.checkout_url);
  let r = await postForm(server, `/p/${p.id}/pay/`, { csrf_token: f.token, payment_method: '', ...fields }, f.cookie);
  if (r.location && /\/3ds\//.test(r.location)) {
    const acs = await formPage(server, r.location);
    r = await postForm(server, r.location, { csrf_token: acs.token, result }, acs.cookie);
  }
  return r;
}

// Answers the 3-D Secure page at `url` (absolute, or relative to the server) as its form does.
export async function answerChallenge(server, url, result) {
  const acs = await formPage(server, url);
  return postForm(server, url, { csrf_token: acs.token, result }, acs.cookie);
}
