// The command line: init, keys create, companies create, serve (signals, bad data dirs).
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import net from 'node:net';
import os from 'node:os';
import {
  UUID_RE, api, createCompany, createKey, createPurchase, expectJson, freePort, freshDataDir,
  initDataDir, runTender, snapshotDir, startTender, sleep,
} from './lib/harness.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.cleanup(); });

async function serve(opts) {
  const s = await startTender(opts);
  servers.push(s);
  return s;
}

describe('tender init', () => {
  test('--json prints one object with company_id, brand_id and a test api_key', async () => {
    const dir = await freshDataDir('cli');
    const r = await runTender(['init', '--data', dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1, `exactly one line: ${r.stdout}`);
    const out = JSON.parse(lines[0]);
    assert.match(out.company_id, UUID_RE);
    assert.match(out.brand_id, UUID_RE);
    assert.notEqual(out.company_id, out.brand_id);
    assert.equal(typeof out.api_key, 'string');
    assert.ok(out.api_key.length >= 20, `api_key too short: ${out.api_key}`);
    assert.match(out.api_key, /^[\x21-\x7e]+$/, 'api_key is printable without spaces');
    assert.equal(out.api_key_mode, 'test');
    // The key is never stored in clear text in the data directory.
    for (const name of await fsp.readdir(dir)) {
      const content = await fsp.readFile(path.join(dir, name));
      assert.equal(content.includes(Buffer.from(out.api_key)), false, `${name} contains the api key in clear`);
    }
  });

  test('two inits give different ids and keys', async () => {
    const a = await initDataDir(await freshDataDir('cli'));
    const b = await initDataDir(await freshDataDir('cli'));
    assert.notEqual(a.company_id, b.company_id);
    assert.notEqual(a.brand_id, b.brand_id);
    assert.notEqual(a.api_key, b.api_key);
  });

  test('a second init on the same dir fails and changes nothing', async () => {
    const dir = await freshDataDir('cli');
    const first = await initDataDir(dir);
    const before = await snapshotDir(dir);
    assert.ok(Object.keys(before).length > 0);
    await sleep(20); // make an mtime change observable
    for (const args of [['init', '--data', dir, '--json'], ['init', '--data', dir]]) {
      const r = await runTender(args);
      assert.notEqual(r.code, 0, 'second init must fail');
      assert.equal(r.signal, null);
      assert.match(r.stderr, /already initialized/i, `clear message expected, got: ${r.stderr}`);
      assert.equal(r.stdout.includes('api_key'), false, `no new credentials printed: ${r.stdout}`);
      assert.deepEqual(await snapshotDir(dir), before, 'files unchanged (names, modes, sizes, mtimes, hashes)');
    }
    // And the original key still works.
    const s = await serve({ dataDir: dir, company: first });
    expectJson(await api(s, 'GET', '/api/v1/purchases/'), 200);
    await s.stop();
  });

  test('data dir is 0700 and every file in it 0600, also after serving', async () => {
    const dir = await freshDataDir('cli');
    const company = await initDataDir(dir);
    const check = async (when) => {
      const st = await fsp.stat(dir);
      assert.equal((st.mode & 0o777).toString(8), '700', `${when}: data dir mode`);
      const snap = await snapshotDir(dir);
      for (const [name, info] of Object.entries(snap)) {
        if (info.isFile) assert.equal(info.mode.toString(8), '600', `${when}: ${name} mode`);
        else assert.equal(info.mode.toString(8), '700', `${when}: ${name} mode`);
      }
      return snap;
    };
    await check('after init');
    await createCompany(dir);
    await createKey(dir);
    await check('after companies/keys create');
    const s = await serve({ dataDir: dir, company });
    await createPurchase(s);
    const during = await check('while serving');
    await s.stop();
    await check('after serve');
    assert.ok(Object.keys(during).length >= 2);
  });

  test('init on a path whose parent is missing creates it', async () => {
    const dir = path.join(await freshDataDir('cli'), 'deeper', 'still');
    const out = await initDataDir(dir);
    assert.match(out.company_id, UUID_RE);
    assert.equal(((await fsp.stat(dir)).mode & 0o777).toString(8), '700');
  });
});

describe('tender keys create', () => {
  test('a new test key works and is distinct; --live makes a live key', async () => {
    const s = await serve();
    const k = await createKey(s.dataDir);
    assert.equal(k.company_id, s.company.company_id);
    assert.equal(typeof k.api_key, 'string');
    assert.notEqual(k.api_key, s.company.api_key);
    assert.equal(k.api_key_mode, 'test');

    const created = await createPurchase(s, {}, { key: k.api_key });
    assert.equal(created.is_test, true);
    assert.equal(created.company_id, s.company.company_id);
    const list = expectJson(await api(s, 'GET', '/api/v1/purchases/', { key: k.api_key }), 200);
    assert.deepEqual(list.results.map((p) => p.id), [created.id]);
    // The original key sees the same company's purchase.
    const viaFirst = expectJson(await api(s, 'GET', `/api/v1/purchases/${created.id}/`), 200);
    assert.deepEqual(viaFirst, created);

    const liveKey = await createKey(s.dataDir, { live: true });
    assert.equal(liveKey.company_id, s.company.company_id);
    assert.equal(liveKey.api_key_mode, 'live');
    assert.notEqual(liveKey.api_key, k.api_key);
    const livePurchase = await createPurchase(s, {}, { key: liveKey.api_key });
    assert.equal(livePurchase.is_test, false, 'a purchase made with a live key is not a test object');
    const liveList = expectJson(await api(s, 'GET', '/api/v1/purchases/', { key: liveKey.api_key }), 200);
    assert.ok(liveList.results.some((p) => p.id === livePurchase.id));
    await s.stop();
  });

  test('keys create (text mode) prints the key alone', async () => {
    const dir = await freshDataDir('cli');
    await initDataDir(dir);
    const r = await runTender(['keys', 'create', '--data', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.trim(), /^\S{20,}$/);
  });

  test('keys create and companies create on an uninitialized dir fail clearly', async () => {
    const dir = await freshDataDir('cli');
    for (const args of [['keys', 'create', '--data', dir, '--json'],
      ['companies', 'create', '--data', dir, '--name', 'X', '--json']]) {
      const r = await runTender(args);
      assert.notEqual(r.code, 0, `${args.join(' ')} must fail`);
      assert.match(r.stderr, /not a Tender data directory|tender init/i, r.stderr);
      assert.equal(r.stdout.trim(), '');
    }
  });
});

describe('tender companies create', () => {
  test('creates an isolated company with its own brand and key', async () => {
    const s = await serve({ withSecond: false });
    const c = await createCompany(s.dataDir, 'Other Ltd');
    assert.match(c.company_id, UUID_RE);
    assert.match(c.brand_id, UUID_RE);
    assert.notEqual(c.company_id, s.company.company_id);
    assert.notEqual(c.brand_id, s.company.brand_id);
    const mine = await createPurchase(s);
    const theirs = await createPurchase(s, {}, { key: c.api_key, brandId: c.brand_id });
    assert.equal(theirs.company_id, c.company_id);
    assert.equal(theirs.brand_id, c.brand_id);
    assert.equal(theirs.issuer_details.brand_name, 'Other Ltd Brand');
    const list = expectJson(await api(s, 'GET', '/api/v1/purchases/', { key: c.api_key }), 200);
    assert.deepEqual(list.results.map((p) => p.id), [theirs.id]);
    expectJson(await api(s, 'GET', `/api/v1/purchases/${mine.id}/`, { key: c.api_key }), 404);
    await s.stop();
  });
});

describe('tender serve', () => {
  for (const signal of ['SIGTERM', 'SIGINT']) {
    test(`exits 0 on ${signal}, after finishing, and logs its stop`, async () => {
      const s = await serve();
      expectJson(await api(s, 'GET', '/healthz'), 200);
      await s.stop(signal); // asserts exit code 0
      assert.match(s.log(), /stopped/);
      // Nothing listens any more.
      await assert.rejects(fetch(`${s.url}/healthz`, { signal: AbortSignal.timeout(3000) }));
    });
  }

  test('exits 0 on SIGTERM with an idle keep-alive connection open', async () => {
    const s = await serve();
    const sock = net.connect(s.port, '127.0.0.1');
    await new Promise((r, j) => { sock.once('connect', r); sock.once('error', j); });
    sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => sock.once('data', r));
    const t0 = Date.now();
    await s.stop('SIGTERM');
    assert.ok(Date.now() - t0 < 15_000);
    sock.destroy();
  });

  test('listens on 127.0.0.1 only', async (t) => {
    const external = Object.values(os.networkInterfaces()).flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return t.skip('no non-loopback IPv4 interface');
    const s = await serve();
    const reached = await new Promise((resolve) => {
      const sock = net.connect({ host: external.address, port: s.port, timeout: 3000 });
      sock.once('connect', () => { sock.destroy(); resolve(true); });
      sock.once('error', () => resolve(false));
      sock.once('timeout', () => { sock.destroy(); resolve(false); });
    });
    assert.equal(reached, false, `serve must not be reachable on ${external.address}:${s.port}`);
    expectJson(await api(s, 'GET', '/healthz'), 200);
    await s.stop();
  });

  test('/healthz answers {"status":"ok"} as JSON', async () => {
    const s = await serve();
    const res = await api(s, 'GET', '/healthz', { key: null });
    assert.deepEqual(expectJson(res, 200), { status: 'ok' });
    await s.stop();
  });

  test('serve on an uninitialized or missing dir fails with a clear message', async () => {
    const empty = await freshDataDir('cli');
    await fsp.mkdir(empty, { recursive: true, mode: 0o700 });
    const missing = path.join(await freshDataDir('cli'), 'nope');
    for (const dir of [empty, missing]) {
      const port = await freePort();
      const r = await runTender(['serve', '--data', dir, '--listen', `127.0.0.1:${port}`], { timeoutMs: 15_000 });
      assert.notEqual(r.code, 0, `serve on ${dir} must fail`);
      assert.equal(r.signal, null);
      assert.match(r.stderr, /not a Tender data directory|tender init/i, `clear message expected: ${r.stderr}`);
    }
    // The empty dir was not turned into an installation.
    assert.deepEqual(await fsp.readdir(empty), []);
  });

  test('serve on a port already in use fails clearly instead of hanging', async () => {
    const s = await serve();
    const dir = await freshDataDir('cli');
    await initDataDir(dir);
    const r = await runTender(['serve', '--data', dir, '--listen', `127.0.0.1:${s.port}`], { timeoutMs: 15_000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`${s.port}`), r.stderr);
    // The first server is unaffected.
    expectJson(await api(s, 'GET', '/healthz'), 200);
    await s.stop();
  });

  test('the server log never contains the API key', async () => {
    const s = await serve();
    await createPurchase(s);
    await api(s, 'GET', '/api/v1/purchases/?limit=1');
    await api(s, 'GET', '/api/v1/purchases/', { key: 'tender_test_wrongwrongwrongwrong' });
    await s.stop();
    const log = s.log();
    assert.ok(log.length > 0);
    assert.equal(log.includes(s.company.api_key), false);
    assert.equal(log.includes('wrongwrongwrong'), false);
  });

  test('serve on a bad --listen value fails', async () => {
    const dir = await freshDataDir('cli');
    await initDataDir(dir);
    const r = await runTender(['serve', '--data', dir, '--listen', 'no-port-here'], { timeoutMs: 15_000 });
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.length > 0);
  });

  test('the test log file of serve is private (0600) in the data dir', async () => {
    const s = await serve();
    const st = await fsp.stat(s.logPath);
    assert.equal((st.mode & 0o777).toString(8), '600');
    assert.equal(path.dirname(s.logPath), s.dataDir);
    await s.stop();
  });
});
