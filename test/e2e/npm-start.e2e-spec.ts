import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { REPO_ROOT } from '../harness/paths';
import { ServiceProcess } from '../harness/service-process';
import { waitFor } from '../harness/wait-for';

const BUILD_SCRIPT = join(REPO_ROOT, 'scripts', 'build.js');

/** What scripts/build.js says about the build of the tree at `root`. */
function staleReason(root: string): string | null {
  const code = `process.stdout.write(JSON.stringify(require(${JSON.stringify(BUILD_SCRIPT)}).staleReason(${JSON.stringify(root)}) ?? null))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' })) as
    string | null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-npm-start-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds only when a source is newer than the last build', () => {
    const root = join(dir, 'tree');
    mkdirSync(join(root, 'apps', 'x'), { recursive: true });
    mkdirSync(join(root, 'dist'));
    const source = join(root, 'apps', 'x', 'main.ts');
    const spec = join(root, 'apps', 'x', 'main.spec.ts');
    writeFileSync(source, '');
    writeFileSync(spec, '');
    const stamp = join(root, 'dist', '.build-stamp');
    const at = (path: string, seconds: number) =>
      utimesSync(path, new Date(seconds * 1000), new Date(seconds * 1000));
    expect(staleReason(root)).toBe('no build yet');
    writeFileSync(stamp, '');
    at(source, 1_000);
    at(spec, 1_000);
    at(stamp, 2_000);
    expect(staleReason(root)).toBeNull();
    at(spec, 3_000); // a test is not built
    expect(staleReason(root)).toBeNull();
    at(source, 3_000);
    expect(staleReason(root)).toBe('a source under apps/ is newer than the build');
  });

  describe('against a NATS server', () => {
    let nats: NatsServerHandle;

    beforeAll(async () => {
      nats = await startNatsServer();
    });

    afterAll(() => nats.dispose());

    it('does not build a built checkout again, and stops the service with the npm process', async () => {
      const dbPath = join(dir, 'a.db');
      const npm = spawn('npm', ['start'], {
        cwd: REPO_ROOT,
        env: { ...process.env, NATS_URL: nats.url, AUTHTRAIL_DB: dbPath, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      let servicePid: number | undefined;
      try {
        const ready = await waitFor(
          'npm start to be ready',
          () => /\{[^\n]*"message":"ready: [^\n]*/.exec(output)?.[0],
          30_000,
        );
        servicePid = (JSON.parse(ready) as { pid: number }).pid;
        // The test runs after `npm run build`: nothing is newer than that build.
        expect(output).not.toContain('authtrail: building');

        npm.kill('SIGTERM');
        const pid = servicePid;
        await waitFor('the service to end', () => (alive(pid) ? undefined : true), 20_000);
        expect(output).toMatch(/"message":"stopped"/);
      } finally {
        npm.kill('SIGKILL');
        if (servicePid !== undefined && alive(servicePid)) process.kill(servicePid, 'SIGKILL');
      }
      // The log's writer lock went with it: another service starts on the same file.
      const next = new ServiceProcess({ NATS_URL: nats.url, AUTHTRAIL_DB: dbPath });
      await next.start();
      expect(await next.stop()).toBe(0);
    }, 60_000);
  });
});
