'use strict';
/* global console, performance */
// Cold load of the console in Debian's chromium (never part of the tests): a fresh browser each
// round (no cache, no cookie), from navigation to the sign-in form, then from pressing "Sign in"
// to the Hosts table drawn, then to a host's Sessions table drawn. Run against a service holding
// the data to measure with (e.g. after bench/console-latency.js):
//   CONSOLE_URL=http://127.0.0.1:8080 AUTHTRAIL_CONSOLE_TOKEN=... \
//     node bench/console-cold-load.js [host=big] [rounds=5]
const { chromium } = require('playwright-core');

const base = process.env.CONSOLE_URL ?? 'http://127.0.0.1:8080';
const token = process.env.AUTHTRAIL_CONSOLE_TOKEN ?? '';
const [host = 'big', rounds = '5'] = process.argv.slice(2);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function round() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    let started = performance.now();
    await page.goto(`${base}/console/`);
    await page.getByLabel('Console token').waitFor();
    const signInPage = performance.now() - started;
    await page.getByLabel('Console token').fill(token);
    started = performance.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('table tbody tr').first().waitFor();
    const hosts = performance.now() - started;
    started = performance.now();
    await page.goto(`${base}/console/#/host/${encodeURIComponent(host)}`);
    await page.getByRole('heading', { name: new RegExp(`Sessions of ${host}`) }).waitFor();
    await page.locator('tr[data-id]').first().waitFor();
    const sessions = performance.now() - started;
    return { signInPage, hosts, sessions };
  } finally {
    await browser.close();
  }
}

async function main() {
  const results = [];
  for (let i = 0; i < Number(rounds); i++) results.push(await round());
  for (const key of ['signInPage', 'hosts', 'sessions']) {
    const values = results.map((r) => r[key]);
    console.log(
      `${key}: median ${median(values).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
