import { LoginThrottle } from './login-throttle';

describe(LoginThrottle.name, () => {
  const limits = { windowMs: 300_000, maxFailuresPerUser: 5, maxFailuresPerAddress: 20, maxKeys: 3 };

  it('refuses a name after five failures until the oldest leaves the window', () => {
    const sut = new LoginThrottle(limits);
    for (let i = 0; i < 5; i++) {
      expect(sut.retryAfterMs('alice', '10.0.0.1', i * 1000)).toBe(0);
      sut.recordFailure('alice', '10.0.0.1', i * 1000);
    }
    expect(sut.retryAfterMs('alice', '10.0.0.2', 5000)).toBe(295_000);
    expect(sut.retryAfterMs('bob', '10.0.0.2', 5000)).toBe(0);
    expect(sut.retryAfterMs('alice', '10.0.0.2', 300_001)).toBe(0);
  });

  it('refuses an address spraying many names, and a success forgets only the name', () => {
    const sut = new LoginThrottle({ ...limits, maxKeys: 100 });
    for (let i = 0; i < 20; i++) sut.recordFailure(`user${i}`, '10.0.0.9', 1000);
    expect(sut.retryAfterMs('someone-new', '10.0.0.9', 2000)).toBe(299_000);
    sut.recordSuccess('user1');
    expect(sut.retryAfterMs('user1', '10.0.0.9', 2000)).toBe(299_000);
  });

  it('keeps at most maxKeys keys', () => {
    const sut = new LoginThrottle({ ...limits, maxFailuresPerUser: 1, maxFailuresPerAddress: 100 });
    for (const name of ['a', 'b', 'c', 'd']) sut.recordFailure(name, 'x', 0);
    // The oldest name was dropped to make room; the newest is still held back.
    expect(sut.retryAfterMs('a', 'y', 1)).toBe(0);
    expect(sut.retryAfterMs('d', 'y', 1)).toBeGreaterThan(0);
  });
});
