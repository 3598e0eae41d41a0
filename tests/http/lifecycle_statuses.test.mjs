// A walk of every status (issue 4, acceptance: "a test walks every reachable status"): all 21
// purchase statuses are reached through the API, the checkout, the sandbox cards and the
// test-mode simulations, each appears in some purchase's status_history, and every step of every
// history is a transition of the state machine table (src/engine/state_machine.cpp).
// A slow sandbox (--sandbox-delay-ms 1500 --acquirer-wait-ms 300) gives the pending_* statuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, listAllPurchases, startTender } from './lib/harness.mjs';
import {
  CARDS, newPurchase, getPurchase, directPost, pollUntil, op, checkMoney,
} from './lib/lifecycle_support.mjs';

const ALL_STATUSES = [
  'created', 'sent', 'viewed', 'error', 'cancelled', 'overdue', 'expired', 'blocked', 'hold', 'released',
  'pending_release', 'pending_capture', 'preauthorized', 'paid', 'pending_execute', 'pending_charge',
  'cleared', 'settled', 'chargeback', 'pending_refund', 'refunded',
];

// The table of src/engine/state_machine.cpp as from -> to moves (the operation names in comments).
const PAYABLE = ['created', 'sent', 'viewed', 'overdue', 'error'];
const PAID_LIKE_STATUSES = ['paid', 'cleared', 'settled', 'refunded'];
const RULES = [
  [['created'], 'sent'], // send
  [['created', 'sent'], 'viewed'], // view
  [PAYABLE, 'pending_execute'], // execute_pending
  [[...PAYABLE, 'pending_execute'], 'paid'], // execute_succeed
  [[...PAYABLE, 'pending_execute'], 'hold'], // hold_succeed
  [[...PAYABLE, 'pending_execute'], 'preauthorized'], // preauthorize_succeed
  [[...PAYABLE, 'pending_execute'], 'error'], // execute_fail
  [[...PAYABLE, 'pending_execute'], 'blocked'], // execute_block
  [PAYABLE, 'cancelled'], // cancel
  [['created', 'sent', 'viewed', 'error'], 'overdue'], // become_overdue
  [PAYABLE, 'expired'], // expire
  [['hold'], 'pending_capture'], // capture_pending
  [['hold', 'pending_capture'], 'paid'], // capture_succeed
  [['pending_capture'], 'hold'], // capture_fail
  [['hold'], 'pending_release'], // release_pending
  [['hold', 'pending_release'], 'released'], // release_succeed, hold_expire
  [['pending_release'], 'hold'], // release_fail
  [PAYABLE, 'pending_charge'], // charge_pending
  [[...PAYABLE, 'pending_charge'], 'paid'], // charge_succeed
  [[...PAYABLE, 'pending_charge'], 'error'], // charge_fail
  [PAID_LIKE_STATUSES, 'pending_refund'], // refund_pending
  [[...PAID_LIKE_STATUSES, 'pending_refund'], 'refunded'], // refund_succeed
  [['pending_refund'], 'refunded'], // refund_fail (an earlier refund succeeded)
  [['pending_refund'], 'paid'], // refund_fail_unrefunded
  [[...PAYABLE, 'expired'], 'paid'], // mark_as_paid
  [['paid'], 'cleared'], // clear
  [['cleared'], 'settled'], // settle
  [['paid', 'cleared', 'settled'], 'chargeback'], // chargeback
];
const ALLOWED = new Set(RULES.flatMap(([from, to]) => from.map((f) => `${f}->${to}`)));

let server;
before(async () => { server = await startTender({ args: ['--sandbox-delay-ms', '1500', '--acquirer-wait-ms', '300'] }); });
after(async () => { await server?.cleanup(); });

const simulate = async (id, event) => expectJson(await api(server, 'POST', `/api/v1/test/purchases/${id}/${event}/`), 200, event);
const until = (id, status) => pollUntil(server, id, (p) => p.status === status, { timeoutMs: 20_000 });

// Each walk is one purchase's path; they run at once since most of the time is the slow sandbox.
const walks = {
  // created -> sent -> viewed -> cancelled
  async invoice() {
    const p = await newPurchase(server);
    await simulate(p.id, 'send');
    const page = await fetch(p.checkout_url);
    await page.text();
    assert.equal(page.status, 200);
    await until(p.id, 'viewed');
    expectJson(await api(server, 'POST', `/api/v1/purchases/${p.id}/cancel/`), 200, 'cancel');
    return p.id;
  },
  // created -> error -> pending_execute -> paid -> cleared -> settled -> chargeback
  async afterSale() {
    const p = await newPurchase(server);
    await directPost(p, { card_number: CARDS.declined });
    await until(p.id, 'error');
    const r = await directPost(p);
    assert.equal(r.status, 303);
    await until(p.id, 'paid');
    await simulate(p.id, 'clear');
    await simulate(p.id, 'settle');
    await simulate(p.id, 'chargeback');
    return p.id;
  },
  // created -> blocked
  async blocked() {
    const p = await newPurchase(server);
    await directPost(p, { card_number: CARDS.blocked });
    await until(p.id, 'blocked');
    return p.id;
  },
  // created -> overdue (a due time already past; the sweeper runs every 500 ms)
  async overdue() {
    const p = await newPurchase(server, { due: nowSec() - 60 });
    await until(p.id, 'overdue');
    return p.id;
  },
  // created -> expired
  async expired() {
    const p = await newPurchase(server, { due: nowSec() - 60, purchase: { due_strict: true } });
    await until(p.id, 'expired');
    return p.id;
  },
  // created -> pending_execute -> hold -> pending_capture -> paid -> pending_refund -> refunded
  async captureAndRefund() {
    const p = await newPurchase(server, { skip_capture: true });
    await directPost(p);
    await until(p.id, 'hold');
    assert.equal(expectJson(await op(server, p.id, 'capture', { amount: 800 }), 200, 'capture').status, 'pending_capture');
    await until(p.id, 'paid');
    assert.equal(expectJson(await op(server, p.id, 'refund', { amount: 100 }), 200, 'refund').status, 'pending_refund');
    await until(p.id, 'refunded');
    return p.id;
  },
  // created -> pending_execute -> hold -> pending_release -> released
  async release() {
    const p = await newPurchase(server, { skip_capture: true });
    await directPost(p);
    await until(p.id, 'hold');
    assert.equal(expectJson(await op(server, p.id, 'release'), 200, 'release').status, 'pending_release');
    await until(p.id, 'released');
    return p.id;
  },
  // created -> pending_execute -> preauthorized; a new purchase: created -> pending_charge -> paid
  async preauthorizeAndCharge() {
    const pre = await newPurchase(server, { skip_capture: true, purchase: { total_override: 0 } });
    await directPost(pre);
    await until(pre.id, 'preauthorized');
    const target = await newPurchase(server);
    assert.equal(expectJson(await op(server, target.id, 'charge', { recurring_token: pre.id }), 200, 'charge').status, 'pending_charge');
    await until(target.id, 'paid');
    return [pre.id, target.id];
  },
};
const nowSec = () => Math.floor(Date.now() / 1000);

test('every one of the 21 statuses is reached and recorded in a status_history', async () => {
  const ids = (await Promise.all(Object.entries(walks).map(async ([name, walk]) => {
    try { return await walk(); } catch (e) { e.message = `walk ${name}: ${e.message}`; throw e; }
  }))).flat();
  const seen = new Map(); // status -> purchase id
  for (const id of ids) {
    const p = await getPurchase(server, id);
    const h = p.status_history.map((x) => x.status);
    assert.equal(h[0], 'created', `${id} starts created`);
    assert.equal(h.at(-1), p.status, `${id}: the last history entry is the status`);
    for (let i = 1; i < h.length; i++) {
      assert.ok(ALLOWED.has(`${h[i - 1]}->${h[i]}`), `${id}: ${h[i - 1]} -> ${h[i]} is not in the table (${h.join(' > ')})`);
    }
    for (const s of h) if (!seen.has(s)) seen.set(s, id);
  }
  const missing = ALL_STATUSES.filter((s) => !seen.has(s));
  assert.deepEqual(missing, [], `statuses never reached: ${missing.join(', ')}`);
  assert.equal(seen.size, 21, `unexpected statuses: ${[...seen.keys()].filter((s) => !ALL_STATUSES.includes(s))}`);
});

test('the purchases list filters by every status reached', async () => {
  const all = await listAllPurchases(server);
  for (const s of ['cancelled', 'chargeback', 'blocked', 'overdue', 'expired', 'refunded', 'released', 'preauthorized']) {
    const want = all.filter((p) => p.status === s).map((p) => p.id).sort();
    const got = (await listAllPurchases(server, { query: `status=${s}` })).map((p) => p.id).sort();
    assert.deepEqual(got, want, `status=${s}`);
    assert.ok(want.length >= 1, s);
  }
});

test('ledger check passes and the balance matches what was moved', async () => {
  await checkMoney(server);
});
