// Each dialect answers in its own format, also where no route of it runs: an unknown path under
// its prefix (404), a known path with another method (405), a refused authentication (401/403)
// and a body over the server's limit (413). The dialect is the one with the longest matching
// prefix: Collect /api/v1/ (and every path outside the others), server-to-server
// /api/v1/server-to-server-interface/, Orders /v1/orders/, the checkout pages /p/.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { api, errorAt, expectJson, randomId, startTender } from './lib/harness.mjs';

const S2S = '/api/v1/server-to-server-interface/';
const S2S_DOUBLED = '/api/v1/api/v1/server-to-server-interface/';

let s;
before(async () => { s = await startTender({ withSecond: false }); });
after(async () => {
  if (!s) return;
  try {
    // Nothing above created anything.
    const page = expectJson(await api(s, 'GET', '/api/v1/purchases/'), 200);
    assert.equal(page.results.length, 0);
    await s.stop();
  } finally {
    await s.cleanup();
  }
});

// Collect: {"__all__": [{"message", "code"}]}.
function expectCollect(res, status, code, what) {
  const leaf = errorAt(expectJson(res, status, what), '__all__');
  assert.equal(leaf.code, code, what);
}

// Server-to-server: {success: false, status_code, is_live, gateway_response: {type: ERROR, code}}.
function expectS2s(res, status, code, what) {
  const b = expectJson(res, status, what);
  assert.equal(b.success, false, what);
  assert.equal(b.status_code, status, what);
  assert.equal(typeof b.is_live, 'boolean', what);
  assert.equal(b.gateway_response.type, 'ERROR', what);
  assert.equal(b.gateway_response.code, code, what);
  assert.ok(b.gateway_response.message.length > 0, what);
  assert.equal(b.__all__, undefined, `${what}: not the Collect shape`);
}

// Orders: {"message": ...} and nothing else.
function expectOrders(res, status, message, what) {
  const b = expectJson(res, status, what);
  assert.deepEqual(Object.keys(b), ['message'], `${what}: ${res.text}`);
  if (message) assert.equal(b.message, message, what);
}

// Checkout: an HTML page.
function expectPage(res, status, what) {
  assert.equal(res.status, status, `${what}: ${res.status} ${res.text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type') || '', /^text\/html/, what);
  assert.match(res.text, /<html/i, what);
}

const s2sHeaders = (key) => ({ authorization: `Basic ${key}`, 'x-api-key': key });

// The raw answer to a request line and headers sent without the body they announce: the server
// refuses a Content-Length over its limit before reading any of it.
function rawAnswer(head) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(s.port, '127.0.0.1');
    let data = '';
    socket.setTimeout(10_000, () => { socket.destroy(); reject(new Error('raw request timed out')); });
    socket.on('data', (d) => { data += d.toString('utf8'); });
    socket.on('error', reject);
    socket.on('end', () => {
      const [headers, ...rest] = data.split('\r\n\r\n');
      resolve({
        status: Number(headers.split(' ')[1]),
        contentType: /content-type: *([^\r\n]*)/i.exec(headers)?.[1] || '',
        body: rest.join('\r\n\r\n'),
      });
    });
    socket.write(head);
  });
}

describe('unknown path under a dialect prefix: 404 in its format', () => {
  test('Collect', async () => {
    for (const path of ['/api/v1/nothing/', '/api/v1/purchases/x/y/z/']) {
      expectCollect(await api(s, 'GET', path), 404, 'not_found', `GET ${path}`);
    }
  });

  test('server-to-server, under both prefixes', async () => {
    for (const path of [`${S2S}nothing`, `${S2S}payment/extra`, `${S2S_DOUBLED}payment`]) {
      expectS2s(await api(s, 'POST', path, { key: null, headers: s2sHeaders(s.company.api_key), body: {} }), 404, 'ERROR4004',
        `POST ${path}`);
      expectS2s(await api(s, 'GET', path, { key: null }), 404, 'ERROR4004', `GET ${path}`);
    }
  });

  test('Orders', async () => {
    for (const path of [`/v1/orders/${randomId()}/nothing`, '/v1/orders/a/b/c/d']) {
      expectOrders(await api(s, 'GET', path), 404, 'Not Found', `GET ${path}`);
    }
  });

  test('checkout pages', async () => {
    for (const path of ['/p/', `/p/${randomId()}/nothing/`, '/p/a/b/c/d/e/']) {
      expectPage(await api(s, 'GET', path, { key: null }), 404, `GET ${path}`);
    }
  });

  test('outside every prefix: Collect, as before', async () => {
    for (const path of ['/', '/nothing', '/v1/', '/v1/orders', '/api/v2/purchases/', '/p']) {
      expectCollect(await api(s, 'GET', path, { key: null }), 404, 'not_found', `GET ${path}`);
    }
  });
});

describe('wrong method: 405 in the format of the path\'s dialect', () => {
  test('Collect', async () => {
    expectCollect(await api(s, 'DELETE', '/api/v1/purchases/'), 405, 'method_not_allowed', 'DELETE purchases');
    expectCollect(await api(s, 'POST', '/healthz', { key: null }), 405, 'method_not_allowed', 'POST /healthz');
  });

  test('server-to-server', async () => {
    for (const path of [`${S2S}payment`, `${S2S}paymentv2`, `${S2S_DOUBLED}paymentv2`]) {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        expectS2s(await api(s, method, path, { key: null, headers: s2sHeaders(s.company.api_key) }), 405, 'ERROR4008',
          `${method} ${path}`);
      }
    }
  });

  test('Orders', async () => {
    expectOrders(await api(s, 'DELETE', '/v1/orders/purchase'), 405, 'Method Not Allowed', 'DELETE purchase');
    expectOrders(await api(s, 'GET', `/v1/orders/${randomId()}/capture`), 405, 'Method Not Allowed', 'GET capture');
    expectOrders(await api(s, 'PUT', `/v1/orders/${randomId()}`), 405, 'Method Not Allowed', 'PUT order');
  });

  test('checkout pages', async () => {
    expectPage(await api(s, 'DELETE', `/p/${randomId()}/`, { key: null }), 405, 'DELETE page');
    expectPage(await api(s, 'GET', `/p/${randomId()}/pay/`, { key: null }), 405, 'GET pay');
  });
});

describe('authentication refused in the dialect\'s format', () => {
  test('Collect: 401', async () => {
    expectCollect(await api(s, 'GET', '/api/v1/purchases/', { key: null }), 401, 'authentication_failed', 'no key');
    expectCollect(await api(s, 'GET', '/api/v1/purchases/', { key: 'nope' }), 401, 'authentication_failed', 'bad key');
  });

  test('server-to-server: 401 ERROR1001 without credentials, ERROR1002 with wrong ones', async () => {
    for (const path of [`${S2S}payment`, `${S2S}paymentv2`]) {
      expectS2s(await api(s, 'POST', path, { key: null, body: {} }), 401, 'ERROR1001', `${path} no credentials`);
      expectS2s(await api(s, 'POST', path, { key: null, body: {}, headers: s2sHeaders('nope') }), 401, 'ERROR1002',
        `${path} bad key`);
      expectS2s(await api(s, 'POST', path, { body: {} }), 401, 'ERROR1001', `${path} Bearer alone`);
    }
  });

  test('Orders: 401 without credentials, 403 with wrong ones', async () => {
    expectOrders(await api(s, 'POST', '/v1/orders/purchase', { key: null, body: {} }), 401,
      'Missing authentication information', 'no credentials');
    expectOrders(await api(s, 'POST', '/v1/orders/purchase', { key: 'nope', body: {} }), 403, 'Unauthorized', 'bad key');
    expectOrders(await api(s, 'GET', `/v1/orders/${randomId()}`, { key: 'nope' }), 403, 'Unauthorized', 'bad key, GET');
  });
});

describe('body over the server limit: 413 in the format of the path\'s dialect', () => {
  const head = (path, headers = '') =>
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${headers}Content-Length: ${2 * 1024 * 1024}\r\n\r\n`;

  test('Collect (unchanged) and outside every prefix', async () => {
    for (const path of ['/api/v1/purchases/', '/nothing']) {
      const r = await rawAnswer(head(path, `Authorization: Bearer ${s.company.api_key}\r\n`));
      assert.equal(r.status, 413, path);
      assert.match(r.contentType, /^application\/json/);
      assert.equal(JSON.parse(r.body).__all__[0].code, 'bad_request', r.body);
    }
  });

  test('server-to-server: ERROR2010', async () => {
    const r = await rawAnswer(head(`${S2S}payment`));
    assert.equal(r.status, 413);
    const b = JSON.parse(r.body);
    assert.equal(b.success, false);
    assert.equal(b.gateway_response.code, 'ERROR2010', r.body);
  });

  test('Orders: {"message"}', async () => {
    const r = await rawAnswer(head('/v1/orders/purchase'));
    assert.equal(r.status, 413);
    assert.deepEqual(Object.keys(JSON.parse(r.body)), ['message'], r.body);
  });

  test('checkout: a page', async () => {
    const r = await rawAnswer(head(`/p/${randomId()}/pay/`));
    assert.equal(r.status, 413);
    assert.match(r.contentType, /^text\/html/);
  });
});
