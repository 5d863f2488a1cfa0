import { LoopDemand } from './loop-demand';

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
});
