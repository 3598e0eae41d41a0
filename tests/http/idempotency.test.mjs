// Idempotency-Key on Collect POSTs: a replay gets the first answer byte for byte, the same key
// with another body is a conflict, a duplicate arriving while the first is in flight is told so,
// keys are per company and expire after 24 h; none of this creates a second purchase or a second
// money movement.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, purchaseBody, purchaseCount, randomId, sqlScalar, startTender } from './lib/harness.mjs';
import { TEST_CLOCK_ENV, advanceClock, newPurchase, payDirectPost, waitFor } from './lib/hooks_support.mjs';

let server;
before(async () => {
  // Every sandbox answer takes 400 ms, so a capture is reliably still running when its duplicate arrives.
  server = await startTender({ env: { ...TEST_CLOCK_ENV, TENDER_SANDBOX_DELAY_MS: '400' } });
});
after(async () => { await server?.cleanup(); });

const withKey = (key, opts = {}) => ({ ...opts, headers: { 'Idempotency-Key': key, ...(opts.headers || {}) } });

async function statement() {
  return expectJson(await api(server, 'GET', '/api/v1/statement/'), 200, 'statement').postings.length;
}

describe('Collect POST /purchases/', () => {
  test('a replay returns the first response byte for byte and creates nothing', async () => {
    const key = randomId();
    const body = purchaseBody(server, { reference: 'idem-1' });
    const count = await purchaseCount(server);
    const first = await api(server, 'POST', '/api/v1/purchases/', withKey(key, { body }));
    assert.equal(first.status, 201, first.text);
    const second = await api(server, 'POST', '/api/v1/purchases/', withKey(key, { body }));
    assert.equal(second.status, 201);
    assert.equal(second.text, first.text, 'byte-identical body');
    assert.equal(second.headers.get('content-type'), first.headers.get('content-type'));
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(await purchaseCount(server), count + 1);
  });

  test('the same key with a different body is a conflict naming it, and creates nothing', async () => {
    const key = randomId();
    const count = await purchaseCount(server);
    expectJson(await api(server, 'POST', '/api/v1/purchases/', withKey(key, { body: purchaseBody(server) })), 201);
    const other = await api(server, 'POST', '/api/v1/purchases/',
      withKey(key, { body: purchaseBody(server, { reference: 'different' }) }));
    const err = expectJson(other, 400);
    assert.equal(err.__all__[0].code, 'idempotency_key_conflict');
    assert.match(err.__all__[0].message, /Idempotency-Key/);
    assert.equal(await purchaseCount(server), count + 1);
    // Same body on another path is another request too.
    const path = expectJson(await api(server, 'POST', '/api/v1/clients/', withKey(key, { body: purchaseBody(server) })), 400);
    assert.equal(path.__all__[0].code, 'idempotency_key_conflict');
  });

  test('concurrent duplicates create one purchase; the others replay it or are told it is processing', async () => {
    const count = await purchaseCount(server);
    const key = randomId();
    const body = purchaseBody(server, { reference: 'burst' });
    const results = await Promise.all(Array.from({ length: 12 }, () => api(server, 'POST', '/api/v1/purchases/', withKey(key, { body }))));
    const created = results.filter((r) => r.status === 201);
    const processing = results.filter((r) => r.status === 400);
    assert.equal(created.length + processing.length, 12, results.map((r) => `${r.status} ${r.text}`).join('\n'));
    assert.ok(created.length >= 1);
    for (const r of created) assert.equal(r.text, created[0].text);
    for (const r of processing) assert.equal(r.text, '{"message":"Initial request is still processing."}');
    assert.equal(await purchaseCount(server), count + 1);
  });

  test('validation errors are replayed too; keys longer than 255 characters are refused', async () => {
    const key = randomId();
    const bad = { brand_id: server.company.brand_id, purchase: { products: [] } };
    const a = await api(server, 'POST', '/api/v1/purchases/', withKey(key, { body: bad }));
    const b = await api(server, 'POST', '/api/v1/purchases/', withKey(key, { body: bad }));
    assert.equal(a.status, 400);
    assert.equal(b.text, a.text);
    const long = expectJson(await api(server, 'POST', '/api/v1/purchases/', withKey('k'.repeat(256), { body: purchaseBody(server) })), 400);
    assert.equal(long.__all__[0].code, 'invalid_idempotency_key');
    expectJson(await api(server, 'POST', '/api/v1/purchases/', withKey('k'.repeat(255), { body: purchaseBody(server) })), 201);
  });

  test('keys are scoped per company', async () => {
    const key = randomId();
    const mine = expectJson(await api(server, 'POST', '/api/v1/purchases/', withKey(key, { body: purchaseBody(server) })), 201);
    const theirs = expectJson(await api(server, 'POST', '/api/v1/purchases/',
      withKey(key, { key: server.second.api_key, body: purchaseBody(server.second.brand_id) })), 201);
    assert.notEqual(theirs.id, mine.id);
  });

  test('keys expire after 24 hours (test clock)', async () => {
    const key = randomId();
    const body = purchaseBody(server);
    const first = expectJson(await api(server, 'POST', '/api/v1/purchases/', withKey(key, { body })), 201);
    await advanceClock(server, 23 * 3600);
    const replay = expectJson(await api(server, 'POST', '/api/v1/purchases/', withKey(key, { body })), 201);
    assert.equal(replay.id, first.id);
    await advanceClock(server, 3600);
    const fresh = expectJson(await api(server, 'POST', '/api/v1/purchases/', withKey(key, { body })), 201);
    assert.notEqual(fresh.id, first.id, 'after 24 h the key is new');
  });

  test('expired keys are purged from the database by the sweeper; live ones stay', async () => {
    const rows = (key) => Number(sqlScalar(server, `SELECT COUNT(*) FROM idempotency WHERE key = '${key}'`));
    const old = randomId();
    expectJson(await api(server, 'POST', '/api/v1/purchases/', withKey(old, { body: purchaseBody(server) })), 201);
    assert.equal(rows(old), 1);
    await advanceClock(server, 12 * 3600);
    const young = randomId();
    expectJson(await api(server, 'POST', '/api/v1/purchases/', withKey(young, { body: purchaseBody(server) })), 201);
    await advanceClock(server, 12 * 3600);
    await waitFor('the expired key purged', () => rows(old) === 0);
    assert.equal(rows(young), 1, 'a key 12 hours old is kept');
  });

  test('GET requests ignore the header', async () => {
    const key = randomId();
    const p = await newPurchase(server);
    const a = expectJson(await api(server, 'GET', `/api/v1/purchases/${p.id}/`, withKey(key)), 200);
    const b = expectJson(await api(server, 'GET', `/api/v1/purchases/`, withKey(key)), 200);
    assert.equal(a.id, p.id);
    assert.ok(Array.isArray(b.results));
  });
});

describe('money movements', () => {
  test('a duplicate capture in flight is refused; the replay returns the first; one capture in the ledger', async () => {
    const p = await newPurchase(server, { skip_capture: true });
    await payDirectPost(p);
    const postingsBefore = await statement();
    const key = randomId();
    const first = api(server, 'POST', `/api/v1/purchases/${p.id}/capture/`, withKey(key, { body: {} }));
    await new Promise((r) => setTimeout(r, 100));
    const dup = await api(server, 'POST', `/api/v1/purchases/${p.id}/capture/`, withKey(key, { body: {} }));
    assert.equal(dup.status, 400);
    assert.equal(dup.text, '{"message":"Initial request is still processing."}');
    const done = await first;
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.status, 'paid');
    const replay = await api(server, 'POST', `/api/v1/purchases/${p.id}/capture/`, withKey(key, { body: {} }));
    assert.equal(replay.status, 200);
    assert.equal(replay.text, done.text);
    const postingsAfterCapture = await statement();
    assert.ok(postingsAfterCapture > postingsBefore, 'the capture posted');
    // A conflicting reuse of the key does not capture again either.
    const conflict = expectJson(await api(server, 'POST', `/api/v1/purchases/${p.id}/capture/`, withKey(key, { body: { amount: 1 } })), 400);
    assert.equal(conflict.__all__[0].code, 'idempotency_key_conflict');
    assert.equal(await statement(), postingsAfterCapture, 'no second money movement');
  });

  test('a refund replayed does not refund twice', async () => {
    const p = await newPurchase(server);
    await payDirectPost(p);
    const key = randomId();
    const a = await api(server, 'POST', `/api/v1/purchases/${p.id}/refund/`, withKey(key, { body: { amount: 100 } }));
    assert.equal(a.status, 200, a.text);
    const b = await api(server, 'POST', `/api/v1/purchases/${p.id}/refund/`, withKey(key, { body: { amount: 100 } }));
    assert.equal(b.text, a.text);
    const refunds = expectJson(await api(server, 'GET', `/api/v1/purchases/${p.id}/refunds/`), 200).results;
    assert.equal(refunds.length, 1);
  });
});
