// Support for the webhook and idempotency tests: a real HTTP receiver on 127.0.0.1 that checks
// every X-Signature with node:crypto (independent of Tender's signing code), the test clock,
// Direct Post payments and polling helpers.
import http from 'node:http';
import { createVerify } from 'node:crypto';
import assert from 'node:assert/strict';
import { api, expectJson, purchaseBody, sleep } from './harness.mjs';
import { collectViolations } from './seed_schemas.mjs';

export const CARD = Object.freeze({ cardholder_name: 'John Doe', card_number: '4444333322221111', expires: '12/30', cvc: '123' });
export const SUCCESS_REDIRECT = 'https://shop.example.test/paid';
export const FAILURE_REDIRECT = 'https://shop.example.test/failed';
export const TEST_CLOCK_ENV = { TENDER_TEST_CLOCK: '1' };
// The documented schedule (docs/webhooks.md): seconds to wait after attempt 1..8.
export const RETRY_DELAYS = [30, 90, 270, 810, 2430, 7290, 21870, 65610];

export function verifySignature(publicKeyPem, rawBody, signatureBase64) {
  if (!publicKeyPem || !signatureBase64) return false;
  const v = createVerify('RSA-SHA256');
  v.update(rawBody);
  v.end();
  return v.verify(publicKeyPem, signatureBase64, 'base64');
}

// startReceiver({respond}) -> {url, requests, keys, close()}
//   respond(request, index) -> status code (default 200); may be changed later via r.respond = ...
//   keys: path -> PEM; every request is verified against the key of its path when it arrives.
// Each recorded request: {path, headers, raw (Buffer), json, eventType, purchaseId, verified,
// status (answered), at (Date.now())}.
export async function startReceiver({ respond } = {}) {
  const receiver = {
    requests: [],
    keys: new Map(),
    respond: respond || (() => 200),
    url: '',
    server: null,
  };
  receiver.server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let json;
      try { json = JSON.parse(raw.toString('utf8')); } catch { json = undefined; }
      const path = req.url;
      const record = {
        method: req.method,
        path,
        headers: req.headers,
        raw,
        json,
        eventType: json?.event_type,
        // payment.refunded carries the refund Payment; its purchase is related_to.
        purchaseId: json?.type === 'payment' ? json.related_to?.id : json?.id,
        verified: verifySignature(receiver.keys.get(path), raw, req.headers['x-signature']),
        at: Date.now(),
      };
      // A webhook carries a Collect Purchase (a refund: its Payment): checked against the seed's
      // schemas like every answer.
      record.schemaProblems = json ? collectViolations(json) : [];
      const index = receiver.requests.length;
      receiver.requests.push(record);
      let status = 200;
      try { status = receiver.respond(record, index) ?? 200; } catch { status = 500; }
      record.status = status;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 200 && status < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${receiver.server.address().port}`;
  receiver.close = async () => {
    await new Promise((resolve) => {
      receiver.server.closeAllConnections?.();
      receiver.server.close(() => resolve());
    });
    const bad = receiver.requests.filter((r) => r.schemaProblems.length > 0);
    assert.deepEqual(bad.map((r) => `${r.eventType}: ${r.schemaProblems.join('; ')}`), [], "webhook payloads violate the seed's schemas");
  };
  receiver.on = (path) => receiver.requests.filter((r) => r.path === path);
  return receiver;
}

export async function waitFor(what, predicate, { timeoutMs = 15_000, intervalMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await predicate();
    if (last) return last;
    await sleep(intervalMs);
  }
  assert.fail(`timed out waiting for ${what}`);
}

// Nothing new arrives for `ms` (count of matching requests stays the same).
export async function expectQuiet(receiver, filter, ms = 500, what = 'no new request') {
  const before = receiver.requests.filter(filter).length;
  await sleep(ms);
  assert.equal(receiver.requests.filter(filter).length, before, what);
}

export async function advanceClock(server, seconds, key) {
  const res = await api(server, 'POST', '/api/v1/test_clock/advance/', { body: { seconds }, key });
  return expectJson(res, 200, `advance clock by ${seconds}`);
}

export async function clockNow(server) {
  return expectJson(await api(server, 'GET', '/api/v1/test_clock/'), 200, 'test clock').now;
}

export async function createWebhook(server, body, key) {
  return expectJson(await api(server, 'POST', '/api/v1/webhooks/', { body, key }), 201, 'create webhook');
}

export async function companyPublicKey(server, key) {
  return expectJson(await api(server, 'GET', '/api/v1/public_key/', { key }), 200, 'public key');
}

export async function newPurchase(server, extra = {}, key) {
  const body = purchaseBody(server, { success_redirect: SUCCESS_REDIRECT, failure_redirect: FAILURE_REDIRECT, ...extra });
  return expectJson(await api(server, 'POST', '/api/v1/purchases/', { body, key }), 201, 'create purchase');
}

// Pays through Direct Post as a browser form would; 303 to success_redirect expected.
export async function payDirectPost(purchase, card = CARD) {
  const res = await fetch(purchase.direct_post_url, {
    method: 'POST',
    body: new URLSearchParams(card).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  await res.text();
  assert.equal(res.status, 303, 'direct post should redirect');
  assert.equal(res.headers.get('location'), SUCCESS_REDIRECT, 'direct post should succeed');
}

export async function cancelPurchase(server, id) {
  return expectJson(await api(server, 'POST', `/api/v1/purchases/${id}/cancel/`, { body: {} }), 200, 'cancel');
}

// Every delivery of the company matching the query (follows `next`).
export async function listDeliveries(server, query = '', key) {
  let next = `/api/v1/deliveries/?limit=100${query ? '&' + query : ''}`;
  const all = [];
  for (let guard = 0; next && guard < 1000; guard++) {
    const page = expectJson(await api(server, 'GET', next, { key }), 200, 'list deliveries');
    all.push(...page.results);
    next = page.next;
  }
  return all;
}

export async function webhookDeliveries(server, webhookId, query = '') {
  const page = expectJson(await api(server, 'GET', `/api/v1/webhooks/${webhookId}/deliveries/?limit=100${query ? '&' + query : ''}`),
    200, 'webhook deliveries');
  return page.results;
}

// Per purchase, the event types of the requests that were answered 2xx, in arrival order.
export function deliveredSequence(requests) {
  const out = new Map();
  for (const r of requests) {
    if (!(r.status >= 200 && r.status < 300)) continue;
    if (!out.has(r.purchaseId)) out.set(r.purchaseId, []);
    out.get(r.purchaseId).push(r.eventType);
  }
  return out;
}

// The ordering rule, checked on what the receiver saw at one path: no request about a later
// event of a purchase before the earlier event of that purchase was answered 2xx.
export function assertStrictOrder(requests, expectedByPurchase) {
  const progress = new Map(); // purchase -> index of the next expected event
  for (const r of requests) {
    const expected = expectedByPurchase.get(r.purchaseId);
    if (!expected) continue;
    const i = progress.get(r.purchaseId) ?? 0;
    if (i > 0 && r.eventType === expected[i - 1]) continue; // a repeat of a delivered event (at least once) is allowed
    assert.equal(r.eventType, expected[i],
      `purchase ${r.purchaseId}: got ${r.eventType} while ${expected[i]} was still undelivered`);
    if (r.status >= 200 && r.status < 300) progress.set(r.purchaseId, i + 1);
  }
  for (const [purchase, expected] of expectedByPurchase) {
    assert.equal(progress.get(purchase) ?? 0, expected.length, `purchase ${purchase}: every event delivered`);
  }
}
