import type { SessionRow } from '@authtrail/contracts';
import { seededRandom } from '../../../test/fixtures/event-history';
import { SessionList } from './session-list';

const row = (id: string, seconds: number): SessionRow => ({
  id,
  current: false,
  internal: false,
  origin: '10.0.0.1:1',
  credentials: 'LOGIN_PASSWORD',
  credentials_data: { username: 'u' },
  created_at: { $date: seconds * 1000 },
});

/** The reference: rows by created_at, ties in the order added (a stable sort of the adds). */
class Reference {
  private rows: { row: SessionRow; n: number }[] = [];
  private n = 0;
  add(r: SessionRow) {
    this.rows.push({ row: r, n: this.n++ });
  }
  delete(id: string) {
    this.rows = this.rows.filter((e) => e.row.id !== id);
  }
  ids(): string[] {
    return [...this.rows]
      .sort((a, b) => a.row.created_at.$date - b.row.created_at.$date || a.n - b.n)
      .map((e) => e.row.id);
  }
}

describe('SessionList', () => {
  it('keeps rows by created_at, ties in the order added, through random adds and deletes', () => {
    const random = seededRandom(5);
    const list = new SessionList();
    const reference = new Reference();
    const live: string[] = [];
    for (let i = 0; i < 6000; i++) {
      if (live.length > 0 && random() < 0.35) {
        const [id] = live.splice(Math.floor(random() * live.length), 1);
        expect(list.delete(id)).toBe(true);
        reference.delete(id);
      } else {
        // Mostly in time order, a third late, many ties.
        const seconds = random() < 0.66 ? i : Math.floor(random() * i);
        const r = row(`r${i}`, Math.floor(seconds / 3));
        list.add(r);
        reference.add(r);
        live.push(r.id);
      }
    }
    expect(list.delete('nope')).toBe(false);
    expect(list.size).toBe(live.length);
    expect([...list.values()].map((r) => r.id)).toEqual(reference.ids());
    expect(list.toArray().map((r) => r.id)).toEqual(reference.ids());
    expect(list.get(live[0])?.id).toBe(live[0]);
  });

  it('gives iterators read across changes each row at most once, in order, and every row live all along', () => {
    for (const seed of [1, 2, 3, 4]) {
      const random = seededRandom(seed);
      const list = new SessionList();
      let next = 0;
      const add = () => {
        const seconds = random() < 0.5 ? next : Math.floor(random() * next);
        list.add(row(`r${next}`, seconds));
        next++;
      };
      for (let i = 0; i < 3000; i++) add();
      const atStart = new Set(list.toArray().map((r) => r.id));
      const deleted = new Set<string>();
      const iterator = list.values();
      const seen: SessionRow[] = [];
      for (;;) {
        // A slice of reading, then changes (late and new rows, deletes) before the next slice.
        let result: IteratorResult<SessionRow> | undefined;
        for (let k = Math.floor(random() * 50); k >= 0; k--) {
          result = iterator.next();
          if (result.done) break;
          seen.push(result.value);
        }
        if (result?.done) break;
        for (let k = Math.floor(random() * 40); k > 0; k--) {
          if (random() < 0.5) add();
          else {
            const victim = `r${Math.floor(random() * next)}`;
            if (list.delete(victim)) deleted.add(victim);
          }
        }
      }
      const ids = seen.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (let i = 1; i < seen.length; i++) {
        expect(seen[i].created_at.$date).toBeGreaterThanOrEqual(seen[i - 1].created_at.$date);
      }
      const livedThroughout = [...atStart].filter((id) => !deleted.has(id));
      expect(livedThroughout.filter((id) => !ids.includes(id))).toEqual([]);
      expect(iterator.next().done).toBe(true);
      list.add(row('after-the-end', 10 ** 9));
      expect(iterator.next().done).toBe(true);
    }
  });

  it('lets an iterator outlive the deletion of every row, and one begun empty see later rows', () => {
    const list = SessionList.of([row('a', 1), row('b', 2), row('c', 3)]);
    const iterator = list.values();
    expect(iterator.next().value?.id).toBe('a');
    for (const id of ['a', 'b', 'c']) list.delete(id);
    expect(iterator.next().done).toBe(true);
    const empty = new SessionList();
    const early = empty.values();
    empty.add(row('x', 5));
    expect([...early].map((r) => r.id)).toEqual(['x']);
  });
});
