import { toLogEntry } from '../../../test/fixtures/log-entries';
import { loggedIn } from '../../../test/fixtures/auth-events';
import { HostRequiredError, resolveHost } from './active-sessions';
import { foldEntries } from './evolve';
import { initialSessionsState, type SessionsState } from './sessions-state';

function withHosts(hosts: readonly string[]): SessionsState {
  const entries = hosts.map((host, index) =>
    toLogEntry(loggedIn({ sessionId: `s-${index}`, host }), index + 1, index + 10),
  );
  return foldEntries(initialSessionsState(), entries);
}

function messageOf(state: SessionsState): string {
  try {
    resolveHost(state, undefined);
  } catch (error) {
    expect(error).toBeInstanceOf(HostRequiredError);
    return (error as Error).message;
  }
  throw new Error('resolveHost did not throw');
}

describe('resolveHost without a host', () => {
  it('names every host when there are a few, sorted', () => {
    expect(messageOf(withHosts(['nas-c', 'nas-a', 'nas-b']))).toBe(
      'several hosts are known (nas-a, nas-b, nas-c): name one with "host"',
    );
  });

  it('names the first ten and counts the rest when there are many', () => {
    const hosts = Array.from({ length: 20_000 }, (_, i) => `host-${String(i).padStart(5, '0')}`);
    const message = messageOf(withHosts([...hosts].reverse()));
    expect(message).toBe(
      `several hosts are known (${hosts.slice(0, 10).join(', ')} … and 19990 more): ` +
        'name one with "host"',
    );
  });
});
