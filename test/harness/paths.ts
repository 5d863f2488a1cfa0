import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The repository root: the nearest folder above this file with a package.json (also from dist/). */
function repoRoot(from: string): string {
  let dir = from;
  while (
    !existsSync(resolve(dir, 'package.json')) ||
    existsSync(resolve(dir, 'tsconfig.build.json')) === false
  ) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${from}`);
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = repoRoot(__dirname);
/** The seed's events and the tables the CLI must print for them, kept in the repository. */
export const SEED_DIR = resolve(REPO_ROOT, 'test', 'fixtures', 'seed');
export const SERVICE_MAIN = resolve(REPO_ROOT, 'dist', 'apps', 'audit-service', 'src', 'main.js');
export const CLI_BIN = resolve(REPO_ROOT, 'bin', 'authtrail');
