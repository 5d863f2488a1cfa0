import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventLog } from '@authtrail/event-log';
import { newLogEntry } from '../test/fixtures/log-entries';
import { median } from './stats';
import { history } from './workload';

/**
 * The log's append in one process, without NATS: `entries` of the benchmarks' events appended in
 * transactions of `batch` to a new log file, with the tree hashed on the writer's thread and on a
 * thread of its own (`hashTreeOnThread`, as the service does), the two alternating `runs` times.
 * Wall time per entry is the writer's thread (what bounds ingest); CPU counts every thread.
 *
 *   node scripts/build.js && node scripts/build.js tsconfig.bench.json
 *   node dist/bench/log-append.js [entries=100000] [batch=500] [runs=3]
 */
type Mode = 'writer' | 'thread';

function appendRun(mode: Mode, entries: number, batch: number): { wall: number; cpu: number } {
  const dir = mkdtempSync(join(tmpdir(), 'authtrail-log-append-'));
  const log = new SqliteEventLog(join(dir, 'log.db'));
  if (mode === 'thread') {
    log.hashTreeOnThread((reason) => console.error(`the hashing thread failed: ${reason}`));
  }
  try {
    const all = history(entries).map((event, i) => newLogEntry(event, i + 1));
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < all.length; i += batch) log.append(all.slice(i, i + batch));
    const used = process.cpuUsage(cpu);
    return {
      wall: ((performance.now() - started) * 1000) / entries,
      cpu: (used.user + used.system) / entries,
    };
  } finally {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const [entries = 100_000, batch = 500, runs = 3] = process.argv.slice(2).map(Number);
  const figures: Record<Mode, { wall: number[]; cpu: number[] }> = {
    writer: { wall: [], cpu: [] },
    thread: { wall: [], cpu: [] },
  };
  for (let r = 0; r < runs; r++) {
    const order: Mode[] = r % 2 === 0 ? ['writer', 'thread'] : ['thread', 'writer'];
    for (const mode of order) {
      const { wall, cpu } = appendRun(mode, entries, batch);
      figures[mode].wall.push(wall);
      figures[mode].cpu.push(cpu);
      console.log(`${mode}: ${wall.toFixed(2)} µs an entry (wall), ${cpu.toFixed(2)} CPU`);
    }
  }
  for (const mode of ['writer', 'thread'] as const) {
    const { wall, cpu } = figures[mode];
    console.log(
      `${mode}, median of ${runs}: ${median(wall).toFixed(2)} µs an entry (wall), ` +
        `${median(cpu).toFixed(2)} CPU`,
    );
  }
}

main();
