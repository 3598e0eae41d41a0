// The outbox keeps an event only while the webhook dispatcher still needs it, plus a retention
// window of one hour (webhooks/outbox_retention.hpp): after that the sweeper deletes what was fanned
// out, so the database grows with purchases, not with events. Read from the server's own database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, sleep, sqlScalar, startTender } from './lib/harness.mjs';
import { CARDS, paidPurchase } from './lib/lifecycle_support.mjs';

const outboxCount = (s) => Number(sqlScalar(s, 'SELECT count(*) FROM outbox'));
const cursor = (s) => {
  const body = sqlScalar(s, "SELECT body FROM records WHERE kind = 'dispatcher_state' AND id = 'outbox_cursor'");
  return body ? JSON.parse(body).seq : 0;
};
const maxSeq = (s) => Number(sqlScalar(s, 'SELECT coalesce(max(seq), 0) FROM outbox'));

async function until(what, f, timeoutMs = 15_000) {
  for (const deadline = Date.now() + timeoutMs; !(await f());) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

test('fanned-out events are deleted after the retention window; newer ones and the purchases stay', async () => {
  const s = await startTender({ env: { TENDER_TEST_CLOCK: '1' } });
  try {
    const paid = [];
    for (let i = 0; i < 3; i++) paid.push(await paidPurchase(s, {}, { card: CARDS.approve }));
    const written = outboxCount(s);
    assert.ok(written >= 6, `created + paid for each purchase: ${written}`);
    await until('the dispatcher to fan out every event', () => cursor(s) >= maxSeq(s));

    // Within the window nothing goes, however often the sweeper runs.
    expectJson(await api(s, 'POST', '/api/v1/test_clock/advance/', { body: { seconds: 1800 } }), 200);
    await sleep(1500);
    assert.equal(outboxCount(s), written, 'kept for the retention window');

    expectJson(await api(s, 'POST', '/api/v1/test_clock/advance/', { body: { seconds: 1900 } }), 200);
    await until('the sweeper to purge the outbox', () => outboxCount(s) === 0);

    const fresh = await paidPurchase(s, {}, { card: CARDS.approve });
    assert.ok(outboxCount(s) >= 2, 'a new purchase still writes its events');
    for (const p of [...paid, fresh]) {
      const got = expectJson(await api(s, 'GET', `/api/v1/purchases/${p.id}/`), 200);
      assert.equal(got.status, 'paid');
    }
  } finally {
    await s.cleanup();
  }
});
