import { ConsumerDebugEvents, ConsumerEvents } from 'nats';
import { isLeadershipChange } from './consumer-pull';

describe('isLeadershipChange', () => {
  it('is the 409 a consumer says when its leader changed', () => {
    const status = { type: ConsumerDebugEvents.DebugEvent, data: '409 Leadership Change' };
    expect(isLeadershipChange(status)).toBe(true);
  });

  it('is not another status, nor another 409', () => {
    expect(
      isLeadershipChange({ type: ConsumerDebugEvents.DebugEvent, data: '409 Request Timeout' }),
    ).toBe(false);
    expect(
      isLeadershipChange({ type: ConsumerEvents.HeartbeatsMissed, data: '409 Leadership Change' }),
    ).toBe(false);
  });
});
