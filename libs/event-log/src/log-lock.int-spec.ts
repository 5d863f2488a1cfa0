import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { transpileModule, ModuleKind, ScriptTarget } from 'typescript';
import { LogLock, LogLockedError, lockPathOf } from './log-lock';
import { SqliteAuditReader } from './sqlite-audit-reader';
import { SqliteEventLog } from './sqlite-event-log';

/** This very module, compiled for a child node process (no build needed). */
function compiledLockModule(dir: string): string {
  const source = readFileSync(join(__dirname, 'log-lock.ts'), 'utf8');
  const js = transpileModule(source, {
    compilerOptions: {
      module: ModuleKind.CommonJS,
      target: ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText.replace(
    /require\("better-sqlite3"\)/,
    `require(${JSON.stringify(require.resolve('better-sqlite3'))})`,
  );
  const path = join(dir, 'log-lock.js');
  writeFileSync(path, js);
  return path;
}

/** A child process that takes the lock of `logPath` and holds it until it is killed. */
async function childHolding(modulePath: string, logPath: string): Promise<ChildProcess> {
  const script = `const { LogLock } = require(${JSON.stringify(modulePath)});
    LogLock.acquire(${JSON.stringify(logPath)});
    process.stdout.write('locked\\n');
    setInterval(() => undefined, 60_000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('locked')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${output}`)));
  });
  return child;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('LogLock: one writer per log file', () => {
  let dir: string;
  let logPath: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-lock-'));
    logPath = join(dir, 'log.db');
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => killed(child)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second writer in the same process, naming the file and the holder', () => {
    const first = new SqliteEventLog(logPath);
    try {
      let refused: unknown;
      try {
        new SqliteEventLog(logPath);
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(LogLockedError);
      const error = refused as LogLockedError;
      expect(error.owner).toEqual({
        pid: process.pid,
        host: hostname(),
        started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      });
      expect(error.message).toContain(logPath);
      expect(error.message).toContain(`pid ${process.pid}`);
      expect(error.message).not.toContain('\n');
      // The holder still writes.
      expect(first.lastSeq()).toBe(0);
      expect(first.append([], 7).appended).toEqual([]);
      expect(first.handledStreamSeq()).toBe(7);
    } finally {
      first.close();
    }
  });

  it('is released on close: the next writer opens the log', () => {
    new SqliteEventLog(logPath).close();
    const again = new SqliteEventLog(logPath);
    again.close();
  });

  it('leaves readers alone while a writer holds it', async () => {
    const writer = new SqliteEventLog(logPath);
    try {
      const readOnly = new SqliteEventLog(logPath, { readonly: true });
      readOnly.close();
      const reader = new SqliteAuditReader(logPath);
      try {
        expect((await reader.verify()).ok).toBe(true);
      } finally {
        reader.close();
      }
    } finally {
      writer.close();
    }
  });

  it('is created owner-only beside the log', () => {
    const log = new SqliteEventLog(logPath);
    try {
      expect(lockPathOf(logPath)).toBe(`${logPath}-lock`);
      expect(statSync(lockPathOf(logPath)).mode & 0o777).toBe(0o600);
    } finally {
      log.close();
    }
  });

  it('refuses a writer while another process holds it, and is freed when that one is SIGKILLed', async () => {
    const child = await childHolding(compiledLockModule(dir), logPath);
    children.push(child);
    expect(() => new SqliteEventLog(logPath)).toThrow(
      new RegExp(`already open for writing by pid ${child.pid} on `),
    );
    await killed(children.splice(0)[0]);
    const log = new SqliteEventLog(logPath);
    log.close();
  });

  it('holds against another process until released', async () => {
    const lock = LogLock.acquire(logPath);
    let childOutput = '';
    const script = `const { LogLock } = require(${JSON.stringify(compiledLockModule(dir))});
      try { LogLock.acquire(${JSON.stringify(logPath)}); process.stdout.write('acquired'); }
      catch (error) { process.stdout.write(error.name + ': ' + error.message); }`;
    const tryOnce = () =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ['-e', script], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        childOutput = '';
        child.stdout?.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));
        child.once('close', () => resolve(childOutput));
      });
    const refused = await tryOnce();
    expect(refused).toMatch(/^LogLockedError: /);
    expect(refused).toContain(`${logPath} is already open for writing by pid ${process.pid} on `);
    lock.release();
    expect(await tryOnce()).toBe('acquired');
  });
});
