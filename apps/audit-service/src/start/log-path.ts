import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '@authtrail/nats-config';

const VARIABLE = 'AUTHTRAIL_DB';

function refuse(path: string, cause: string): never {
  throw new ConfigError(`${VARIABLE}=${path}: ${cause}`);
}

function kind(path: string): 'file' | 'directory' | 'other' | undefined {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other';
  } catch (error) {
    // ENOTDIR: a parent is a file, which the walk up names.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/**
 * Makes sure the log's file can be created or opened for writing before SQLite is given it, so
 * that a wrong AUTHTRAIL_DB is one line naming the path and the cause. Creates the missing
 * folders one at a time, owner-only: a recursive mkdir loops for ever under /proc. `path` is
 * absolute.
 */
export function prepareLogPath(path: string): void {
  const existing = kind(path);
  if (existing === 'directory') refuse(path, 'is a directory; give the path of the log file in it');
  if (existing === 'other') refuse(path, 'is not a regular file');
  const missing: string[] = [];
  let dir = dirname(path);
  for (;;) {
    const found = kind(dir);
    if (found === 'directory') break;
    if (found !== undefined) refuse(path, `${dir} is not a directory`);
    missing.unshift(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode: 0o700 });
    } catch (error) {
      refuse(path, `cannot create the directory ${folder} (${(error as Error).message})`);
    }
  }
  const folder = dirname(path);
  const uid = process.getuid?.();
  const user = uid === undefined ? 'this user' : `this user (uid ${uid})`;
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch {
    refuse(path, `the directory ${folder} is not writable by ${user}`);
  }
  if (existing === 'file') {
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch {
      refuse(path, `the file is not readable and writable by ${user}`);
    }
  }
}
