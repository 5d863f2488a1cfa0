import { readAlertNews } from './alert-feed';

const bytes = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

describe('the alert news the Alerts page is sent', () => {
  it('keeps the change, id, rule and host of an audit.alert message', () => {
    const alert = { id: 'brute_force:7', rule: 'brute_force', host: 'nas', seqs: [3, 4, 5, 6, 7] };
    expect(readAlertNews(bytes({ change: 'opened', alert }))).toEqual({
      change: 'opened',
      id: 'brute_force:7',
      rule: 'brute_force',
      host: 'nas',
    });
  });

  it('ignores what is not one', () => {
    for (const odd of [
      'not json',
      'null',
      { change: 'opened' },
      { change: 'deleted', alert: { id: 'a:1', rule: 'a', host: 'h' } },
      { change: 'closed', alert: { id: 1, rule: 'a', host: 'h' } },
      { change: 'closed', alert: null },
    ]) {
      expect(readAlertNews(bytes(odd))).toBeUndefined();
    }
  });
});
