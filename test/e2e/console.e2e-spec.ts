import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AuthEvent } from '@authtrail/contracts';
import { failedLogin, loggedIn, loggedOut } from '../fixtures/auth-events';
import {
  launchChromium,
  seriousViolations,
  type Browser,
  type BrowserContext,
  type Page,
} from '../harness/browser';
import { freePort } from '../harness/free-port';
import { REPO_ROOT, SEED_DIR } from '../harness/paths';
import { TestStack } from '../harness/test-stack';

const TOKEN = 'console-token-for-the-e2e-test-0123';
const SHOTS = join(REPO_ROOT, 'test-output', 'console');
const SEED_SESSION = '8a21fefe-1255-42eb-a86d-8a7f74752b94';
const SEED_BOOT = '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d';

/** The browser tests of the console: a real chromium against the real service and nats-server. */
describe('the web console in a browser', () => {
  let stack: TestStack;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const cspErrors: string[] = [];
  const pageErrors: string[] = [];
  let lastSeq = 0;

  const publish = async (event: AuthEvent) => {
    lastSeq = await stack.publish(event);
    await stack.sessions({ host: event.host }, lastSeq);
  };

  /** The page at both widths, under test-output/console/<name>-<width>.png. */
  const screenshots = async (name: string) => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  };

  const expectAccessible = async () => expect(await seriousViolations(page)).toEqual([]);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    stack = await TestStack.start({
      AUTHTRAIL_HTTP_PORT: String(port),
      AUTHTRAIL_CONSOLE_TOKEN: TOKEN,
    });
    for (const line of readFileSync(join(SEED_DIR, 'events.jsonl'), 'utf8').trim().split('\n')) {
      await publish(JSON.parse(line) as AuthEvent);
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  it('refuses data without a sign-in, with the security headers on every answer', async () => {
    const response = await fetch(`${base}/console/api/hosts`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'sign in first' });
    for (const path of ['/console', '/console/api/hosts', '/console/assets/nothing.js']) {
      const headers = (await fetch(`${base}${path}`)).headers;
      expect(headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('x-powered-by')).toBeNull();
    }
    const forged = await fetch(`${base}/console/api/hosts`, {
      headers: { cookie: 'authtrail_console=forged' },
    });
    expect(await forged.json()).toEqual({ error: 'sign in first' });
  });

  it('refuses a wrong token in the page, and signs in with the right one', async () => {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Console token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('that is not the console token').waitFor();
    await expectAccessible();
    await screenshots('sign-in');
    await page.getByLabel('Console token').fill(TOKEN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Hosts' }).waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === 'authtrail_console');
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('lists the hosts with their live sessions, reachable with the keyboard', async () => {
    const row = page.locator('tbody tr').first();
    await row.locator('a').waitFor();
    expect(await row.innerText()).toMatch(/truenas\s+2\s/);
    // The last change of its sessions is the seed's first login (the second one is internal:
    // it changes no session a follower sees); its last event, of any kind, is that second login.
    expect(await row.innerText()).toMatch(
      /login at 2023-07-25 17:54:49Z \(seq 1\)\s+login at 2023-07-26 11:05:16Z \(seq 2\)/,
    );
    await expectAccessible();
    await screenshots('hosts');
    // Tab from the top of the page to the host's link, then Enter opens its sessions.
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate<boolean>(
        "document.activeElement && document.activeElement.textContent === 'truenas'",
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Sessions of truenas/ }).waitFor();
  });

  it("shows the seed's sessions and follows logins and logouts live", async () => {
    await page.getByText(/Live: following changes/).waitFor();
    expect(await page.locator(`tr[data-id="${SEED_SESSION}"]`).count()).toBe(1);
    await page.locator(`tr[data-id="${SEED_SESSION}"] summary`).click();
    expect(await page.locator(`tr[data-id="${SEED_SESSION}"] pre`).innerText()).toContain(
      '"username": "root"',
    );
    const id = randomUUID();
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await publish(
      loggedIn({
        sessionId: id,
        boot_id: SEED_BOOT,
        occurred_at: now,
        session: {
          id,
          internal: false,
          origin: '10.0.0.77:40000',
          credentials: 'LOGIN_PASSWORD',
          credentials_data: { username: '<img src=x onerror=alert(1)>' },
        },
      }),
    );
    const added = page.locator(`tr[data-id="${id}"]`);
    await added.waitFor();
    expect(await added.innerText()).toContain('10.0.0.77:40000');
    await added.locator('summary').click();
    // Markup in the log is shown as text, never made into elements.
    expect(await added.locator('pre').innerText()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('img').count()).toBe(0);
    await expectAccessible();
    await screenshots('sessions');
    await publish(loggedOut(id, { boot_id: SEED_BOOT, occurred_at: now }));
    await added.waitFor({ state: 'detached' });
  });

  it('searches the history and checks an entry’s proof in the page', async () => {
    await page.goto(`${base}/console/#/history`);
    await page.getByLabel('User').fill('root');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(/seq 2 to 1/).waitFor();
    await page.getByRole('button', { name: 'Detail and proof of entry 1' }).click();
    await page.getByText(/entry 1 is in the tree of size \d+/).waitFor();
    const checks = await page.locator('ul.checks').innerText();
    expect(checks).toContain('the proven leaf is this entry');
    expect(checks).toMatch(/checkpoint signed by \S+ \(Ed25519, checked here\)/);
    expect(await page.locator('ul.checks li.bad').count()).toBe(0);
    expect(await page.locator('.trust').innerText()).toContain('authtrail audit verify --key');
    await expectAccessible();
    await screenshots('history');
  });

  it('says so in the page when a proof or a signature does not hold', async () => {
    await page.route('**/console/api/log/1', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as {
        proof: { hashes: string[] };
        checkpoint: { note: string };
      };
      body.proof.hashes[0] = Buffer.alloc(32, 7).toString('base64');
      // One byte of the signature changed: the ninth base64 digit of the last line's (the last
      // digit before `=` carries padding bits, which a change may leave the bytes as they were).
      body.checkpoint.note = body.checkpoint.note.replace(
        /(\u2014 \S+ [A-Za-z0-9+/]{8})([A-Za-z0-9+/])([A-Za-z0-9+/]*=*\n)$/,
        (_m, head: string, c: string, end: string) => `${head}${c === 'A' ? 'B' : 'A'}${end}`,
      );
      await route.fulfill({ response, json: body });
    });
    await page.getByRole('button', { name: 'Detail and proof of entry 1' }).click();
    await page.getByText(/entry 1 is NOT shown to be in the log/).waitFor();
    expect(await page.locator('ul.checks').innerText()).toMatch(/signature by \S+ does not verify/);
    await page.unroute('**/console/api/log/1');
  });

  it('pages through the history both ways and shows a bad filter’s message', async () => {
    await page.getByLabel('User').fill('');
    await page.getByLabel('Per page').selectOption('25');
    for (let i = 0; i < 30; i++) {
      lastSeq = await stack.publish(
        failedLogin({
          occurred_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          origin: `10.9.9.${i % 3}:1000`,
        }),
      );
    }
    await stack.sessions({ host: 'truenas' }, lastSeq);
    await page.getByRole('button', { name: 'Search' }).click();
    // 34 entries now: the newest page of 25 ends after seq 1, the older one reaches it.
    const range = page.locator('.pager span');
    await page.getByText(/^seq \d{2} to \d{2}$/).waitFor();
    const newest = await range.innerText();
    await page.getByRole('button', { name: 'Older' }).click();
    await page.getByText(/^seq \d+ to 1$/).waitFor();
    await page.getByRole('button', { name: 'Newer' }).click();
    await page.getByText(newest, { exact: true }).waitFor();
    // Text is a value in the query, never markup or a pattern.
    await page.getByLabel('Text contains').fill('<script>alert(1)</script>.*');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('no entry matches').waitFor();
    await page.goto(`${base}/console/#/at/truenas`);
    await page.getByLabel('Time (UTC)').fill('2023-07-26T00:00:00');
    await page.getByLabel('Host').fill('no-such-host');
    await page.getByRole('button', { name: 'Show sessions' }).click();
    await page.getByText('no host named "no-such-host" in the log').waitFor();
  });

  it('travels in time: who was logged in at T', async () => {
    await page.getByLabel('Host').fill('truenas');
    await page.getByRole('button', { name: 'Show sessions' }).click();
    await page.getByText(/1 session\(s\) on truenas at 2023-07-26T00:00:00Z/).waitFor();
    expect(await page.locator(`tr[data-id="${SEED_SESSION}"]`).count()).toBe(1);
    await expectAccessible();
    await screenshots('at');
  });

  it('checks the newest checkpoint and runs verify with its progress', async () => {
    await page.goto(`${base}/console/#/integrity`);
    await page.getByText(/checkpoint signed by \S+ \(Ed25519, checked here\)/).waitFor();
    await page.getByRole('button', { name: 'Run verify' }).click();
    await page.getByText(/ok: the hash chain of all \d+ entries holds/).waitFor();
    await page.getByText(/seq 1 to \d+, ok/).waitFor();
    await expectAccessible();
    await screenshots('integrity');
  });

  it('plots logins and failures per hour and the addresses failing most', async () => {
    await page.goto(`${base}/console/#/plots`);
    await page.getByText(/\d+ logins? and 30 failures/).waitFor();
    expect(await page.locator('svg rect.failures').count()).toBeGreaterThan(1);
    expect(await page.locator('svg').first().locator('title').first().textContent()).toContain(
      'per hour',
    );
    const ranks = await page.locator('svg').nth(1).textContent();
    expect(ranks).toContain('10.9.9.0');
    await expectAccessible();
    await screenshots('plots');
    expect(cspErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows a brute force on the Alerts page as it opens, with its evidence proven in the page', async () => {
    await page.goto(`${base}/console/#/alerts`);
    await page.getByText(/^Live: the list is read again/).waitFor();
    // Six failed logins of one user from one address within a minute: the fifth opens
    // brute_force (one user and one address: no spraying, no distributed guessing).
    const start = Date.now() - 60_000;
    for (let i = 0; i < 6; i++) {
      lastSeq = await stack.publish(
        failedLogin({
          host: 'edge-1',
          origin: '203.0.113.9:5022',
          credentials_data: { username: 'admin' },
          occurred_at: new Date(start + i * 10_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        }),
      );
    }
    await stack.sessions({ host: 'edge-1' }, lastSeq);
    const row = page.locator('tbody tr', { hasText: 'edge-1' });
    await row.waitFor();
    await page.getByText(/^Live: alert brute_force:\d+ on edge-1 opened$/).waitFor();
    expect(await row.innerText()).toMatch(/brute_force\s+edge-1\s+203\.0\.113\.9[\s\S]*open\s+6\s/);
    // The page's rows are the RPC's rows for the same filters: one query path.
    const rpc = await stack.request('audit.alerts', {
      filters: [['host', '=', 'edge-1']],
      options: { order_by: ['-opened_at', 'id'] },
    });
    const [alert] = rpc.body.result as { id: string; count: number; seqs: number[] }[];
    expect(alert).toMatchObject({ count: 6 });
    expect(alert.seqs).toHaveLength(6);
    await page.getByLabel('Host').fill('edge-1');
    await page.getByLabel('Rule').selectOption('brute_force');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('1–1 of 1').waitFor();
    // Tab from the top of the page to the alert's evidence, then Enter opens it.
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate<boolean>(
        `document.activeElement && document.activeElement.getAttribute('aria-label') === 'Evidence of alert ${alert.id}'`,
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Evidence of alert ${alert.id}` }).waitFor();
    const evidence = page.locator('#alert-evidence tbody tr');
    expect(await evidence.count()).toBe(6);
    expect(await evidence.first().innerText()).toContain('login_failed');
    const seq = alert.seqs[0];
    await page.getByRole('button', { name: `Detail and proof of entry ${seq}` }).click();
    await page.getByText(new RegExp(`entry ${seq} is in the tree of size \\d+`)).waitFor();
    expect(await page.locator('ul.checks').innerText()).toMatch(
      /checkpoint signed by \S+ \(Ed25519, checked here\)/,
    );
    expect(await page.locator('ul.checks li.bad').count()).toBe(0);
    await expectAccessible();
    await screenshots('alerts');
    // The Hosts page counts the open alert and leads to it.
    await page.goto(`${base}/console/#/hosts`);
    await page.getByLabel('Host name contains').fill('edge');
    await page.getByRole('button', { name: 'Filter' }).click();
    const link = page.getByRole('link', { name: '1 open alerts of edge-1' });
    await link.waitFor();
    await expectAccessible();
    await link.click();
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    await page.getByText('1–1 of 1').waitFor();
    expect(await page.locator('tbody tr').first().innerText()).toContain('edge-1');
    expect(cspErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('answers odd requests with a clear 4xx, never a stack trace', async () => {
    const cookie = `authtrail_console=${(await context.cookies()).find((c) => c.name === 'authtrail_console')!.value}`;
    const ask = async (path: string) => {
      const response = await fetch(`${base}${path}`, { headers: { cookie } });
      return { status: response.status, body: (await response.json()) as { error: string } };
    };
    expect(await ask('/console/api/log?limit=100000')).toEqual({
      status: 400,
      body: { error: 'limit: a whole number from 1 to 500' },
    });
    expect(await ask('/console/api/hosts/nobody/sessions')).toEqual({
      status: 404,
      body: { error: 'no host named "nobody" in the log' },
    });
    expect(await ask('/console/api/log?user=a&user=b')).toEqual({
      status: 400,
      body: { error: 'user: give it once, as text' },
    });
    expect(await ask(`/console/api/log?text=${'x'.repeat(201)}`)).toEqual({
      status: 400,
      body: { error: 'text: at most 200 characters' },
    });
    expect((await ask('/console/api/log/999999')).body.error).toBe('the log has no entry 999999');
    const rules = 'brute_force, spraying, distributed, break_in, new_origin';
    for (const [path, status, error] of [
      ['/console/api/alerts?limit=100000', 400, 'limit: a whole number from 1 to 500'],
      ['/console/api/alerts?offset=-1', 400, 'offset: a whole number from 0 to 1000000000'],
      ['/console/api/alerts?rule=everything', 400, `rule: one of ${rules}`],
      ['/console/api/alerts?state=maybe', 400, 'state: open or closed'],
      ['/console/api/alerts?sort=constructor', 400, 'sort: one of opened_at, last_at'],
      ['/console/api/alerts?host=a&host=b', 400, 'host: give it once, as text'],
      [`/console/api/alerts?host=${'h'.repeat(201)}`, 400, 'host: at most 200 characters'],
      ['/console/api/alerts/..%2Flog%2F1/evidence', 400, 'id: an alert id like brute_force:42'],
      [
        '/console/api/alerts/nope:1/evidence',
        404,
        'no alert "nope:1" is kept (the oldest closed ones are forgotten beyond alerts_kept)',
      ],
    ] as const) {
      expect({ path, ...(await ask(path)) }).toEqual({ path, status, body: { error } });
    }
    // A host the log does not know has no alerts: an empty page, as the RPC answers.
    const none = await fetch(`${base}/console/api/alerts?host=%3Cscript%3E`, {
      headers: { cookie },
    });
    expect(await none.json()).toEqual({ total: 0, offset: 0, rows: [] });
    // The same message as the RPC for the same fault.
    const rpc = await stack.request('audit.sessions.at', { host: 'truenas', at: 'yesterday' });
    const page = await ask('/console/api/at?host=truenas&at=yesterday');
    expect(page.status).toBe(400);
    expect(page.body.error).toBe(rpc.body.error!.message);
    const badJson = await fetch(`${base}/console/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"token":',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.text()).not.toMatch(/at .*\.js:\d+/);
  });

  it('ends a sign-in: the old cookie is refused, and the page asks to sign in again', async () => {
    const old = (await context.cookies()).find((c) => c.name === 'authtrail_console')!.value;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Console token').waitFor();
    const response = await fetch(`${base}/console/api/hosts`, {
      headers: { cookie: `authtrail_console=${old}` },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'your sign-in has expired: sign in again' });
  });

  it('refuses an address after five failed sign-ins, right token or not', async () => {
    const signIn = (token: string) =>
      fetch(`${base}/console/api/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
    // The page's wrong token counted too: refused from the fifth failure on.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(`wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const refused = await signIn(TOKEN);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toMatch(
      /too many failed sign-ins from this address: try again in \d+ s/,
    );
  });
});
