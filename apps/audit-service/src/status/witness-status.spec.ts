import { WitnessStatus } from './witness-status';

describe('WitnessStatus', () => {
  it('is healthy, with nothing cosigned, until told otherwise', () => {
    expect(new WitnessStatus().health).toEqual({ disagrees: false, cosignedSize: 0 });
  });

  it('keeps the largest size cosigned', () => {
    const status = new WitnessStatus();
    status.cosigned(40);
    status.cosigned(12);
    expect(status.health.cosignedSize).toBe(40);
  });

  it('keeps the first disagreement and when it was found, for good', () => {
    const status = new WitnessStatus();
    status.disagreed('root differs at 6', new Date('2026-01-02T03:04:05.000Z'));
    status.disagreed('root differs at 9', new Date('2026-01-02T03:04:09.000Z'));
    status.cosigned(3);
    expect(status.health).toEqual({
      disagrees: true,
      since: '2026-01-02T03:04:05.000Z',
      reason: 'root differs at 6',
      cosignedSize: 3,
    });
  });

  it('tells its listeners of each disagreement and each cosignature', () => {
    const status = new WitnessStatus();
    const heard: string[] = [];
    status.onDisagreement(() => heard.push('disagreement'));
    status.onCosignature(() => heard.push('cosignature'));
    status.cosigned(1);
    status.disagreed('a');
    status.disagreed('b');
    expect(heard).toEqual(['cosignature', 'disagreement', 'disagreement']);
  });
});
