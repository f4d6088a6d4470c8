import { axisFormatter, tickDigits } from './chart-format';

describe(tickDigits.name, () => {
  it('uses the fewest decimals that keep neighbouring ticks apart', () => {
    expect([0, 2, 2.5, 0.25, 0.125, 1 / 3].map(tickDigits)).toEqual([0, 0, 1, 2, 3, 3]);
    expect([0, 0.5, 1, 1.5].map(axisFormatter('en'))).toEqual(['0', '0.5', '1', '1.5']);
    expect(axisFormatter('zh-CN')(12_500)).toBe('12,500');
  });
});
