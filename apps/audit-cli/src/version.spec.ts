import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageVersion } from './version';

describe('packageVersion', () => {
  it("is the version of authtrail's package.json, found from a directory below it", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(packageVersion(__dirname)).toBe(pkg.version);
    expect(packageVersion('/')).toBe('unknown');
  });
});
