import { LoopDemand, QUERIES_RECENT_MS } from './loop-demand';

describe('LoopDemand', () => {
  it('says ingest waits while the transport counts messages, and nothing before it is told', () => {
    const demand = new LoopDemand();
    expect(demand.ingestWaiting).toBe(false);
    let waiting = 3;
    demand.watchBacklog(() => waiting);
    expect(demand.ingestWaiting).toBe(true);
    waiting = 0;
    expect(demand.ingestWaiting).toBe(false);
  });

  it('says queries come from a query on, for QUERIES_RECENT_MS', () => {
    const demand = new LoopDemand();
    expect(demand.queriesRecently).toBe(false);
    const now = jest.spyOn(performance, 'now').mockReturnValue(10_000);
    try {
      demand.queried();
      expect(demand.queriesRecently).toBe(true);
      now.mockReturnValue(10_000 + QUERIES_RECENT_MS - 1);
      expect(demand.queriesRecently).toBe(true);
      now.mockReturnValue(10_000 + QUERIES_RECENT_MS);
      expect(demand.queriesRecently).toBe(false);
    } finally {
      now.mockRestore();
    }
  });
});
