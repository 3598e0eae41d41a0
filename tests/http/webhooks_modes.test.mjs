// A live delivery never reaches the server's own network, not even over a connection a test-mode
// delivery left open. A live webhook aimed at a loopback literal in any of the resolver's forms
// (`127.1`, `0x7f.1`, `2130706433`...) is refused when it is created; a host *name* that resolves
// to loopback is only known to be loopback when a connection is opened, and live deliveries are
// refused there. The test plays such a name by rewriting a live webhook's stored callback to
// `127.1` after creation. Test-mode deliveries to the same address are allowed and keep their
// connections alive: before the connection caches were kept per mode, 35-40 of 40 live
// deliveries arrived over those connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, createKey, expectJson, sleep, sqlScalar, startTender } from './lib/harness.mjs';
import { createWebhook, newPurchase, startReceiver, waitFor } from './lib/hooks_support.mjs';

const N = 40;

test('live deliveries are refused at loopback even after test deliveries to the same address', async () => {
  const server = await startTender();
  const receiver = await startReceiver();
  try {
    const live = await createKey(server.dataDir, { live: true });
    const sameHost = receiver.url.replace('127.0.0.1', '127.1');
    await createWebhook(server, { title: 'test', callback: `${sameHost}/test`, events: ['purchase.created'] });
    for (const host of ['127.1', '0x7f.1', '2130706433', '0177.0.0.1']) {
      const refused = await api(server, 'POST', '/api/v1/webhooks/', {
        key: live.api_key, body: { title: 'live', callback: receiver.url.replace('127.0.0.1', host) + '/live', events: ['purchase.created'] },
      });
      assert.equal(refused.status, 400, `${host}: ${refused.text}`);
    }
    const hook = await createWebhook(server, { title: 'live', callback: `${receiver.url.replace('127.0.0.1', 'loopback-name.example')}/live`, events: ['purchase.created'] }, live.api_key);
    sqlScalar(server, `UPDATE records SET body = replace(body, 'loopback-name.example', '127.1') WHERE kind = 'webhook' AND id = '${hook.id}'`);

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
    const attempted = expectJson(await api(server, 'GET', '/api/v1/deliveries/?limit=100', { key: live.api_key }), 200).results;
    assert.ok(attempted.some((d) => d.attempts.some((a) => /refused to connect: the callback resolves to a loopback address/.test(a.error ?? ''))),
      'refused when the connection was opened (the stored callback is the loopback one)');
    await sleep(300);
    assert.equal(receiver.on('/live').length, 0, 'no live delivery reached the loopback receiver');
  } finally {
    await server.cleanup();
    await receiver.close();
  }
});

test('a live success_callback or S2S webhook_url aimed at this network is refused when the purchase is made', async () => {
  const server = await startTender();
  try {
    const live = await createKey(server.dataDir, { live: true });
    const hosts = ['127.1', '0x7f.1', '2130706433', '0177.0.0.1', '0xa9fea9fe', '169.254.169.254', '[::ffff:10.0.0.1]', 'localhost'];
    for (const host of hosts) {
      const res = await api(server, 'POST', '/api/v1/purchases/', {
        key: live.api_key,
        body: { brand_id: server.company.brand_id, client: { email: 'a@example.com' }, purchase: { products: [{ name: 'x', price: 100 }] }, success_callback: `http://${host}/cb` },
      });
      assert.equal(res.status, 400, `${host}: ${res.text}`);
      assert.ok(res.json.success_callback?.[0]?.message, `${host}: names success_callback`);
      const s2s = await api(server, 'POST', '/api/v1/server-to-server-interface/payment', {
        key: null,
        headers: { authorization: live.api_key, 'x-api-key': live.api_key },
        body: {
          amount: '10.00', currency: 'MYR', merchant_id: server.company.brand_id, billing_address: { country: 'MY' },
          card: { number: '4444333322221111', expiry_month: '12', expiry_year: '30', cvc: '123' },
          return_url: { webhook_url: `http://${host}/hook` },
        },
      });
      assert.equal(s2s.status, 400, `${host}: ${s2s.text}`);
      assert.ok(s2s.json.errors.some((e) => e.field === 'return_url.webhook_url'), `${host}: names webhook_url ${s2s.text}`);
    }
    // Test mode may call loopback (local development), never the metadata service.
    const ok = await api(server, 'POST', '/api/v1/purchases/', {
      body: { brand_id: server.company.brand_id, client: { email: 'a@example.com' }, purchase: { products: [{ name: 'x', price: 100 }] }, success_callback: 'http://127.1/cb' },
    });
    assert.equal(ok.status, 201, ok.text);
  } finally {
    await server.cleanup();
  }
});
