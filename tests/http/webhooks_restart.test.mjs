// Delivery state survives kill -9: events whose deliveries were failing (and events written just
// before the kill, possibly not yet fanned out) are all delivered after a restart, in order per
// purchase, each signed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, startTender } from './lib/harness.mjs';
import {
  TEST_CLOCK_ENV, advanceClock, assertStrictOrder, cancelPurchase, companyPublicKey, createWebhook,
  deliveredSequence, listDeliveries, newPurchase, payDirectPost, startReceiver, waitFor,
} from './lib/hooks_support.mjs';

let server;
let receiver;
after(async () => {
  await server?.cleanup();
  await receiver?.close();
});

test('kill -9 with undelivered events, restart: every event is still delivered', async () => {
  server = await startTender({ env: TEST_CLOCK_ENV, withSecond: false });
  let up = false;
  receiver = await startReceiver({ respond: () => (up ? 200 : 503) });
  const w = await createWebhook(server, { title: 'r', callback: receiver.url + '/hook', all_events: true });
  receiver.keys.set('/hook', w.public_key);
  receiver.keys.set('/cb', await companyPublicKey(server));

  const expected = new Map();
  for (let i = 0; i < 3; i++) {
    const p = await newPurchase(server, { success_callback: receiver.url + '/cb' });
    if (i === 0) {
      await payDirectPost(p);
      expected.set(p.id, ['purchase.created', 'purchase.paid']);
    } else if (i === 1) {
      await cancelPurchase(server, p.id);
      expected.set(p.id, ['purchase.created', 'purchase.cancelled']);
    } else {
      expected.set(p.id, ['purchase.created']);
    }
  }
  // Every delivery has failed at least once (503) and is waiting for its retry.
  await waitFor('first attempts', async () => {
    const list = await listDeliveries(server, 'status=pending');
    const heads = list.filter((d) => d.attempt_count > 0);
    return heads.length >= 4 && heads; // 3 created + the success callback
  });
  // More events right before the kill: some may not even be fanned out yet.
  const late = await newPurchase(server);
  await cancelPurchase(server, late.id);
  expected.set(late.id, ['purchase.created', 'purchase.cancelled']);

  await server.kill9();
  up = true;
  const before = receiver.requests.length;
  await server.restart();
  // The clock offset is per process: after the restart retries are due 30 s after the failures.
  await advanceClock(server, 120);
  const hookDone = () => {
    const seq = deliveredSequence(receiver.on('/hook'));
    return [...expected].every(([id, events]) => (seq.get(id) || []).length >= events.length);
  };
  await waitFor('every event after restart', async () => {
    if (hookDone() && receiver.on('/cb').some((r) => r.status === 200)) return true;
    await advanceClock(server, 100);
    return false;
  }, { timeoutMs: 30_000, intervalMs: 300 });
  assert.ok(receiver.requests.length > before, 'delivered by the restarted process');
  assertStrictOrder(receiver.on('/hook'), expected);
  const cb = receiver.on('/cb').filter((r) => r.status === 200);
  assert.equal(cb.length, 1);
  assert.equal(cb[0].eventType, 'purchase.paid');
  for (const r of receiver.requests) assert.equal(r.verified, true, `${r.path} ${r.eventType} verifies`);
  const all = await waitFor('records say delivered', async () => {
    const list = await listDeliveries(server);
    return list.every((d) => d.status === 'delivered') && list;
  });
  assert.equal(all.length, [...expected.values()].flat().length + 1);
  expectJson(await api(server, 'GET', '/healthz', { key: null }), 200);
  await server.stop();
});
