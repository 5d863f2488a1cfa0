import { readFileSync } from 'node:fs';

const BOOT_ID_PATH = '/proc/sys/kernel/random/boot_id';

/** This machine's boot id (Linux), or undefined where the kernel does not expose one. */
export function readBootId(path = BOOT_ID_PATH): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
