/**
 * Spool file names: `<position>-<event id>.json`, the position a 16-digit number that orders the
 * spool. A new event takes the later of now (ms) and one past the highest position there, so
 * that order is kept even when the clock steps back while events wait.
 */
const NAME = /^(\d{16})-([0-9A-Fa-f-]{36})\.json$/;

export interface SpoolName {
  name: string;
  position: number;
  eventId: string;
}

export function parseSpoolName(name: string): SpoolName | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  return { name, position: Number(match[1]), eventId: match[2].toLowerCase() };
}

export function spoolName(position: number, eventId: string): string {
  return `${String(position).padStart(16, '0')}-${eventId.toLowerCase()}.json`;
}

/** The spool's events in the order they are to be sent (anything else in the folder left out). */
export function spoolOrder(names: readonly string[]): SpoolName[] {
  return names
    .map(parseSpoolName)
    .filter((entry): entry is SpoolName => entry !== undefined)
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
}

/** The position of the next event: after every one there, and now when the clock is ahead. */
export function nextPosition(names: readonly string[], nowMs: number): number {
  const last = spoolOrder(names).at(-1)?.position ?? 0;
  return Math.max(Math.floor(nowMs), last + 1);
}
