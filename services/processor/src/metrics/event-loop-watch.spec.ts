import { EventLoopWatch } from './event-loop-watch';

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a synchronous stall, as a runaway loop in a request or a step would cause
  }
}

describe(EventLoopWatch.name, () => {
  let sut: EventLoopWatch;

  beforeEach(() => {
    sut = new EventLoopWatch();
    sut.onModuleInit();
  });

  afterEach(() => sut.onModuleDestroy());

  it('reads alive while the loop turns freely', async () => {
    await tick(100);
    expect(sut.reading(1_000)).toEqual({ maxDelayMs: expect.any(Number) as number, limitMs: 1_000, stalled: false });
  });

  it('reads stalled after the loop was blocked past the limit', async () => {
    await tick(50);
    blockFor(300);
    await tick(50);
    const reading = sut.reading(150);
    expect(reading.maxDelayMs).toBeGreaterThan(150);
    expect(reading.stalled).toBe(true);
  });
});
