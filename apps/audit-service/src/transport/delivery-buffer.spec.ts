import { BACKLOG, DeliveryBuffer, GATHER_MS, worthGathering } from './delivery-buffer';

const msg = (id: number, pending = 0) => ({ id, info: { pending } });

describe('worthGathering', () => {
  it('waits while a backlog is pending, the batch is not full and time is left', () => {
    expect(worthGathering([msg(1, BACKLOG)], 500, 0, 20)).toBe(true);
  });

  it('commits at once for live traffic, a full batch, or when the time is up', () => {
    expect(worthGathering([msg(1, BACKLOG - 1)], 500, 0, 20)).toBe(false);
    expect(worthGathering([msg(1, 0), msg(2, BACKLOG)], 2, 0, 20)).toBe(false);
    expect(worthGathering([msg(1, BACKLOG)], 500, 20, 20)).toBe(false);
    expect(worthGathering([], 500, 0, 20)).toBe(false);
  });

  it('reads the backlog from the last message delivered', () => {
    expect(worthGathering([msg(1, 1000), msg(2, 3)], 500, 0, 20)).toBe(false);
  });
});

describe('DeliveryBuffer', () => {
  const running = () => true;
  /** Whether `work` settles before the next timer could fire. */
  const settlesAtOnce = async (work: Promise<void>) => {
    let settled = false;
    void work.then(() => (settled = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    return settled;
  };

  it('hands messages out oldest first, and a batch put back goes first again', () => {
    const buffer = new DeliveryBuffer<ReturnType<typeof msg>>();
    for (const id of [1, 2, 3, 4]) buffer.push(msg(id));
    const batch = buffer.take(2);
    expect(batch.map((m) => m.id)).toEqual([1, 2]);
    buffer.putBack(batch);
    expect(buffer.drain().map((m) => m.id)).toEqual([1, 2, 3, 4]);
    expect(buffer.size).toBe(0);
  });

  it('counts as its backlog what it holds and what the newest delivery said the server holds', () => {
    const buffer = new DeliveryBuffer<ReturnType<typeof msg>>();
    expect(buffer.backlog).toBe(0);
    buffer.push(msg(1, 700));
    buffer.push(msg(2, 698));
    expect(buffer.backlog).toBe(700);
    buffer.take(2);
    expect(buffer.backlog).toBe(698);
    buffer.push(msg(3, 0));
    buffer.take(1);
    expect(buffer.backlog).toBe(0);
  });

  it('ends a wait at the next delivery, or when woken up', async () => {
    const buffer = new DeliveryBuffer<ReturnType<typeof msg>>();
    const delivered = buffer.waitForMore();
    buffer.push(msg(1));
    await delivered;
    const woken = buffer.waitForMore();
    buffer.wakeUp();
    await woken;
    expect(buffer.size).toBe(1);
  });

  it('does not gather for live traffic', async () => {
    const buffer = new DeliveryBuffer<ReturnType<typeof msg>>();
    buffer.push(msg(1, 3));
    await expect(settlesAtOnce(buffer.gather(500, running))).resolves.toBe(true);
  });

  it('gathers a backlog for at most GATHER_MS', async () => {
    const buffer = new DeliveryBuffer<ReturnType<typeof msg>>();
    buffer.push(msg(1, 1000));
    const started = performance.now();
    await buffer.gather(500, running);
    expect(performance.now() - started).toBeGreaterThanOrEqual(GATHER_MS - 1);
  });

  it('stops gathering once the batch is full, or the loop stops', async () => {
    const buffer = new DeliveryBuffer<ReturnType<typeof msg>>();
    buffer.push(msg(1, 1000));
    const full = buffer.gather(2, running);
    buffer.push(msg(2, 999));
    await expect(settlesAtOnce(full)).resolves.toBe(true);
    let on = true;
    const stopping = buffer.gather(500, () => on);
    await expect(settlesAtOnce(stopping)).resolves.toBe(false);
    on = false;
    buffer.wakeUp();
    await expect(settlesAtOnce(stopping)).resolves.toBe(true);
  });
});
