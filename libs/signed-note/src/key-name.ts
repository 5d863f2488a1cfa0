import { InvalidKeyNameError } from './errors';

/** A Unicode space (the White_Space property, as Go's unicode.IsSpace) or a plus sign. */
const FORBIDDEN = /[\p{White_Space}+]/u;
/** A UTF-16 surrogate without its pair: text that is not well-formed Unicode. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` is well-formed Unicode (encodes to UTF-8 and back unchanged). */
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/**
 * Whether `name` may name a key: non-empty, well-formed, with neither Unicode spaces nor '+'
 * (the '+' separates the parts of a key's text, the space those of a signature line).
 */
export const isValidKeyName = (name: string): boolean =>
  name !== '' && isWellFormed(name) && !FORBIDDEN.test(name);

/** `name`, when it is a valid key name; an InvalidKeyNameError otherwise. */
export function checkKeyName(name: string): string {
  if (!isValidKeyName(name)) throw new InvalidKeyNameError(name);
  return name;
}
