// Collect API: GET /payment_methods/, GET /public_key/, /healthz.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { api, errorAt, expectFieldError, expectJson, randomId, startTender } from './lib/harness.mjs';

let s;
before(async () => { s = await startTender(); });
after(async () => { if (s) await s.cleanup(); });

const ALL = ['visa', 'mastercard', 'maestro', 'amex', 'jcb', 'discover', 'diners', 'unionpay'];

const pm = (query, key) => api(s, 'GET', `/api/v1/payment_methods/?${query}`, { key });

describe('GET /api/v1/payment_methods/', () => {
  test('answers available_payment_methods, names, card_methods, by_country, country_names', async () => {
    const b = expectJson(await pm(`brand_id=${s.company.brand_id}&currency=MYR`), 200);
    for (const k of ['available_payment_methods', 'names', 'card_methods', 'by_country', 'country_names']) {
      assert.ok(Object.hasOwn(b, k), `missing ${k}: ${JSON.stringify(b)}`);
    }
    assert.ok(Array.isArray(b.available_payment_methods));
    assert.deepEqual([...b.available_payment_methods].sort(), [...ALL].sort());
    assert.equal(new Set(b.available_payment_methods).size, b.available_payment_methods.length);
    for (const m of b.available_payment_methods) {
      assert.equal(typeof b.names[m], 'string', `names.${m}`);
      assert.ok(b.names[m].length > 0);
    }
    assert.deepEqual(Object.keys(b.names).sort(), [...b.available_payment_methods].sort());
    assert.equal(b.names.visa, 'Visa');
    assert.equal(b.names.mastercard, 'Mastercard');
    assert.deepEqual([...b.card_methods].sort(), [...ALL].sort(), 'every method here is a card');
    assert.equal(typeof b.by_country, 'object');
    const countries = Object.keys(b.by_country);
    assert.ok(countries.length >= 1);
    for (const c of countries) {
      assert.ok(Array.isArray(b.by_country[c]));
      for (const m of b.by_country[c]) assert.ok(b.available_payment_methods.includes(m), `${c}: ${m}`);
      assert.equal(typeof b.country_names[c], 'string', `country_names.${c}`);
    }
    const union = new Set(Object.values(b.by_country).flat());
    assert.deepEqual([...union].sort(), [...b.available_payment_methods].sort(), 'by_country covers every method');
  });

  test('works without trailing slash and for other currencies', async () => {
    const res = await api(s, 'GET', `/api/v1/payment_methods?brand_id=${s.company.brand_id}&currency=EUR`);
    const b = expectJson(res, 200);
    assert.ok(b.available_payment_methods.includes('visa'));
    const jpy = expectJson(await pm(`brand_id=${s.company.brand_id}&currency=JPY`), 200);
    assert.ok(jpy.available_payment_methods.length > 0);
  });

  test('skip_capture removes unionpay', async () => {
    const b = expectJson(await pm(`brand_id=${s.company.brand_id}&currency=MYR&skip_capture=true`), 200);
    assert.deepEqual([...b.available_payment_methods].sort(), ALL.filter((m) => m !== 'unionpay').sort());
    assert.equal(Object.hasOwn(b.names, 'unionpay'), false);
    assert.equal(b.card_methods.includes('unionpay'), false);
    assert.equal(Object.values(b.by_country).flat().includes('unionpay'), false);
  });

  test('preauthorization removes unionpay and diners', async () => {
    const b = expectJson(await pm(`brand_id=${s.company.brand_id}&currency=MYR&preauthorization=true`), 200);
    assert.deepEqual([...b.available_payment_methods].sort(), ALL.filter((m) => m !== 'unionpay' && m !== 'diners').sort());
    assert.equal(b.card_methods.includes('diners'), false);
  });

  test('recurring keeps every card method; false flags change nothing', async () => {
    const r = expectJson(await pm(`brand_id=${s.company.brand_id}&currency=MYR&recurring=true`), 200);
    assert.deepEqual([...r.available_payment_methods].sort(), [...ALL].sort());
    const f = expectJson(await pm(`brand_id=${s.company.brand_id}&currency=MYR&skip_capture=false&preauthorization=0&recurring=false`), 200);
    assert.deepEqual([...f.available_payment_methods].sort(), [...ALL].sort());
    const both = expectJson(await pm(`brand_id=${s.company.brand_id}&currency=MYR&skip_capture=1&preauthorization=1&recurring=1`), 200);
    assert.deepEqual([...both.available_payment_methods].sort(), ALL.filter((m) => m !== 'unionpay' && m !== 'diners').sort());
  });

  test('missing brand_id / currency: 400 naming them', async () => {
    assert.equal(expectFieldError(await pm(`currency=MYR`), ['brand_id']).code, 'required');
    assert.equal(expectFieldError(await pm(`brand_id=${s.company.brand_id}`), ['currency']).code, 'required');
    const both = expectJson(await pm(''), 400);
    errorAt(both, 'brand_id');
    errorAt(both, 'currency');
  });

  test("unknown or another company's brand_id, unknown currency, bad flag: 400", async () => {
    expectFieldError(await pm(`brand_id=${randomId()}&currency=MYR`), ['brand_id']);
    expectFieldError(await pm(`brand_id=${s.second.brand_id}&currency=MYR`), ['brand_id']);
    expectFieldError(await pm(`brand_id=not-a-uuid&currency=MYR`), ['brand_id']);
    expectFieldError(await pm(`brand_id=${s.company.brand_id}&currency=ZZZ`), ['currency']);
    expectFieldError(await pm(`brand_id=${s.company.brand_id}&currency=MYR&skip_capture=maybe`), ['skip_capture']);
    // The second company with its own brand is fine.
    const b = expectJson(await pm(`brand_id=${s.second.brand_id}&currency=MYR`, s.second.api_key), 200);
    assert.ok(b.available_payment_methods.length > 0);
  });

  test('needs authentication', async () => {
    expectJson(await pm(`brand_id=${s.company.brand_id}&currency=MYR`, null), 401);
  });
});

describe('GET /api/v1/public_key/', () => {
  test('a PEM public key as a JSON string, per company, stable', async () => {
    const res = await api(s, 'GET', '/api/v1/public_key/');
    const pem = expectJson(res, 200);
    assert.equal(typeof pem, 'string', `a JSON string, got ${res.text.slice(0, 100)}`);
    assert.ok(pem.startsWith('-----BEGIN PUBLIC KEY-----'), pem.slice(0, 60));
    assert.match(pem.trim(), /-----END PUBLIC KEY-----$/);
    const key = createPublicKey(pem);
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.ok(key.asymmetricKeyDetails.modulusLength >= 2048, `modulus ${key.asymmetricKeyDetails.modulusLength}`);

    const again = expectJson(await api(s, 'GET', '/api/v1/public_key'), 200);
    assert.equal(again, pem, 'same key on every call');

    const other = expectJson(await api(s, 'GET', '/api/v1/public_key/', { key: s.second.api_key }), 200);
    assert.equal(typeof other, 'string');
    assert.ok(other.startsWith('-----BEGIN PUBLIC KEY-----'));
    assert.notEqual(other, pem, 'each company has its own key pair');
    createPublicKey(other);
  });

  test('it is not a private key and survives a restart', async () => {
    const pem = expectJson(await api(s, 'GET', '/api/v1/public_key/'), 200);
    assert.equal(/PRIVATE/.test(pem), false);
    await s.stop();
    await s.restart();
    assert.equal(expectJson(await api(s, 'GET', '/api/v1/public_key/'), 200), pem);
  });

  test('needs authentication', async () => {
    const b = expectJson(await api(s, 'GET', '/api/v1/public_key/', { key: null }), 401);
    assert.equal(typeof b.__all__[0].code, 'string');
  });
});

describe('/healthz', () => {
  test('200 {"status":"ok"} without a key, application/json', async () => {
    const res = await api(s, 'GET', '/healthz', { key: null });
    assert.deepEqual(expectJson(res, 200), { status: 'ok' });
  });

  test('HEAD /healthz is 200 with no body', async () => {
    const res = await fetch(`${s.url}/healthz`, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
  });

  test('a wrong key does not matter for /healthz', async () => {
    const res = await api(s, 'GET', '/healthz', { key: 'nonsense' });
    assert.deepEqual(expectJson(res, 200), { status: 'ok' });
  });
});
