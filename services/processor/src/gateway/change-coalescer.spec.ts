import { ChangeCoalescer } from './change-coalescer';

describe(ChangeCoalescer.name, () => {
  it('sends the latest value per key at most once per interval', () => {
    const sut = new ChangeCoalescer<number>(250);
    sut.offer('a', 1);
    sut.offer('a', 2);
    expect([...sut.drain(1000)]).toEqual([['a', 2]]);
    sut.offer('a', 3);
    sut.offer('a', 4);
    expect(sut.drain(1100).size).toBe(0);
    expect([...sut.drain(1250)]).toEqual([['a', 4]]);
  });

  it('holds one pending value per key however many arrive', () => {
    const sut = new ChangeCoalescer<number>(250);
    for (let i = 0; i < 10_000; i += 1) sut.offer(`k${i % 10}`, i);
    expect(sut.size).toBe(10);
  });
});
