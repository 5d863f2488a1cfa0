import { IngestStatus, type BatchFigures } from './ingest-status';

describe('IngestStatus', () => {
  it('is healthy until a commit fails', () => {
    expect(new IngestStatus().health).toEqual({ failing: false });
  });

  it('keeps when the failing began and the latest error', () => {
    const status = new IngestStatus();
    status.failed(new Error('disk I/O error'), new Date('2026-01-02T03:04:05.000Z'));
    status.failed(new Error('database is locked'), new Date('2026-01-02T03:04:09.000Z'));
    expect(status.health).toEqual({
      failing: true,
      since: '2026-01-02T03:04:05.000Z',
      lastError: 'database is locked',
    });
  });

  it('forgets the failure once a batch commits', () => {
    const status = new IngestStatus();
    status.failed(new Error('disk I/O error'));
    status.committed();
    expect(status.health).toEqual({ failing: false });
    status.failed(new Error('again'), new Date('2026-01-02T03:05:00.000Z'));
    expect(status.health.since).toBe('2026-01-02T03:05:00.000Z');
  });

  it('hands each batch to every listener, at once', () => {
    const status = new IngestStatus();
    const seen: BatchFigures[][] = [[], []];
    status.onBatch((figures) => seen[0].push(figures));
    status.onBatch((figures) => seen[1].push(figures));
    const figures: BatchFigures = {
      size: 3,
      seconds: 0.002,
      appended: [{ kind: 'login' }],
      deadLetters: 1,
      duplicates: 1,
    };
    status.batch(figures);
    expect(seen).toEqual([[figures], [figures]]);
  });
});
