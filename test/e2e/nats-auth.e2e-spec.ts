import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, nkeys, type ConnectionOptions, type NatsConnection } from 'nats';
import {
  eventSubject,
  hostCommandSubject,
  STREAM_DEFAULT,
  Subjects,
  type StatsReply,
} from '@authtrail/contracts';
import { backupLog } from '@authtrail/event-log';
import { writeKeyPairFiles } from '@authtrail/key-files';
import { generateWitnessKey } from '@authtrail/signed-note';
import { AuthtrailPublisher, loginEvent } from '@authtrail/publisher';
import {
  natsAuthConfig,
  natsTokenConfig,
  type AuthtrailNatsAuth,
} from '../harness/nats-auth-config';
import { startConfiguredNats, type ConfiguredNatsServer } from '../harness/nats-auth-server';
import { REPO_ROOT } from '../harness/paths';
import { runCli, type CliRun } from '../harness/run-cli';
import { runServiceUntilItEnds, ServiceProcess } from '../harness/service-process';
import { makeTestPki } from '../harness/test-pki';
import { waitFor } from '../harness/wait-for';

type Env = Record<string, string>;

const BOOT = randomUUID();
const PASSWORDS = {
  authtrail: 'svc-' + randomUUID(),
  'host-truenas': 'truenas-' + randomUUID(),
  'host-nas2': 'nas2-' + randomUUID(),
  reader: 'reader-' + randomUUID(),
  operator: 'operator-' + randomUUID(),
};
const pw = (user: keyof typeof PASSWORDS) => ({ user, password: PASSWORDS[user] });
const userEnv = (user: keyof typeof PASSWORDS): Env => ({
  NATS_USER: user,
  NATS_PASS: PASSWORDS[user],
});

let eventsDir: string;
beforeAll(() => {
  eventsDir = mkdtempSync(join(tmpdir(), 'authtrail-nats-auth-events-'));
});
afterAll(() => rmSync(eventsDir, { recursive: true, force: true }));

/** A login of `host` (its payload names the host; the subject follows from it). */
function login(host: string, sessionId: string) {
  return loginEvent(
    { host, bootId: BOOT },
    {
      sessionId,
      internal: false,
      origin: '10.0.0.9:4711',
      credentials: 'LOGIN_PASSWORD',
      credentialsData: { username: 'root' },
    },
  );
}

/**
 * `authtrail publish --file <one login of host>`. (`authtrail publish login --host <host>` would
 * be the natural call, but the CLI's global `--host` swallows the subcommand's: see the report.)
 */
function publishLogin(host: string, sessionId: string, env: Env): Promise<CliRun> {
  const file = join(eventsDir, `${sessionId}.jsonl`);
  writeFileSync(file, `${JSON.stringify(login(host, sessionId))}\n`);
  return runCli(['publish', '--file', file], env);
}

/** The session ids `authtrail --host <host> auth sessions id` shows (json mode). */
async function sessionIds(host: string, env: Env): Promise<string[]> {
  const run = await runCli(['--host', host, '--mode', 'json', 'auth', 'sessions', 'id'], env);
  if (run.code !== 0) throw new Error(`auth sessions failed (${run.code}): ${run.stderr}`);
  return (JSON.parse(run.stdout) as { id: string }[]).map((row) => row.id);
}

/** Waits until the reader's CLI lists `sessionId` for `host` (the service ingests asynchronously). */
function cliShowsSession(host: string, sessionId: string, env: Env): Promise<string[]> {
  return waitFor(`auth sessions --host ${host} to list ${sessionId}`, async () => {
    const ids = await sessionIds(host, env);
    return ids.includes(sessionId) ? ids : undefined;
  });
}

async function withConnection<T>(
  options: ConnectionOptions,
  work: (nc: NatsConnection) => Promise<T>,
): Promise<T> {
  const nc = await connect({ ...options, maxReconnectAttempts: 0 });
  try {
    return await work(nc);
  } finally {
    await nc.close();
  }
}

/** Messages per subject in the events stream, read with the service's own identity. */
async function streamSubjects(
  server: ConfiguredNatsServer,
  service: ConnectionOptions,
): Promise<Record<string, number>> {
  return withConnection({ servers: server.url, ...service }, async (nc) => {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(STREAM_DEFAULT, { subjects_filter: '>' });
    return info.state.subjects ?? {};
  });
}

/** The server's permission violations by the service (its two connections). */
function serviceViolations(server: ConfiguredNatsServer): string[] {
  return server
    .violations()
    .filter((line) => /authtrail-(service|rpc)|User "authtrail"/.test(line));
}

describe('the documented nats-server configuration', () => {
  it('is the one docs/nats-security.md shows', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'nats-security.md'), 'utf8');
    const example: AuthtrailNatsAuth = {
      service: {
        user: 'authtrail',
        password: '$2a$11$REPLACE.WITH.BCRYPT.OF.THE.SERVICE.PASSWORD',
      },
      hosts: {
        truenas: { user: 'host-truenas', password: '$2a$11$REPLACE.WITH.BCRYPT.HASH' },
        nas2: { nkey: 'UDLTDMTG2BQIJTVXC55KBSXSRIYAPNFABEBY3FSVDA2MNNECMQ4SDGXK' },
      },
      readers: [{ user: 'reader', password: '$2a$11$REPLACE.WITH.BCRYPT.HASH' }],
      operators: [{ user: 'operator', password: '$2a$11$REPLACE.WITH.BCRYPT.HASH' }],
      tls: { certFile: '/etc/nats/server.pem', keyFile: '/etc/nats/server.key' },
    };
    expect(doc).toContain(natsAuthConfig(example));
    expect(doc).toContain(natsTokenConfig('REPLACE-WITH-A-LONG-RANDOM-TOKEN'));
  });
});

describe('user + password, and per-host permissions', () => {
  let server: ConfiguredNatsServer;
  let service: ServiceProcess;
  const serviceAuth = { user: 'authtrail', pass: PASSWORDS.authtrail };
  let env: (user: keyof typeof PASSWORDS) => Env;

  beforeAll(async () => {
    server = await startConfiguredNats(
      natsAuthConfig({
        service: pw('authtrail'),
        hosts: { truenas: pw('host-truenas'), nas2: pw('host-nas2') },
        readers: [pw('reader')],
        operators: [pw('operator')],
      }),
    );
    env = (user) => ({ NATS_URL: server.url, ...userEnv(user) });
    // A witness too: it reads the feed and the bucket and writes its cosigned checkpoints.
    writeKeyPairFiles(join(server.dir, 'witness.key'), generateWitnessKey('witness-nas'));
    service = new ServiceProcess({
      ...env('authtrail'),
      AUTHTRAIL_DB: join(server.dir, 'authtrail.db'),
      AUTHTRAIL_WITNESS_KEY_FILE: join(server.dir, 'witness.key'),
    });
    await service.start();
  });

  afterAll(async () => {
    await service?.stop();
    await server?.dispose();
  });

  it('lets the service, a host publisher and the reader CLI in with their passwords', async () => {
    const session = randomUUID();
    const published = await publishLogin('truenas', session, env('host-truenas'));
    expect(published).toMatchObject({ code: 0, stderr: '' });
    expect(published.stdout).toMatch(/^published 1 event\(s\), 0 duplicate\(s\)/);
    expect(await cliShowsSession('truenas', session, env('reader'))).toContain(session);
  });

  it('pins a host to its own subjects: host-truenas cannot publish as nas2', async () => {
    const nas2Own = randomUUID();
    expect((await publishLogin('nas2', nas2Own, env('host-nas2'))).code).toBe(0);
    await cliShowsSession('nas2', nas2Own, env('reader'));

    const forged = randomUUID();
    const run = await publishLogin('nas2', forged, env('host-truenas'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/Permissions Violation for Publish to "auth\.events\.nas2\.login"/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);

    // Nothing reached the stream: the one nas2 message is nas2's own login.
    const subjects = await streamSubjects(server, serviceAuth);
    expect(subjects[eventSubject('nas2', 'login')]).toBe(1);
    expect(await sessionIds('nas2', env('reader'))).toEqual([nas2Own]);
  });

  it('keeps a host from naming another host in the payload of its own subject', async () => {
    const forged = randomUUID();
    const event = login('nas2', forged);
    await withConnection(
      { servers: server.url, user: 'host-truenas', pass: PASSWORDS['host-truenas'] },
      async (nc) => {
        // The subject is truenas's own, so NATS lets it through; the service dead-letters it.
        const ack = await nc
          .jetstream()
          .publish(eventSubject('truenas', 'login'), JSON.stringify(event), {
            msgID: event.event_id,
          });
        expect(ack.seq).toBeGreaterThan(0);
      },
    );
    const stats = await waitFor('the forged event to be dead-lettered', async () => {
      const reply = await withConnection(
        { servers: server.url, user: 'reader', pass: PASSWORDS.reader },
        (nc) => nc.request(Subjects.stats, '{}', { timeout: 5_000 }),
      );
      const body = JSON.parse(new TextDecoder().decode(reply.data)) as { result: StatsReply };
      return (body.result.dead_letters ?? 0) > 0 ? body.result : undefined;
    });
    expect(stats.dead_letters).toBe(1);
    expect(await sessionIds('nas2', env('reader'))).not.toContain(forged);
  });

  it('lets the reader query but not publish events', async () => {
    const run = await publishLogin('truenas', randomUUID(), env('reader'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /Permissions Violation for Publish to "auth\.events\.truenas\.login"/,
    );
    await withConnection(
      { servers: server.url, user: 'reader', pass: PASSWORDS.reader },
      async (nc) => {
        const reply = await nc.request(Subjects.stats, '{}', { timeout: 5_000 });
        expect(JSON.parse(new TextDecoder().decode(reply.data))).toHaveProperty('result');
      },
    );
  });

  it('lets the reader check the log against its signed and witnessed checkpoint, and monitor it', async () => {
    const readerViolations = () => server.violations().filter((line) => line.includes('"reader"'));
    const before = readerViolations().length;
    const key = join(server.dir, 'signing.key.pub');
    const witness = ['--witnesses', '1', '--witness-key', join(server.dir, 'witness.key.pub')];
    const verify = await waitFor('a signed checkpoint the log matches', async () => {
      const run = await runCli(['audit', 'verify', '--key', key, ...witness], env('reader'));
      return run.code === 0 && run.stdout.includes('ok: the log matches the checkpoint of ')
        ? run
        : undefined;
    });
    expect(verify.stdout).toMatch(
      / is cosigned by 1 of the 1 witnesses given \(1 required\): witness-nas\+/,
    );
    expect(verify.stderr).toBe('');
    const monitor = await runCli(
      ['audit', 'monitor', '--state', join(server.dir, 'monitor'), '--key', key],
      env('reader'),
    );
    expect(monitor).toMatchObject({ code: 0, stderr: '' });
    expect(monitor.stdout).toMatch(/^first checkpoint: .+, trusted on first use and stored\n$/);
    expect(readerViolations().slice(before)).toEqual([]);
  });

  it('lets an operator end a session through the host, and refuses the terminate RPCs to a reader', async () => {
    const hostAuth = { servers: server.url, user: 'host-truenas', pass: PASSWORDS['host-truenas'] };
    await withConnection(hostAuth, async (nc) => {
      const publisher = new AuthtrailPublisher(nc, { host: 'truenas', bootId: BOOT });
      const live = new Set<string>();
      const commands = publisher.serveCommands({ terminate: async (id) => live.delete(id) });
      await commands.ready;
      const session = randomUUID();
      live.add(session);
      await publisher.login({
        sessionId: session,
        internal: false,
        origin: '10.0.0.9:4711',
        credentials: 'LOGIN_PASSWORD',
      });
      await cliShowsSession('truenas', session, env('reader'));
      const terminate = ['--host', 'truenas', '-c', `auth terminate_session "${session}"`];

      const refused = await runCli(terminate, env('reader'));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /Permissions Violation for Publish to "auth\.terminate_session"/,
      );
      const others = await runCli(
        ['--host', 'truenas', '--session', session, 'auth', 'terminate_other_sessions'],
        env('reader'),
      );
      expect(others.stderr).toMatch(
        /Permissions Violation for Publish to "auth\.terminate_other_sessions"/,
      );
      expect(await sessionIds('truenas', env('reader'))).toContain(session);

      expect(await runCli(terminate, env('operator'))).toEqual({
        code: 0,
        stdout: 'true\n',
        stderr: '',
      });
      expect(await sessionIds('truenas', env('reader'))).not.toContain(session);
      await commands.stop();
    });
  });

  it("keeps a host from another host's commands and from publishing terminate records", async () => {
    const hostAuth = { servers: server.url, user: 'host-truenas', pass: PASSWORDS['host-truenas'] };
    await withConnection(hostAuth, async (nc) => {
      const refused = new Promise<string>((resolve) => {
        nc.subscribe(hostCommandSubject('nas2', 'terminate'), {
          callback: (error) => resolve(error?.message ?? 'a message'),
        });
      });
      await expect(refused).resolves.toMatch(
        /Permissions Violation for Subscription to "auth\.commands\.nas2\.terminate"/,
      );
      await expect(
        nc.jetstream().publish(eventSubject('truenas', 'terminate'), '{}', { timeout: 2_000 }),
      ).rejects.toThrow(/Permissions Violation for Publish to "auth\.events\.truenas\.terminate"/);
    });
  });

  it('does not let a host query the log', async () => {
    const run = await runCli(['--host', 'truenas', 'auth', 'sessions'], env('host-truenas'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Permissions Violation for Publish to "auth\.sessions"/);
  });

  it('restores a backup with its own permissions: what came after it is read from the stream', async () => {
    const dbPath = join(server.dir, 'authtrail.db');
    const backup = join(server.dir, 'backup.db');
    expect((await backupLog(dbPath, backup)).verify.ok).toBe(true);
    const later = randomUUID();
    expect((await publishLogin('truenas', later, env('host-truenas'))).code).toBe(0);
    await cliShowsSession('truenas', later, env('reader'));

    expect(await service.stop()).toBe(0);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
    copyFileSync(backup, dbPath);
    await service.start();
    expect(await cliShowsSession('truenas', later, env('reader'))).toContain(later);
    expect(service.output).toMatch(/read stream messages \d+-\d+/);
  });

  it('never needed a permission the service was not given', () => {
    expect(serviceViolations(server)).toEqual([]);
    expect(service.running).toBe(true);
  });

  it('refuses a tls:// address when the server offers no TLS', async () => {
    const run = await runCli(['--host', 'truenas', 'auth', 'sessions'], {
      ...env('reader'),
      NATS_URL: server.url.replace(/^nats:/, 'tls:'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^cannot connect to NATS at tls:\/\/127\.0\.0\.1:\d+/);
  });

  it('stops the service with one line and exit 1 on a wrong password', async () => {
    const run = await runServiceUntilItEnds({
      NATS_URL: server.url,
      NATS_USER: 'authtrail',
      NATS_PASS: 'wrong',
      AUTHTRAIL_DB: join(server.dir, 'wrong.db'),
    });
    expect(run.code).toBe(1);
    // The text docs/nats-security.md shows.
    expect(run.stderr).toBe(
      `authtrail: cannot connect to NATS at ${server.url}: Authorization Violation\n`,
    );
    const cli = await runCli(['auth', 'sessions'], { ...env('reader'), NATS_PASS: 'wrong' });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(
      /^cannot connect to NATS at nats:\/\/127\.0\.0\.1:\d+: .*Authorization Violation/,
    );
  });
});

describe('NKey seed files', () => {
  let server: ConfiguredNatsServer;
  let service: ServiceProcess;
  const keys = {
    service: nkeys.createUser(),
    truenas: nkeys.createUser(),
    reader: nkeys.createUser(),
  };
  const seedEnv = (dir: string, name: keyof typeof keys): Env => {
    const file = join(dir, `${name}.nk`);
    writeFileSync(file, `${new TextDecoder().decode(keys[name].getSeed())}\n`, { mode: 0o600 });
    return { NATS_CREDS: file };
  };
  let env: (name: keyof typeof keys) => Env;

  beforeAll(async () => {
    server = await startConfiguredNats(
      natsAuthConfig({
        service: { nkey: keys.service.getPublicKey() },
        hosts: { truenas: { nkey: keys.truenas.getPublicKey() } },
        readers: [{ nkey: keys.reader.getPublicKey() }],
      }),
    );
    env = (name) => ({ NATS_URL: server.url, ...seedEnv(server.dir, name) });
    service = new ServiceProcess({ ...env('service'), AUTHTRAIL_DB: join(server.dir, 'a.db') });
    await service.start();
  });

  afterAll(async () => {
    await service?.stop();
    await server?.dispose();
  });

  it('lets the service, the publisher and the CLI in with NKey seeds', async () => {
    const session = randomUUID();
    const published = await publishLogin('truenas', session, env('truenas'));
    expect(published).toMatchObject({ code: 0, stderr: '' });
    expect(await cliShowsSession('truenas', session, env('reader'))).toContain(session);
    const forged = await publishLogin('nas2', randomUUID(), env('truenas'));
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(
      /Permissions Violation for Publish to "auth\.events\.nas2\.login"/,
    );
    expect(serviceViolations(server)).toEqual([]);
  });

  it('stops the service with one line and exit 2 on a seed that is not a user seed', async () => {
    const accountSeed = join(server.dir, 'account.nk');
    const seed = new TextDecoder().decode(nkeys.createAccount().getSeed());
    writeFileSync(accountSeed, seed);
    const run = await runServiceUntilItEnds({
      NATS_URL: server.url,
      NATS_CREDS: accountSeed,
      AUTHTRAIL_DB: join(server.dir, 'never.db'),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `authtrail: NATS_CREDS=${accountSeed}: holds the NKey seed of an account key, not of a user (a user seed starts with SU)\n`,
    );
  });

  it('refuses a seed the server does not list', async () => {
    const stranger = join(server.dir, 'stranger.nk');
    writeFileSync(stranger, new TextDecoder().decode(nkeys.createUser().getSeed()));
    const run = await runCli(['auth', 'sessions'], { NATS_URL: server.url, NATS_CREDS: stranger });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^cannot connect to NATS at .*Authorization Violation/);
  });
});

describe('a shared token', () => {
  let server: ConfiguredNatsServer;
  let service: ServiceProcess;
  const token = randomUUID();
  let env: Env;

  beforeAll(async () => {
    server = await startConfiguredNats(natsTokenConfig(token));
    env = { NATS_URL: server.url, NATS_TOKEN: token };
    service = new ServiceProcess({ ...env, AUTHTRAIL_DB: join(server.dir, 'a.db') });
    await service.start();
  });

  afterAll(async () => {
    await service?.stop();
    await server?.dispose();
  });

  it('lets the service, the publisher and the CLI in with the token', async () => {
    const session = randomUUID();
    expect(await publishLogin('truenas', session, env)).toMatchObject({ code: 0, stderr: '' });
    expect(await cliShowsSession('truenas', session, env)).toContain(session);
  });

  it('refuses a wrong token', async () => {
    const run = await runCli(['auth', 'sessions'], { ...env, NATS_TOKEN: 'nope' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Authorization Violation/);
  });
});

describe('TLS with a private CA', () => {
  let server: ConfiguredNatsServer;
  let service: ServiceProcess;
  let caFile: string;
  let otherCaFile: string;
  let env: (user: keyof typeof PASSWORDS) => Env;

  beforeAll(async () => {
    server = await startConfiguredNats(
      (dir) => {
        const pki = makeTestPki(dir);
        caFile = pki.caFile;
        otherCaFile = pki.otherCaFile;
        return natsAuthConfig({
          service: pw('authtrail'),
          hosts: { truenas: pw('host-truenas') },
          readers: [pw('reader')],
          tls: { certFile: pki.certFile, keyFile: pki.keyFile },
        });
      },
      { tls: true },
    );
    env = (user) => ({ NATS_URL: server.url, NATS_TLS_CA: caFile, ...userEnv(user) });
    service = new ServiceProcess({ ...env('authtrail'), AUTHTRAIL_DB: join(server.dir, 'a.db') });
    await service.start();
  });

  afterAll(async () => {
    await service?.stop();
    await server?.dispose();
  });

  it('lets the service, the publisher and the CLI in over tls:// with NATS_TLS_CA', async () => {
    expect(server.url).toMatch(/^tls:\/\//);
    const session = randomUUID();
    expect(await publishLogin('truenas', session, env('host-truenas'))).toMatchObject({
      code: 0,
      stderr: '',
    });
    expect(await cliShowsSession('truenas', session, env('reader'))).toContain(session);
    expect(serviceViolations(server)).toEqual([]);
  });

  it('refuses a server certificate that the given CA did not sign, or no CA at all', async () => {
    const otherCa = await runCli(['auth', 'sessions'], {
      ...env('reader'),
      NATS_TLS_CA: otherCaFile,
    });
    expect(otherCa.code).toBe(1);
    expect(otherCa.stderr).toMatch(
      /^cannot connect to NATS at tls:\/\/127\.0\.0\.1:\d+: .*certificate/,
    );
    const { NATS_TLS_CA: _ca, ...noCa } = env('reader');
    const system = await runCli(['auth', 'sessions'], noCa);
    expect(system.code).toBe(1);
    expect(system.stderr).toMatch(
      /^cannot connect to NATS at tls:\/\/127\.0\.0\.1:\d+: .*certificate/,
    );
  });

  it('refuses a plain-text client', async () => {
    const { NATS_TLS_CA: _ca, ...noCa } = env('reader');
    const run = await runCli(['auth', 'sessions'], {
      ...noCa,
      NATS_URL: server.url.replace(/^tls:/, 'nats:'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^cannot connect to NATS at nats:\/\//);
  });
});
