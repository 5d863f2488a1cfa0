/**
 * Deepest object/array nesting accepted in an event (credentials_data is free-form): deeper
 * payloads are dead-lettered, and the publisher refuses them before sending.
 */
export const MAX_EVENT_NESTING = 32;

/** Whether `value` nests objects or arrays deeper than `limit` (iterative: no stack to blow). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
