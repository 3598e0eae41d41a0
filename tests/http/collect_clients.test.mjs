// Collect API: /api/v1/clients/ CRUD, ClientDetails validation, isolation, deleted clients.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  UUID_RE, api, expectFieldError, expectJson, nowSeconds, randomId, startTender,
} from './lib/harness.mjs';

let s;
before(async () => { s = await startTender(); });
after(async () => { if (s) await s.cleanup(); });

// maxLength of every ClientDetails text field, from the seed's schemas.
const MAX_LENGTHS = {
  phone: 32,
  full_name: 128,
  personal_code: 32,
  street_address: 128,
  country: 2,
  city: 128,
  zip_code: 32,
  state: 128,
  shipping_street_address: 128,
  shipping_country: 2,
  shipping_city: 128,
  shipping_zip_code: 32,
  shipping_state: 128,
  legal_name: 128,
  brand_name: 128,
  registration_number: 32,
  tax_number: 32,
  bank_account: 34,
  bank_code: 11,
};

const DETAILS = {
  email: 'client@example.com',
  phone: '+370 60000000',
  full_name: 'Jonas Jonaitis',
  personal_code: '38001010000',
  street_address: 'Gedimino pr. 1',
  country: 'LT',
  city: 'Vilnius',
  zip_code: 'LT-01103',
  state: 'VL',
  shipping_street_address: 'Laisvės al. 2',
  shipping_country: 'LT',
  shipping_city: 'Kaunas',
  shipping_zip_code: 'LT-44240',
  shipping_state: 'KA',
  cc: ['a@example.com'],
  bcc: ['b@example.com', 'c@example.com'],
  legal_name: 'UAB Jonas',
  brand_name: 'Jonas',
  registration_number: '300000000',
  tax_number: 'LT100000000',
  bank_account: 'LT121000011101001000',
  bank_code: 'HABALT22',
};

const stripMeta = ({ id, type, created_on, updated_on, is_test, ...rest }) => rest;

async function newClient(details = DETAILS, key) {
  return expectJson(await api(s, 'POST', '/api/v1/clients/', { body: details, key }), 201, 'create client');
}

describe('CRUD', () => {
  test('POST creates a client with every ClientDetails field', async () => {
    const t0 = nowSeconds();
    const c = await newClient();
    assert.match(c.id, UUID_RE);
    assert.equal(c.type, 'client');
    assert.ok(Number.isInteger(c.created_on) && c.created_on >= t0 && c.created_on <= nowSeconds());
    assert.equal(c.updated_on, c.created_on);
    assert.equal(c.is_test, true);
    assert.deepEqual(stripMeta(c), DETAILS);
  });

  test('GET by id (with and without trailing slash) returns the same object', async () => {
    const c = await newClient();
    assert.deepEqual(expectJson(await api(s, 'GET', `/api/v1/clients/${c.id}/`), 200), c);
    assert.deepEqual(expectJson(await api(s, 'GET', `/api/v1/clients/${c.id}`), 200), c);
  });

  test('GET list: {results, next, previous}, paginated, every client exactly once', async () => {
    const s2 = await startTender();
    try {
      const made = [];
      for (let i = 0; i < 7; i++) {
        made.push(expectJson(await api(s2, 'POST', '/api/v1/clients/', { body: { email: `c${i}@example.com` } }), 201));
      }
      const seen = [];
      let next = '/api/v1/clients/?limit=3';
      let pages = 0;
      while (next) {
        const page = expectJson(await api(s2, 'GET', next), 200);
        assert.deepEqual(Object.keys(page).sort(), ['next', 'previous', 'results']);
        assert.equal(page.previous, null);
        assert.ok(page.results.length <= 3 && page.results.length > 0);
        seen.push(...page.results);
        next = page.next;
        assert.ok(++pages <= 5);
      }
      assert.equal(pages, 3);
      const order = (a, b) => (b.created_on - a.created_on) || (a.id < b.id ? 1 : -1);
      assert.deepEqual(seen, [...made].sort(order));
      const all = expectJson(await api(s2, 'GET', '/api/v1/clients'), 200);
      assert.equal(all.results.length, 7);
      assert.equal(all.next, null);
    } finally {
      await s2.stop();
    }
  });

  test('PUT replaces the details', async () => {
    const c = await newClient();
    const replacement = { email: 'new@example.com', full_name: 'New Name' };
    const res = await api(s, 'PUT', `/api/v1/clients/${c.id}/`, { body: replacement });
    const u = expectJson(res, 200);
    assert.equal(u.id, c.id);
    assert.equal(u.created_on, c.created_on);
    assert.ok(u.updated_on >= c.updated_on);
    assert.deepEqual(stripMeta(u), replacement, 'fields not given in PUT are gone');
    assert.deepEqual(expectJson(await api(s, 'GET', `/api/v1/clients/${c.id}/`), 200), u);
  });

  test('PUT requires email', async () => {
    const c = await newClient();
    expectFieldError(await api(s, 'PUT', `/api/v1/clients/${c.id}/`, { body: { full_name: 'x' } }), ['email'], 'required');
    assert.deepEqual(expectJson(await api(s, 'GET', `/api/v1/clients/${c.id}/`), 200), c, 'unchanged');
  });

  test('PATCH merges the given fields', async () => {
    const c = await newClient();
    const u = expectJson(await api(s, 'PATCH', `/api/v1/clients/${c.id}/`, { body: { city: 'Klaipėda', phone: '+370 1' } }), 200);
    assert.deepEqual(stripMeta(u), { ...DETAILS, city: 'Klaipėda', phone: '+370 1' });
    assert.deepEqual(expectJson(await api(s, 'GET', `/api/v1/clients/${c.id}/`), 200), u);
    // An empty PATCH changes no detail.
    const same = expectJson(await api(s, 'PATCH', `/api/v1/clients/${c.id}/`, { body: {} }), 200);
    assert.deepEqual(stripMeta(same), stripMeta(u));
  });

  test('PATCH validates what it is given', async () => {
    const c = await newClient();
    expectFieldError(await api(s, 'PATCH', `/api/v1/clients/${c.id}/`, { body: { email: 'not-an-email' } }), ['email'], 'invalid');
    expectFieldError(await api(s, 'PATCH', `/api/v1/clients/${c.id}/`, { body: { country: 'LTU' } }), ['country'], 'max_length');
    assert.deepEqual(expectJson(await api(s, 'GET', `/api/v1/clients/${c.id}/`), 200), c, 'unchanged');
  });

  test('DELETE removes the client: 404 afterwards everywhere', async () => {
    const c = await newClient();
    const del = await api(s, 'DELETE', `/api/v1/clients/${c.id}/`);
    assert.ok(del.status === 204 || del.status === 200, `DELETE status ${del.status}`);
    expectJson(await api(s, 'GET', `/api/v1/clients/${c.id}/`), 404);
    expectJson(await api(s, 'PATCH', `/api/v1/clients/${c.id}/`, { body: { city: 'x' } }), 404);
    expectJson(await api(s, 'PUT', `/api/v1/clients/${c.id}/`, { body: { email: 'x@example.com' } }), 404);
    expectJson(await api(s, 'DELETE', `/api/v1/clients/${c.id}/`), 404);
    const list = expectJson(await api(s, 'GET', '/api/v1/clients/?limit=100'), 200);
    assert.equal(list.results.some((x) => x.id === c.id), false);
  });

  test('a deleted client cannot be used as client_id (400 naming client_id)', async () => {
    const c = await newClient();
    const body = { brand_id: s.company.brand_id, client_id: c.id, purchase: { products: [{ name: 'x', price: 1 }] } };
    expectJson(await api(s, 'POST', '/api/v1/purchases/', { body }), 201, 'client_id works before delete');
    await api(s, 'DELETE', `/api/v1/clients/${c.id}/`);
    expectFieldError(await api(s, 'POST', '/api/v1/purchases/', { body }), ['client_id']);
  });

  test('unknown and non-uuid ids are 404', async () => {
    for (const id of [randomId(), 'nope', '00000000-0000-0000-0000-000000000000']) {
      expectJson(await api(s, 'GET', `/api/v1/clients/${id}/`), 404, id);
      expectJson(await api(s, 'PATCH', `/api/v1/clients/${id}/`, { body: {} }), 404, id);
      expectJson(await api(s, 'DELETE', `/api/v1/clients/${id}/`), 404, id);
    }
  });
});

describe('validation', () => {
  test('email is required and must be an email', async () => {
    expectFieldError(await api(s, 'POST', '/api/v1/clients/', { body: { full_name: 'No Email' } }), ['email'], 'required');
    for (const bad of ['plain', 'a@b', '@example.com', 'a b@example.com', 'a@@example.com']) {
      expectFieldError(await api(s, 'POST', '/api/v1/clients/', { body: { email: bad } }), ['email'], 'invalid', bad);
    }
    expectFieldError(await api(s, 'POST', '/api/v1/clients/', { body: { email: 5 } }), ['email'], 'invalid_type');
    expectFieldError(await api(s, 'POST', '/api/v1/clients/', { body: { email: null } }), ['email']);
  });

  test('email maxLength 254', async () => {
    const at = (n) => 'a'.repeat(n - '@example.com'.length) + '@example.com';
    const ok = await newClient({ email: at(254) });
    assert.equal(ok.email.length, 254);
    expectFieldError(await api(s, 'POST', '/api/v1/clients/', { body: { email: at(255) } }), ['email'], 'max_length');
  });

  for (const [field, max] of Object.entries(MAX_LENGTHS)) {
    test(`${field}: ${max} characters OK, ${max + 1} refused`, async () => {
      const atLimit = 'Z'.repeat(max);
      const c = await newClient({ email: 'len@example.com', [field]: atLimit });
      assert.equal(c[field], atLimit);
      const res = await api(s, 'POST', '/api/v1/clients/', { body: { email: 'len@example.com', [field]: atLimit + 'Z' } });
      const leaf = expectFieldError(res, [field], 'max_length');
      assert.match(leaf.message, new RegExp(String(max)));
      // Lengths are characters, not bytes.
      const wide = 'ž'.repeat(max);
      const w = await newClient({ email: 'len@example.com', [field]: wide });
      assert.equal(w[field], wide);
      // The same limit applies inside a purchase's client.
      const pres = await api(s, 'POST', '/api/v1/purchases/', {
        body: { brand_id: s.company.brand_id, client: { email: 'len@example.com', [field]: atLimit + 'Z' }, purchase: { products: [{ name: 'x', price: 1 }] } },
      });
      expectFieldError(pres, ['client', field], 'max_length');
    });
  }

  test('wrong types are refused naming the field', async () => {
    expectFieldError(await api(s, 'POST', '/api/v1/clients/', { body: { email: 'a@example.com', full_name: 12 } }), ['full_name'], 'invalid_type');
    expectFieldError(await api(s, 'POST', '/api/v1/clients/', { body: { email: 'a@example.com', cc: 'x@example.com' } }), ['cc'], 'invalid_type');
    expectFieldError(await api(s, 'POST', '/api/v1/clients/', { body: { email: 'a@example.com', cc: ['ok@example.com', 'bad'] } }), ['cc', '1']);
    expectFieldError(await api(s, 'POST', '/api/v1/clients/', { body: { email: 'a@example.com', bcc: [7] } }), ['bcc', '0']);
  });

  test('non-object bodies are 400', async () => {
    for (const raw of ['[]', '"x"', '{', '', 'null']) {
      expectJson(await api(s, 'POST', '/api/v1/clients/', { rawBody: raw }), 400, JSON.stringify(raw));
    }
  });

  test('nothing is created by a refused request', async () => {
    const count = async () => {
      let n = 0;
      let next = '/api/v1/clients/?limit=100';
      while (next) {
        const page = expectJson(await api(s, 'GET', next), 200);
        n += page.results.length;
        next = page.next;
      }
      return n;
    };
    const n0 = await count();
    await api(s, 'POST', '/api/v1/clients/', { body: { email: 'bad' } });
    await api(s, 'POST', '/api/v1/clients/', { body: { email: 'ok@example.com', zip_code: 'x'.repeat(33) } });
    await api(s, 'POST', '/api/v1/clients/', { rawBody: '{"email":' });
    assert.equal(await count(), n0);
  });
});

describe('isolation and auth', () => {
  test("another company's key gets 404 for GET/PUT/PATCH/DELETE and does not list it", async () => {
    const c = await newClient();
    const other = s.second.api_key;
    expectJson(await api(s, 'GET', `/api/v1/clients/${c.id}/`, { key: other }), 404);
    expectJson(await api(s, 'PUT', `/api/v1/clients/${c.id}/`, { key: other, body: { email: 'h@example.com' } }), 404);
    expectJson(await api(s, 'PATCH', `/api/v1/clients/${c.id}/`, { key: other, body: { full_name: 'Hacker' } }), 404);
    expectJson(await api(s, 'DELETE', `/api/v1/clients/${c.id}/`, { key: other }), 404);
    let next = '/api/v1/clients/?limit=100';
    while (next) {
      const page = expectJson(await api(s, 'GET', next, { key: other }), 200);
      assert.equal(page.results.some((x) => x.id === c.id), false);
      next = page.next;
    }
    assert.deepEqual(expectJson(await api(s, 'GET', `/api/v1/clients/${c.id}/`), 200), c, 'untouched');
  });

  test('clients endpoints need a valid key', async () => {
    const c = await newClient();
    for (const [method, path] of [['GET', '/api/v1/clients/'], ['POST', '/api/v1/clients/'], ['GET', `/api/v1/clients/${c.id}/`],
      ['PATCH', `/api/v1/clients/${c.id}/`], ['DELETE', `/api/v1/clients/${c.id}/`]]) {
      const b = expectJson(await api(s, method, path, { key: null, body: method === 'GET' || method === 'DELETE' ? undefined : { email: 'x@example.com' } }), 401, `${method} ${path}`);
      assert.equal(typeof b.__all__?.[0]?.code, 'string');
    }
    expectJson(await api(s, 'GET', `/api/v1/clients/${c.id}/`), 200, 'still there');
  });
});
