import { mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { eventSubject } from '@authtrail/contracts';
import { encodeValidEvent, eventProblems, type PublishableEvent } from '@authtrail/publisher';
import { ensurePrivateDir, removeFile, writeFileAtomic } from './private-files';
import { nextPosition, spoolName, spoolOrder, type SpoolName } from './spool-names';

export interface SpoolEntry extends SpoolName {
  path: string;
}

/** A spooled event ready to send: its subject and the exact bytes kept. */
export interface SpooledEvent {
  subject: string;
  data: Uint8Array;
  eventId: string;
}

/** Where a spool file that is not an event the service would take is moved, kept for a person. */
export const REJECTED_DIR = 'rejected';

/**
 * Events waiting to be published, one owner-only file per event in an owner-only folder, each
 * the full event (its event_id included) written atomically. They are sent oldest first with
 * their own ids, so a repeat of a send is a duplicate JetStream and the log both drop.
 */
export class EventSpool {
  constructor(readonly dir: string) {
    ensurePrivateDir(dir);
  }

  /**
   * Keeps an event (checked by the service's rules first: what cannot be sent is never
   * spooled). An event whose id is already waiting is not added twice.
   */
  add(event: PublishableEvent): SpoolEntry {
    const data = encodeValidEvent(event);
    const names = readdirSync(this.dir);
    const waiting = spoolOrder(names).find(
      (entry) => entry.eventId === event.event_id.toLowerCase(),
    );
    if (waiting) return { ...waiting, path: join(this.dir, waiting.name) };
    const position = nextPosition(names, Date.now());
    const name = spoolName(position, event.event_id);
    const path = join(this.dir, name);
    writeFileAtomic(path, data);
    return { name, position, eventId: event.event_id.toLowerCase(), path };
  }

  /** The waiting events, oldest first. */
  pending(): SpoolEntry[] {
    return spoolOrder(readdirSync(this.dir)).map((entry) => ({
      ...entry,
      path: join(this.dir, entry.name),
    }));
  }

  /** The entry's event, or the reason it is not one the service would take. */
  read(entry: SpoolEntry): SpooledEvent | { problem: string } {
    const data = readFileSync(entry.path);
    let value: unknown;
    try {
      value = JSON.parse(data.toString('utf8'));
    } catch (error) {
      return { problem: `not JSON (${(error as Error).message})` };
    }
    const problems = eventProblems(value);
    if (problems.length > 0) return { problem: problems.join('; ') };
    const event = value as PublishableEvent;
    if (event.event_id.toLowerCase() !== entry.eventId) {
      return { problem: `its event_id ${event.event_id} is not the one in its name` };
    }
    return { subject: eventSubject(event.host, event.kind), data, eventId: event.event_id };
  }

  /** A sent event leaves the spool. */
  remove(entry: SpoolEntry): void {
    removeFile(entry.path);
  }

  /** Moves a file that is no event out of the way, into `rejected/`, never deleting it. */
  reject(entry: SpoolEntry): string {
    const dir = join(this.dir, REJECTED_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const target = join(dir, entry.name);
    renameSync(entry.path, target);
    return target;
  }
}
