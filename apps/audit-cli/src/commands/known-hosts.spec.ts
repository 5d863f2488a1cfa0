import { Subjects } from '@authtrail/contracts';
import { CliError } from '../errors/cli-error';
import { RemoteError, type RpcClient } from '../rpc/rpc-client';
import { requireKnownHost, unknownHostMessage, withHostFlag } from './known-hosts';

/** An RpcClient whose audit.stats answers `reply` (or fails with it). */
function statsRpc(reply: object | Error): RpcClient {
  return {
    request: (subject: string) => {
      expect(subject).toBe(Subjects.stats);
      return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
    },
  } as unknown as RpcClient;
}

describe('known hosts', () => {
  it('says that a host is not known and lists the known ones, at most 20', () => {
    expect(unknownHostMessage('nas9', ['nas1', 'nas2'])).toBe(
      'no host "nas9" is known; known hosts: nas1, nas2',
    );
    expect(unknownHostMessage('x', [])).toBe(
      `no host "x" is known: the service has no host's events yet`,
    );
    const many = Array.from({ length: 25 }, (_, i) => `h${String(i).padStart(2, '0')}`);
    expect(unknownHostMessage('x', many)).toMatch(/known hosts: h00, h01, .*, h19 and 5 more$/);
  });

  it('refuses a host that audit.stats does not list, with exit 1', async () => {
    const rpc = statsRpc({ live_sessions: { truenas: 2, nas2: 0 } });
    await expect(requireKnownHost(rpc, 'truenas')).resolves.toBeUndefined();
    await expect(requireKnownHost(rpc, 'nas2')).resolves.toBeUndefined();
    const refused = requireKnownHost(rpc, 'nosuch');
    await expect(refused).rejects.toThrow(
      new CliError('no host "nosuch" is known; known hosts: nas2, truenas'),
    );
    await expect(refused).rejects.toMatchObject({ exitCode: 1 });
  });

  it('says nothing when the stats cannot be had', async () => {
    const rpc = statsRpc(new RemoteError({ code: 400, message: 'too large: page it' }));
    await expect(requireKnownHost(rpc, 'nosuch')).resolves.toBeUndefined();
  });

  it('names the flag --host where the service names its request field', () => {
    const hint = new RemoteError({
      code: 400,
      message: 'several hosts are known (a, b): name one with "host"',
    });
    const named = withHostFlag(hint) as RemoteError;
    expect(named).toBeInstanceOf(RemoteError);
    expect(named.body).toEqual({
      code: 400,
      message: 'several hosts are known (a, b): name one with --host',
    });
    const other = new RemoteError({ code: 400, message: 'Invalid params' });
    expect(withHostFlag(other)).toBe(other);
  });
});
