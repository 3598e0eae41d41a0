// Randomized bad input on every write endpoint of the three dialects: valid bodies with one to
// three random mutations each (a value replaced by another type, an extreme number, a huge or odd
// string, a deep structure; a key removed or an unknown one added). The validation tests cover
// each rule alone; this covers combinations nobody wrote down. Every answer must be below 500
// and JSON, the server must stay up, every purchase that exists must have been answered 2xx,
// and the ledger must still balance. The seed is printed; TENDER_FUZZ_SEED=N replays a run.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, purchaseBody, purchaseCount, randomId, runTender, startTender } from './lib/harness.mjs';
import { seedBody } from './lib/s2s_seed.mjs';
import { heldPurchase, newPurchase, paidPurchase } from './lib/lifecycle_support.mjs';

const SEED = Number(process.env.TENDER_FUZZ_SEED || Date.now() % 1_000_000);
const PER_ENDPOINT = Number(process.env.TENDER_FUZZ_PER_ENDPOINT || 120);

// mulberry32: a small seeded PRNG, so a failing run can be replayed exactly.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(SEED);
const pick = (items) => items[Math.floor(rand() * items.length)];

// Values that have broken parsers and validators elsewhere.
function oddValue(depth = 0) {
  const generators = [
    () => null, () => true, () => false, () => 0, () => -1, () => 1.5, () => -0.0001,
    () => 2 ** 53, () => -(2 ** 63), () => 1e308, () => 9223372036854775807n, () => Number.MAX_SAFE_INTEGER + 2,
    () => '', () => ' ', () => '0', () => '-1', () => '1e3', () => 'NaN', () => 'x'.repeat(10_001),
    () => 'Ω≈ç√∫'.repeat(60), () => '\u0000', () => 'a\u0000b', () => '\ud800', () => '🎉'.repeat(200),
    () => '<script>alert(1)</script>', () => "'; DROP TABLE records; --", () => '../../etc/passwd',
    () => randomId(), () => '4444333322221111', () => 'https://127.0.0.1:1/x', () => 'javascript:alert(1)',
    () => [], () => ({}), () => [1, 'a', null], () => ({ nested: { deeper: [] } }),
  ];
  if (depth < 3) generators.push(() => [oddValue(depth + 1)], () => ({ k: oddValue(depth + 1) }));
  return pick(generators)();
}

// Every (container, key) path of a JSON value.
function slots(value, out = []) {
  if (Array.isArray(value)) value.forEach((v, i) => { out.push([value, i]); slots(v, out); });
  else if (value && typeof value === 'object') for (const k of Object.keys(value)) { out.push([value, k]); slots(value[k], out); }
  return out;
}

function mutate(valid) {
  const body = structuredClone(valid);
  const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) {
    const all = slots(body);
    if (all.length === 0) break;
    const [container, key] = pick(all);
    const what = rand();
    if (what < 0.6) container[key] = oddValue();
    else if (what < 0.8 && !Array.isArray(container)) delete container[key];
    else if (!Array.isArray(container)) container[`unknown_${Math.floor(rand() * 1000)}`] = oddValue();
    else container.push(oddValue());
  }
  return body;
}

// JSON.stringify cannot write a BigInt or a lone surrogate as the raw bytes we want: do it here.
function serialize(body) {
  return JSON.stringify(body, (_, v) => (typeof v === 'bigint' ? `__big${v}__` : v)).replace(/"__big(\d+)__"/g, '$1');
}

let server;
const basic = (key) => 'Basic ' + Buffer.from(`${key}:`).toString('base64');
const tally = new Map();

before(async () => { server = await startTender({ withSecond: false }); });
after(async () => {
  console.log(`fuzz seed ${SEED}: ${[...tally].map(([k, v]) => `${k} ${JSON.stringify(v)}`).join('; ')}`);
  await server?.cleanup();
});

// Sends PER_ENDPOINT mutated bodies; returns how many were answered 2xx.
async function hammer(name, path, valid, headers = {}) {
  const seen = {};
  let accepted = 0;
  for (let i = 0; i < PER_ENDPOINT; i++) {
    const rawBody = serialize(mutate(valid()));
    const res = await api(server, 'POST', path, { rawBody, headers, key: headers.authorization ? null : undefined });
    seen[res.status] = (seen[res.status] || 0) + 1;
    assert.ok(res.status < 500, `${name}: ${res.status} for ${rawBody.slice(0, 400)} (seed ${SEED}): ${res.text.slice(0, 300)}`);
    assert.ok(res.json !== undefined, `${name}: not JSON (${res.status}) for ${rawBody.slice(0, 400)} (seed ${SEED})`);
    if (res.status < 300) accepted++;
  }
  tally.set(name, seen);
  return accepted;
}

describe(`random bad input (seed ${SEED})`, () => {
  test('Collect: create purchase and client; only 2xx answers created purchases', async () => {
    const before = await purchaseCount(server);
    const created = await hammer('collect purchases', '/api/v1/purchases/', () => purchaseBody(server, {
      reference: 'fuzz', success_redirect: 'https://shop.example.test/ok', skip_capture: false,
      client: { email: 'fuzz@example.test', full_name: 'Fuzz', country: 'LT', phone: '+37060000000' },
      purchase: { currency: 'EUR', language: 'en', notes: 'n', products: [{ name: 'A', price: 100, quantity: 2, discount: 10 }] },
    }));
    assert.equal(await purchaseCount(server), before + created, 'a refused request created nothing');
    await hammer('collect clients', '/api/v1/clients/', () => ({ email: 'c@example.test', full_name: 'C', country: 'LT', city: 'Vilnius' }));
    await hammer('collect webhooks', '/api/v1/webhooks/', () => ({ title: 't', callback: 'https://example.test/hook', events: ['purchase.paid'] }));
  });

  test('Collect: capture, release, refund and charge bodies on real purchases', async () => {
    const held = await heldPurchase(server);
    const paid = await paidPurchase(server, {}, { fields: { remember_card: 'on' } });
    await hammer('collect capture', `/api/v1/purchases/${held.id}/capture/`, () => ({ amount: 100 }));
    await hammer('collect refund', `/api/v1/purchases/${paid.id}/refund/`, () => ({ amount: 1 }));
    const target = expectCreated(await api(server, 'POST', '/api/v1/purchases/', { body: purchaseBody(server) }));
    await hammer('collect charge', `/api/v1/purchases/${target.id}/charge/`, () => ({ recurring_token: paid.id }));
  });

  test('Purchase API v1/v2 (server to server)', async () => {
    const key = server.company.api_key;
    const headers = { authorization: `Basic ${key}`, 'x-api-key': key };
    for (const path of ['/api/v1/server-to-server-interface/payment', '/api/v1/server-to-server-interface/paymentv2']) {
      await hammer(path.split('/').pop(), path, () => ({ ...seedBody(server.company.brand_id), currency: 'EUR' }), headers);
    }
  });

  test('Orders API: purchase, authorize, capture, refund', async () => {
    const headers = { authorization: basic(server.company.api_key) };
    const order = () => ({
      amount: 1000, currency: 'EUR', description: 'fuzz', transaction_type: 'moto', given_id: randomId(),
      source: { type: 'card', number: '4444333322221111', month: 1, year: 2039, security_code: '123' },
      device: { user_agent: 'Mozilla/5.0', ip_address: '203.0.113.7' },
    });
    await hammer('orders purchase', '/v1/orders/purchase', order, headers);
    await hammer('orders authorize', '/v1/orders/authorize', order, headers);
    const held = await api(server, 'POST', '/v1/orders/authorize', { key: null, headers, body: order() });
    assert.equal(held.status, 201, held.text);
    await hammer('orders capture', `/v1/orders/${held.json.id}/capture`, () => ({ amount: 100 }), headers);
    await hammer('orders refund', `/v1/orders/${held.json.id}/refund`, () => ({ amount: 1 }), headers);
  });

  test('Direct Post and hosted checkout forms: odd form fields', async () => {
    const fields = ['cardholder_name', 'card_number', 'expires', 'cvc', 'remember_card', 'email', 'three_ds'];
    const seen = {};
    let p;
    for (let i = 0; i < PER_ENDPOINT; i++) {
      // A fresh purchase every ten posts: an accepted card pays it and later posts are refused.
      if (i % 10 === 0) p = await newPurchase(server);
      const form = new URLSearchParams({ cardholder_name: 'A B', card_number: '4444333322221111', expires: '12/30', cvc: '123' });
      for (let m = 0; m < 1 + Math.floor(rand() * 3); m++) {
        const v = oddValue();
        const text = typeof v === 'string' ? v : serialize(v);
        if (rand() < 0.2) form.delete(pick(fields)); else form.append(pick(fields), text);
      }
      // The hosted checkout page's own form posts to /p/{id}/pay/.
      const target = rand() < 0.5 ? p.direct_post_url : `${server.url}/p/${p.id}/pay/`;
      const res = await fetch(target, {
        method: 'POST', body: form.toString(), redirect: 'manual',
        headers: { 'content-type': rand() < 0.9 ? 'application/x-www-form-urlencoded' : 'text/plain' },
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      seen[res.status] = (seen[res.status] || 0) + 1;
      assert.ok(res.status < 500, `form: ${res.status} for ${form.toString().slice(0, 300)} (seed ${SEED}): ${text.slice(0, 300)}`);
      assert.ok(!text.includes('4444333322221111'), 'the PAN is never echoed');
    }
    tally.set('forms', seen);
  });

  test('afterwards: the server is up and the ledger balances', async () => {
    const health = await api(server, 'GET', '/healthz', { key: null });
    assert.equal(health.status, 200);
    const check = await runTender(['ledger', 'check', '--data', server.dataDir]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  });
});

function expectCreated(res) {
  assert.equal(res.status, 201, res.text);
  return res.json;
}
