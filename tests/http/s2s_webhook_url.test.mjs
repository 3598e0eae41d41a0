// S2S return_url.webhook_url hears every end of a payment, not only a success (docs/api-s2s.md
// "webhook_url"): a declined card, a failed 3-D Secure challenge, an abandoned one (test clock),
// and a payment that was pending at the acquirer and then declined. Each callback carries the
// body the synchronous answer would have had (the seed's response shape, the 402 decline codes)
// and is signed with the company's key exactly as the success callback is; the signatures are
// checked with node:crypto against GET /api/v1/public_key/.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FUTURE_YY } from './lib/s2s_seed.mjs';
import { api, expectJson, startTender } from './lib/harness.mjs';
import { TEST_CLOCK_ENV, advanceClock, companyPublicKey, startReceiver, waitFor } from './lib/hooks_support.mjs';
import { answerChallenge } from './lib/checkout_support.mjs';

const V1 = '/api/v1/server-to-server-interface/payment';
const ENROLLED = '5555555555554444';
const INSUFFICIENT_FUNDS = '4000000000000010';
const RETURN = { success_url: 'https://shop.example.test/ok', decline_url: 'https://shop.example.test/declined' };
// The keys of the seed's 201 answer; every callback body has them (a decline adds nothing else).
const SEED_KEYS = ['success', 'status_code', 'is_live', 'transaction_type', 'gateway_response', 'merchant_details',
  'payment_details', 'transaction_details', 'risk-details'];

function payment(server, number, path, extra = {}) {
  return {
    amount: '1000',
    currency: 'JPY',
    card: { cvc: '123', expiry_month: '12', expiry_year: FUTURE_YY, number },
    merchant_id: server.company.brand_id,
    billing_address: { country: 'JP' },
    return_url: { webhook_url: receiver.url + path, ...extra },
  };
}

function s2s(server, body) {
  const key = server.company.api_key;
  return api(server, 'POST', V1, { key: null, headers: { authorization: `Basic ${key}`, 'x-api-key': key }, body });
}

// The one callback at `path`, verified and in the seed's shape; returns its body.
async function callbackAt(path, { code, status }) {
  const [hit] = await waitFor(`the callback at ${path}`, () => {
    const got = receiver.on(path);
    return got.length > 0 ? got : null;
  });
  assert.ok(hit.headers['x-signature'], 'signed');
  assert.equal(hit.verified, true, 'the signature verifies with the company public key');
  assert.deepEqual(Object.keys(hit.json).filter((k) => SEED_KEYS.includes(k)), SEED_KEYS, `seed shape: ${hit.raw}`);
  assert.equal(hit.json.gateway_response.code, code, hit.raw.toString());
  assert.equal(hit.json.status_code, status);
  assert.equal(hit.json.success, status === 201);
  return hit.json;
}

const servers = [];
let receiver;
let server;
async function serverWith(opts) {
  const s = await startTender({ ...opts, env: { TENDER_ALLOW_PRIVATE_CALLBACKS: '1', ...(opts.env || {}) } });
  servers.push(s);
  return s;
}
// Every callback of server `s` arrives at a path whose key is the company's.
async function listen(s, ...paths) {
  const pem = await companyPublicKey(s);
  for (const p of paths) receiver.keys.set(p, pem);
}

before(async () => {
  receiver = await startReceiver();
  server = await serverWith({});
});
after(async () => {
  for (const s of servers) await s.cleanup();
  await receiver?.close();
});

describe('webhook_url on every outcome', () => {
  test('success and decline: the same signing, the synchronous answer as the body', async () => {
    await listen(server, '/ok', '/declined');
    const paid = expectJson(await s2s(server, payment(server, '4444333322221111', '/ok')), 201);
    assert.deepEqual(await callbackAt('/ok', { code: 'INFO0000', status: 201 }), paid);
    const refused = await s2s(server, payment(server, INSUFFICIENT_FUNDS, '/declined'));
    assert.equal(refused.status, 402, refused.text);
    assert.deepEqual(await callbackAt('/declined', { code: 'ERROR3001', status: 402 }), refused.json);
  });

  test('a failed 3-D Secure challenge: ERROR3022', async () => {
    await listen(server, '/3ds-failed');
    const started = expectJson(await s2s(server, payment(server, ENROLLED, '/3ds-failed', RETURN)), 202);
    assert.equal(started.gateway_response.code, 'INFO0001');
    assert.equal(receiver.on('/3ds-failed').length, 0, 'nothing is sent while the payer is at the page');
    const back = await answerChallenge(server, started.redirect_url, 'fail');
    assert.equal(back.status, 303);
    const sent = await callbackAt('/3ds-failed', { code: 'ERROR3022', status: 402 });
    assert.equal(sent.transaction_details.id, started.transaction_details.id);
  });

  test('a payment pending at the acquirer and then declined: 202 first, ERROR3001 when the answer comes', async () => {
    const slow = await serverWith({ args: ['--sandbox-delay-ms', '1500', '--acquirer-wait-ms', '300'] });
    await listen(slow, '/pending-then-declined');
    const first = expectJson(await s2s(slow, payment(slow, INSUFFICIENT_FUNDS, '/pending-then-declined')), 202);
    assert.equal(first.gateway_response.code, 'INFO0002');
    const sent = await callbackAt('/pending-then-declined', { code: 'ERROR3001', status: 402 });
    assert.equal(sent.transaction_details.id, first.transaction_details.id);
    const p = expectJson(await api(slow, 'GET', `/api/v1/purchases/${first.transaction_details.id}/`), 200);
    assert.equal(p.status, 'error');
  });

  test('an abandoned 3-D Secure challenge: ERROR3022 once it expires (15 minutes)', async () => {
    const clocked = await serverWith({ env: TEST_CLOCK_ENV });
    await listen(clocked, '/abandoned');
    const started = expectJson(await s2s(clocked, payment(clocked, ENROLLED, '/abandoned', RETURN)), 202);
    await advanceClock(clocked, 16 * 60 + 30);
    const sent = await callbackAt('/abandoned', { code: 'ERROR3022', status: 402 });
    assert.equal(sent.transaction_details.id, started.transaction_details.id);
    assert.match(sent.gateway_response.message, /not completed within 15 minutes/);
  });
});
