import { closeSync, copyFileSync, fsyncSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventLog } from '@authtrail/event-log';
import { treeHash } from '@authtrail/merkle';
import { withBenchStack } from './bench-stack';
import { makeSchema2 } from './older-log';
import { checkpointOfWholeLog } from './proofs.bench';
import { seedAuditLog } from './seed-log';
import { median, round, spread } from './stats';

/** The upgrade's progress lines on the service's standard error. */
const PROGRESS_LINE = /^authtrail: upgrading the log: tree hashes of \d+\/\d+ entries$/gm;

/** How long a start may take before the run gives up on it (the target is 30 s). */
const START_TIMEOUT_MS = 600_000;

export interface UpgradeFigures {
  entries: number;
  schema2_file_mib: number;
  upgraded_file_mib: number;
  /** Each round's service start to ready on a schema-2 copy (the upgrade included). */
  service_start_ms: { median: number; spread: number; each: number[] };
  /** Each round's bare `new SqliteEventLog(path)` on a schema-2 copy, in this process. */
  open_ms: { median: number; spread: number; each: number[] };
  /** How many progress lines each service start wrote to its standard error; the last round's. */
  progress_lines: number[];
  progress_lines_last_round: string[];
  rounds: number;
}

const mib = (path: string) => round(statSync(path).size / 2 ** 20, 1);

/** Copies the schema-2 file to `to`, on disk before the timing starts. */
function freshCopy(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${to}${suffix}`, { force: true });
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  fsyncSync(fd);
  closeSync(fd);
}

/** The base64 root of the tree of `size` the log at `path` stores. */
function storedRoot(path: string, size: number): string {
  const log = new SqliteEventLog(path, { readonly: true });
  try {
    return Buffer.from(treeHash(size, log.treeReader())).toString('base64');
  } finally {
    log.close();
  }
}

const figure = (values: number[]) => ({
  median: round(median(values), 1),
  spread: round(spread(values), 1),
  each: values.map((ms) => round(ms, 1)),
});

/**
 * A log of `count` entries written by this build, made a schema-2 file, then in each round: the
 * service started on a copy of it (it builds the tree before it is ready), and this process's
 * bare open of another copy (the same upgrade, nothing else). Each upgraded tree must have the
 * root the log had before it was made schema 2.
 */
export function upgradeScenario(count: number, rounds: number): Promise<UpgradeFigures> {
  return withBenchStack('upgrade', async ({ dir, db, nc, service }) => {
    const older = join(dir, 'schema2.db');
    await seedAuditLog(older, count);
    const root = storedRoot(older, count);
    makeSchema2(older);
    const bare = join(dir, 'bare.db');
    const starts: number[] = [];
    const opens: number[] = [];
    const progress: string[][] = [];
    for (let r = 0; r < rounds; r++) {
      freshCopy(older, db);
      let started = performance.now();
      await service.start('ready:', START_TIMEOUT_MS);
      starts.push(performance.now() - started);
      progress.push(service.stderr.match(PROGRESS_LINE) ?? []);
      const checkpoint = await checkpointOfWholeLog(nc, count);
      if (checkpoint.root !== root) {
        throw new Error(`the service's upgraded tree has root ${checkpoint.root}, not ${root}`);
      }
      await service.stop();

      freshCopy(older, bare);
      started = performance.now();
      const log = new SqliteEventLog(bare);
      opens.push(performance.now() - started);
      log.close();
      const opened = storedRoot(bare, count);
      if (opened !== root) throw new Error(`the opened tree has root ${opened}, not ${root}`);
    }
    return {
      entries: count,
      schema2_file_mib: mib(older),
      upgraded_file_mib: mib(bare),
      service_start_ms: figure(starts),
      open_ms: figure(opens),
      progress_lines: progress.map((lines) => lines.length),
      progress_lines_last_round: progress.at(-1) ?? [],
      rounds,
    };
  });
}
