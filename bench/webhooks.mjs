// Deliveries per second to a local receiver. Usage:
//   TENDER_BIN=build-release/tender node bench/webhooks.mjs [N=5000]
// Creates a webhook (purchase.created) whose receiver answers 503, creates N purchases (N purchase.created
// events: each first attempt fails fast and is rescheduled for +30 s), brings the receiver up,
// moves the test clock 31 s and times the receiver getting all N (signed, verified afterwards on
// a sample). This isolates the dispatcher (read, sign, POST, record) from purchase creation.
import http from 'node:http';
import { api, expectJson, purchaseBody, startTender } from '../tests/http/lib/harness.mjs';
import { verifySignature, waitFor } from '../tests/http/lib/hooks_support.mjs';

const N = Number(process.argv[2] || 5000);
const server = await startTender({ env: { TENDER_TEST_CLOCK: '1' }, withSecond: false });
let up = false;
let refused = 0;
const got = [];
const receiver = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (!up) { refused++; res.writeHead(503); res.end(); return; }
    got.push({ at: process.hrtime.bigint(), raw: Buffer.concat(chunks), sig: req.headers['x-signature'] });
    res.writeHead(200);
    res.end('ok');
  });
});
receiver.keepAliveTimeout = 60_000;
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${receiver.address().port}/hook`;
try {
  const w = expectJson(await api(server, 'POST', '/api/v1/webhooks/', { body: { title: 'bench', callback: url, events: ['purchase.created'] } }), 201);
  const body = purchaseBody(server);
  const t0 = Date.now();
  for (let i = 0; i < N; i += 64) {
    await Promise.all(Array.from({ length: Math.min(64, N - i) }, () => api(server, 'POST', '/api/v1/purchases/', { body })));
  }
  console.log(`created ${N} purchases in ${Date.now() - t0} ms`);
  // Every first attempt answered 503 and rescheduled (+30 s).
  await waitFor('first attempts', () => refused >= N, { timeoutMs: 300_000, intervalMs: 100 });
  await new Promise((r) => setTimeout(r, 500));  // their outcomes recorded
  up = true;
  const start = process.hrtime.bigint();
  expectJson(await api(server, 'POST', '/api/v1/test_clock/advance/', { body: { seconds: 31 } }), 200);
  await waitFor(`${N} deliveries`, () => got.length >= N, { timeoutMs: 600_000, intervalMs: 20 });
  const first = got[0].at;
  const last = got[N - 1].at;
  const totalS = Number(last - start) / 1e9;
  const spanS = Number(last - first) / 1e9;
  let ok = 0;
  for (const r of got.slice(0, 200)) if (verifySignature(w.public_key, r.raw, r.sig)) ok++;
  console.log(`delivered ${got.length} in ${totalS.toFixed(2)} s after the clock moved: ${(N / totalS).toFixed(0)} deliveries/s ` +
    `(first to last: ${(N / spanS).toFixed(0)}/s); signatures verified on a sample: ${ok}/200`);
} finally {
  await server.cleanup();
  receiver.close();
}
