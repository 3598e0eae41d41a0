// Delivery of success callbacks and webhooks to a real receiver on 127.0.0.1 that verifies every
// X-Signature with the published public keys (node:crypto, and the openssl CLI once): retries
// at the documented growing intervals driven by the test clock, strict order per purchase and
// destination, 9 attempts and then none, attempts visible through the API, and resends.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api, expectJson, sleep, startTender } from './lib/harness.mjs';
import {
  RETRY_DELAYS, TEST_CLOCK_ENV, advanceClock, assertStrictOrder, cancelPurchase, clockNow, companyPublicKey,
  createWebhook, deliveredSequence, expectQuiet, listDeliveries, newPurchase, payDirectPost, startReceiver, waitFor,
  webhookDeliveries,
} from './lib/hooks_support.mjs';

let server;
let receiver;
let companyKey;
before(async () => {
  server = await startTender({ env: TEST_CLOCK_ENV });
  receiver = await startReceiver();
  companyKey = await companyPublicKey(server);
});
after(async () => {
  await server?.cleanup();
  await receiver?.close();
});

// A webhook posting to its own receiver path, registered with the receiver's key table.
async function hook(body, pathName) {
  const w = await createWebhook(server, { title: pathName, callback: receiver.url + pathName, ...body });
  receiver.keys.set(pathName, w.public_key);
  return w;
}

function assertAllVerified(requests) {
  assert.ok(requests.length > 0, 'some requests arrived');
  for (const r of requests) {
    assert.equal(r.verified, true, `signature of ${r.path} ${r.eventType} must verify`);
    assert.equal(r.method, 'POST');
    assert.match(r.headers['content-type'], /^application\/json/);
  }
}

// Moves the clock to just before `dueAt`, checks nothing arrives, then to `dueAt`, and waits
// for the next request matching `filter`.
async function stepTo(dueAt, filter, what) {
  const now = await clockNow(server);
  if (dueAt - now > 5) {
    await advanceClock(server, dueAt - now - 5);
    await expectQuiet(receiver, filter, 400, `${what}: nothing before it is due`);
  }
  const before = receiver.requests.filter(filter).length;
  const later = await clockNow(server);
  if (dueAt > later) await advanceClock(server, dueAt - later);
  else await advanceClock(server, 1);
  await waitFor(what, () => receiver.requests.filter(filter).length > before);
}

describe('signatures', () => {
  test('success callbacks are signed with the company key (GET /public_key/), webhooks with their own', async () => {
    const w = await hook({ events: ['purchase.created', 'purchase.paid'] }, '/sig/hook');
    receiver.keys.set('/sig/cb', companyKey);
    const p = await newPurchase(server, { success_callback: receiver.url + '/sig/cb' });
    await payDirectPost(p);
    await waitFor('callback and 2 webhook events', () => receiver.on('/sig/cb').length >= 1 && receiver.on('/sig/hook').length >= 2);
    const cb = receiver.on('/sig/cb');
    assertAllVerified(cb);
    assertAllVerified(receiver.on('/sig/hook'));
    assert.equal(cb.length, 1, 'one success callback (purchase.paid)');
    assert.equal(cb[0].eventType, 'purchase.paid');
    assert.equal(cb[0].json.id, p.id);
    assert.equal(cb[0].json.status, 'paid');
    assert.equal(cb[0].json.type, 'purchase');
    // Cross-check: the company key does not verify the webhook's bodies and vice versa.
    const wh = receiver.on('/sig/hook')[0];
    assert.equal((await import('./lib/hooks_support.mjs')).verifySignature(companyKey, wh.raw, wh.headers['x-signature']), false);
    assert.equal((await import('./lib/hooks_support.mjs')).verifySignature(w.public_key, cb[0].raw, cb[0].headers['x-signature']), false);
  });

  test('the openssl CLI verifies a delivery (openssl dgst -sha256 -verify)', async () => {
    const w = await hook({ events: ['purchase.created'] }, '/sig/openssl');
    const p = await newPurchase(server);
    const r = await waitFor('delivery', () => receiver.on('/sig/openssl').find((x) => x.purchaseId === p.id));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tender-sig-'));
    try {
      fs.writeFileSync(path.join(dir, 'pub.pem'), w.public_key);
      fs.writeFileSync(path.join(dir, 'body.json'), r.raw);
      fs.writeFileSync(path.join(dir, 'sig.bin'), Buffer.from(r.headers['x-signature'], 'base64'));
      const out = execFileSync('openssl', ['dgst', '-sha256', '-verify', path.join(dir, 'pub.pem'),
        '-signature', path.join(dir, 'sig.bin'), path.join(dir, 'body.json')], { encoding: 'utf8' });
      assert.match(out, /Verified OK/);
      fs.writeFileSync(path.join(dir, 'body.json'), Buffer.concat([r.raw, Buffer.from(' ')]));
      assert.throws(() => execFileSync('openssl', ['dgst', '-sha256', '-verify', path.join(dir, 'pub.pem'),
        '-signature', path.join(dir, 'sig.bin'), path.join(dir, 'body.json')], { stdio: 'pipe' }), 'a changed body fails');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the payload is the Collect Purchase JSON with event_type', async () => {
    await hook({ events: ['purchase.created'] }, '/sig/shape');
    const p = await newPurchase(server, { reference: 'order-77' });
    const r = await waitFor('delivery', () => receiver.on('/sig/shape').find((x) => x.purchaseId === p.id));
    const got = expectJson(await api(server, 'GET', `/api/v1/purchases/${p.id}/`), 200);
    assert.equal(r.json.event_type, 'purchase.created');
    for (const k of Object.keys(got)) assert.ok(k in r.json, `payload has ${k}`);
    assert.equal(r.json.reference, 'order-77');
    assert.equal(r.json.status, 'created');
    assert.equal(r.headers['x-event-type'], 'purchase.created');
  });

  test('webhooks only get the events they listen to; all_events gets every one', async () => {
    await hook({ events: ['purchase.cancelled'] }, '/filter/cancelled');
    await hook({ all_events: true }, '/filter/all');
    const p = await newPurchase(server);
    await cancelPurchase(server, p.id);
    await waitFor('all events', () => receiver.on('/filter/all').filter((x) => x.purchaseId === p.id).length >= 2);
    await waitFor('cancelled', () => receiver.on('/filter/cancelled').some((x) => x.purchaseId === p.id));
    assert.deepEqual(receiver.on('/filter/cancelled').filter((x) => x.purchaseId === p.id).map((x) => x.eventType), ['purchase.cancelled']);
    assert.deepEqual(receiver.on('/filter/all').filter((x) => x.purchaseId === p.id).map((x) => x.eventType),
      ['purchase.created', 'purchase.cancelled']);
    assertAllVerified(receiver.on('/filter/all'));
  });

  test('success callbacks fire on capture of a skip_capture purchase, not on hold', async () => {
    receiver.keys.set('/cb/capture', companyKey);
    const p = await newPurchase(server, { skip_capture: true, success_callback: receiver.url + '/cb/capture' });
    await payDirectPost(p);
    await sleep(400);
    assert.equal(receiver.on('/cb/capture').length, 0, 'no callback for the hold');
    expectJson(await api(server, 'POST', `/api/v1/purchases/${p.id}/capture/`, { body: {} }), 200);
    const r = await waitFor('captured callback', () => receiver.on('/cb/capture')[0]);
    assert.equal(r.eventType, 'purchase.captured');
    assertAllVerified(receiver.on('/cb/capture'));
  });
});

describe('retries', () => {
  test('a receiver that answers 500 for a while then 200 gets every event, in order per purchase', async () => {
    const pathName = '/flaky';
    let failuresLeft = 7;
    const previous = receiver.respond;
    receiver.respond = (r, i) => {
      if (r.path === pathName || r.path === '/flaky/cb') {
        if (failuresLeft > 0) { failuresLeft--; return 500; }
        return 200;
      }
      return previous(r, i);
    };
    receiver.keys.set('/flaky/cb', companyKey);
    const flaky = await hook({ all_events: true }, pathName);
    const paid = await newPurchase(server, { success_callback: receiver.url + '/flaky/cb' });
    const cancelled = await newPurchase(server);
    const held = await newPurchase(server, { skip_capture: true });
    await payDirectPost(paid);
    await cancelPurchase(server, cancelled.id);
    await payDirectPost(held);
    expectJson(await api(server, 'POST', `/api/v1/purchases/${held.id}/capture/`, { body: {} }), 200);
    const expected = new Map([
      [paid.id, ['purchase.created', 'purchase.paid']],
      [cancelled.id, ['purchase.created', 'purchase.cancelled']],
      [held.id, ['purchase.created', 'purchase.hold', 'purchase.captured']],
    ]);
    const mine = () => receiver.on(pathName);
    const allDelivered = () => {
      const seq = deliveredSequence(mine());
      return [...expected].every(([id, events]) => (seq.get(id) || []).length >= events.length) &&
        receiver.on('/flaky/cb').some((r) => r.status === 200);
    };
    // Keep moving the clock by the longest interval the failures can need until all arrive.
    for (let step = 0; step < 40 && !allDelivered(); step++) {
      await sleep(150);
      if (!allDelivered()) await advanceClock(server, 300);
    }
    await waitFor('every event delivered', allDelivered);
    assertStrictOrder(mine(), expected);
    for (const [id, events] of expected) {
      assert.deepEqual(deliveredSequence(mine()).get(id), events, `purchase ${id} got each event once, in order`);
    }
    assertAllVerified(mine());
    assertAllVerified(receiver.on('/flaky/cb'));
    assert.ok(mine().some((r) => r.status === 500), 'some attempts failed first');

    // The failed attempts are recorded, with growing gaps between attempts of one delivery.
    const deliveries = await waitFor('the outcomes recorded', async () => {
      const list = await webhookDeliveries(server, flaky.id, `purchase_id=${held.id}`);
      return list.length === 3 && list.every((d) => d.status === 'delivered') && list;
    });
    const retried = deliveries.filter((d) => d.attempt_count > 1);
    for (const d of retried) {
      for (let i = 1; i < d.attempts.length; i++) {
        assert.ok(d.attempts[i].attempted_on - d.attempts[i - 1].attempted_on >= RETRY_DELAYS[i - 1],
          `attempt ${i + 1} waited at least ${RETRY_DELAYS[i - 1]} s: ${JSON.stringify(d.attempts)}`);
      }
    }
    receiver.respond = previous;
  });

  // A webhook at PATH_NAME whose receiver answers 500, and a new purchase's purchase.created
  // attempted there once. `previous` restores the receiver's other answers.
  async function firstFailedAttempt(pathName) {
    const previous = receiver.respond;
    receiver.respond = (r, i) => (r.path === pathName ? 500 : previous(r, i));
    const w = await hook({ events: ['purchase.created'] }, pathName);
    const p = await newPurchase(server);
    const mine = (r) => r.path === pathName && r.purchaseId === p.id;
    await waitFor('first attempt', () => receiver.requests.some(mine));
    return { w, mine, previous };
  }

  test('one that never answers 2xx sees exactly 9 attempts at the documented intervals, then none', async () => {
    const pathName = '/never';
    const { w, mine, previous } = await firstFailedAttempt(pathName);
    for (let attempt = 2; attempt <= 9; attempt++) {
      // The receiver sees the request before Tender records its outcome: wait for the record.
      const d = await waitFor(`attempt ${attempt - 1} recorded`, async () => {
        const [x] = await webhookDeliveries(server, w.id);
        return x.attempt_count === attempt - 1 && x;
      });
      assert.equal(d.status, 'pending');
      const last = d.attempts[d.attempts.length - 1];
      assert.equal(last.status_code, 500);
      assert.equal(typeof last.duration_ms, 'number');
      assert.ok(last.error);
      const wait = d.next_attempt_on - last.attempted_on;
      assert.ok(wait >= RETRY_DELAYS[attempt - 2] && wait <= RETRY_DELAYS[attempt - 2] + 2,
        `wait before attempt ${attempt}: ${wait} s, expected ${RETRY_DELAYS[attempt - 2]}`);
      await stepTo(d.next_attempt_on, mine, `attempt ${attempt}`);
    }
    await waitFor('the 9th attempt recorded', async () => (await webhookDeliveries(server, w.id))[0].status === 'failed');
    const [d] = await webhookDeliveries(server, w.id);
    assert.equal(d.attempt_count, 9);
    assert.equal(d.next_attempt_on, null);
    assert.match(d.failure_reason, /9 attempts/);
    const gaps = d.attempts.slice(1).map((a, i) => a.attempted_on - d.attempts[i].attempted_on);
    for (let i = 0; i < gaps.length; i++) {
      assert.ok(gaps[i] >= RETRY_DELAYS[i] && gaps[i] <= RETRY_DELAYS[i] + 7, `gap ${i + 1}: ${gaps}`);
      if (i > 0) assert.ok(gaps[i] > gaps[i - 1], `intervals grow: ${gaps}`);
    }
    assert.ok(d.attempts[8].attempted_on - d.event_created_on < 36 * 3600, 'the last attempt is within 36 h');
    assert.equal(receiver.requests.filter(mine).length, 9);
    await advanceClock(server, 200_000);
    await expectQuiet(receiver, mine, 700, 'no 10th attempt');
    assert.equal(receiver.requests.filter(mine).length, 9);
    assertAllVerified(receiver.requests.filter(mine));

    // A resend by hand makes one more attempt now.
    receiver.respond = (r, i) => (r.path === pathName ? 200 : previous(r, i));
    const resent = expectJson(await api(server, 'POST', `/api/v1/webhooks/${w.id}/deliveries/${d.id}/resend/`), 200);
    assert.equal(resent.status, 'pending');
    await waitFor('resent delivery', () => receiver.requests.filter(mine).length === 10);
    const after = await waitFor('delivered', async () => {
      const [x] = await webhookDeliveries(server, w.id);
      return x.status === 'delivered' && x;
    });
    assert.equal(after.attempt_count, 10);
    assert.equal(after.attempts[9].manual, true);
    assert.equal(after.attempts[9].status_code, 200);
    receiver.respond = previous;
  });

  test('nothing is sent more than 36 hours after the event', async () => {
    const pathName = '/late';
    const { w, mine, previous } = await firstFailedAttempt(pathName);
    await waitFor('first attempt recorded', async () => (await webhookDeliveries(server, w.id))[0]?.attempt_count === 1);
    // As if Tender had been down for 37 hours: the retry that is now overdue is not made.
    await advanceClock(server, 37 * 3600);
    const d = await waitFor('given up', async () => {
      const [x] = await webhookDeliveries(server, w.id);
      return x.status === 'failed' && x;
    });
    assert.equal(d.attempt_count, 1);
    assert.match(d.failure_reason, /36 h/);
    await expectQuiet(receiver, mine, 300, 'no attempt after 36 h');
    assert.equal(receiver.requests.filter(mine).length, 1);
    receiver.respond = previous;
  });

  test('a later event waits while an earlier one to the same destination is undelivered', async () => {
    const pathName = '/order';
    const previous = receiver.respond;
    let open = false;
    receiver.respond = (r, i) => (r.path === pathName ? (open ? 200 : 503) : previous(r, i));
    await hook({ all_events: true }, pathName);
    const p = await newPurchase(server);
    await cancelPurchase(server, p.id);
    const mine = (r) => r.path === pathName && r.purchaseId === p.id;
    await waitFor('first attempt', () => receiver.requests.some(mine));
    await advanceClock(server, 31);
    await waitFor('second attempt', () => receiver.requests.filter(mine).length >= 2);
    await sleep(300);
    assert.ok(receiver.requests.filter(mine).every((r) => r.eventType === 'purchase.created'),
      'purchase.cancelled is not sent while purchase.created is undelivered');
    const pending = await listDeliveries(server, `purchase_id=${p.id}&destination=webhook`);
    const cancelledDelivery = pending.find((d) => d.event_type === 'purchase.cancelled' && d.status === 'pending');
    assert.ok(cancelledDelivery, 'the later event is waiting');
    assert.equal(cancelledDelivery.attempt_count, 0);
    open = true;
    await advanceClock(server, 91);
    await waitFor('both delivered', () => deliveredSequence(receiver.requests.filter(mine)).get(p.id)?.length === 2);
    assert.deepEqual(deliveredSequence(receiver.requests.filter(mine)).get(p.id), ['purchase.created', 'purchase.cancelled']);
    receiver.respond = previous;
  });
});

describe('deliveries API', () => {
  test("another company's deliveries are 404 and not listed", async () => {
    const w = await hook({ events: ['purchase.created'] }, '/scope');
    await newPurchase(server);
    const [d] = await waitFor('a delivery', async () => {
      const list = await webhookDeliveries(server, w.id);
      return list.length > 0 && list;
    });
    const other = server.second.api_key;
    expectJson(await api(server, 'GET', `/api/v1/deliveries/${d.id}/`, { key: other }), 404);
    expectJson(await api(server, 'POST', `/api/v1/deliveries/${d.id}/resend/`, { key: other }), 404);
    expectJson(await api(server, 'POST', `/api/v1/webhooks/${w.id}/deliveries/${d.id}/resend/`, { key: other }), 404);
    const theirs = await listDeliveries(server, '', other);
    assert.ok(!theirs.some((x) => x.id === d.id));
    const mine = expectJson(await api(server, 'GET', `/api/v1/deliveries/${d.id}/`), 200);
    assert.equal(mine.webhook_id, w.id);
    assert.equal(mine.type, 'delivery');
    expectJson(await api(server, 'GET', `/api/v1/webhooks/${w.id}/deliveries/${d.id}/`, { key: other }), 404);
    assert.deepEqual(expectJson(await api(server, 'GET', `/api/v1/webhooks/${w.id}/deliveries/${d.id}/`), 200), mine);
  });

  test('filters: status and destination', async () => {
    const all = await listDeliveries(server);
    const failed = await listDeliveries(server, 'status=failed');
    assert.ok(failed.every((d) => d.status === 'failed'));
    const callbacks = await listDeliveries(server, 'destination=success_callback');
    assert.ok(callbacks.length > 0 && callbacks.every((d) => d.destination === 'success_callback' && d.webhook_id === null));
    assert.ok(all.length >= callbacks.length + failed.length);
    expectJson(await api(server, 'GET', '/api/v1/deliveries/?status=lost'), 400);
  });
});
