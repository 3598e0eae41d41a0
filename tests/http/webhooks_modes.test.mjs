// A live delivery never reaches the server's own network, not even over a connection a test-mode
// delivery left open. `http://127.1:PORT/` is not a literal IPv4 address to a URL parser, so a live
// webhook may be created with it; its address is only known (loopback) when a connection is
// opened, and live deliveries are refused there. Test-mode deliveries to the same address are
// allowed and keep their connections alive: before the connection caches were kept per mode,
// 35-40 of 40 live deliveries arrived over those connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, createKey, expectJson, sleep, startTender } from './lib/harness.mjs';
import { createWebhook, newPurchase, startReceiver, waitFor } from './lib/hooks_support.mjs';

const N = 40;

test('live deliveries are refused at loopback even after test deliveries to the same address', async () => {
  const server = await startTender();
  const receiver = await startReceiver();
  try {
    const live = await createKey(server.dataDir, { live: true });
    const sameHost = receiver.url.replace('127.0.0.1', '127.1');
    await createWebhook(server, { title: 'test', callback: `${sameHost}/test`, events: ['purchase.created'] });
    await createWebhook(server, { title: 'live', callback: `${sameHost}/live`, events: ['purchase.created'] }, live.api_key);

    // Test-mode deliveries open (and keep) connections to the receiver in every sender.
    await Promise.all(Array.from({ length: N }, () => newPurchase(server)));
    await waitFor('test-mode deliveries', () => receiver.on('/test').length >= N);

    const livePurchases = await Promise.all(Array.from({ length: N }, () => newPurchase(server, {}, live.api_key)));
    // Every live delivery is attempted (and refused) before the check.
    await waitFor('live delivery attempts', async () => {
      const res = expectJson(await api(server, 'GET', '/api/v1/deliveries/?limit=100', { key: live.api_key }), 200);
      const mine = res.results.filter((d) => livePurchases.some((p) => p.id === d.object_id || p.id === d.purchase_id));
      return mine.length >= N && mine.every((d) => d.attempts?.length >= 1 || d.status === 'failed');
    }, { timeoutMs: 20_000 });
    await sleep(300);
    assert.equal(receiver.on('/live').length, 0, 'no live delivery reached the loopback receiver');
  } finally {
    await server.cleanup();
    await receiver.close();
  }
});
