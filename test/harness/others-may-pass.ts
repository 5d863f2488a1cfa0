import { chmodSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Lets other users pass through every folder above `path` (adds the execute bit for others where
 * it is missing), so that a test running a process as `nobody` can reach the repository's build
 * and node_modules wherever the checkout is: a clone inside a `mktemp -d` folder (mode 0700)
 * would otherwise hide them. Nothing is made readable or writable that was not.
 */
export function letOthersPassTo(path: string): void {
  let dir = realpathSync(path);
  for (;;) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}
