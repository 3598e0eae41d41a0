// Orders API request schema (seed 004): every field rule violated one at a time (missing, wrong
// type, too long or short, out of range, out of enum, bad pattern, unknown field) gets the seed's
// 422 {"message": "Data validation failed", "errors": {dotted.path: [message]}} naming that field,
// worded like the seed. Nothing answers 5xx.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectJson, randomId, startTender, withChange } from './lib/harness.mjs';

const PURCHASE = '/v1/orders/purchase';
const AUTHORIZE = '/v1/orders/authorize';

function cardSource(extra = {}) {
  return {
    type: 'card', number: '4444333322221111', month: 1, year: 2039, security_code: '123',
    auth: {
      value: 'AAABBEg0VhI0VniQEjRWAAAAAAA=', status: 'Y', eci: '05', version: '2.2.0', ds_transaction_id: randomId(),
      acs_transaction_id: randomId(), ds_reference_number: 'DS-REF-1', acs_reference_number: 'ACS-REF-1',
      tds_purchase_date: '20240915122744',
    },
    ...extra,
  };
}

function walletSource(type) {
  return { type, number: '4444333322221111', month: 1, year: 2039, eci: '05', cryptogram: 'AgAAAAAABk4DWZ4C28yUQAAAAAA=' };
}

function validBody() {
  return {
    amount: 1000,
    currency: 'SAR',
    description: 'Test Order',
    transaction_type: 'internet',
    source: cardSource(),
    device: { user_agent: 'Mozilla/5.0 (X11; Linux x86_64)', ip_address: '203.0.113.7' },
    airline: { reference: 'ABC123' },
    new_agreement: { type: 'unscheduled', id: 'agr-2024-1', count: 12, amount_type: 'fixed' },
    additional_data: {
      visa: { transaction_indicator: 'I', special_condition: 'A' },
      mastercard: { transaction_type_identifier: 'C01', promotion_code: 'MCINST' },
    },
    sub_merchant: { id: 'SUB-1', name: 'Sub Shop', city: 'Riyadh' },
  };
}

const MESSAGE = {
  missing: /^This field is missing\.$/,
  type: /^This value should (be of type \w+|not be null)\.$/,
  long: /^This value is too long\. It should have \d+ characters or less\.$/,
  short: /^This value is too short\. It should have \d+ characters or more\.$/,
  min: /^The value must be greater than or equal to -?\d+\.$/,
  max: /^The value must be less than or equal to \d+\.$/,
  enum: /^The value you selected is not a valid choice\.$/,
  pattern: /^This (value is|is) not (a )?valid( UUID| IP address)?\.$/,
  unknown: /^This field was not expected\.$/,
  exclusive: /^This field cannot be used together with new_agreement\.$/,
};

function cases() {
  const base = validBody();
  const noAgreement = withChange(base, 'new_agreement', undefined, true);
  const out = [];
  const add = (kind, path, body, keys = [path]) => out.push([kind, path, body, keys]);

  for (const path of ['amount', 'currency', 'description', 'source.type', 'source.number', 'source.month', 'source.year',
    'source.security_code', 'source.auth.status', 'device.user_agent', 'device.ip_address', 'airline.reference',
    'new_agreement.type', 'new_agreement.id', 'sub_merchant.id', 'sub_merchant.name', 'sub_merchant.city']) {
    add('missing', path, withChange(base, path, undefined, true));
  }
  add('missing', 'source', withChange(base, 'source', undefined, true), ['source', 'source.type']);
  add('missing', 'device', withChange(base, 'device', undefined, true), ['device', 'device.user_agent', 'device.ip_address']);
  add('missing', 'source.cryptogram', withChange(withChange(base, 'source', walletSource('apple_pay')), 'source.cryptogram', undefined, true));

  for (const [path, value] of [
    ['amount', '1000'], ['amount', 1000.5], ['amount', null], ['currency', 682], ['description', 1], ['description', null],
    ['transaction_type', 1], ['source', 'card'], ['source', []], ['source.type', 1], ['source.number', 4444333322221111],
    ['source.month', '1'], ['source.year', '2039'], ['source.security_code', 123], ['source.auth', 'Y'],
    ['source.auth.status', true], ['source.auth.value', 1], ['device', 'curl'], ['device.user_agent', 1],
    ['device.ip_address', 1], ['airline', 'ABC123'], ['airline.reference', 123456], ['new_agreement', 'x'],
    ['new_agreement.count', '12'], ['new_agreement.id', 1], ['additional_data', 'x'], ['additional_data.visa', 'I'],
    ['additional_data.mastercard', 1], ['sub_merchant', 'x'], ['sub_merchant.name', 1], ['given_id', 1],
  ]) add('type', path, withChange(base, path, value));

  for (const [path, value, body = base] of [
    ['currency', 'SARR'], ['description', 'd'.repeat(1025)], ['source.auth.value', 'v'.repeat(257)],
    ['source.auth.ds_reference_number', 'r'.repeat(33)], ['source.auth.acs_reference_number', 'r'.repeat(33)],
    ['source.auth.ds_transaction_id', 't'.repeat(65)], ['source.auth.acs_transaction_id', 't'.repeat(65)],
    ['source.auth.tds_purchase_date', '2'.repeat(33)], ['device.user_agent', 'u'.repeat(1025)],
    ['airline.reference', 'A'.repeat(16)], ['new_agreement.id', 'a'.repeat(37)], ['agreement_id', 'g'.repeat(65), noAgreement],
    ['sub_merchant.id', 'S'.repeat(16)], ['sub_merchant.name', 'n'.repeat(101)], ['sub_merchant.city', 'c'.repeat(101)],
    ['given_id', 'x'.repeat(37)],
  ]) add('long', path, withChange(body, path, value));
  add('long', 'source.cryptogram', withChange(withChange(base, 'source', walletSource('google_pay')), 'source.cryptogram', 'c'.repeat(257)));

  for (const [path, value] of [['airline.reference', 'ABC12'], ['new_agreement.id', ''], ['sub_merchant.id', ''],
    ['sub_merchant.name', ''], ['sub_merchant.city', '']]) add('short', path, withChange(base, path, value));

  for (const [path, value] of [['amount', 99], ['amount', 0], ['amount', -100], ['source.month', 0], ['source.year', 1999],
    ['new_agreement.count', 0]]) add('min', path, withChange(base, path, value));
  for (const [path, value] of [['source.month', 13], ['new_agreement.count', 1000], ['amount', 10 ** 16]]) {
    add('max', path, withChange(base, path, value));
  }

  for (const [path, value] of [
    ['currency', 'XYZ'], ['currency', 'sar'], ['transaction_type', 'web'], ['source.type', 'paypal'], ['source.auth.status', 'X'],
    ['source.auth.eci', '03'], ['source.auth.version', '1.0.2'], ['new_agreement.type', 'weekly'],
    ['new_agreement.amount_type', 'fixedd'], ['additional_data.visa.transaction_indicator', 'Z'],
    ['additional_data.visa.special_condition', 'C'], ['additional_data.mastercard.transaction_type_identifier', 'C08'],
    ['additional_data.mastercard.promotion_code', 'XXXXXX'],
  ]) add('enum', path, withChange(base, path, value));
  add('enum', 'source.eci', withChange(withChange(base, 'source', walletSource('samsung_pay')), 'source.eci', '03'));

  for (const [path, value] of [
    ['source.number', '444433332222'], ['source.number', '4'.repeat(20)], ['source.number', '4444-3333-2222-1111'],
    ['source.security_code', '12'], ['source.security_code', '12a4'], ['source.security_code', '12345'],
    ['device.ip_address', '999.1.1.1'], ['device.ip_address', 'localhost'], ['airline.reference', 'ABC-123'],
    ['new_agreement.id', 'agr_1'], ['sub_merchant.id', 'SUB 1'], ['given_id', 'not-a-uuid'],
  ]) add('pattern', path, withChange(base, path, value));
  add('pattern', 'source.number', withChange(withChange(base, 'source', walletSource('apple_pay')), 'source.number', '12ab'));
  add('exclusive', 'agreement_id', withChange(base, 'agreement_id', 'agr-1'));

  for (const path of ['extra_field', 'source.cvc', 'source.holder', 'source.auth.extra_field', 'device.extra_field',
    'airline.extra_field', 'new_agreement.extra_field', 'additional_data.extra_field', 'additional_data.visa.extra_field',
    'additional_data.mastercard.extra_field', 'sub_merchant.extra_field']) add('unknown', path, withChange(base, path, 'x'));
  add('unknown', 'source.security_code', withChange(withChange(base, 'source', walletSource('apple_pay')), 'source.security_code', '123'));
  return out;
}

const servers = [];
let server;
before(async () => { server = await startTender({ withSecond: false }); servers.push(server); });
after(async () => { for (const s of servers) await s.cleanup(); });

const post = (path, body) => api(server, 'POST', path, { body });

describe('every field rule, one at a time', () => {
  test('the valid bodies used as the base are accepted (card, apple_pay, google_pay, samsung_pay)', async () => {
    const order = expectJson(await post(PURCHASE, validBody()), 201, 'base');
    assert.equal(order.transactions[0].status, 'approved', JSON.stringify(order.transactions));
    for (const type of ['apple_pay', 'google_pay', 'samsung_pay']) {
      const o = expectJson(await post(PURCHASE, withChange(validBody(), 'source', walletSource(type))), 201, type);
      assert.equal(o.source.type, type);
    }
    const agreementId = withChange(withChange(validBody(), 'new_agreement', undefined, true), 'agreement_id', 'agr-2024-1');
    expectJson(await post(PURCHASE, agreementId), 201, 'agreement_id');
  });

  test('each violation is a 422 naming exactly the field, worded like the seed (purchase and authorize)', async () => {
    const all = cases();
    assert.ok(all.length > 100, `${all.length} cases`);
    for (const [kind, path, body, keys] of all) {
      for (const endpoint of [PURCHASE, AUTHORIZE]) {
        const res = await post(endpoint, body);
        const what = `${kind} ${path} (${endpoint})`;
        assert.ok(res.status < 500, `${what}: ${res.status}`);
        const json = expectJson(res, 422, what);
        assert.equal(json.message, 'Data validation failed', what);
        assert.deepEqual(Object.keys(json.errors).sort(), [...keys].sort(), `${what}: ${res.text}`);
        for (const key of keys) {
          assert.ok(Array.isArray(json.errors[key]) && json.errors[key].length >= 1, what);
          for (const m of json.errors[key]) assert.match(m, kind === 'missing' && key !== path ? MESSAGE.missing : MESSAGE[kind], `${what}: ${m}`);
        }
      }
    }
  });

  test('the seed\'s 422 example: an almost empty body', async () => {
    const json = expectJson(await post(PURCHASE, { amount: 99 }), 422);
    assert.deepEqual(json, {
      message: 'Data validation failed',
      errors: {
        amount: ['The value must be greater than or equal to 100.'],
        currency: ['This field is missing.'],
        description: ['This field is missing.'],
        source: ['This field is missing.'],
        'source.type': ['This field is missing.'],
        device: ['This field is missing.'],
        'device.user_agent': ['This field is missing.'],
        'device.ip_address': ['This field is missing.'],
      },
    });
  });

  test('malformed JSON and non-object bodies are 400 {"message"}', async () => {
    for (const rawBody of ['{', '[1]', '"x"', '']) {
      const res = await api(server, 'POST', PURCHASE, { rawBody });
      const json = expectJson(res, 400, JSON.stringify(rawBody));
      assert.deepEqual(Object.keys(json), ['message']);
    }
  });

  test('transaction_type defaults to internet and is each transaction\'s source_type', async () => {
    const o = expectJson(await post(PURCHASE, withChange(validBody(), 'transaction_type', undefined, true)), 201);
    assert.equal(o.transactions[0].source_type, 'internet');
    const moto = expectJson(await post(PURCHASE, withChange(validBody(), 'transaction_type', 'moto')), 201);
    assert.equal(moto.transactions[0].source_type, 'moto');
  });
});
