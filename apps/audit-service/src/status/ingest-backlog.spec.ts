import { IngestBacklog } from './ingest-backlog';

describe('IngestBacklog', () => {
  it('says ingest waits while the transport counts messages, and nothing before it is told', () => {
    const backlog = new IngestBacklog();
    expect(backlog.ingestWaiting).toBe(false);
    let waiting = 3;
    backlog.watchBacklog(() => waiting);
    expect(backlog.ingestWaiting).toBe(true);
    waiting = 0;
    expect(backlog.ingestWaiting).toBe(false);
  });
});
