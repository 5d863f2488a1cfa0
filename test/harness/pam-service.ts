import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PAM_DIR = '/etc/pam.d';

export interface PamRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** These tests write PAM services into /etc/pam.d, which only root may. */
export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `the PAM tests write ${PAM_DIR}/authtrail-test-* and run pamtester: run them as root (CI does)`,
    );
  }
}

/** A PAM service of its own (/etc/pam.d/authtrail-test-<random>), removed by remove(). */
export class PamService {
  private constructor(
    readonly name: string,
    readonly path: string,
  ) {}

  static create(lines: string[]): PamService {
    const name = `authtrail-test-${randomBytes(6).toString('hex')}`;
    const path = join(PAM_DIR, name);
    writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o644, flag: 'wx' });
    return new PamService(name, path);
  }

  /** `pamtester -v [-I item]... <service> <user> <operation>...`, the input on its stdin. */
  run(user: string, operations: string[], items: string[] = [], input = ''): Promise<PamRun> {
    return new Promise((resolve) => {
      const child = execFile(
        'pamtester',
        ['-v', ...items.flatMap((item) => ['-I', item]), this.name, user, ...operations],
        { timeout: 30_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      child.stdin?.end(input);
    });
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
