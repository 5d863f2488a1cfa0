import type { SessionRow } from '@authtrail/contracts';

/** A stored row with its place: created_at, then the order in which rows were added. */
interface Placed {
  readonly row: SessionRow;
  readonly at: number;
  readonly ord: number;
}

/** Rows per chunk when rows are appended; a chunk that grows past twice this is split. */
const CHUNK = 512;

const after = (a: Placed, at: number, ord: number) => a.at > at || (a.at === at && a.ord > ord);

/**
 * The live sessions of one boot: by id, and in created_at order (ties in the order added), in
 * sorted chunks. Appending a row newer than every other is O(1), any other insert or delete
 * O(log n + chunk size), where rebuilding one ordered Map made a late login O(n).
 *
 * Iterators stay valid while rows are added and deleted between their steps (a query may read a
 * host's rows over several turns of the event loop while entries are applied): each remembers
 * the place of the last row it gave and, after any change, goes on from the first row placed
 * after it. So an iterator never throws, gives each row at most once, and gives every row that
 * is live all along. Rows themselves are never changed.
 */
export class SessionList {
  private readonly byId = new Map<string, Placed>();
  private readonly chunks: Placed[][] = [];
  private nextOrd = 0;
  /** Changes with every insert or delete; iterators compare it to know their place is stale. */
  private version = 0;

  /** A list of rows already in order (a snapshot's). */
  static of(rows: Iterable<SessionRow>): SessionList {
    const list = new SessionList();
    for (const row of rows) list.add(row);
    return list;
  }

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): SessionRow | undefined {
    return this.byId.get(id)?.row;
  }

  /** Adds a row whose id is not in the list. */
  add(row: SessionRow): void {
    const placed: Placed = { row, at: row.created_at.$date, ord: this.nextOrd++ };
    this.byId.set(row.id, placed);
    this.version++;
    const last = this.chunks.at(-1);
    if (!last || placed.at >= last[last.length - 1].at) {
      if (last && last.length < CHUNK) last.push(placed);
      else this.chunks.push([placed]);
      return;
    }
    const c = this.chunkAfter(placed.at, placed.ord);
    const chunk = this.chunks[c];
    chunk.splice(indexAfter(chunk, placed.at, placed.ord), 0, placed);
    if (chunk.length > 2 * CHUNK)
      this.chunks.splice(c, 1, chunk.slice(0, CHUNK), chunk.slice(CHUNK));
  }

  delete(id: string): boolean {
    const placed = this.byId.get(id);
    if (!placed) return false;
    this.byId.delete(id);
    this.version++;
    const c = this.chunkAfter(placed.at, placed.ord - 1);
    const chunk = this.chunks[c];
    chunk.splice(indexAfter(chunk, placed.at, placed.ord - 1), 1);
    const next = this.chunks[c + 1];
    if (chunk.length === 0) this.chunks.splice(c, 1);
    else if (next && chunk.length + next.length <= CHUNK) {
      chunk.push(...next);
      this.chunks.splice(c + 1, 1);
    }
    return true;
  }

  /** The rows in order; see the class comment for what holds while the list changes. */
  values(): IterableIterator<SessionRow> {
    return new RowIterator(this, this.chunks);
  }

  /** Counts inserts and deletes: an iterator whose count differs re-finds its place. */
  get changes(): number {
    return this.version;
  }

  [Symbol.iterator](): IterableIterator<SessionRow> {
    return this.values();
  }

  toArray(): SessionRow[] {
    const rows: SessionRow[] = [];
    for (const chunk of this.chunks) for (const placed of chunk) rows.push(placed.row);
    return rows;
  }

  /** Index of the first chunk holding a row placed after (at, ord); chunks.length if none. */
  chunkAfter(at: number, ord: number): number {
    let low = 0;
    let high = this.chunks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const chunk = this.chunks[mid];
      if (after(chunk[chunk.length - 1], at, ord)) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

/** Index of the first row of `chunk` placed after (at, ord). */
function indexAfter(chunk: readonly Placed[], at: number, ord: number): number {
  let low = 0;
  let high = chunk.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (after(chunk[mid], at, ord)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** An iterator of a `SessionList` (a class: it reads faster than a generator or a closure). */
class RowIterator implements IterableIterator<SessionRow> {
  private version: number;
  private c = 0;
  private i = 0;
  private at = Number.NEGATIVE_INFINITY;
  private ord = Number.NEGATIVE_INFINITY;
  private done = false;

  constructor(
    private readonly list: SessionList,
    private readonly chunks: readonly (readonly Placed[])[],
  ) {
    this.version = list.changes;
  }

  next(): IteratorResult<SessionRow> {
    if (this.done) return { done: true, value: undefined };
    const { chunks } = this;
    if (this.version !== this.list.changes) {
      this.version = this.list.changes;
      this.c = this.list.chunkAfter(this.at, this.ord);
      this.i = this.c < chunks.length ? indexAfter(chunks[this.c], this.at, this.ord) : 0;
    }
    let chunk = chunks[this.c];
    while (chunk && this.i >= chunk.length) {
      chunk = chunks[++this.c];
      this.i = 0;
    }
    if (!chunk) {
      this.done = true;
      return { done: true, value: undefined };
    }
    const placed = chunk[this.i++];
    this.at = placed.at;
    this.ord = placed.ord;
    return { done: false, value: placed.row };
  }

  [Symbol.iterator](): IterableIterator<SessionRow> {
    return this;
  }
}
