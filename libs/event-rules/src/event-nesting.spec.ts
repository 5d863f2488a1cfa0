import { nestsDeeperThan } from './event-nesting';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { d: value };
  return value;
};

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, the outermost as level 1', () => {
    expect(nestsDeeperThan(1, 0)).toBe(false);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan(nested(32), 32)).toBe(false);
    expect(nestsDeeperThan(nested(33), 32)).toBe(true);
  });

  it('walks without recursion, so no depth blows the stack', () => {
    expect(nestsDeeperThan(nested(200_000), 32)).toBe(true);
  });
});
