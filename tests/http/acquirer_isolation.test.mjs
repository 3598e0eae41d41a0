// One company cannot starve the shared acquirer pool (issue: 24 connections paying with the slow
// test card pushed every other company's payments to 202 pending). The first company keeps more
// slow S2S payments in flight than the pool has threads (24); meanwhile the second company's
// refunds, which go to the acquirer through the pool, are answered at once, and the slow payments
// still complete. (An S2S payment with an ordinary sandbox card is answered in the request's own
// thread and never needs the pool, so refunds are the calls that show the starvation.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUTURE_YY } from './lib/s2s_seed.mjs';
import { api, expectJson, sleep, startTender } from './lib/harness.mjs';

const V1 = '/api/v1/server-to-server-interface/payment';
const TIMEOUT_CARD = '4000000000001018'; // answers after 3,000 ms (docs/test-cards.md)
const APPROVED = '4444333322221111';
const SLOW_IN_FLIGHT = 40; // more than the pool's 24 threads

function pay(server, company, number) {
  const key = company.api_key;
  return api(server, 'POST', V1, {
    key: null,
    headers: { authorization: `Basic ${key}`, 'x-api-key': key },
    body: {
      amount: '1000', currency: 'JPY', merchant_id: company.brand_id, billing_address: { country: 'JP' },
      card: { cvc: '123', expiry_month: '12', expiry_year: FUTURE_YY, number },
    },
  });
}

test('slow payments of one company leave the acquirer pool to the others', { timeout: 120_000 }, async () => {
  // The engine waits 2 s for an answer: the timeout card's 3 s answer comes after it (202), an
  // ordinary card's within it when a thread is free.
  const server = await startTender({ args: ['--acquirer-wait-ms', '2000'] });
  try {
    const paid = [];
    for (let i = 0; i < 5; i++) paid.push(expectJson(await pay(server, server.second, APPROVED), 201, 'paid').transaction_details.id);
    const slow = Array.from({ length: SLOW_IN_FLIGHT }, () => pay(server, server.company, TIMEOUT_CARD));
    await sleep(500); // the slow calls have reached the pool
    const started = Date.now();
    const refunds = await Promise.all(paid.map((id) => api(server, 'POST', `/api/v1/purchases/${id}/refund/`, { key: server.second.api_key, body: {} })));
    const tookMs = Date.now() - started;
    for (const r of refunds) assert.equal(expectJson(r, 200, 'refund').status, 'success', r.text);
    assert.ok(tookMs < 1500, `the other company's refunds took ${tookMs} ms (the engine's wait is 2,000 ms)`);
    const answers = await Promise.all(slow);
    console.log('SLOW', answers.map((r) => r.status).join(','), answers[0].text.slice(0, 300));
    for (const r of answers) assert.ok([201, 202].includes(r.status), `slow payment: ${r.status} ${r.text}`);
    assert.ok(answers.some((r) => r.status === 202), 'the slow card outlasted the wait');
  } finally {
    await server.cleanup();
  }
});
