// No card data at rest: pays with every sandbox test card (approvals, declines, 3-D Secure
// approve and fail, the scenario cards, wrong CVCs, validation failures, remember_card=on) by
// Direct Post and by the hosted checkout form, then reads the raw bytes of every file in the
// data directory (tender.db and its -wal/-shm while the server runs, again after it stopped, the
// server's own log of stdout and stderr, the key files) and requires that no PAN appears in any
// form, nor a CVC in a card context. Only the masked form (first 6 + last 4) may be kept.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { api, databaseUrlOf, expectJson, purchaseBody, sleep, startTender, TENDER_BIN } from './lib/harness.mjs';
import * as checkout from './lib/checkout_support.mjs';

const SUCCESS = 'https://shop.example.test/ok';
const FAILURE = 'https://shop.example.test/failed';
const NAME = 'Vault Scan';

// [pan, cvc, expectation] for every card of docs/test-cards.md and a few that are not there.
const APPROVING = [
  ['4444333322221111', '123'],
  ['5200000000001005', '100'],
  ['378282246310005', '1234'],
  ['3530111333300000', '123'],
  ['6200000000000005', '123'],
  ['6011111111111117', '123'],
  ['30569309025904', '123'],
  ['4000000000001034', '123'], // capture fails later; authorize approves
  ['4000000000001042', '123'], // refund fails later; authorize approves
];
const DECLINING = [
  '4000000000000010', '4000000000000028', '4000000000000036', '4000000000000044', '4000000000000051',
  '4000000000000069', '4000000000000077', '4000000000000085', '4000000000000093', '4000000000000101',
  '4000000000000119', '4000000000000127', '4000000000000135', '4000000000000143', '4000000000000150',
  '4000000000000168', '4000000000000176',
];
const ENROLLED = ['5555555555554444', '4000000000001026'];
const SLOW = '4000000000001018';
const UNKNOWN = '4111111111111111'; // Luhn-valid, not a test card: authorization_failed
const ALL_PANS = [...APPROVING.map(([p]) => p), ...DECLINING, ...ENROLLED, SLOW, UNKNOWN];
const CVCS = ['123', '100', '1234', '999'];

let server;
const outcomes = []; // {pan, how, status} for the report

before(async () => {
  server = await startTender({ withSecond: false });
});
after(async () => { await server?.cleanup(); });

// ---------------------------------------------------------------------------------------------
async function newPurchase() {
  const body = purchaseBody(server, { success_redirect: SUCCESS, failure_redirect: FAILURE });
  return expectJson(await api(server, 'POST', '/api/v1/purchases/', { body }), 201, 'create purchase');
}

async function getPurchase(id) {
  return expectJson(await api(server, 'GET', `/api/v1/purchases/${id}/`), 200, 'get purchase');
}

const postForm = (url, fields, cookie) => checkout.postForm(server, url, fields, cookie);
const formPage = (url) => checkout.formPage(server, url);

const card = (pan, cvc, extra = {}) => ({
  cardholder_name: NAME, card_number: pan, expires: '12/30', cvc, remember_card: 'on', ...extra,
});

// Pays by Direct Post; answers an ACS challenge with RESULT when one comes.
async function payDirect(pan, cvc, { result = 'approve', extra } = {}) {
  const p = await newPurchase();
  let r = await postForm(p.direct_post_url, card(pan, cvc, extra));
  if (r.location && /\/3ds\//.test(r.location)) {
    const f = await formPage(r.location);
    r = await postForm(r.location, { csrf_token: f.token, result }, f.cookie);
  }
  return p;
}

// Pays through the hosted checkout form (POST /p/{id}/pay/ with the CSRF double submit).
async function payHosted(pan, cvc, { result = 'approve' } = {}) {
  const p = await newPurchase();
  await checkout.payAtCheckout(server, p, card(pan, cvc), { result });
  return p;
}

async function record(how, pan, p) {
  const now = await getPurchase(p.id);
  outcomes.push({ how, pan, status: now.status, code: now.transaction_data.attempts[0]?.error?.code ?? null });
  return now;
}

// ---------------------------------------------------------------------------------------------
// The forms a PAN may take in a file: digits, groups of four, the scheme's own grouping, and
// URL-encoded with '+' or %20; plus unkeyed digests of it (a keyed HMAC fingerprint is fine).
function panForms(pan) {
  const forms = new Set([pan]);
  const fours = pan.replace(/(\d{4})(?=\d)/g, '$1 ');
  forms.add(fours);
  if (pan.length === 15) forms.add(`${pan.slice(0, 4)} ${pan.slice(4, 10)} ${pan.slice(10)}`); // amex 4-6-5
  if (pan.length === 14) forms.add(`${pan.slice(0, 4)} ${pan.slice(4, 10)} ${pan.slice(10)}`); // diners 4-6-4
  for (const f of [...forms]) {
    if (f.includes(' ')) { forms.add(f.replace(/ /g, '+')); forms.add(f.replace(/ /g, '%20')); forms.add(f.replace(/ /g, '-')); }
  }
  for (const alg of ['sha256', 'sha1', 'md5']) {
    const h = createHash(alg).update(pan);
    forms.add(h.copy().digest('hex'));
    forms.add(h.digest('base64'));
  }
  return [...forms];
}

const masked = (pan) => `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;

// Every file under DIR (recursively): [{name, bytes}].
async function readAll(dir, base = dir) {
  const out = [];
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await readAll(p, base));
    else if (entry.isFile()) {
      try { out.push({ name: path.relative(base, p), bytes: await fsp.readFile(p) }); } catch (e) {
        if (e.code !== 'ENOENT') throw e; // a -wal/-shm may vanish between readdir and read
      }
    }
  }
  return out;
}

function context(bytes, at, len) {
  return JSON.stringify(bytes.subarray(Math.max(0, at - 40), at + len + 40).toString('latin1'));
}

// Card data found in the files: [] when clean.
function findings(files) {
  const found = [];
  for (const { name, bytes } of files) {
    const text = bytes.toString('latin1');
    // UTF-16 copies too (e.g. a browser or a wide-string log): strip NULs between ASCII bytes.
    const narrow = text.replace(/\0/g, '');
    for (const pan of ALL_PANS) {
      for (const form of panForms(pan)) {
        for (const [label, hay] of [['', text], [' (UTF-16)', narrow]]) {
          const at = hay.indexOf(form);
          if (at >= 0 && !(label && text.includes(form))) found.push(`${name}${label}: PAN ${pan} as ${JSON.stringify(form)} at ${at}: ${context(Buffer.from(hay, 'latin1'), at, form.length)}`);
        }
      }
    }
    // A CVC kept with a card: "cvc":"123", "cvc": 123, cvc=123, cvv/csc likewise.
    for (const re of [/"(?:cvc|cvv|cvv2|csc|security_code)"\s*:\s*"?\d{3,4}/gi, /\b(?:cvc|cvv|cvv2|csc)=\d{3,4}/gi]) {
      for (const m of narrow.matchAll(re)) found.push(`${name}: CVC in a card context at ${m.index}: ${JSON.stringify(m[0])}`);
    }
    // A CVC standing as its own token right by a masked card number.
    for (const pan of ALL_PANS) {
      const mask = masked(pan);
      for (let at = narrow.indexOf(mask); at >= 0; at = narrow.indexOf(mask, at + 1)) {
        const around = narrow.slice(Math.max(0, at - 48), at + mask.length + 48);
        for (const cvc of CVCS) {
          if (new RegExp(`(^|[^0-9A-Za-z+/])${cvc}($|[^0-9A-Za-z+/=])`).test(around.replace(mask, ''))) {
            found.push(`${name}: CVC ${cvc} next to ${mask}: ${JSON.stringify(around)}`);
          }
        }
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
describe('card data at rest', () => {
  test('the scanner finds what it looks for (control)', () => {
    const bad = [{ name: 'control', bytes: Buffer.from('x 4444 3333 2222 1111 y {"cvc":"123"} card_number=4444333322221111&cvc=123') }];
    const f = findings(bad);
    assert.ok(f.some((s) => s.includes('as "4444 3333 2222 1111"')), f.join('\n'));
    assert.ok(f.some((s) => s.includes('as "4444333322221111"')), f.join('\n'));
    assert.ok(f.some((s) => s.includes('CVC in a card context') && s.includes('cvc\\":\\"123')), f.join('\n'));
    assert.ok(f.some((s) => s.includes('CVC in a card context') && s.includes('cvc=123')), f.join('\n'));
    assert.ok(findings([{ name: 'wide', bytes: Buffer.from('4444333322221111', 'utf16le') }]).length > 0, 'UTF-16');
    assert.ok(findings([{ name: 'near', bytes: Buffer.from('{"masked_pan":"444433******1111","x":"123"}') }]).length > 0, 'near');
    assert.deepEqual(findings([{ name: 'ok', bytes: Buffer.from('{"masked_pan":"444433******1111","expiry_year":2030}') }]), []);
  });

  test('after payments with every test card, no file of the data dir holds a PAN or a CVC', async (t) => {
    // Approvals, by both flows, each with remember_card=on (so the vault seals the card).
    for (const [pan, cvc] of APPROVING) {
      const p = await record('direct_post', pan, await payDirect(pan, cvc));
      assert.equal(p.status, 'paid', `${pan}: ${JSON.stringify(p.transaction_data.attempts)}`);
      assert.equal(p.is_recurring_token, true, `${pan}: the card is saved`);
      const h = await record('payform', pan, await payHosted(pan, cvc));
      assert.equal(h.status, 'paid', `${pan} (payform)`);
    }
    // 3-D Secure, approved and failed, both flows.
    for (const pan of ENROLLED) {
      for (const result of ['approve', 'fail']) {
        const d = await record(`direct_post 3ds ${result}`, pan, await payDirect(pan, '123', { result }));
        assert.equal(d.status, result === 'approve' ? 'paid' : 'error', `${pan} 3ds ${result}`);
        await record(`payform 3ds ${result}`, pan, await payHosted(pan, '123', { result }));
      }
      // Wrong CVC after an approved challenge.
      await record('direct_post 3ds wrong cvc', pan, await payDirect(pan, '999'));
    }
    // Declines (and one blocked) by both flows.
    for (const pan of DECLINING) {
      const d = await record('direct_post', pan, await payDirect(pan, '123'));
      assert.ok(['error', 'blocked'].includes(d.status), `${pan}: ${d.status}`);
      await record('payform', pan, await payHosted(pan, '123'));
    }
    // Wrong CVC, expired, unknown card, and form validation failures that carry a PAN.
    await record('wrong cvc', '4444333322221111', await payDirect('4444333322221111', '999'));
    await record('expired', '4444333322221111', await payDirect('4444333322221111', '123', { extra: { expires: '11/26' } }));
    await record('unknown', UNKNOWN, await payDirect(UNKNOWN, '123'));
    await record('spaced number', '4444333322221111', await payDirect('4444 3333 2222 1111', '123'));
    await record('too long number', '4444333322221111', await payDirect('4444333322221111000', '123'));
    await record('long cvc', '4444333322221111', await payDirect('4444333322221111', '12345'));
    await record('bad name', '4444333322221111', await payDirect('4444333322221111', '123', { extra: { cardholder_name: 'N0 Name' } }));
    // Misuse a careless merchant form might make: card data in the query string (GET and POST),
    // a body that is not valid form encoding, a JSON body.
    {
      const p = await newPurchase();
      const q = new URLSearchParams(card('4444333322221111', '123')).toString();
      for (const method of ['GET', 'POST']) {
        const r = await fetch(`${p.direct_post_url}?${q}`, { method, redirect: 'manual' });
        await r.text();
      }
      for (const [type, body] of [
        ['application/x-www-form-urlencoded', 'cardholder_name=Vault Scan&card_number=4444 3333 2222 1111&cvc=123&expires=12/30&x=%zz'],
        ['application/json', JSON.stringify({ card_number: '4444333322221111', cvc: '123', expires: '12/30', cardholder_name: NAME })],
      ]) {
        const r = await fetch(p.direct_post_url, { method: 'POST', body, headers: { 'content-type': type }, redirect: 'manual' });
        await r.text();
      }
    }
    // The timeout card: pending_execute, then paid.
    const slow = await payDirect(SLOW, '123');
    let s;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(200)) {
      s = await getPurchase(slow.id);
      if (s.status !== 'pending_execute') break;
    }
    assert.equal(s.status, 'paid', 'the timeout card is paid in the end');
    await record('slow', SLOW, slow);
    // Reads that walk the stored purchases (list pages serialize every record).
    expectJson(await api(server, 'GET', '/api/v1/purchases/?limit=100'), 200, 'list');

    // While the server runs: tender.db plus its -wal and -shm, the log so far.
    const running = await readAll(server.dataDir);
    const names = running.map((f) => f.name);
    // With PostgreSQL the rows live in the server: its dump is scanned like a file of the dir.
    const dbUrl = databaseUrlOf(server.dataDir);
    if (dbUrl) running.push({ name: 'pg_dump', bytes: execFileSync('pg_dump', ['--data-only', dbUrl], { maxBuffer: 1 << 28 }) });
    else assert.ok(names.includes('tender.db'), `data dir: ${names}`);
    // SQLite stores long documents compressed, where a PAN would not show in the raw bytes: every
    // document decoded (`tender documents`) is scanned as well.
    const decoded = () => ({ name: 'tender documents',
      bytes: execFileSync(TENDER_BIN, ['documents', '--data', server.dataDir], { maxBuffer: 1 << 28 }) });
    if (!dbUrl) running.push(decoded());
    assert.ok(names.some((n) => n.endsWith('.log')), `the server log is in the data dir: ${names}`);
    const duringRun = findings(running);

    await server.stop();
    const stopped = await readAll(server.dataDir);
    if (!dbUrl) stopped.push(decoded());
    const afterStop = findings(stopped);

    const sizes = (files) => files.map((f) => `${f.name} (${f.bytes.length} B)`).join(', ');
    t.diagnostic(`scanned while running: ${sizes(running)}`);
    t.diagnostic(`scanned after stop: ${sizes(stopped)}`);
    const tally = {};
    for (const o of outcomes) tally[o.status] = (tally[o.status] || 0) + 1;
    t.diagnostic(`${outcomes.length} payments: ${JSON.stringify(tally)}`);
    const all = [...duringRun.map((f) => `running: ${f}`), ...afterStop.map((f) => `stopped: ${f}`)];
    assert.deepEqual(all, [], `card data found in the data dir:\n${all.join('\n')}`);

    // Control: the scan did read the records (the masked forms are there) and the log.
    const everything = Buffer.concat([...running, ...stopped].map((f) => f.bytes)).toString('latin1');
    for (const pan of ['4444333322221111', '5555555555554444', '378282246310005']) {
      assert.ok(everything.includes(masked(pan)), `${masked(pan)} should be stored`);
    }
    const log = stopped.find((f) => f.name.endsWith('.log'));
    assert.ok(log && log.bytes.length > 0, 'the server log is not empty');
    assert.ok(outcomes.length > 60, `payments made: ${outcomes.length}`);
  });
});
