import { execFileSync } from 'node:child_process';
import { TestStack } from '../harness/test-stack';

/** Processes this test process started, by command name. */
function children(name: string): number {
  const out = execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((line) => line.trim() === name).length;
}

describe('test harness', () => {
  it('a stack whose service cannot start rejects and leaves no nats-server behind', async () => {
    const before = children('nats-server');
    await expect(TestStack.start({ LOG_LEVEL: 'loud' })).rejects.toThrow(
      /service exited \(2\) before it was ready: .*LOG_LEVEL/s,
    );
    expect(children('nats-server')).toBe(before);
  });
});
