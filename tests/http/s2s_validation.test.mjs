// Server-to-server Purchase API request schema (seed 000, shared by v1 and v2): every field rule
// violated one at a time (missing, wrong type, too long, out of enum, bad pattern, unknown field)
// gets a 400 whose gateway_response is an ERROR with the rule's stable code and whose `errors`
// name exactly that field. Nothing answers 5xx. Every maxLength is also accepted at the limit.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, startTender, withChange } from './lib/harness.mjs';
import { FUTURE_YY, seedBody as validBody } from './lib/s2s_seed.mjs';

const V1 = '/api/v1/server-to-server-interface/payment';
const V2 = '/api/v1/server-to-server-interface/paymentv2';

const CODE = {
  missing: 'ERROR2001', type: 'ERROR2002', long: 'ERROR2003', enum: 'ERROR2004', pattern: 'ERROR2005', unknown: 'ERROR2006',
};

// Every string field with its maxLength (amount: Tender's own limit, the seed sets none) and a
// value of that length that is otherwise valid (undefined: no otherwise-valid value at the limit).
const ADDRESS = [['country', 2, 'JP'], ['email', 45], ['phone_number', 20, '1'.repeat(20)], ['address1', 199],
  ['city', 65], ['state', 65], ['postal_code', 45]];
const STRING_FIELDS = [
  ['amount', 32, undefined, '1'.repeat(33)],
  ['currency', 3, undefined],
  ['card.cvc', 4, undefined, '12345'],
  ['card.expiry_month', 2, undefined, '012'],
  ['card.expiry_year', 4, undefined, '20301'],
  ['card.name', 255],
  ['card.number', 16, undefined, '52000000000010050'],
  ['merchant_txn_ref', 45],
  ['customer_ip', 45],
  ['merchant_id', 128, undefined],
  ['return_url.webhook_url', 255],
  ['return_url.success_url', 255, 'https://shop.example.test/' + 'a'.repeat(255 - 26), 'https://shop.example.test/' + 'a'.repeat(256 - 26)],
  ['return_url.decline_url', 255, 'https://shop.example.test/' + 'b'.repeat(255 - 26), 'https://shop.example.test/' + 'b'.repeat(256 - 26)],
  ...ADDRESS.map(([f, n, v]) => [`billing_address.${f}`, n, v]),
  ...ADDRESS.map(([f, n, v]) => [`shipping_address.${f}`, n, v]),
  ['browser_info.acceptHeader', 200],
  ['browser_info.screenColorDepth', 2, '24'],
  ['browser_info.language', 10],
  ['browser_info.screenHeight', 5, '10800'],
  ['browser_info.screenWidth', 5, '19200'],
  ['browser_info.challengeWindow', 2, '05'],
  ['browser_info.userAgent', 500],
  ['time_zone', 128],
];
const OBJECTS = ['card', 'return_url', 'billing_address', 'shipping_address', 'browser_info'];
const REQUIRED = ['amount', 'currency', 'card', 'merchant_id', 'billing_address', 'card.number', 'card.expiry_month',
  'card.expiry_year', 'card.cvc'];
const OPTIONAL = ['merchant_txn_ref', 'customer_ip', 'return_url', 'shipping_address', 'browser_info', 'time_zone',
  'card.name', 'return_url.webhook_url', 'return_url.success_url', 'return_url.decline_url',
  ...ADDRESS.map(([f]) => `billing_address.${f}`), ...ADDRESS.map(([f]) => `shipping_address.${f}`),
  'browser_info.acceptHeader', 'browser_info.javaEnabled', 'browser_info.userAgent'];

function cases(mid) {
  const base = validBody(mid);
  const out = [];
  for (const path of REQUIRED) out.push(['missing', path, withChange(base, path, undefined, true)]);
  for (const [path, max, , tooLong] of STRING_FIELDS) {
    out.push(['long', path, withChange(base, path, tooLong ?? 'x'.repeat(max + 1))]);
    out.push(['type', path, withChange(base, path, 12)]);
    out.push(['type', path, withChange(base, path, null)]);
  }
  for (const path of OBJECTS) {
    out.push(['type', path, withChange(base, path, 'x')]);
    out.push(['type', path, withChange(base, path, [])]);
    out.push(['unknown', `${path}.extra_field`, withChange(base, `${path}.extra_field`, 'x')]);
  }
  out.push(['type', 'browser_info.javaEnabled', withChange(base, 'browser_info.javaEnabled', 'false')]);
  out.push(['type', 'browser_info.javaEnabled', withChange(base, 'browser_info.javaEnabled', 0)]);
  out.push(['unknown', 'extra_field', withChange(base, 'extra_field', 1)]);
  out.push(['unknown', 'Amount', withChange(base, 'Amount', '1000')]);
  out.push(['unknown', 'card.card_number', withChange(base, 'card.card_number', '5200000000001005')]);
  out.push(['enum', 'currency', withChange(base, 'currency', 'XYZ')]);
  out.push(['enum', 'currency', withChange(base, 'currency', 'jpy')]);
  for (const [path, value] of [
    ['amount', 'ten'], ['amount', '1 000'], ['amount', '10.505'],
    ['card.number', '52000000000a1005'], ['card.number', '5200 0000 0001'], ['card.expiry_month', '1a'],
    ['card.expiry_year', '202'], ['card.expiry_year', '2a'], ['card.cvc', '1a3'], ['card.cvc', '12'],
    ['return_url.success_url', 'not a url'], ['return_url.decline_url', 'ftp://example.test/'],
    ['return_url.success_url', 'javascript:alert(1)'],
  ]) out.push(['pattern', path, withChange(base, path, value)]);
  return out;
}

const servers = [];
let server;
before(async () => { server = await startTender({ withSecond: false }); servers.push(server); });
after(async () => { for (const s of servers) await s.cleanup(); });

function post(path, body) {
  const key = server.company.api_key;
  return api(server, 'POST', path, { key: null, body, headers: { authorization: `Basic ${key}`, 'x-api-key': key } });
}

describe('every field rule, one at a time', () => {
  test('each violation is a 400 naming the field with the rule\'s code (v1 and v2)', async () => {
    const all = cases(server.company.brand_id);
    assert.ok(all.length > 140, `${all.length} cases`);
    for (const [kind, path, body] of all) {
      for (const endpoint of [V1, V2]) {
        const res = await post(endpoint, body);
        const what = `${kind} ${path} (${endpoint.slice(-9)})`;
        assert.ok(res.status < 500, `${what}: ${res.status}`);
        const json = expectJson(res, 400, what);
        assert.equal(json.success, false, what);
        assert.equal(json.status_code, 400, what);
        assert.equal(json.gateway_response.type, 'ERROR', what);
        assert.equal(json.gateway_response.code, CODE[kind], `${what}: ${res.text}`);
        assert.ok(json.gateway_response.message.startsWith(path), `${what}: message names the field: ${json.gateway_response.message}`);
        assert.deepEqual(json.errors.map((e) => e.field), [path], `${what}: ${res.text}`);
      }
    }
  });

  test('every maxLength is accepted at the limit', async () => {
    for (const [path, max, atLimit] of STRING_FIELDS) {
      if (['amount', 'currency', 'card.cvc', 'card.expiry_month', 'card.expiry_year', 'card.number', 'merchant_id'].includes(path)) continue;
      const value = atLimit ?? 'x'.repeat(max);
      assert.equal([...value].length, max, path);
      const res = await post(V1, withChange(validBody(server.company.brand_id), path, value));
      expectJson(res, 201, `${path} at ${max}`);
    }
  });

  test('optional fields may be left out', async () => {
    for (const path of OPTIONAL) {
      expectJson(await post(V1, withChange(validBody(server.company.brand_id), path, undefined, true)), 201, `without ${path}`);
    }
  });

  test('several errors are all reported, the first in gateway_response', async () => {
    const body = withChange(withChange(validBody(server.company.brand_id), 'card.number', undefined, true), 'time_zone', 5);
    const json = expectJson(await post(V1, body), 400);
    assert.deepEqual(json.errors.map((e) => e.field).sort(), ['card.number', 'time_zone']);
    for (const e of json.errors) assert.ok(e.code && e.message.startsWith(e.field));
  });

  test('lengths count characters, not bytes', async () => {
    const name = 'é'.repeat(255);
    expectJson(await post(V1, withChange(validBody(server.company.brand_id), 'card.name', name)), 201);
    expectJson(await post(V1, withChange(validBody(server.company.brand_id), 'card.name', name + 'é')), 400);
  });
});
