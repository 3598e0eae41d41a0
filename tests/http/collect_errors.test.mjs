// Collect API error classes. Each bad request must be refused with the right status and a JSON
// body naming the problem, must never be a 5xx, and must change nothing: the purchase count is
// checked after every one, and the server must still be healthy at the end.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  api, errorAt, expectFieldError, expectJson, purchaseBody, purchaseCount, randomId, startTender,
} from './lib/harness.mjs';

let s;
let baseline;
before(async () => {
  s = await startTender();
  // A few existing purchases so "nothing changed" is not trivially 0 == 0.
  for (let i = 0; i < 3; i++) expectJson(await api(s, 'POST', '/api/v1/purchases/', { body: purchaseBody(s) }), 201);
  baseline = await purchaseCount(s);
  assert.equal(baseline, 3);
});
after(async () => {
  if (!s) return;
  try {
    const h = expectJson(await api(s, 'GET', '/healthz', { key: null }), 200, 'healthz after all error tests');
    assert.deepEqual(h, { status: 'ok' });
    assert.equal(await purchaseCount(s), baseline + acceptedOnPurpose, 'only the deliberately valid purchases were created');
    await s.stop();
  } finally {
    await s.cleanup();
  }
});

let acceptedOnPurpose = 0; // purchases tests create on purpose (at-limit values, enums, unicode)

async function unchanged(what) {
  assert.equal(await purchaseCount(s), baseline + acceptedOnPurpose, `${what}: purchase count must not change`);
}

// Sends, asserts status + JSON + not 5xx, then checks that nothing changed.
async function refused(status, method, path, opts, what) {
  const res = await api(s, method, path, opts);
  assert.ok(res.status < 500, `${what}: must not be 5xx: ${res.status} ${res.text}`);
  const body = expectJson(res, status, what);
  await unchanged(what);
  return body;
}

const post = (body, what) => refused(400, 'POST', '/api/v1/purchases/', { body }, what);

describe('authentication: 401 JSON', () => {
  const cases = [
    ['no Authorization', null, {}],
    ['wrong key', 'tender_test_' + 'x'.repeat(40), {}],
    ['short wrong key', 'abc', {}],
    ['"Bearer" without a key', undefined, { authorization: 'Bearer' }],
    ['"Bearer " with spaces only', undefined, { authorization: 'Bearer    ' }],
    ['Basic scheme', undefined, { authorization: 'Basic dXNlcjpwYXNz' }],
    ['the key without Bearer', undefined, null],
    ['bearer in lower case with a wrong key', undefined, { authorization: 'bearer tender_test_nope_nope_nope_nope' }],
  ];
  for (const [name, key, headers] of cases) {
    test(name, async () => {
      const h = headers === null ? { authorization: s.company.api_key } : headers;
      for (const [method, path, body] of [['POST', '/api/v1/purchases/', purchaseBody(s)], ['GET', '/api/v1/purchases/'],
        ['GET', `/api/v1/purchases/${randomId()}/`], ['POST', `/api/v1/purchases/${randomId()}/cancel/`],
        ['GET', '/api/v1/public_key/'], ['GET', `/api/v1/payment_methods/?brand_id=${s.company.brand_id}&currency=MYR`]]) {
        const b = await refused(401, method, path, { key: key === undefined ? null : key, headers: h, body }, `${name}: ${method} ${path}`);
        assert.equal(typeof errorAt(b, '__all__').code, 'string');
      }
    });
  }

  test('a key from another installation is refused', async () => {
    const other = await startTender({ withSecond: false });
    try {
      await refused(401, 'GET', '/api/v1/purchases/', { key: other.company.api_key }, 'foreign installation key');
    } finally {
      await other.stop();
    }
  });
});

describe('malformed bodies: 400', () => {
  const raws = [
    ['malformed JSON', '{"brand_id": '],
    ['trailing garbage', '{"brand_id": "x"} xyz'],
    ['empty body', ''],
    ['JSON array', '[1,2,3]'],
    ['JSON string', '"purchase"'],
    ['JSON number', '42'],
    ['JSON null', 'null'],
    ['single quotes', "{'brand_id': 'x'}"],
    ['NaN literal', '{"purchase": NaN}'],
    ['comments', '{/* c */ "a": 1}'],
  ];
  for (const [name, raw] of raws) {
    test(name, async () => {
      const b = await refused(400, 'POST', '/api/v1/purchases/', { rawBody: raw }, name);
      assert.equal(typeof errorAt(b, '__all__').code, 'string');
    });
  }

  test('deeply nested JSON (depth 100)', async () => {
    const nested = '['.repeat(100) + ']'.repeat(100);
    await refused(400, 'POST', '/api/v1/purchases/', { rawBody: `{"brand_id":"x","purchase":{"metadata":${nested}}}` }, 'depth 100 arrays');
    let obj = '1';
    for (let i = 0; i < 100; i++) obj = `{"a":${obj}}`;
    await refused(400, 'POST', '/api/v1/purchases/', { rawBody: obj }, 'depth 100 objects');
  });

  test('very deep JSON (depth 100000) does not crash the server', async () => {
    const nested = '['.repeat(100000) + ']'.repeat(100000);
    await refused(400, 'POST', '/api/v1/purchases/', { rawBody: nested }, 'depth 100000');
  });

  test('invalid UTF-8', async () => {
    const valid = Buffer.from(JSON.stringify(purchaseBody(s, { reference: 'REFX' })));
    const at = valid.indexOf('REFX');
    for (const bytes of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80] /* surrogate */, [0xc0, 0xaf] /* overlong */]) {
      const bad = Buffer.concat([valid.subarray(0, at), Buffer.from(bytes), valid.subarray(at + 4)]);
      await refused(400, 'POST', '/api/v1/purchases/', { rawBody: bad }, `invalid UTF-8 ${bytes.map((b) => b.toString(16))}`);
    }
  });

  test('valid UTF-8 and escaped unicode are fine', async () => {
    const res = await api(s, 'POST', '/api/v1/purchases/', { body: purchaseBody(s, { reference: 'Žalgiris – 東京 🎉', purchase: { notes: '\u0000 nul \ud83d\ude00' } }) });
    const p = expectJson(res, 201);
    acceptedOnPurpose++;
    assert.equal(p.reference, 'Žalgiris – 東京 🎉');
    assert.equal(p.purchase.notes, '\u0000 nul \ud83d\ude00');
  });

  test('body over 1 MiB: 413', async () => {
    const big = JSON.stringify(purchaseBody(s, { purchase: { notes: 'x'.repeat(1024 * 1024 + 10) } }));
    let res;
    try {
      res = await api(s, 'POST', '/api/v1/purchases/', { rawBody: big });
    } catch (e) {
      // fetch may fail with a reset if the server answers before reading the whole body;
      // then check the answer on a raw socket.
      res = undefined;
    }
    if (res) {
      assert.ok(res.status < 500);
      expectJson(res, 413, '1 MiB + body');
    } else {
      const status = await rawStatus(`POST /api/v1/purchases/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.company.api_key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n`, big);
      assert.equal(status, 413);
    }
    await unchanged('413');
    // Just under the limit is not a 413 (it is refused for notes > 10000, as a 400).
    const justUnder = JSON.stringify(purchaseBody(s, { purchase: { notes: 'x'.repeat(1024 * 1024 - 500) } }));
    assert.ok(Buffer.byteLength(justUnder) < 1024 * 1024);
    const r2 = await api(s, 'POST', '/api/v1/purchases/', { rawBody: justUnder });
    expectFieldError(r2, ['purchase', 'notes'], 'max_length');
    await unchanged('just under 1 MiB');
  });

  test('headers: 12 KiB is read, over 16 KiB is 431 JSON', async () => {
    const ok = await api(s, 'GET', '/api/v1/purchases/', { headers: { 'x-padding': 'a'.repeat(12 * 1024) } });
    expectJson(ok, 200, '12 KiB of headers');
    const big = await api(s, 'GET', '/api/v1/purchases/', { headers: { 'x-padding': 'a'.repeat(20 * 1024) } });
    expectJson(big, 431, '20 KiB of headers');
    const status = await rawStatus(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(100 * 1024)}\r\n\r\n`, '');
    assert.equal(status, 431);
  });

  test('chunked body over 1 MiB: 413', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    let payload = '';
    for (let i = 0; i < 20; i++) payload += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    payload += '0\r\n\r\n';
    const status = await rawStatus(`POST /api/v1/purchases/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.company.api_key}\r\n` +
      'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', payload);
    assert.equal(status, 413);
    await unchanged('chunked 413');
  });

  test('garbage instead of HTTP: 400, server survives', async () => {
    const status = await rawStatus('THIS IS NOT HTTP\r\n\r\n', '');
    assert.equal(status, 400);
  });
});

// Writes HEAD then BODY on a raw socket; resolves the status code of the first response.
function rawStatus(head, body) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(s.port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`no response; got: ${data}`)); }, 15000);
    sock.on('error', () => { /* reset after the response is fine */ });
    sock.on('data', (d) => {
      data += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (m) { clearTimeout(timer); sock.destroy(); resolve(Number(m[1])); }
    });
    sock.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      clearTimeout(timer);
      if (m) resolve(Number(m[1])); else reject(new Error(`closed without a response: ${data}`));
    });
    sock.write(head);
    if (body) sock.write(body);
  });
}

describe('wrong types: 400 naming the nested field', () => {
  // [name, where to put the value in a valid body, value, error path, code]
  const P0 = ['purchase', 'products', '0'];
  const cases = [
    ['string where integer (price)', [...P0, 'price'], '1000', [...P0, 'price'], 'invalid_type'],
    ['float where integer (price)', [...P0, 'price'], 10.5, [...P0, 'price'], 'invalid_type'],
    ['bool where integer (discount)', [...P0, 'discount'], true, [...P0, 'discount'], 'invalid_type'],
    ['second product bad', ['purchase', 'products', '1'], { name: 'B', price: [] }, ['purchase', 'products', '1', 'price'], 'invalid_type'],
    ['integer where string (product name)', [...P0, 'name'], 5, [...P0, 'name'], 'invalid_type'],
    ['bool where decimal string (quantity)', [...P0, 'quantity'], true, [...P0, 'quantity'], 'invalid_type'],
    ['non-number quantity string', [...P0, 'quantity'], 'two', [...P0, 'quantity']],
    ['negative quantity', [...P0, 'quantity'], '-1', [...P0, 'quantity']],
    ['tax_percent over 100', [...P0, 'tax_percent'], '100.5', [...P0, 'tax_percent']],
    ['product not an object', P0, 'Widget', P0, 'invalid_type'],
    ['object where string (reference)', ['reference'], { id: 12 }, ['reference'], 'invalid_type'],
    ['string where integer (due)', ['due'], 'tomorrow', ['due'], 'invalid_type'],
    ['string where integer (debt)', ['purchase', 'debt'], '5', ['purchase', 'debt'], 'invalid_type'],
    ['string where integer (total_override)', ['purchase', 'total_override'], '0', ['purchase', 'total_override'], 'invalid_type'],
    ['string where boolean (skip_capture)', ['skip_capture'], 'yes', ['skip_capture'], 'invalid_type'],
    ['number where boolean (send_receipt)', ['send_receipt'], 2, ['send_receipt'], 'invalid_type'],
    ['string where boolean (purchase.due_strict)', ['purchase', 'due_strict'], 'maybe', ['purchase', 'due_strict'], 'invalid_type'],
    ['object where boolean (force_recurring)', ['force_recurring'], {}, ['force_recurring']],
    ['array where object (client)', ['client'], ['a@example.com'], ['client'], 'invalid_type'],
    ['string where object (purchase)', ['purchase'], 'one widget', ['purchase'], 'invalid_type'],
    ['object where array (products)', ['purchase', 'products'], { name: 'x', price: 1 }, ['purchase', 'products'], 'invalid_type'],
    ['string where array (payment_method_whitelist)', ['payment_method_whitelist'], 'visa', ['payment_method_whitelist'], 'invalid_type'],
    ['string where array (request_client_details)', ['purchase', 'request_client_details'], 'phone', ['purchase', 'request_client_details'], 'invalid_type'],
    ['bad request_client_details item', ['purchase', 'request_client_details'], ['phone', 'shoe_size'], ['purchase', 'request_client_details', '1'], 'invalid_choice'],
    ['duplicate request_client_details item', ['purchase', 'request_client_details'], ['phone', 'phone'], ['purchase', 'request_client_details', '1']],
    ['array where object (metadata)', ['purchase', 'metadata'], [1], ['purchase', 'metadata'], 'invalid_type'],
    ['integer where string (client.email)', ['client', 'email'], 7, ['client', 'email'], 'invalid_type'],
    ['invalid client.email', ['client', 'email'], 'nope', ['client', 'email'], 'invalid'],
    ['integer where string (client.phone)', ['client', 'phone'], 37060000000, ['client', 'phone'], 'invalid_type'],
    ['integer where string (brand_id)', ['brand_id'], 1, ['brand_id'], 'invalid_type'],
    ['non-uuid brand_id', ['brand_id'], 'brand', ['brand_id']],
    ['null brand_id', ['brand_id'], null, ['brand_id']],
    ['integer where string (currency)', ['purchase', 'currency'], 978, ['purchase', 'currency'], 'invalid_type'],
    ['unknown currency', ['purchase', 'currency'], 'XXY', ['purchase', 'currency']],
    ['currency of four letters', ['purchase', 'currency'], 'eurx', ['purchase', 'currency']],
    ['not a URL (success_redirect)', ['success_redirect'], 'not a url', ['success_redirect']],
    ['javascript: URL (failure_redirect)', ['failure_redirect'], 'javascript:alert(1)', ['failure_redirect']],
    ['cancel_redirect with a quote', ['cancel_redirect'], "https://shop.example.com/x'y", ['cancel_redirect']],
    ['cancel_redirect with <', ['cancel_redirect'], 'https://shop.example.com/<x>', ['cancel_redirect']],
    ['integer where string (success_callback)', ['success_callback'], 5, ['success_callback'], 'invalid_type'],
    ['empty payment_method_whitelist (minItems 1)', ['payment_method_whitelist'], [], ['payment_method_whitelist']],
    ['non-string whitelist item', ['payment_method_whitelist'], [3], ['payment_method_whitelist', '0']],
  ];
  for (const [name, where, value, pathParts, code] of cases) {
    test(name, async () => {
      const body = purchaseBody(s);
      let node = body;
      for (const k of where.slice(0, -1)) node = node[k];
      node[where.at(-1)] = value;
      const res = await api(s, 'POST', '/api/v1/purchases/', { body });
      assert.ok(res.status < 500, res.text);
      expectFieldError(res, pathParts, code, name);
      await unchanged(name);
    });
  }

  test('several errors are reported together', async () => {
    const body = purchaseBody(s, { reference: [1], skip_capture: 'x', purchase: { products: [{ name: 'a', price: -1 }] } });
    const b = await post(body, 'multiple errors');
    errorAt(b, 'reference');
    errorAt(b, 'skip_capture');
    errorAt(b, 'purchase', 'products', '0', 'price');
  });
});

describe('maxLength of Purchase fields: at limit OK, limit+1 refused', () => {
  const url = (n) => {
    const base = 'https://shop.example.com/';
    return base + 'a'.repeat(n - base.length);
  };
  const fields = [
    ['success_redirect', 500, (n) => ({ success_redirect: url(n) }), ['success_redirect'], (p) => p.success_redirect],
    ['failure_redirect', 500, (n) => ({ failure_redirect: url(n) }), ['failure_redirect'], (p) => p.failure_redirect],
    ['cancel_redirect', 500, (n) => ({ cancel_redirect: url(n) }), ['cancel_redirect'], (p) => p.cancel_redirect],
    ['success_callback', 500, (n) => ({ success_callback: url(n) }), ['success_callback'], (p) => p.success_callback],
    ['creator_agent', 32, (n) => ({ creator_agent: 'c'.repeat(n) }), ['creator_agent'], (p) => p.creator_agent],
    ['reference', 128, (n) => ({ reference: 'r'.repeat(n) }), ['reference'], (p) => p.reference],
    ['reference (multi-byte characters)', 128, (n) => ({ reference: 'ą'.repeat(n) }), ['reference'], (p) => p.reference],
    ['purchase.notes', 10000, (n) => ({ purchase: { notes: 'n'.repeat(n) } }), ['purchase', 'notes'], (p) => p.purchase.notes],
    ['product name', 256, (n) => ({ purchase: { products: [{ name: 'p'.repeat(n), price: 1 }] } }), ['purchase', 'products', '0', 'name'], (p) => p.purchase.products[0].name],
    ['product category', 256, (n) => ({ purchase: { products: [{ name: 'p', price: 1, category: 'k'.repeat(n) }] } }), ['purchase', 'products', '0', 'category'], (p) => p.purchase.products[0].category],
    ['purchase.email_message', 256, (n) => ({ purchase: { email_message: 'm'.repeat(n) } }), ['purchase', 'email_message'], (p) => p.purchase.email_message],
  ];
  for (const [name, max, make, pathParts, read] of fields) {
    test(`${name}: ${max}`, async () => {
      const okBody = purchaseBody(s, make(max));
      const ok = await api(s, 'POST', '/api/v1/purchases/', { body: okBody });
      const p = expectJson(ok, 201, `${name} at ${max}`);
      acceptedOnPurpose++;
      assert.equal([...read(p)].length, max);
      const b = await post(purchaseBody(s, make(max + 1)), `${name} at ${max + 1}`);
      const leaf = errorAt(b, ...pathParts);
      assert.equal(leaf.code, 'max_length', JSON.stringify(b));
    });
  }

  test('purchase.language: 2 OK, 3 refused', async () => {
    const p = expectJson(await api(s, 'POST', '/api/v1/purchases/', { body: purchaseBody(s, { purchase: { language: 'de' } }) }), 201);
    acceptedOnPurpose++;
    assert.equal(p.purchase.language, 'de');
    const b = await post(purchaseBody(s, { purchase: { language: 'deu' } }), 'language 3');
    assert.equal(errorAt(b, 'purchase', 'language').code, 'max_length');
  });

  test('purchase.currency: 3 OK, 4 refused', async () => {
    const p = expectJson(await api(s, 'POST', '/api/v1/purchases/', { body: purchaseBody(s, { purchase: { currency: 'JPY' } }) }), 201);
    acceptedOnPurpose++;
    assert.equal(p.purchase.currency, 'JPY');
    const b = await post(purchaseBody(s, { purchase: { currency: 'EURO' } }), 'currency 4');
    assert.equal(errorAt(b, 'purchase', 'currency').code, 'max_length');
  });
});

describe('invalid values', () => {
  test('platform: any name up to 64 characters is kept (every CHIP plugin sends its own), longer is refused', async () => {
    for (const platform of ['x'.repeat(65), 5]) {
      const b = await post(purchaseBody(s, { platform }), `platform ${platform}`);
      assert.ok(errorAt(b, 'platform').code, 'names platform');
    }
    for (const [platform, shown] of [['web', 'web'], ['windows', 'windows'], ['woocommerce', 'api'], ['x'.repeat(64), 'api']]) {
      const p = expectJson(await api(s, 'POST', '/api/v1/purchases/', { body: purchaseBody(s, { platform }) }), 201);
      acceptedOnPurpose++;
      assert.equal(p.platform, shown, 'a name outside the seed\'s enum is shown as api');
    }
  });

  test('negative price, discount, total_price_override, total_override', async () => {
    const cases = [
      [{ products: [{ name: 'a', price: -1 }] }, ['purchase', 'products', '0', 'price']],
      [{ products: [{ name: 'a', price: 10, discount: -1 }] }, ['purchase', 'products', '0', 'discount']],
      [{ products: [{ name: 'a', price: 10, total_price_override: -5 }] }, ['purchase', 'products', '0', 'total_price_override']],
      [{ products: [{ name: 'a', price: 10 }], total_override: -1 }, ['purchase', 'total_override']],
    ];
    for (const [purchase, pathParts] of cases) {
      const body = purchaseBody(s);
      Object.assign(body.purchase, purchase);
      const b = await post(body, pathParts.join('.'));
      assert.equal(errorAt(b, ...pathParts).code, 'min_value');
    }
  });

  test('debt that makes the total negative is refused', async () => {
    await post(purchaseBody(s, { purchase: { debt: -1001 } }), 'debt below -total');
  });

  test('absurd amounts are refused, not overflowed', async () => {
    await post(purchaseBody(s, { purchase: { products: [{ name: 'a', price: 1e18 }] } }), 'price 1e18');
    const raw = JSON.stringify(purchaseBody(s, { purchase: { products: [{ name: 'a', price: 424242 }] } })).replace('424242', '18446744073709551615');
    const b = await refused(400, 'POST', '/api/v1/purchases/', { rawBody: raw }, 'price 2^64-1');
    errorAt(b, 'purchase', 'products', '0', 'price');
    await post(purchaseBody(s, { purchase: { products: [{ name: 'a', price: 999999999999999, quantity: '1000000' }] } }), 'price * quantity overflow');
  });

  test('missing brand_id / client / purchase / products, and empty products', async () => {
    const noBrand = purchaseBody(s);
    delete noBrand.brand_id;
    assert.equal(errorAt(await post(noBrand, 'no brand_id'), 'brand_id').code, 'required');
    const noClient = purchaseBody(s);
    delete noClient.client;
    assert.equal(errorAt(await post(noClient, 'no client'), 'client').code, 'required');
    const noPurchase = purchaseBody(s);
    delete noPurchase.purchase;
    assert.equal(errorAt(await post(noPurchase, 'no purchase'), 'purchase').code, 'required');
    const noProducts = purchaseBody(s);
    delete noProducts.purchase.products;
    assert.equal(errorAt(await post(noProducts, 'no products'), 'purchase', 'products').code, 'required');
    const emptyProducts = purchaseBody(s);
    emptyProducts.purchase.products = [];
    assert.equal(errorAt(await post(emptyProducts, 'empty products'), 'purchase', 'products').code, 'min_items');
    const noName = purchaseBody(s);
    noName.purchase.products = [{ price: 1 }];
    assert.equal(errorAt(await post(noName, 'no product name'), 'purchase', 'products', '0', 'name').code, 'required');
    const noPrice = purchaseBody(s);
    noPrice.purchase.products = [{ name: 'x' }];
    assert.equal(errorAt(await post(noPrice, 'no product price'), 'purchase', 'products', '0', 'price').code, 'required');
    const noEmail = purchaseBody(s);
    noEmail.client = { full_name: 'x' };
    assert.equal(errorAt(await post(noEmail, 'no client email'), 'client', 'email').code, 'required');
    const b = await post({}, 'empty object');
    errorAt(b, 'brand_id');
    errorAt(b, 'client');
    errorAt(b, 'purchase');
  });

  test("unknown brand_id and another company's brand_id", async () => {
    errorAt(await post(purchaseBody(randomId()), 'unknown brand'), 'brand_id');
    errorAt(await post(purchaseBody(s.second.brand_id), 'foreign brand'), 'brand_id');
    errorAt(await post(purchaseBody(s.company.company_id), 'company id as brand'), 'brand_id');
  });
});

describe('routing errors', () => {
  test('unknown route: 404 JSON', async () => {
    for (const path of ['/api/v1/nothing/', '/api/v2/purchases/', '/', '/api/v1/purchases/x/y/z/', '/%ff']) {
      const b = await refused(404, 'GET', path, {}, `GET ${path}`);
      assert.equal(typeof errorAt(b, '__all__').code, 'string');
    }
  });

  test('wrong method: 405 JSON', async () => {
    for (const [method, path] of [['DELETE', '/api/v1/purchases/'], ['PUT', '/api/v1/purchases/'], ['PATCH', `/api/v1/purchases/${randomId()}/`],
      ['GET', `/api/v1/purchases/${randomId()}/cancel/`], ['POST', '/api/v1/public_key/'], ['DELETE', '/api/v1/clients/'],
      ['POST', '/healthz']]) {
      const b = await refused(405, method, path, {}, `${method} ${path}`);
      assert.equal(typeof errorAt(b, '__all__').code, 'string');
    }
  });

  test('unknown purchase id and non-uuid id: 404', async () => {
    for (const id of [randomId(), 'not-a-uuid', '1', randomId().toUpperCase(), '..', "'; DROP TABLE records; --"]) {
      const path = `/api/v1/purchases/${encodeURIComponent(id)}/`;
      const b = await refused(404, 'GET', path, {}, `GET ${path}`);
      assert.equal(b.__all__[0].code, 'not_found');
    }
  });

  test('unknown query parameters are ignored, bad target is 400', async () => {
    const page = expectJson(await api(s, 'GET', '/api/v1/purchases/?foo=bar'), 200);
    assert.ok(Array.isArray(page.results));
    const status = await rawStatus('GET /api/v1/purchases/?a=%zz HTTP/1.1\r\nHost: x\r\n\r\n', '');
    assert.ok(status === 400 || status === 401, `bad percent-encoding: ${status}`);
  });
});

describe('responses are JSON and the server survives', () => {
  test('a burst of bad requests then a good one', async () => {
    const bad = [];
    for (let i = 0; i < 50; i++) {
      bad.push(api(s, 'POST', '/api/v1/purchases/', { rawBody: i % 2 ? '{' : '[]' }));
      bad.push(api(s, 'GET', `/api/v1/purchases/${randomId()}/`));
    }
    for (const r of await Promise.all(bad)) {
      assert.ok(r.status === 400 || r.status === 404, `${r.status} ${r.text}`);
      assert.match(r.headers.get('content-type'), /^application\/json/);
    }
    await unchanged('burst');
    expectJson(await api(s, 'GET', '/healthz'), 200);
  });
});
