import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

/** One file of the console's front end, held in memory with its ETag. */
export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Where the build puts the front end (scripts/build.js): dist/apps/console-web. */
export const ASSET_DIR = join(__dirname, '..', '..', '..', 'console-web');

/**
 * The front end's files by their path under ASSET_DIR ("index.html", "pages/hosts.js"), read once
 * at start: only these paths are ever served, each with a strong ETag of its content.
 */
export function loadAssets(dir = ASSET_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(dir)) return assets;
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (TYPES[extname(name)]) {
        const body = readFileSync(path);
        const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
        const key = relative(dir, path).split('\\').join('/');
        assets.set(key, { body, type: TYPES[extname(name)], etag });
      }
    }
  };
  walk(dir);
  return assets;
}
