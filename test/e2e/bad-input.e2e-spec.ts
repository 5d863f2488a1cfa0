import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  DEAD_LETTER_HEADERS,
  DEADLETTER_STREAM,
  ERROR_CODE_HEADER,
  ERROR_HEADER,
  Subjects,
} from '@authtrail/contracts';
import { loggedIn } from '../fixtures/auth-events';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const encode = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

interface DeadLetterSeen {
  subject: string;
  body: Record<string, unknown>;
  reasons: string[];
  source: string;
  streamSeq: number;
}

describe('bad input', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });

  afterAll(() => stack?.dispose());

  async function deadLetters(): Promise<DeadLetterSeen[]> {
    const jsm = await stack.nc.jetstreamManager();
    const info = await jsm.streams.info(DEADLETTER_STREAM);
    const seen: DeadLetterSeen[] = [];
    for (
      let seq = info.state.first_seq;
      seq <= info.state.last_seq && info.state.messages > 0;
      seq++
    ) {
      const m = await jsm.streams.getMessage(DEADLETTER_STREAM, { seq });
      seen.push({
        subject: m.subject,
        body: JSON.parse(new TextDecoder().decode(m.data)) as Record<string, unknown>,
        reasons: JSON.parse(m.header.get(DEAD_LETTER_HEADERS.reasons)) as string[],
        source: m.header.get(DEAD_LETTER_HEADERS.subject),
        streamSeq: Number(m.header.get(DEAD_LETTER_HEADERS.streamSeq)),
      });
    }
    return seen;
  }

  function logCount(): number {
    const db = new Database(stack.dbPath, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  it('dead-letters each kind of invalid event with a reason, stores none, and keeps going', async () => {
    const valid = loggedIn({ sessionId: 'ok' });
    const { kind: _kind, ...noKindless } = loggedIn();
    const missingField = { ...loggedIn(), session: undefined };
    const wrongType = { ...loggedIn(), version: '1' };
    const unknownKind = { ...loggedIn(), kind: 'reboot' };
    const mismatch = loggedIn({ host: 'nas2' });
    await stack.publish(encode('{not json'), 'auth.events.truenas.login', 'bad-1');
    await stack.publish(encode(missingField), 'auth.events.truenas.login', 'bad-2');
    await stack.publish(encode(wrongType), 'auth.events.truenas.login', 'bad-3');
    await stack.publish(encode(unknownKind), 'auth.events.truenas.reboot', 'bad-4');
    await stack.publish(encode(mismatch), 'auth.events.truenas.login', 'bad-5');
    await stack.publish(encode(noKindless), 'auth.events.truenas.login', 'bad-6');
    await stack.publish(
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
      'auth.events.truenas.login',
      'bad-7',
    );
    await stack.publish(
      encode({ ...loggedIn(), pad: 'x'.repeat(70_000) }),
      'auth.events.truenas.login',
      'bad-8',
    );
    const last = await stack.publish(valid);

    const reply = await stack.sessions({}, last);
    expect((reply.body.result as { id: string }[]).map((r) => r.id)).toEqual(['ok']);
    expect(logCount()).toBe(1);

    const letters = await waitFor('eight dead letters', async () => {
      const all = await deadLetters();
      return all.length === 8 ? all : undefined;
    });
    const reasons = letters.map((l) => l.reasons.join(' | '));
    expect(reasons[0]).toMatch(/^payload is not JSON text/);
    expect(reasons[1]).toMatch(/session/);
    expect(reasons[2]).toMatch(/version must be equal to 1/);
    expect(reasons[3]).toBe('kind must be one of: login, logout, login_failed, boot, terminate');
    expect(reasons[4]).toBe('subject host "truenas" differs from payload host "nas2"');
    expect(reasons[5]).toBe('kind must be one of: login, logout, login_failed, boot, terminate');
    expect(reasons[6]).toMatch(/^payload is not JSON text/);
    expect(reasons[7]).toMatch(/over the 65536-byte limit/);
    expect(letters.every((l) => l.subject === 'auth.deadletter.truenas')).toBe(true);
    // Bytes that are no JSON object are not copied: their size and hash say which they were.
    expect(letters[0].body).toMatchObject({
      stream: 'AUTH_EVENTS',
      stream_seq: letters[0].streamSeq,
      subject: 'auth.events.truenas.login',
      size: 9,
      sha256: createHash('sha256').update('{not json').digest('hex'),
      payload_omitted: 'not UTF-8 JSON text',
    });
    expect(letters[0].body.payload).toBeUndefined();
    // A JSON object is copied with the log's redaction: the bad field is there to see.
    expect(letters[2].body).toMatchObject({
      reasons: letters[2].reasons,
      payload: { ...wrongType, version: '1' },
      redacted: [],
    });
    expect(letters[7].body).toMatchObject({
      size: expect.any(Number),
      payload_omitted: 'over 65536 bytes',
    });
    expect(letters[3].source).toBe('auth.events.truenas.reboot');
  });

  it('answers a non-JSON request with a 400 error reply and keeps serving', async () => {
    const reply = await stack.request(Subjects.sessions, encode('{nope'));
    expect(reply.body.error?.code).toBe(400);
    expect(reply.body.error?.message).toMatch(/^the request body is not JSON/);
    expect(reply.headers[ERROR_CODE_HEADER]).toBe('400');
    expect(reply.headers[ERROR_HEADER]).toMatch(/not JSON/);
    const array = await stack.request(Subjects.sessions, encode('[1]'));
    expect(array.body.error).toEqual({ code: 400, message: 'the request must be a JSON object' });
    const unknownField = await stack.request('auth.sessions.bogus', {});
    expect(unknownField.body.error?.code).toBe(404);
    const extra = await stack.request(Subjects.sessions, { filter: [] });
    expect(extra.body.error).toEqual({
      code: 400,
      message: 'Invalid params',
      errors: [['filter', 'Extra inputs are not permitted', 22]],
    });
    const ok = await stack.request(Subjects.sessions, {});
    expect(ok.body.result).toBeInstanceOf(Array);
    expect(stack.service.running).toBe(true);
  });

  it('answers an empty request body as {}', async () => {
    const reply = await stack.request('auth.sessions.id', new Uint8Array());
    expect(reply.body.result).toBeInstanceOf(Array);
  });
});
