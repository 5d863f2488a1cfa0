import { isUuid } from './event-checks';
import { uuidv7 } from './uuid-v7';

describe('uuidv7', () => {
  it('is a version 7 UUID carrying its millisecond timestamp', () => {
    const at = Date.UTC(2023, 6, 25, 17, 54, 49, 123);
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isUuid(id)).toBe(true);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts as text in time order across milliseconds', () => {
    const ids = [5, 1_000, 2_000_000_000_000, 2_000_000_000_001].map((ms) => uuidv7(ms));
    expect([...ids].sort()).toEqual(ids);
  });
});
