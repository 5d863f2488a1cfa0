import { REDACTED, type JsonObject, type JsonValue } from '@authtrail/contracts';

const SECRET_NAME = /password|passwd|secret|token|key|otp/i;

function isApiKeyReference(name: string, value: JsonValue): boolean {
  if (name.toLowerCase() !== 'api_key' || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return false;
  return Object.keys(value).every((key) => key === 'id' || key === 'name');
}

/**
 * A copy of `data` with every value whose key is named like a secret replaced by `<redacted>`, at
 * any depth, and the dotted paths (under `prefix`) that were replaced. `api_key: {id, name}` is a
 * reference to a key, not a secret, and stays.
 */
export function redactSecrets(
  data: JsonObject,
  prefix: string,
): { value: JsonObject; paths: string[] } {
  const paths: string[] = [];
  // A member's path is written only when it is redacted or holds members of its own.
  const at = (path: string, key: string) => `${path}.${key.replace(/\./g, '\\.')}`;
  const walk = (value: JsonValue, path: string): JsonValue => {
    if (Array.isArray(value)) return value.map((item, index) => walk(item, `${path}.${index}`));
    if (typeof value !== 'object' || value === null) return value;
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (SECRET_NAME.test(key) && !isApiKeyReference(key, item)) {
        out[key] = REDACTED;
        paths.push(at(path, key));
      } else {
        out[key] = typeof item === 'object' && item !== null ? walk(item, at(path, key)) : item;
      }
    }
    return out;
  };
  return { value: walk(data, prefix) as JsonObject, paths };
}
