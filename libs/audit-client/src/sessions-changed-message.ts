import { SESSIONS_COLLECTION, type SessionsChanged } from '@authtrail/contracts';

const decoder = new TextDecoder();

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function hasAddedFields(fields: Json): boolean {
  const created = fields.created_at;
  return (
    typeof fields.origin === 'string' &&
    typeof fields.credentials === 'string' &&
    isObject(fields.credentials_data) &&
    isObject(created) &&
    typeof created.$date === 'number'
  );
}

/**
 * A message of `auth.sessions.changed.<host>` read and checked: a change of `host` with every
 * field a follower reads of the right type, or undefined (not JSON, another shape, another host).
 */
export function readSessionsChanged(data: Uint8Array, host: string): SessionsChanged | undefined {
  let message: unknown;
  try {
    message = JSON.parse(decoder.decode(data));
  } catch {
    return undefined;
  }
  if (!isObject(message) || message.collection !== SESSIONS_COLLECTION) return undefined;
  const { msg, fields, seq, index, count, prev_seq: prevSeq } = message;
  if (message.host !== host || !isObject(fields) || typeof fields.id !== 'string') return undefined;
  if (!isCount(seq) || seq === 0 || !isCount(index) || !isCount(count) || index >= count) {
    return undefined;
  }
  if (prevSeq !== undefined && !isCount(prevSeq)) return undefined;
  if (msg === 'removed' || (msg === 'added' && hasAddedFields(fields))) {
    return message as unknown as SessionsChanged;
  }
  return undefined;
}
