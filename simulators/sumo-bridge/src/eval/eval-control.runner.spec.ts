import { inPool } from './eval-control.runner';

describe(inPool.name, () => {
  it('runs at most `limit` tasks at once and keeps the items order in the results', async () => {
    let running = 0;
    let peak = 0;
    const sut = await inPool([30, 5, 20, 1, 10], 2, async (ms) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return ms * 2;
    });
    expect(sut).toEqual([60, 10, 40, 2, 20]);
    expect(peak).toBe(2);
  });

  it('runs everything one by one with a limit of 1, and nothing for no items', async () => {
    const order: number[] = [];
    await inPool([3, 1, 2], 1, async (n) => void order.push(n));
    expect(order).toEqual([3, 1, 2]);
    expect(await inPool([], 4, async () => 1)).toEqual([]);
  });
});
