import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBootId } from './boot-id';

describe('readBootId', () => {
  it('reads and trims the file, and is undefined where there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'authtrail-boot-'));
    try {
      const file = join(dir, 'boot_id');
      writeFileSync(file, '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d\n');
      expect(readBootId(file)).toBe('6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d');
      expect(readBootId(join(dir, 'missing'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
