import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImageWithoutDocker } from '../harness/image-build';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { letOthersPassTo } from '../harness/others-may-pass';
import { REPO_ROOT } from '../harness/paths';
import { waitFor } from '../harness/wait-for';

/** The image's user stands for `nobody` here (no Docker daemon, and no `node` user). */
const NOBODY = { uid: 65_534, gid: 65_534 };
const DOCKERFILE = join(REPO_ROOT, 'Dockerfile');

describe('the Docker image, built from exactly what the Dockerfile copies', () => {
  let dir: string;
  let nats: NatsServerHandle;

  beforeAll(async () => {
    // The stage links the checkout's node_modules: its user must be able to reach them.
    letOthersPassTo(join(REPO_ROOT, 'node_modules'));
    dir = mkdtempSync(join(tmpdir(), 'authtrail-image-'));
    // Others may pass through, not write: only what the Dockerfile makes the user's is writable.
    chmodSync(dir, 0o755);
    nats = await startNatsServer();
  });

  afterAll(async () => {
    await nats.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs as a non-root user and gets ready with its log in the volume', async () => {
    const image = buildImageWithoutDocker(DOCKERFILE, dir, NOBODY);
    expect(existsSync(join(image.cwd, 'dist', 'bench'))).toBe(false);
    expect(image.env.AUTHTRAIL_DB).toBeDefined();
    const dbPath = image.env.AUTHTRAIL_DB;
    // The volume the compose file mounts is there, empty, and the image's user's.
    expect(image.volumes).toContain(join(dbPath, '..'));
    const volume = statSync(join(dbPath, '..'));
    expect([volume.uid, volume.gid]).toEqual([NOBODY.uid, NOBODY.gid]);

    const child = spawn(image.argv[0], image.argv.slice(1), {
      cwd: image.cwd,
      env: { PATH: process.env.PATH ?? '', ...image.env, NATS_URL: nats.url },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...NOBODY,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitFor(
        `the image's service to be ready (steps: ${image.steps.join('; ')})`,
        () => (output.includes('ready:') ? true : child.exitCode !== null ? false : undefined),
        30_000,
      );
      expect(output).toContain(`ready: stream AUTH_EVENTS, consumer authtrail, log ${dbPath}`);
      expect(statSync(dbPath).uid).toBe(NOBODY.uid);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
