import { REDACTED, SECRET_KEY_NAME, type JsonObject, type JsonValue } from '@authtrail/contracts';

/**
 * What may be kept where, after REF §1.3: a scalar (string, number, boolean, null), a time
 * (`login_at`: a scalar or `{"$date": ms}`), or an object with named members. Every member an
 * object shape does not name is redacted, unless its key is one the operator declared safe and
 * the shape admits those (inside credentials_data).
 */
type Shape = 'scalar' | 'time' | ObjectShape;
interface ObjectShape {
  readonly members: ReadonlyMap<string, Shape>;
  /** Whether keys the operator declared safe are kept here (and inside their values). */
  readonly safeKeys: boolean;
}

const object = (members: Record<string, Shape>, safeKeys: boolean): ObjectShape => ({
  members: new Map(Object.entries(members)),
  safeKeys,
});

/** `login_at` as TrueNAS's clients write a datetime. */
const TIME = object({ $date: 'scalar' }, false);

const credentialsMembers = new Map<string, Shape>();
/** `credentials_data` of any credential type (REF §1.3); `parent` holds another one. */
const CREDENTIALS_DATA: ObjectShape = { members: credentialsMembers, safeKeys: true };
credentialsMembers
  .set('username', 'scalar')
  .set('login_id', 'scalar')
  .set('login_at', 'time')
  .set('api_key', object({ id: 'scalar', name: 'scalar' }, true))
  .set('parent', object({ credentials: 'scalar', credentials_data: CREDENTIALS_DATA }, true));

/** An event as received: the contract's fields, credentials_data wherever a kind has it. */
const EVENT = object(
  {
    event_id: 'scalar',
    kind: 'scalar',
    version: 'scalar',
    occurred_at: 'scalar',
    host: 'scalar',
    boot_id: 'scalar',
    session: object(
      {
        id: 'scalar',
        internal: 'scalar',
        origin: 'scalar',
        credentials: 'scalar',
        credentials_data: CREDENTIALS_DATA,
      },
      false,
    ),
    reason: 'scalar',
    origin: 'scalar',
    credentials: 'scalar',
    credentials_data: CREDENTIALS_DATA,
    error: 'scalar',
  },
  false,
);
/** Inside the value of a key declared safe: only keys declared safe are kept. */
const SAFE_VALUE = object({}, true);

/** Keys that mean something to JavaScript objects: never kept (the service refuses them as safe). */
const OBJECT_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Beyond this depth a value is redacted whole (validation refuses deeper events anyway). */
const MAX_DEPTH = 32;

const isScalar = (value: JsonValue) => value === null || typeof value !== 'object';
const isObject = (value: JsonValue): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface Redacted<T> {
  value: T;
  /** Dotted paths (dots in keys escaped) of the values replaced by "<redacted>". */
  paths: string[];
}

/**
 * A copy of `value` keeping what `shape` names, and keys in `safeKeys` where the shape admits
 * them (exact match, no normalisation: a look-alike letter or a zero-width character is another
 * key), every other value replaced by "<redacted>" and its path listed. A `__proto__` key is
 * listed but left out: an object member of that name cannot be written (assignment sets the
 * prototype) nor stored (the log's canonical JSON leaves it out), so leaving it out is what keeps
 * the event in memory equal to the stored one.
 */
function redact(
  value: JsonValue,
  shape: Shape,
  path: string,
  safeKeys: ReadonlySet<string>,
  paths: string[],
  depth: number,
): JsonValue {
  if (shape === 'scalar') return isScalar(value) ? value : mark(path, paths);
  if (shape === 'time') {
    if (isScalar(value)) return value;
    return redact(value, TIME, path, safeKeys, paths, depth);
  }
  if (Array.isArray(value) && shape === SAFE_VALUE && depth < MAX_DEPTH) {
    return value.map((item, index) =>
      redact(item, shape, `${path}.${index}`, safeKeys, paths, depth + 1),
    );
  }
  if (shape === SAFE_VALUE && isScalar(value)) return value;
  if (!isObject(value) || depth >= MAX_DEPTH) return mark(path, paths);
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const at = `${path}.${key.replace(/\./g, '\\.')}`;
    if (key === '__proto__') {
      paths.push(at);
      continue;
    }
    const member = shape.members.get(key);
    const child = value[key];
    if (member !== undefined) {
      out[key] = redact(child, member, at, safeKeys, paths, depth + 1);
    } else if (
      shape.safeKeys &&
      safeKeys.has(key) &&
      !SECRET_KEY_NAME.test(key) &&
      !OBJECT_KEYS.has(key)
    ) {
      out[key] = redact(child, SAFE_VALUE, at, safeKeys, paths, depth + 1);
    } else {
      out[key] = mark(at, paths);
    }
  }
  return out;
}

function mark(path: string, paths: string[]): typeof REDACTED {
  paths.push(path);
  return REDACTED;
}

/** `credentials_data` as the log stores it (paths under `prefix`). */
export function redactCredentials(
  data: JsonObject,
  prefix: string,
  safeKeys: ReadonlySet<string> = new Set(),
): Redacted<JsonObject> {
  const paths: string[] = [];
  const value = redact(data, CREDENTIALS_DATA, prefix, safeKeys, paths, 0);
  return { value: isObject(value) ? value : {}, paths };
}

/**
 * A received payload (a JSON object, valid or not) without anything that may be a secret: the
 * contract's fields where they hold a scalar, credentials_data as the log would store it, every
 * other value redacted. What the dead-letter stream keeps of a refused event.
 */
export function redactPayload(
  payload: JsonObject,
  safeKeys: ReadonlySet<string> = new Set(),
): Redacted<JsonObject> {
  const paths: string[] = [];
  const value = redact(payload, EVENT, '', safeKeys, paths, 0);
  return {
    value: isObject(value) ? value : {},
    paths: paths.map((path) => path.slice(1)),
  };
}
