import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteTree, TREE_SCHEMA } from '../libs/event-log/src/sqlite-tree';
import { median } from './stats';

export interface TreeFigures {
  leaves: number;
  /** Wall time of SqliteTree.append per leaf (hashes and row insert, batches of 500), µs. */
  append_us: number;
  /** CPU time of the same, per leaf, µs. */
  append_cpu_us: number;
  /** SqliteTree.problemAt per leaf over the rows just written (what verification adds), µs. */
  check_us: number;
}

/** A leaf text of about the size of a login entry's canonical text. */
const leafText = (i: number) =>
  `{"boot_id":"6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d","event":{"kind":"login","pad":"${'x'.repeat(
    450,
  )}"},"seq":${i}}`;

/**
 * The Merkle tree's own share of an append and of a verification, in one process with no NATS:
 * `leaves` appends to a fresh tree table in transactions of 500 (as ingest commits), then the
 * check of every row as `audit verify` makes it. Medians of `rounds`.
 */
export function treeScenario(leaves: number, rounds: number): TreeFigures {
  const texts = Array.from({ length: leaves }, (_, i) => leafText(i + 1));
  const append: number[] = [];
  const appendCpu: number[] = [];
  const check: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'authtrail-bench-tree-'));
    const db = new Database(join(dir, 'tree.db'));
    try {
      db.pragma('journal_mode = WAL');
      db.exec(TREE_SCHEMA);
      const tree = new SqliteTree(db);
      const batch = db.transaction((from: number, to: number) => {
        for (let seq = from; seq < to; seq++) tree.append(seq, texts[seq - 1]);
        tree.flush();
      });
      const cpu = process.cpuUsage();
      let started = performance.now();
      for (let seq = 1; seq <= leaves; seq += 500) batch(seq, Math.min(seq + 500, leaves + 1));
      append.push(((performance.now() - started) * 1000) / leaves);
      const used = process.cpuUsage(cpu);
      appendCpu.push((used.user + used.system) / leaves);

      const checker = new SqliteTree(db);
      started = performance.now();
      for (let seq = 1; seq <= leaves; seq++) {
        const problem = checker.problemAt(seq, texts[seq - 1]);
        if (problem !== undefined) throw new Error(problem);
      }
      check.push(((performance.now() - started) * 1000) / leaves);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const round2 = (x: number) => Number(x.toFixed(2));
  return {
    leaves,
    append_us: round2(median(append)),
    append_cpu_us: round2(median(appendCpu)),
    check_us: round2(median(check)),
  };
}
