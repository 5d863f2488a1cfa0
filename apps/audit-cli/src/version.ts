import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The version in the package.json of authtrail, found upwards from `dir` (the source and the
 * built file sit at different depths); `unknown` when there is none.
 */
export function packageVersion(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    try {
      const pkg = JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'authtrail' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look further up
    }
    if (dirname(at) === at) return 'unknown';
  }
}
