// Harness for the HTTP-level tests: runs the real `tender` binary (init, companies create,
// serve) against a fresh private data directory, on 127.0.0.1 only, and talks to it with fetch.
//
// Every process started here is tracked; a process left running by a failing test is killed
// when the node process exits, so no test run leaves servers behind.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { collectViolations, errorViolations } from './seed_schemas.mjs';

export const TENDER_BIN = process.env.TENDER_BIN || '/work/main/build/tender';
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const HEALTH_TIMEOUT_MS = 15_000;
export const REQUEST_TIMEOUT_MS = 20_000;
export const CLI_TIMEOUT_MS = 60_000;
export const STOP_TIMEOUT_MS = 20_000;

// PostgreSQL runs: with TENDER_TEST_DATABASE_URL (postgres://…, e.g. from scripts/pg-test-cluster.sh)
// every data dir gets a database of its own, created when `tender init` runs on it and named
// (--database) on every later command for that dir, so tests stay as isolated as with SQLite.
export const TEST_DATABASE_URL = process.env.TENDER_TEST_DATABASE_URL || '';
const databases = new Map(); // resolved data dir -> its postgres URL

// The database of DATA_DIR in a PostgreSQL run (undefined otherwise, or before its init).
export function databaseUrlOf(dataDir) {
  return databases.get(path.resolve(dataDir));
}

// One value from the server's own database (sqlite3 on tender.db, or psql in a PostgreSQL run),
// for checks on state no API exposes. SQL is the test's own text, never built from input.
export function sqlScalar(server, sql) {
  const url = databaseUrlOf(server.dataDir);
  const r = url
    ? spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', url, '-c', sql], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-batch', path.join(server.dataDir, 'tender.db'), sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${url ? 'psql' : 'sqlite3'} failed: ${r.stderr || r.error}`);
  return r.stdout.trim();
}

function withDatabase(args) {
  if (!TEST_DATABASE_URL || args.includes('--database')) return args;
  const i = args.indexOf('--data');
  if (i < 0 || i + 1 >= args.length) return args;
  const dir = path.resolve(args[i + 1]);
  if (!databases.has(dir) && args[0] === 'init') {
    const name = `t_${randomUUID().replaceAll('-', '')}`;
    const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', TEST_DATABASE_URL, '-c', `CREATE DATABASE ${name}`],
      { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`CREATE DATABASE ${name} failed: ${r.stderr || r.error}`);
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    databases.set(dir, url.toString());
  }
  const url = databases.get(dir);
  return url ? [...args, '--database', url] : args;
}

const live = new Set(); // child processes not yet exited
const scratch = new Set(); // temp directories made by freshDataDir

// On exit: no server outlives the test process; temp dirs are removed when every test passed
// (kept on failure, or always with TENDER_TEST_KEEP=1, for inspection).
process.on('exit', (code) => {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
  if (code === 0 && !process.exitCode && !process.env.TENDER_TEST_KEEP) {
    for (const dir of scratch) {
      try { fs.rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
    }
  }
});

export function tmpRoot() {
  return process.env.TENDER_TEST_TMP || os.tmpdir();
}

// A new empty directory under the test tmp root; the data dir itself is a child that does not
// exist yet, so `tender init` creates it (and we can check it sets the mode itself).
export async function freshDataDir(label = 'http') {
  await fsp.mkdir(tmpRoot(), { recursive: true });
  const parent = await fsp.mkdtemp(path.join(tmpRoot(), `tender-${label}-`));
  scratch.add(parent);
  return path.join(parent, 'data');
}

function track(child) {
  live.add(child);
  child.exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      child.exitInfo = { code, signal };
      resolve(child.exitInfo);
    });
    child.once('error', (err) => {
      live.delete(child);
      child.exitInfo = { code: null, signal: null, error: err };
      resolve(child.exitInfo);
    });
  });
  return child;
}

// Runs `tender ARGS...` to completion: {code, signal, stdout, stderr}. Killed after the timeout.
// `input`: text written to its standard input (which is otherwise closed).
export function runTender(args, { env = {}, timeoutMs = CLI_TIMEOUT_MS, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = track(spawn(TENDER_BIN, withDatabase(args), {
      env: { ...process.env, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    }));
    if (input !== undefined) child.stdin.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tender ${args.join(' ')} did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.exitPromise.then(({ code, signal, error }) => {
      clearTimeout(timer);
      if (error) return reject(error);
      // 'exit' can fire before the pipes drain; wait for them.
      let pending = 2;
      const done = () => { if (--pending === 0) resolve({ code, signal, stdout, stderr }); };
      if (child.stdout.readableEnded) done(); else child.stdout.once('end', done);
      if (child.stderr.readableEnded) done(); else child.stderr.once('end', done);
    });
  });
}

// Parses output that must be exactly one JSON object (one line, nothing else).
export function parseSingleJson(stdout, what) {
  const text = stdout.trim();
  assert.ok(text.length > 0, `${what}: empty stdout`);
  assert.equal(text.split('\n').length, 1, `${what}: expected exactly one line of JSON, got:\n${stdout}`);
  let value;
  try { value = JSON.parse(text); } catch (e) { assert.fail(`${what}: stdout is not JSON: ${stdout}`); }
  assert.equal(typeof value, 'object');
  assert.ok(value !== null && !Array.isArray(value), `${what}: expected a JSON object`);
  return value;
}

export async function initDataDir(dataDir, { env = {} } = {}) {
  const r = await runTender(['init', '--data', dataDir, '--json'], { env });
  assert.equal(r.code, 0, `tender init failed (${r.code}): ${r.stderr}`);
  return parseSingleJson(r.stdout, 'tender init --json');
}

export async function createCompany(dataDir, name = 'Second Company', { env = {} } = {}) {
  const r = await runTender(['companies', 'create', '--data', dataDir, '--name', name, '--json'], { env });
  assert.equal(r.code, 0, `tender companies create failed (${r.code}): ${r.stderr}`);
  return parseSingleJson(r.stdout, 'tender companies create --json');
}

export async function createKey(dataDir, { live: isLive = false, env = {} } = {}) {
  const args = ['keys', 'create', '--data', dataDir, '--json'];
  if (isLive) args.push('--live');
  const r = await runTender(args, { env });
  assert.equal(r.code, 0, `tender keys create failed (${r.code}): ${r.stderr}`);
  return parseSingleJson(r.stdout, 'tender keys create --json');
}

// A port that was free a moment ago on 127.0.0.1.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export { sleep };

async function waitHealthy(url, child, logPath, timeoutMs = HEALTH_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (child.exitInfo) {
      const log = await fsp.readFile(logPath, 'utf8').catch(() => '');
      throw new Error(`tender serve exited early (${JSON.stringify(child.exitInfo)}); log:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      const text = await res.text();
      if (res.status === 200) return JSON.parse(text);
      lastError = new Error(`healthz answered ${res.status}: ${text}`);
    } catch (e) {
      lastError = e;
    }
    await sleep(50);
  }
  const log = await fsp.readFile(logPath, 'utf8').catch(() => '');
  throw new Error(`tender serve not healthy within ${timeoutMs} ms: ${lastError}\nlog:\n${log}`);
}

// Spawns `tender serve` on DATA_DIR at HOST:PORT (127.0.0.1 unless `host` says otherwise, e.g.
// 0.0.0.0 to be reached from a non-loopback address too). Output goes to LOG_PATH (appended).
// `launcher`: a command and its arguments that run tender (e.g. ['prlimit', '--nofile=256:256', '--']).
export function spawnServe(dataDir, port, { env = {}, publicUrl, logPath, args: extraArgs = [], launcher = [], host = '127.0.0.1' } = {}) {
  const args = ['serve', '--data', dataDir, '--listen', `${host}:${port}`];
  if (publicUrl !== undefined) args.push('--public-url', publicUrl);
  args.push(...extraArgs);
  const fd = fs.openSync(logPath, 'a', 0o600);
  let child;
  try {
    const command = launcher.length ? launcher[0] : TENDER_BIN;
    const commandArgs = launcher.length ? [...launcher.slice(1), TENDER_BIN, ...withDatabase(args)] : withDatabase(args);
    child = track(spawn(command, commandArgs, {
      env: { ...process.env, ...env },
      stdio: ['ignore', fd, fd],
    }));
  } finally {
    fs.closeSync(fd);
  }
  return child;
}

async function awaitExit(child, timeoutMs, what) {
  if (child.exitInfo) return child.exitInfo;
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), timeoutMs); });
  const info = await Promise.race([child.exitPromise, timeout]);
  clearTimeout(timer);
  if (info === null) {
    child.kill('SIGKILL');
    await child.exitPromise;
    throw new Error(`${what}: tender serve did not exit within ${timeoutMs} ms (killed)`);
  }
  return info;
}

// startTender({dataDir?, env?, publicUrl?, args?, company?, second?, withSecond?, port?, host?})
// Without dataDir: a fresh directory, `init --json`, plus a second company (unless
// withSecond: false). With a dataDir that is already initialized, pass `company` (and `second`)
// as returned earlier. `args` are extra `tender serve` flags, kept across restart().
export async function startTender(opts = {}) {
  const env = opts.env || {};
  let dataDir = opts.dataDir;
  let company = opts.company;
  let second = opts.second;
  if (!dataDir) {
    dataDir = await freshDataDir();
    company = await initDataDir(dataDir, { env });
    if (opts.withSecond !== false) second = await createCompany(dataDir, 'Second Company', { env });
  }
  const logPath = opts.logPath || path.join(dataDir, 'serve.test.log');
  const port = opts.port || await freePort();
  const url = `http://127.0.0.1:${port}`;
  const publicUrl = opts.publicUrl;

  const handle = {
    url,
    port,
    dataDir,
    company,
    second,
    logPath,
    publicUrl: publicUrl === undefined ? url : publicUrl.replace(/\/+$/, ''),
    proc: null,
    async start() {
      const child = spawnServe(dataDir, handle.port, { env, publicUrl, logPath, args: opts.args || [], launcher: opts.launcher || [], host: opts.host });
      handle.proc = child;
      try {
        await waitHealthy(handle.url, child, logPath);
        // Make sure it is this installation answering (not another server that took the port).
        if (company?.api_key) {
          const res = await fetch(`${handle.url}/api/v1/public_key/`, {
            headers: { authorization: `Bearer ${company.api_key}` }, signal: AbortSignal.timeout(5000),
          });
          await res.arrayBuffer();
          if (res.status !== 200 || child.exitInfo) {
            throw new Error(`server on port ${handle.port} is not ours (status ${res.status}, exit ${JSON.stringify(child.exitInfo)}); log:\n${handle.log()}`);
          }
        }
      } catch (e) {
        if (!child.exitInfo) {
          child.kill('SIGKILL');
          await child.exitPromise;
        }
        throw e;
      }
      return handle;
    },
    // SIGTERM, wait, and require a clean exit (code 0).
    async stop(signal = 'SIGTERM') {
      const child = handle.proc;
      if (!child) return;
      if (!child.exitInfo) child.kill(signal);
      const info = await awaitExit(child, STOP_TIMEOUT_MS, `stop(${signal})`);
      assert.deepEqual({ code: info.code, signal: info.signal }, { code: 0, signal: null },
        `tender serve should exit 0 on ${signal}; log:\n${handle.log()}`);
      return info;
    },
    async kill9() {
      const child = handle.proc;
      if (!child || child.exitInfo) return child?.exitInfo;
      child.kill('SIGKILL');
      return awaitExit(child, STOP_TIMEOUT_MS, 'kill9');
    },
    // Starts serve again on the same data dir, port and public URL (after stop() or kill9()).
    async restart() {
      if (handle.proc && !handle.proc.exitInfo) await handle.stop();
      let lastError;
      for (let i = 0; i < 3; i++) {
        try {
          return await handle.start();
        } catch (e) {
          lastError = e; // the port may be briefly unavailable right after a kill
          await sleep(300);
        }
      }
      throw lastError;
    },
    // Kills without asserting anything: for cleanup hooks.
    async cleanup() {
      const child = handle.proc;
      if (child && !child.exitInfo) {
        child.kill('SIGTERM');
        try { await awaitExit(child, STOP_TIMEOUT_MS, 'cleanup'); } catch { /* killed */ }
      }
    },
    log() {
      try { return fs.readFileSync(logPath, 'utf8'); } catch { return ''; }
    },
  };
  // The free port may be taken by someone else between freePort() and bind (parallel test
  // files): then try another one, unless the caller fixed the port.
  for (let attempt = 1; ; attempt++) {
    try {
      await handle.start();
      return handle;
    } catch (e) {
      const portTaken = /cannot listen|address already in use/i.test(String(e.message));
      if (!portTaken || opts.port || attempt >= 5) throw e;
      handle.port = await freePort();
      handle.url = `http://127.0.0.1:${handle.port}`;
      if (publicUrl === undefined) handle.publicUrl = handle.url;
    }
  }
}

// Every Collect answer against the seed's schemas (lib/seed_schemas.mjs): the objects of a 2xx,
// the body of a 400. With TENDER_SCHEMA_REPORT=<file> the violations are appended there instead
// of failing the test.
export function checkSchemas(pathname, what, json, status = 200) {
  if (!pathname.startsWith('/api/v1/') || pathname.startsWith('/api/v1/server-to-server-interface/')) return;
  const problems = status < 300 ? collectViolations(json) : errorViolations(json);
  if (problems.length === 0) return;
  const report = process.env.TENDER_SCHEMA_REPORT;
  if (report) fs.appendFileSync(report, problems.map((p) => `${what} ${pathname}: ${p}\n`).join(''));
  else assert.fail(`${what} ${pathname}: the answer violates the seed's schemas:\n${problems.slice(0, 20).join('\n')}`);
}

// api(server, method, path, {key, body, rawBody, headers})
//   key: undefined -> the server's first company key; null -> no Authorization; string -> Bearer KEY
//   body: serialized as JSON; rawBody: sent as is (string/Buffer); headers: added/overriding.
// Returns {status, headers, json, text}. `json` is undefined when the body is not JSON.
export async function api(server, method, urlPath, opts = {}) {
  const headers = {};
  const key = opts.key === undefined ? server.company?.api_key : opts.key;
  if (key !== null && key !== undefined) headers.authorization = `Bearer ${key}`;
  let body;
  if (opts.rawBody !== undefined) {
    body = opts.rawBody;
    headers['content-type'] = 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, opts.headers || {});
  for (const [k, v] of Object.entries(headers)) if (v === null) delete headers[k];
  const target = /^https?:\/\//.test(urlPath) ? urlPath : `${server.url}${urlPath}`;
  const res = await fetch(target, {
    method,
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(opts.timeoutMs || REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let json;
  if (text.length > 0) {
    try { json = JSON.parse(text); } catch { json = undefined; }
  }
  if (json !== undefined && (res.status < 300 || res.status === 400)) checkSchemas(new URL(target).pathname, method, json, res.status);
  return { status: res.status, headers: res.headers, json, text };
}

// Asserts the status and that the body is JSON with an application/json Content-Type.
export function expectJson(res, status, what = '') {
  const label = `${what ? what + ': ' : ''}status ${res.status}, body ${res.text.slice(0, 2000)}`;
  assert.equal(res.status, status, label);
  const ct = res.headers.get('content-type') || '';
  assert.match(ct, /^application\/json\b/, `Content-Type should be application/json (${label})`);
  assert.notEqual(res.json, undefined, `body should be JSON (${label})`);
  return res.json;
}

// The first {message, code} of a Collect error body for a field given by its path parts, e.g.
// errorAt(body, 'purchase', 'products', '0', 'price') reads body["purchase.products.0.price"][0].
// Fails if absent.
export function errorAt(body, ...pathParts) {
  // Collect's errors: {"<dotted.field>": [{"message", "code"}]}, "__all__" for the whole request.
  const key = pathParts.join('.');
  const list = body?.[key];
  assert.ok(Array.isArray(list) && list.length > 0, `error body should name ${key} with a list: ${JSON.stringify(body)}`);
  const node = list[0];
  assert.equal(typeof node?.message, 'string', `error leaf ${key} lacks message: ${JSON.stringify(body)}`);
  assert.equal(typeof node?.code, 'string', `error leaf ${key} lacks code: ${JSON.stringify(body)}`);
  assert.ok(node.message.length > 0);
  return node;
}

// Asserts a 400 whose body names the field (and, if given, with that code).
export function expectFieldError(res, pathParts, code, what = '') {
  const body = expectJson(res, 400, what || pathParts.join('.'));
  const leaf = errorAt(body, ...pathParts);
  if (code !== undefined) assert.equal(leaf.code, code, `${pathParts.join('.')} code: ${JSON.stringify(body)}`);
  return leaf;
}

// A valid minimal purchase body for the given server's (or explicit) company.
export function purchaseBody(serverOrBrandId, extra = {}) {
  const brandId = typeof serverOrBrandId === 'string' ? serverOrBrandId : serverOrBrandId.company.brand_id;
  const { purchase, client, ...rest } = extra;
  return {
    brand_id: brandId,
    client: { email: 'buyer@example.com', ...(client || {}) },
    purchase: { products: [{ name: 'Widget', price: 1000 }], ...(purchase || {}) },
    ...rest,
  };
}

export async function createPurchase(server, extra = {}, opts = {}) {
  const res = await api(server, 'POST', '/api/v1/purchases/', { body: purchaseBody(opts.brandId || server, extra), key: opts.key });
  return expectJson(res, 201, 'create purchase');
}

// Every purchase visible to KEY, following `next` links: [{...}, ...] in page order.
export async function listAllPurchases(server, { key, query = '', limit = 100 } = {}) {
  const sep = query ? '&' : '';
  let next = `/api/v1/purchases/?${query}${sep}limit=${limit}`;
  const all = [];
  for (let guard = 0; next && guard < 10_000; guard++) {
    const page = expectJson(await api(server, 'GET', next, { key }), 200, 'list purchases');
    all.push(...page.results);
    next = page.next;
  }
  return all;
}

export async function purchaseCount(server, key) {
  return (await listAllPurchases(server, { key })).length;
}

// A deep copy of BODY with the value at dotted PATH replaced by VALUE (or removed).
export function withChange(body, path, value, remove = false) {
  const copy = structuredClone(body);
  const parts = path.split('.');
  let node = copy;
  for (const p of parts.slice(0, -1)) node = node[p];
  if (remove) delete node[parts.at(-1)];
  else node[parts.at(-1)] = value;
  return copy;
}

export function randomId() {
  return randomUUID();
}

export function sha256(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

// {name: {mode, size, mtimeMs, sha256}} for every entry of DIR (non-recursive).
export async function snapshotDir(dir) {
  const out = {};
  for (const name of (await fsp.readdir(dir)).sort()) {
    const p = path.join(dir, name);
    const st = await fsp.stat(p);
    out[name] = {
      mode: st.mode & 0o777,
      isFile: st.isFile(),
      size: st.size,
      mtimeMs: st.mtimeMs,
      sha256: st.isFile() ? sha256(await fsp.readFile(p)) : null,
    };
  }
  return out;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
