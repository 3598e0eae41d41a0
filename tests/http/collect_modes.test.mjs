// Test and live are two worlds (issue 15, defect 5): a key reads, lists and acts only on objects of
// its own mode. Before, a live key read, captured, refunded and charged test purchases and a test
// key cancelled live ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, createKey, expectJson, startTender } from './lib/harness.mjs';
import { heldPurchase, newPurchase, op, paidPurchase } from './lib/lifecycle_support.mjs';

let server;
let live;
before(async () => {
  server = await startTender();
  live = (await createKey(server.dataDir, { live: true })).api_key;
});
after(async () => { await server?.cleanup(); });

test('a live key neither sees nor moves test purchases', async () => {
  const held = await heldPurchase(server);
  const paid = await paidPurchase(server, { force_recurring: true });
  const target = await newPurchase(server, {}, { key: live });
  expectJson(await api(server, 'GET', `/api/v1/purchases/${held.id}/`, { key: live }), 404, 'read');
  expectJson(await op(server, held.id, 'capture', {}, live), 404, 'capture');
  expectJson(await op(server, held.id, 'release', {}, live), 404, 'release');
  expectJson(await op(server, paid.id, 'refund', {}, live), 404, 'refund');
  expectJson(await op(server, held.id, 'cancel', {}, live), 404, 'cancel');
  const charge = await op(server, target.id, 'charge', { recurring_token: paid.id }, live);
  assert.equal(charge.status, 400, `a test card is no token for a live purchase: ${charge.text}`);
  const liveList = expectJson(await api(server, 'GET', '/api/v1/purchases/?limit=100', { key: live }), 200).results;
  assert.deepEqual(liveList.map((p) => p.id), [target.id], 'the live list holds the live purchase only');
  assert.equal((await api(server, 'GET', `/api/v1/purchases/${held.id}/`)).json.status, 'hold', 'unchanged');
});

test('a test key neither sees nor cancels live purchases; clients are per mode too', async () => {
  const livePurchase = await newPurchase(server, {}, { key: live });
  expectJson(await api(server, 'GET', `/api/v1/purchases/${livePurchase.id}/`), 404, 'read');
  expectJson(await op(server, livePurchase.id, 'cancel', {}), 404, 'cancel');
  const testList = expectJson(await api(server, 'GET', '/api/v1/purchases/?limit=100'), 200).results;
  assert.ok(!testList.some((p) => p.id === livePurchase.id), 'not in the test list');
  assert.equal(expectJson(await api(server, 'GET', `/api/v1/purchases/${livePurchase.id}/`, { key: live }), 200).status, 'created');

  const client = expectJson(await api(server, 'POST', '/api/v1/clients/', { body: { email: 'mode@example.com' }, key: live }), 201);
  expectJson(await api(server, 'GET', `/api/v1/clients/${client.id}/`), 404, 'a live client from a test key');
  const res = await api(server, 'POST', '/api/v1/purchases/', {
    body: { brand_id: server.company.brand_id, client_id: client.id, purchase: { products: [{ name: 'x', price: 1 }] } },
  });
  assert.equal(res.status, 400, `a test purchase cannot use a live client: ${res.text}`);
});
