// The Webhooks API (Collect): POST/GET /webhooks/, GET/PUT/PATCH/DELETE /webhooks/{id}/ with
// title, callback, events, all_events and the read-only id, type, created_on, updated_on and
// public_key (each webhook its own key pair); validation in the Collect error format; company
// scoping; the callback address policy; and the test clock's access rules.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { api, createKey, expectFieldError, expectJson, startTender, UUID_RE } from './lib/harness.mjs';
import { TEST_CLOCK_ENV, createWebhook } from './lib/hooks_support.mjs';

let server;
before(async () => { server = await startTender({ env: TEST_CLOCK_ENV }); });
after(async () => { await server?.cleanup(); });

const HOOK = { title: 'Orders', callback: 'https://merchant.example.test/hooks', events: ['purchase.paid', 'purchase.created'] };

describe('create and read', () => {
  test('POST /webhooks/ returns the webhook with every documented field', async () => {
    const w = await createWebhook(server, HOOK);
    assert.match(w.id, UUID_RE);
    assert.equal(w.type, 'webhook');
    assert.equal(w.title, 'Orders');
    assert.equal(w.callback, HOOK.callback);
    assert.deepEqual([...w.events].sort(), ['purchase.created', 'purchase.paid']);
    assert.equal(w.all_events, false);
    assert.equal(typeof w.created_on, 'number');
    assert.equal(w.updated_on, w.created_on);
    assert.match(w.public_key, /^-----BEGIN PUBLIC KEY-----\n/);
    const key = createPublicKey(w.public_key);
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.ok(key.asymmetricKeyDetails.modulusLength >= 2048);
    assert.deepEqual(Object.keys(w).sort(),
      ['all_events', 'callback', 'created_on', 'events', 'id', 'public_key', 'title', 'type', 'updated_on']);

    const got = expectJson(await api(server, 'GET', `/api/v1/webhooks/${w.id}/`), 200);
    assert.deepEqual(got, w);
  });

  test('each webhook has its own key pair, different from the company key', async () => {
    const a = await createWebhook(server, HOOK);
    const b = await createWebhook(server, HOOK);
    const company = expectJson(await api(server, 'GET', '/api/v1/public_key/'), 200);
    assert.notEqual(a.public_key, b.public_key);
    assert.notEqual(a.public_key, company);
  });

  test('read-only fields in the body are ignored', async () => {
    const w = await createWebhook(server, { ...HOOK, id: 'x', type: 'nope', public_key: 'mine', created_on: 1 });
    assert.notEqual(w.id, 'x');
    assert.equal(w.type, 'webhook');
    assert.notEqual(w.public_key, 'mine');
    assert.notEqual(w.created_on, 1);
  });

  test('all_events without events is accepted', async () => {
    const w = await createWebhook(server, { title: 'All', callback: HOOK.callback, all_events: true });
    assert.equal(w.all_events, true);
    assert.deepEqual(w.events, []);
  });

  test('GET /webhooks/ lists newest first with keyset pagination', async () => {
    const fresh = await startTender({ env: TEST_CLOCK_ENV, withSecond: false });
    try {
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await createWebhook(fresh, { ...HOOK, title: `w${i}` })).id);
      let next = '/api/v1/webhooks/?limit=2';
      const seen = [];
      while (next) {
        const page = expectJson(await api(fresh, 'GET', next), 200);
        assert.ok(page.results.length <= 2);
        assert.equal(page.previous, null);
        seen.push(...page.results.map((w) => w.id));
        next = page.next;
      }
      assert.deepEqual([...seen].sort(), [...ids].sort());
      assert.equal(new Set(seen).size, 5);
    } finally {
      await fresh.cleanup();
    }
  });
});

describe('update and delete', () => {
  test('PATCH changes only the given fields and updated_on; the key stays', async () => {
    const w = await createWebhook(server, HOOK);
    const p = expectJson(await api(server, 'PATCH', `/api/v1/webhooks/${w.id}/`, { body: { title: 'Renamed' } }), 200);
    assert.equal(p.title, 'Renamed');
    assert.equal(p.callback, w.callback);
    assert.deepEqual(p.events, w.events);
    assert.equal(p.public_key, w.public_key);
    assert.ok(p.updated_on >= w.updated_on);
  });

  test('PUT replaces the writable fields and requires title and callback', async () => {
    const w = await createWebhook(server, HOOK);
    const p = expectJson(await api(server, 'PUT', `/api/v1/webhooks/${w.id}/`, {
      body: { title: 'T2', callback: 'https://other.example.test/h', all_events: true },
    }), 200);
    assert.equal(p.title, 'T2');
    assert.equal(p.callback, 'https://other.example.test/h');
    assert.equal(p.all_events, true);
    assert.deepEqual(p.events, []);
    const bad = await api(server, 'PUT', `/api/v1/webhooks/${w.id}/`, { body: { all_events: true } });
    expectFieldError(bad, ['title'], 'required');
    expectFieldError(bad, ['callback'], 'required');
  });

  test('DELETE removes it: 204, then 404', async () => {
    const w = await createWebhook(server, HOOK);
    const del = await api(server, 'DELETE', `/api/v1/webhooks/${w.id}/`);
    assert.equal(del.status, 204);
    expectJson(await api(server, 'GET', `/api/v1/webhooks/${w.id}/`), 404);
    expectJson(await api(server, 'DELETE', `/api/v1/webhooks/${w.id}/`), 404);
  });
});

describe('validation (Collect error format)', () => {
  const cases = [
    ['title required', { callback: HOOK.callback, all_events: true }, ['title'], 'required'],
    ['title too long', { ...HOOK, title: 'x'.repeat(101) }, ['title'], 'max_length'],
    ['title wrong type', { ...HOOK, title: 5 }, ['title'], 'invalid_type'],
    ['callback required', { title: 't', all_events: true }, ['callback'], 'required'],
    ['callback too long', { ...HOOK, callback: 'https://e.test/' + 'a'.repeat(490) }, ['callback'], 'max_length'],
    ['callback not a URL', { ...HOOK, callback: 'not a url' }, ['callback'], 'invalid'],
    ['callback not http', { ...HOOK, callback: 'ftp://e.test/x' }, ['callback'], 'invalid'],
    ['unknown event', { ...HOOK, events: ['purchase.paid', 'purchase.exploded'] }, ['events', '1'], 'invalid_choice'],
    ['event not a string', { ...HOOK, events: [7] }, ['events', '0'], 'invalid_type'],
    ['events not an array', { ...HOOK, events: 'purchase.paid' }, ['events'], 'invalid_type'],
    ['no events and not all_events', { ...HOOK, events: [] }, ['events'], 'min_items'],
    ['all_events not a bool', { ...HOOK, all_events: 'yes' }, ['all_events'], 'invalid_type'],
  ];
  for (const [label, body, where, code] of cases) {
    test(label, async () => {
      expectFieldError(await api(server, 'POST', '/api/v1/webhooks/', { body }), where, code, label);
    });
  }

  test('the unknown event message lists the valid event types', async () => {
    const res = await api(server, 'POST', '/api/v1/webhooks/', { body: { ...HOOK, events: ['nope'] } });
    const leaf = expectFieldError(res, ['events', '0'], 'invalid_choice');
    for (const e of ['purchase.created', 'purchase.paid', 'payment.refunded', 'purchase.recurring_token_deleted']) {
      assert.ok(leaf.message.includes(e), `${e} in ${leaf.message}`);
    }
  });

  test('malformed JSON and non-object bodies', async () => {
    const a = expectJson(await api(server, 'POST', '/api/v1/webhooks/', { rawBody: '{"title": ' }), 400);
    assert.equal(a.__all__[0].code, 'parse_error');
    const b = expectJson(await api(server, 'POST', '/api/v1/webhooks/', { rawBody: '[]' }), 400);
    assert.equal(b.__all__[0].code, 'parse_error');
  });
});

describe('authentication and company scoping', () => {
  test('no key: 401', async () => {
    expectJson(await api(server, 'GET', '/api/v1/webhooks/', { key: null }), 401);
    expectJson(await api(server, 'POST', '/api/v1/webhooks/', { key: null, body: HOOK }), 401);
  });

  test("another company's webhook is 404 everywhere and absent from its list", async () => {
    const w = await createWebhook(server, HOOK);
    const other = server.second.api_key;
    for (const [method, body] of [['GET'], ['PATCH', { title: 'x' }], ['PUT', HOOK], ['DELETE']]) {
      expectJson(await api(server, method, `/api/v1/webhooks/${w.id}/`, { key: other, body }), 404, `${method} by other company`);
    }
    expectJson(await api(server, 'GET', `/api/v1/webhooks/${w.id}/deliveries/`, { key: other }), 404);
    const list = expectJson(await api(server, 'GET', '/api/v1/webhooks/', { key: other }), 200);
    assert.ok(!list.results.some((x) => x.id === w.id));
    expectJson(await api(server, 'GET', `/api/v1/webhooks/${w.id}/`), 200, 'still there for its owner');
  });

  test('a malformed id is 404', async () => {
    expectJson(await api(server, 'GET', '/api/v1/webhooks/not-a-uuid/'), 404);
  });
});

describe('callback address policy', () => {
  test('test mode allows loopback but not private or link-local addresses', async () => {
    await createWebhook(server, { ...HOOK, callback: 'http://127.0.0.1:9/hook' });
    await createWebhook(server, { ...HOOK, callback: 'http://localhost:9/hook' });
    for (const url of ['http://10.0.0.5/h', 'http://192.168.1.2/h', 'http://169.254.169.254/latest/meta-data', 'http://[fe80::1]/h']) {
      expectFieldError(await api(server, 'POST', '/api/v1/webhooks/', { body: { ...HOOK, callback: url } }), ['callback'], 'invalid', url);
    }
  });

  test('live mode refuses loopback, private and link-local callbacks', async () => {
    const live = await createKey(server.dataDir, { live: true });
    for (const url of ['http://127.0.0.1:9/h', 'http://localhost/h', 'http://[::1]/h', 'http://10.1.1.1/h', 'http://169.254.169.254/h']) {
      expectFieldError(await api(server, 'POST', '/api/v1/webhooks/', { key: live.api_key, body: { ...HOOK, callback: url } }),
        ['callback'], 'invalid', url);
    }
    const ok = await createWebhook(server, HOOK, live.api_key);
    // A test key's PATCH to loopback on a live webhook is still live: refused.
    expectFieldError(await api(server, 'PATCH', `/api/v1/webhooks/${ok.id}/`, { body: { callback: 'http://127.0.0.1/x' } }),
      ['callback'], 'invalid');
  });

  test('TENDER_ALLOW_PRIVATE_CALLBACKS=1 allows them in live mode', async () => {
    const open = await startTender({ env: { ...TEST_CLOCK_ENV, TENDER_ALLOW_PRIVATE_CALLBACKS: '1' }, withSecond: false });
    try {
      const live = await createKey(open.dataDir, { live: true });
      await createWebhook(open, { ...HOOK, callback: 'http://127.0.0.1:9/h' }, live.api_key);
      await createWebhook(open, { ...HOOK, callback: 'http://10.0.0.1/h' }, live.api_key);
    } finally {
      await open.cleanup();
    }
  });
});

describe('test clock', () => {
  test('a live key gets 403', async () => {
    const live = await createKey(server.dataDir, { live: true });
    const res = expectJson(await api(server, 'POST', '/api/v1/test_clock/advance/', { key: live.api_key, body: { seconds: 10 } }), 403);
    assert.equal(res.__all__[0].code, 'test_mode_only');
  });

  test('a test key moves it forward; bad amounts are field errors', async () => {
    const before = expectJson(await api(server, 'GET', '/api/v1/test_clock/'), 200);
    const after = expectJson(await api(server, 'POST', '/api/v1/test_clock/advance/', { body: { seconds: 100 } }), 200);
    assert.ok(after.now >= before.now + 100);
    assert.equal(after.offset_seconds, before.offset_seconds + 100);
    expectFieldError(await api(server, 'POST', '/api/v1/test_clock/advance/', { body: { seconds: 0 } }), ['seconds'], 'min_value');
    expectFieldError(await api(server, 'POST', '/api/v1/test_clock/advance/', { body: { seconds: -5 } }), ['seconds'], 'min_value');
    expectFieldError(await api(server, 'POST', '/api/v1/test_clock/advance/', { body: {} }), ['seconds'], 'required');
  });

  test('without TENDER_TEST_CLOCK=1 it cannot be moved', async () => {
    const plain = await startTender({ withSecond: false });
    try {
      const res = expectJson(await api(plain, 'POST', '/api/v1/test_clock/advance/', { body: { seconds: 10 } }), 403);
      assert.equal(res.__all__[0].code, 'test_clock_disabled');
    } finally {
      await plain.cleanup();
    }
  });
});
