import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { createInbox } from 'nats';
import {
  DEAD_LETTER_HEADERS,
  APPENDED_WILDCARD,
  DEADLETTER_STREAM,
  Subjects,
} from '@authtrail/contracts';
import { loggedIn } from '../fixtures/auth-events';
import { TestStack } from '../harness/test-stack';

const SECRETS = [
  'hunter2-password-value',
  'tok_9f8e7d6c5b4a',
  'sk-live-secret-key-material',
  '424242',
  'oath-seed-XYZ',
];

describe('hostile input', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });

  afterAll(() => stack?.dispose());

  it('never stores a secret: no trace of one in the SQLite file, its WAL or its shm', async () => {
    const login = loggedIn({ sessionId: 'with-secrets' });
    login.session.credentials = 'API_KEY';
    login.session.credentials_data = {
      username: 'svc',
      password: SECRETS[0],
      api_key: { id: 3, name: 'backup-key' },
      parent: {
        credentials: 'TOKEN',
        credentials_data: { Token: SECRETS[1], nested: [{ private_key: SECRETS[2] }] },
      },
      otp: SECRETS[3],
    };
    await stack.publish(login);
    const failed = {
      event_id: '5f0d9a52-6a1e-4c55-9d0b-1a2b3c4d5e99',
      kind: 'login_failed',
      version: 1,
      occurred_at: '2025-01-15T09:00:00Z',
      host: 'truenas',
      boot_id: login.boot_id,
      origin: '10.0.0.1:1',
      credentials: 'LOGIN_TWOFACTOR',
      credentials_data: { username: 'eve', otp_secret: SECRETS[4] },
      error: 'bad otp',
    };
    const seq = await stack.publish(failed);
    const row = (await stack.sessions({ options: { get: true } }, seq)).body.result as {
      credentials_data: Record<string, unknown>;
    };
    expect(row.credentials_data).toMatchObject({
      password: '<redacted>',
      otp: '<redacted>',
      api_key: { id: 3, name: 'backup-key' },
    });
    const dir = dirname(stack.dbPath);
    const files = readdirSync(dir).filter((name) => name.startsWith('authtrail.db'));
    expect(files).toEqual(expect.arrayContaining(['authtrail.db', 'authtrail.db-wal']));
    for (const file of files) {
      const bytes = readFileSync(join(dir, file));
      for (const secret of SECRETS)
        expect({ file, found: bytes.includes(secret) }).toEqual({ file, found: false });
    }
    const logged = await stack.request(Subjects.logQuery, {
      filters: [['kind', '=', 'login_failed']],
      options: { get: true },
    });
    expect(logged.body.result).toMatchObject({ redacted: ['credentials_data.otp_secret'] });
  });

  it('keeps no secret a deny list would miss, in the file, on audit.log.appended or in dead letters', async () => {
    // Each of these names slipped through a list of secret-looking names.
    const names = [
      'pass_word',
      'passphrase',
      'pwd',
      'pin',
      'Authorization',
      'bearer',
      'cookie',
      'jwt',
      '2fa_code',
      'pass\u200bword',
      'раssword', // Cyrillic "р" and "а"
    ];
    const secret = (i: number) => `leak-${i}-value-${'q'.repeat(8)}`;
    const data = Object.fromEntries(names.map((name, i) => [name, secret(i)]));
    const seen: string[] = [];
    const sub = stack.nc.subscribe(APPENDED_WILDCARD, {
      callback: (_error, m) => seen.push(m.string()),
    });
    const login = loggedIn({ sessionId: 'allow-list' });
    login.session.credentials_data = { username: 'root', ...data };
    // Invalid events carrying the same: refused, and dead-lettered without them.
    const invalid = { ...loggedIn(), version: 2, password: secret(99) };
    invalid.session.credentials_data = { ...data };
    await stack.publish(invalid);
    await stack.publish(
      new TextEncoder().encode(`password=${secret(98)}`),
      'auth.events.truenas.login',
      'raw-typo',
    );
    const seq = await stack.publish(login);
    const row = (
      await stack.sessions({ filters: [['id', '=', 'allow-list']], options: { get: true } }, seq)
    ).body.result as { credentials_data: Record<string, unknown> };
    expect(row.credentials_data).toEqual({
      username: 'root',
      ...Object.fromEntries(names.map((name) => [name, '<redacted>'])),
    });
    await stack.nc.flush();
    sub.unsubscribe();
    const jsm = await stack.nc.jetstreamManager();
    const letters: string[] = [];
    const { state } = await jsm.streams.info(DEADLETTER_STREAM);
    for (let s = state.first_seq; state.messages > 0 && s <= state.last_seq; s++) {
      const m = await jsm.streams.getMessage(DEADLETTER_STREAM, { seq: s });
      letters.push(m.string(), m.header.get(DEAD_LETTER_HEADERS.reasons));
    }
    expect(letters).toHaveLength(4);
    expect(seen.some((text) => text.includes('allow-list'))).toBe(true);
    const dir = dirname(stack.dbPath);
    const files = readdirSync(dir).filter((name) => name.startsWith('authtrail.db'));
    const places = [
      ...files.map((file) => ({
        where: file,
        text: readFileSync(join(dir, file)).toString('latin1'),
      })),
      ...seen.map((text) => ({ where: 'audit.log.appended', text })),
      ...letters.map((text) => ({ where: DEADLETTER_STREAM, text })),
    ];
    for (const { where, text } of places) {
      expect({ where, found: /leak-\d+-value/.test(text) }).toEqual({ where, found: false });
    }
  });

  it('answers thousands of malformed requests on every RPC subject, then still serves', async () => {
    const subjects = [
      Subjects.sessions,
      'auth.sessions.id',
      'auth.sessions.nope',
      Subjects.logQuery,
      Subjects.logVerify,
      Subjects.sessionsAt,
      Subjects.stats,
      Subjects.replay,
    ];
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
      fc
        .record(
          {
            filters: fc.jsonValue({ maxDepth: 3 }),
            options: fc.jsonValue({ maxDepth: 3 }),
            at: fc.oneof(fc.string(), fc.integer()),
            seq: fc.oneof(fc.integer({ min: -3, max: 10 }), fc.string()),
            from_seq: fc.jsonValue(),
            to_seq: fc.jsonValue(),
            host: fc.oneof(fc.constant('truenas'), fc.string()),
            after_seq: fc.constantFrom(undefined, -1, 'x', 0),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    );
    const samples = fc.sample(fc.tuple(fc.constantFrom(...subjects), body), {
      numRuns: 4000,
      seed: 7,
    });
    let errors = 0;
    for (let i = 0; i < samples.length; i += 100) {
      await Promise.all(
        samples.slice(i, i + 100).map(async ([subject, text]) => {
          if (subject === Subjects.replay) {
            const inbox = createInbox();
            const sub = stack.nc.subscribe(inbox, { timeout: 10_000 });
            stack.nc.publish(subject, text, { reply: inbox });
            for await (const msg of sub) {
              if (msg.data.length === 0) break;
              const parsed = JSON.parse(msg.string()) as { error?: { code: number } };
              if (parsed.error) {
                errors++;
                expect(parsed.error.code).toBe(400);
              }
            }
            return;
          }
          const reply = await stack.request(subject, new TextEncoder().encode(text));
          if (reply.body.error) {
            errors++;
            expect([400, 404]).toContain(reply.body.error.code);
          }
        }),
      );
    }
    expect(errors).toBeGreaterThan(2000);
    expect(stack.service.running).toBe(true);
    expect((await stack.sessions({ host: 'truenas' })).body.result).toBeInstanceOf(Array);
  });
});
