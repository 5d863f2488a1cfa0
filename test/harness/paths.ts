import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
/** The project's shared folder (contract, reference, fixtures): beside the repository. */
export const SHARED_DIR = process.env.AUTHTRAIL_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared');
export const SEED_DIR = resolve(SHARED_DIR, 'fixtures', 'seed');
export const SERVICE_MAIN = resolve(REPO_ROOT, 'dist', 'apps', 'audit-service', 'src', 'main.js');
export const CLI_BIN = resolve(REPO_ROOT, 'bin', 'authtrail');
