'use strict';
/* global fetch, performance, console */
// Latency of the console's data endpoints at a large projection (never part of the tests):
//   NATS_URL=... CONSOLE_URL=http://127.0.0.1:8080 AUTHTRAIL_CONSOLE_TOKEN=... \
//     node bench/console-latency.js [sessions=100000] [hosts=10000]
// Publishes `sessions` logins (half on one host, the rest spread over `hosts` hosts), waits until
// the service has applied them, then times each endpoint 30 times and prints median and p95 (ms).
const { randomUUID } = require('node:crypto');
const { connect } = require('nats');

const [sessions = 100_000, hosts = 10_000] = process.argv.slice(2).map(Number);
const base = process.env.CONSOLE_URL ?? 'http://127.0.0.1:8080';
const BOOT = '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d';

function login(host, i) {
  const id = randomUUID();
  return {
    event_id: randomUUID(),
    kind: 'login',
    version: 1,
    occurred_at: new Date(Date.now() - (sessions - i) * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
    host,
    boot_id: BOOT,
    session: {
      id,
      internal: false,
      origin: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:22`,
      credentials: 'LOGIN_PASSWORD',
      credentials_data: { username: `user${i % 500}` },
    },
  };
}

async function main() {
  const nc = await connect({ servers: process.env.NATS_URL });
  const js = nc.jetstream();
  let last = 0;
  const pending = [];
  for (let i = 0; i < sessions; i++) {
    const host = i % 2 === 0 ? 'big' : `host-${i % hosts}`;
    const event = login(host, i);
    pending.push(
      js.publish(`auth.events.${host}.login`, JSON.stringify(event), { msgID: event.event_id }),
    );
    if (pending.length >= 2000)
      last = Math.max(last, ...(await Promise.all(pending.splice(0))).map((a) => a.seq));
  }
  last = Math.max(last, ...(await Promise.all(pending)).map((a) => a.seq));
  await nc.request(
    'auth.sessions',
    JSON.stringify({ host: 'big', after_seq: last, options: { count: true } }),
    { timeout: 600_000 },
  );
  await nc.close();
  const signIn = await fetch(`${base}/console/api/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: process.env.AUTHTRAIL_CONSOLE_TOKEN }),
  });
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  const paths = [
    '/console/api/hosts?limit=50',
    '/console/api/hosts?sort=live_sessions&dir=desc&limit=50',
    '/console/api/hosts?q=host-99&limit=50',
    '/console/api/hosts/big/sessions?limit=100',
    '/console/api/hosts/big/sessions?limit=100&offset=49900',
    '/console/api/hosts/big/sessions?q=user42&limit=100',
    '/console/api/log?limit=50',
    '/console/api/log?user=user42&limit=50',
    '/console/api/integrity',
    '/console/api/alerts?limit=50',
    '/console/api/alerts?state=open&host=big&limit=50',
  ];
  for (const path of paths) {
    const times = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      const response = await fetch(`${base}${path}`, { headers: { cookie } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
    console.log(`${path.padEnd(58)} median ${at(0.5)} ms, p95 ${at(0.95)} ms`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
