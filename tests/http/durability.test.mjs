// Durability: what the API acknowledged survives `kill -9` of the server.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, listAllPurchases, purchaseBody, startTender } from './lib/harness.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.cleanup(); });
async function serve(opts) {
  const s = await startTender(opts);
  servers.push(s);
  return s;
}

const N = 50;

test(`${N} concurrent purchases acknowledged with 201 survive kill -9`, async () => {
  const s = await serve();
  const bodies = Array.from({ length: N }, (_, i) => purchaseBody(s, {
    reference: `DUR-${i}`,
    client: { full_name: `Buyer ${i}` },
    purchase: { products: [{ name: `Item ${i}`, price: 100 + i, quantity: String(1 + (i % 3)) }], notes: `n${i}` },
  }));
  const responses = await Promise.all(bodies.map((body) => api(s, 'POST', '/api/v1/purchases/', { body })));
  const acked = responses.map((r, i) => expectJson(r, 201, `purchase ${i}`));
  assert.equal(new Set(acked.map((p) => p.id)).size, N);
  acked.forEach((p, i) => {
    assert.equal(p.reference, `DUR-${i}`);
    assert.equal(p.purchase.total, (100 + i) * (1 + (i % 3)));
  });

  const exit = await s.kill9(); // immediately: no graceful shutdown, no chance to flush
  assert.equal(exit.signal, 'SIGKILL');
  await s.restart();

  for (const p of acked) {
    const got = expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`), 200, `after restart ${p.id}`);
    assert.deepEqual(got, p, `purchase ${p.reference} identical after kill -9`);
  }
  const listed = await listAllPurchases(s);
  assert.equal(listed.length, N);
  assert.deepEqual(new Set(listed.map((p) => p.id)), new Set(acked.map((p) => p.id)));
  await s.stop();
});

test('a cancel acknowledged right before kill -9 is kept', async () => {
  const s = await serve();
  const created = await Promise.all(Array.from({ length: 10 }, () =>
    api(s, 'POST', '/api/v1/purchases/', { body: purchaseBody(s) }).then((r) => expectJson(r, 201))));
  const toCancel = created.slice(0, 5);
  const cancelled = await Promise.all(toCancel.map((p) =>
    api(s, 'POST', `/api/v1/purchases/${p.id}/cancel/`).then((r) => expectJson(r, 200))));
  cancelled.forEach((c) => assert.equal(c.status, 'cancelled'));
  // One more, the very last thing before the kill.
  const last = expectJson(await api(s, 'POST', `/api/v1/purchases/${created[9].id}/cancel/`), 200);
  await s.kill9();
  await s.restart();

  for (const c of [...cancelled, last]) {
    const got = expectJson(await api(s, 'GET', `/api/v1/purchases/${c.id}/`), 200);
    assert.deepEqual(got, c, 'cancelled state identical after kill -9');
  }
  for (const p of created.slice(5, 9)) {
    assert.deepEqual(expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`), 200), p, 'untouched ones unchanged');
  }
  // A second cancel is still refused: the state machine sees the durable status.
  const again = expectJson(await api(s, 'POST', `/api/v1/purchases/${last.id}/cancel/`), 400);
  assert.equal(again.__all__[0].code, 'purchase_cancel_error');
  const cancelledList = await listAllPurchases(s, { query: 'status=cancelled' });
  assert.equal(cancelledList.length, 6);
  await s.stop();
});

test('clients and keys survive kill -9; repeated crashes lose nothing', async () => {
  const s = await serve();
  const client = expectJson(await api(s, 'POST', '/api/v1/clients/', { body: { email: 'keep@example.com', full_name: 'Keep Me' } }), 201);
  const all = [];
  for (let round = 0; round < 3; round++) {
    const batch = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      api(s, 'POST', '/api/v1/purchases/', {
        body: { brand_id: s.company.brand_id, client_id: client.id, reference: `R${round}-${i}`, purchase: { products: [{ name: 'x', price: 1 }] } },
      }).then((r) => expectJson(r, 201))));
    all.push(...batch);
    await s.kill9();
    await s.restart();
    expectJson(await api(s, 'GET', `/api/v1/clients/${client.id}/`), 200);
  }
  assert.deepEqual(expectJson(await api(s, 'GET', `/api/v1/clients/${client.id}/`), 200), client);
  for (const p of all) {
    assert.deepEqual(expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`), 200), p);
  }
  assert.equal((await listAllPurchases(s)).length, 30);
  // The second company's key (created before the first start) still works too.
  expectJson(await api(s, 'GET', '/api/v1/purchases/', { key: s.second.api_key }), 200);
  await s.stop();
});

test('graceful stop while requests are in flight: every 201 is kept, exit 0', async () => {
  const s = await serve();
  const inflight = Array.from({ length: 30 }, () => api(s, 'POST', '/api/v1/purchases/', { body: purchaseBody(s) })
    .then((r) => (r.status === 201 ? r.json : null), () => null));
  await new Promise((r) => setTimeout(r, 5));
  const stopping = s.stop('SIGTERM');
  const results = (await Promise.all(inflight)).filter(Boolean);
  await stopping; // asserts exit code 0
  await s.restart();
  for (const p of results) {
    assert.deepEqual(expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`), 200), p);
  }
  await s.stop();
});
