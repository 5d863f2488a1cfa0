import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { booted, loggedIn } from '../../../../test/fixtures/auth-events';
import { CliError } from '../errors/cli-error';
import { inFlagWords, readEventsFile } from './publish.command';

function thrown(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    return error as CliError;
  }
  throw new Error('expected a failure');
}

describe('readEventsFile', () => {
  let dir: string;
  const file = (text: string) => {
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, text);
    return path;
  };
  const failure = (path: string) => thrown(() => readEventsFile(path));

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'authtrail-publish-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads one event per line, skipping blank lines', () => {
    const events = [loggedIn(), booted()];
    const path = file(`${JSON.stringify(events[0])}\n\n${JSON.stringify(events[1])}\n`);
    expect(readEventsFile(path)).toEqual(events);
  });

  it('names the line and every field the service would refuse (exit 2)', () => {
    const bad = { ...loggedIn(), host: 'a.b', session: { ...loggedIn().session, internal: 1 } };
    const error = failure(file(`${JSON.stringify(booted())}\n${JSON.stringify(bad)}\n`));
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      `${join(dir, 'events.jsonl')}:2: session.internal must be a boolean value; host must be 1-64 of [A-Za-z0-9_-]`,
    );
  });

  it('refuses text that is not JSON and files it cannot read', () => {
    expect(failure(file('{"kind":\n')).message).toMatch(/events\.jsonl:1: not JSON/);
    expect(failure(join(dir, 'missing.jsonl'))).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^cannot read .*missing\.jsonl/),
    });
  });

  it('reads standard input for -, named so in its errors', () => {
    const events = [loggedIn(), booted()];
    const stdin = file(events.map((e) => JSON.stringify(e)).join('\n'));
    expect(readEventsFile('-', stdin)).toEqual(events);
    expect(thrown(() => readEventsFile('-', file('{\n'))).message).toMatch(
      /^standard input:1: not JSON/,
    );
  });
});

describe('inFlagWords', () => {
  it('names the flag the user typed for an SDK option or event field', () => {
    expect(inFlagWords('bootId must be a UUID, not "x"')).toBe('--boot-id must be a UUID, not "x"');
    expect(inFlagWords('session.id must be a string of 1-128 characters')).toBe(
      '--session-id must be a string of 1-128 characters',
    );
    expect(inFlagWords('host must be 1-64 of [A-Za-z0-9_-], not "a.b"')).toBe(
      '--host must be 1-64 of [A-Za-z0-9_-], not "a.b"',
    );
    expect(inFlagWords('an event must be a JSON object')).toBe('an event must be a JSON object');
  });
});
