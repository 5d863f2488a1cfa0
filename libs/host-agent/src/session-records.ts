import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, removeFile, writeFileAtomic } from './private-files';
import { parseSessionRecord, type SessionRecord } from './session-record';

/** The folder of the state dir holding one file per open PAM session. */
export const SESSIONS_DIR = 'sessions';

/** The open PAM sessions of this host, one owner-only file each, named by sessionKey. */
export class SessionRecords {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, SESSIONS_DIR);
    ensurePrivateDir(stateDir);
    ensurePrivateDir(this.dir);
  }

  get(key: string): SessionRecord | undefined {
    try {
      return parseSessionRecord(readFileSync(this.path(key), 'utf8'));
    } catch {
      return undefined;
    }
  }

  put(key: string, record: SessionRecord): void {
    writeFileAtomic(this.path(key), `${JSON.stringify(record)}\n`);
  }

  remove(key: string): void {
    removeFile(this.path(key));
  }

  /** The record of session `sessionId`, with its key, if one is open. */
  find(sessionId: string): { key: string; record: SessionRecord } | undefined {
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      const key = name.slice(0, -'.json'.length);
      const record = this.get(key);
      if (record?.session_id === sessionId) return { key, record };
    }
    return undefined;
  }

  private path(key: string): string {
    return join(this.dir, `${key}.json`);
  }
}
