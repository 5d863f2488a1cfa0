import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../harness/free-port';
import { letOthersPassTo } from '../harness/others-may-pass';
import { REPO_ROOT } from '../harness/paths';
import { startNatsServer } from '../harness/nats-server';
import { runCli } from '../harness/run-cli';
import { runServiceUntilItEnds, ServiceProcess } from '../harness/service-process';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

/** The user `nobody` (the test runs as root, which may write anywhere). */
const NOBODY = { uid: 65_534, gid: 65_534 };

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

describe('what the service says at start', () => {
  // The service runs as nobody in one case: it must reach the build wherever the checkout is.
  beforeAll(() => letOthersPassTo(join(REPO_ROOT, 'node_modules')));

  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-start-'));
    chmodSync(dir, 0o755);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('says it waits for an unreachable NATS, once and then every 10 s; SIGTERM stops it, exit 0', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const service = new ServiceProcess({ NATS_URL: url, AUTHTRAIL_DB: join(dir, 'a.db') });
    await service.start(`waiting for NATS at ${url}`);
    try {
      await waitFor(
        'a second line',
        () => (/still waiting/.test(service.output) ? true : undefined),
        25_000,
      );
      const waiting = lines(service.output).filter((line) => line.includes('waiting for NATS'));
      expect(waiting).toHaveLength(2);
      expect(waiting[1]).toContain(`still waiting for NATS at ${url}`);
      expect(await service.stop('SIGTERM')).toBe(0);
      expect(service.output).toMatch(/"message":"stopped"/);
    } finally {
      await service.stop('SIGKILL');
    }
  }, 60_000);

  it('says that the server has no JetStream and how to enable it', async () => {
    const nats = await startNatsServer([], { jetstream: false });
    try {
      const run = await runServiceUntilItEnds({
        NATS_URL: nats.url,
        AUTHTRAIL_DB: join(dir, 'a.db'),
      });
      expect(run.code).toBe(1);
      expect(lines(run.stderr)).toEqual([
        `authtrail: the NATS server at 127.0.0.1:${nats.port} does not have JetStream enabled: start nats-server with -js (or "jetstream {}" in its configuration file)`,
      ]);
    } finally {
      await nats.dispose();
    }
  });

  describe('refuses an AUTHTRAIL_DB it cannot use with one line, exit 2', () => {
    const unreachable = 'nats://127.0.0.1:1';

    it.each([
      [
        'a directory',
        (d: string) => (mkdirSync(join(d, 'logs')), join(d, 'logs')),
        /is a directory/,
      ],
      ['below a file', () => '/etc/passwd/x.db', /\/etc\/passwd is not a directory/],
      [
        'in a folder that cannot be made (/proc)',
        () => '/proc/x/y.db',
        /cannot create the directory \/proc\/x \(ENOENT/,
      ],
    ])('%s', async (_what, pathIn, cause) => {
      const path = pathIn(dir);
      const run = await runServiceUntilItEnds({ NATS_URL: unreachable, AUTHTRAIL_DB: path });
      expect(run.code).toBe(2);
      expect(lines(run.stderr)).toHaveLength(1);
      expect(run.stderr).toContain(`authtrail: AUTHTRAIL_DB=${path}: `);
      expect(run.stderr).toMatch(cause);
    });

    it('in a folder the user may not write', async () => {
      const folder = join(dir, 'root-only');
      mkdirSync(folder, { mode: 0o755 });
      const path = join(folder, 'a.db');
      const run = await runServiceUntilItEnds(
        { NATS_URL: unreachable, AUTHTRAIL_DB: path },
        20_000,
        NOBODY,
      );
      expect(run.code).toBe(2);
      expect(lines(run.stderr)).toEqual([
        `authtrail: AUTHTRAIL_DB=${path}: the directory ${folder} is not writable by this user (uid ${NOBODY.uid})`,
      ]);
    });
  });

  it('names AUTHTRAIL_HTTP_PORT in one line when the port is taken', async () => {
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(port, resolve));
    try {
      const run = await runServiceUntilItEnds({
        NATS_URL: 'nats://127.0.0.1:1',
        AUTHTRAIL_DB: join(dir, 'a.db'),
        AUTHTRAIL_HTTP_PORT: String(port),
      });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(lines(run.stderr)).toEqual([
        `authtrail: AUTHTRAIL_HTTP_PORT=${port}: the port is already in use by another process`,
      ]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('refuses a NATS_URL port above 65535 before connecting, as the CLI does (exit 2)', async () => {
    const env = { NATS_URL: 'nats://127.0.0.1:99999', AUTHTRAIL_DB: join(dir, 'a.db') };
    const message = 'NATS_URL: "nats://127.0.0.1:99999" has port 99999, not one from 1 to 65535';
    const service = await runServiceUntilItEnds(env);
    expect(service.code).toBe(2);
    expect(lines(service.stderr)).toEqual([`authtrail: ${message}`]);
    const cli = await runCli(['audit', 'stats'], env);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(message);
  });

  it('logs that its microservices started once', async () => {
    const stack = await TestStack.start();
    try {
      const started = lines(stack.service.output).filter((line) =>
        line.includes('Nest microservice successfully started'),
      );
      expect(started).toHaveLength(1);
    } finally {
      await stack.dispose();
    }
  });
});
