// Out of file descriptors, the server backs off and recovers instead of spinning on accept().
// Under a hard limit of 256 descriptors (a service manager's setting the server cannot raise), 400
// idle connections are opened: the server caps its connections below the limit (accepting and
// closing the ones over the cap), logs a bounded number of lines, and answers /healthz again as
// soon as the idle connections go. Before the cap and back-off, this logged "accept failed: Too
// many open files" in a tight loop at full CPU, and /healthz stopped answering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import fs from 'node:fs';
import { sleep, startTender } from './lib/harness.mjs';

const LIMIT = 256;
const IDLE = 400;

function openIdle(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('error', () => {}); // refused or reset once over the cap: expected
    socket.once('connect', () => resolve(socket));
    socket.once('close', () => resolve(socket));
    setTimeout(() => resolve(socket), 2000);
  });
}

async function healthy(url) {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

test(`with ${LIMIT} descriptors and ${IDLE} idle connections the server stays calm and recovers`, async () => {
  const s = await startTender({ launcher: ['prlimit', `--nofile=${LIMIT}:${LIMIT}`, '--'] });
  try {
    const sockets = [];
    for (let i = 0; i < IDLE; i++) sockets.push(await openIdle(s.port));
    await sleep(3000); // what a spinning accept loop would fill with log lines and CPU
    const log = fs.readFileSync(s.logPath, 'utf8');
    const acceptFailures = (log.match(/accept failed/g) || []).length;
    assert.ok(acceptFailures <= 10, `accept failures logged: ${acceptFailures}`);
    assert.match(log, /at most \d+ connections: the file descriptor limit/, 'the cap is announced');
    const stat = fs.readFileSync(`/proc/${s.proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const cpuSeconds = (Number(stat[11]) + Number(stat[12])) / 100; // utime + stime, in ticks of 10 ms
    assert.ok(cpuSeconds < 3, `the server used ${cpuSeconds} s of CPU while holding idle connections`);

    for (const socket of sockets) socket.destroy();
    let ok = false;
    for (const deadline = Date.now() + 10_000; !ok && Date.now() < deadline; await sleep(100)) ok = await healthy(s.url);
    assert.ok(ok, '/healthz answers again once the idle connections are gone');
  } finally {
    await s.cleanup();
  }
});

// One client's idle connections cannot lock everyone out (issue 15, defect 7): with at most 20
// connections per client address, 60 idle connections from 127.0.0.1 leave 127.0.0.2 served at
// once, and 127.0.0.1 itself gets a connection again as soon as its idle ones go.
function get(port, localAddress) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', localAddress, agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

test('one client address holding its maximum of idle connections does not lock out another', async () => {
  const s = await startTender({ args: ['--max-connections-per-client', '20'] });
  let idle = [];
  try {
    idle = await Promise.all(Array.from({ length: 60 }, () => openIdle(s.port)));
    await sleep(300);
    const open = idle.filter((c) => !c.destroyed && c.readyState === 'open').length;
    assert.ok(open <= 20, `at most 20 of one client's connections stay open (${open})`);
    assert.equal(await get(s.port, '127.0.0.2'), 200, 'another client is served at once');
    assert.equal(await get(s.port, '127.0.0.1'), 0, 'the client at its maximum gets no further connection');
    for (const c of idle) c.destroy();
    idle = [];
    let ok = false;
    for (let i = 0; i < 40 && !ok; i++) {
      ok = (await get(s.port, '127.0.0.1')) === 200;
      if (!ok) await sleep(100);
    }
    assert.ok(ok, 'served again once its idle connections are gone');
  } finally {
    for (const c of idle) c.destroy();
    await s.cleanup();
  }
});
