import { readSessionsChanged } from './sessions-changed-message';

const encoder = new TextEncoder();
const bytes = (value: unknown) =>
  encoder.encode(typeof value === 'string' ? value : JSON.stringify(value));

const added = {
  msg: 'added',
  collection: 'auth.sessions',
  fields: {
    id: 's1',
    origin: '10.0.0.1:1',
    credentials: 'LOGIN_PASSWORD',
    credentials_data: { username: 'u' },
    created_at: { $date: 1000 },
  },
  host: 'nas',
  seq: 7,
  index: 0,
  count: 1,
  prev_seq: 3,
};

describe('readSessionsChanged', () => {
  it('reads an ADDED and a REMOVED of the host', () => {
    expect(readSessionsChanged(bytes(added), 'nas')).toEqual(added);
    const removed = { ...added, msg: 'removed', fields: { id: 's1' } };
    expect(readSessionsChanged(bytes(removed), 'nas')).toEqual(removed);
  });

  it.each([
    ['not JSON', '{"msg":'],
    ['not an object', '[1,2]'],
    ['another host', { ...added, host: 'other' }],
    ['another collection', { ...added, collection: 'auth.other' }],
    ['another msg', { ...added, msg: 'changed' }],
    ['no seq', { ...added, seq: undefined }],
    ['seq 0', { ...added, seq: 0 }],
    ['a string seq', { ...added, seq: '7' }],
    ['a huge seq', { ...added, seq: 2 ** 60 }],
    ['a negative index', { ...added, index: -1 }],
    ['an index past the count', { ...added, index: 1 }],
    ['no count', { ...added, count: undefined }],
    ['a fractional prev_seq', { ...added, prev_seq: 1.5 }],
    ['no id', { ...added, fields: { ...added.fields, id: 5 } }],
    ['an ADDED without its dump', { ...added, fields: { id: 's1' } }],
    ['a created_at that is no date', { ...added, fields: { ...added.fields, created_at: 5 } }],
  ])('refuses %s', (_what, value) => {
    expect(readSessionsChanged(bytes(value), 'nas')).toBeUndefined();
  });
});
