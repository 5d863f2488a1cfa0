import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BootEvent } from '@authtrail/contracts';
import { bootEvent } from '@authtrail/publisher';
import type { EventSpool } from './event-spool';
import { ensurePrivateDir, writeFileAtomic } from './private-files';

/** The agent's note of the boot it announced, in the state dir. */
export const BOOT_FILE = 'agent-boot.json';

interface BootNote {
  boot_id: string;
  host: string;
  /** The boot event, kept so that a restart spools the very same event (same id), not another. */
  event: BootEvent;
  spooled: boolean;
}

function readNote(path: string): BootNote | undefined {
  try {
    const note = JSON.parse(readFileSync(path, 'utf8')) as BootNote;
    return typeof note.boot_id === 'string' && typeof note.event?.event_id === 'string'
      ? note
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Spools this boot's `boot` event once per boot and host, however often the agent starts. The
 * event is noted before it is spooled and the note marked after: a crash between the two spools
 * the noted event again, with its id, which JetStream and the log take once.
 */
export function spoolBootOnce(
  stateDir: string,
  spool: EventSpool,
  host: string,
  bootId: string,
  now: Date,
): { spooled: boolean; event: BootEvent } {
  ensurePrivateDir(stateDir);
  const path = join(stateDir, BOOT_FILE);
  let note = readNote(path);
  if (note?.boot_id !== bootId || note.host !== host) {
    note = {
      boot_id: bootId,
      host,
      event: bootEvent({ host, bootId, occurredAt: now }),
      spooled: false,
    };
    writeFileAtomic(path, `${JSON.stringify(note)}\n`);
  } else if (note.spooled) {
    return { spooled: false, event: note.event };
  }
  spool.add(note.event);
  writeFileAtomic(path, `${JSON.stringify({ ...note, spooled: true })}\n`);
  return { spooled: true, event: note.event };
}
