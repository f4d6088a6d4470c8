import { PublishGate, type ForwardPublish, type PublishCallback } from './publish-gate';

/** One publish offered to the gate: what its path did and what aedes got back. */
function offer(sut: PublishGate, qos: number, bytes = 10, forward: ForwardPublish = (done) => done(null)) {
  const calls: (Error | null | undefined)[] = [];
  const forwarded = jest.fn(forward);
  const shed = jest.fn();
  const callback: PublishCallback = (error) => void calls.push(error);
  sut.admit({ qos, payload: { length: bytes } }, forwarded, callback, shed);
  return { calls, forwarded, shed };
}

describe(PublishGate.name, () => {
  it('forwards every publish straight through while open', () => {
    const sut = new PublishGate();
    const p = offer(sut, 1);
    expect(p.forwarded).toHaveBeenCalledTimes(1);
    expect(p.calls).toEqual([null]);
    expect(p.shed).not.toHaveBeenCalled();
  });

  it('holds QoS 1 before its path while closed and forwards held publishes in arrival order on reopen', () => {
    const sut = new PublishGate();
    sut.close();
    const order: number[] = [];
    const held = [1, 2, 3].map((n) => offer(sut, 1, 100, (done) => (order.push(n), done(null))));
    expect(order).toEqual([]);
    expect(held.every((p) => p.calls.length === 0)).toBe(true);
    expect(sut.heldDepth()).toEqual({ messages: 3, bytes: 300 });
    expect(sut.reopen()).toBe(3);
    expect(order).toEqual([1, 2, 3]);
    expect(held.map((p) => p.calls)).toEqual([[null], [null], [null]]);
    expect(sut.heldDepth()).toEqual({ messages: 0, bytes: 0 });
    expect(sut.isOpen()).toBe(true);
  });

  it('forwards at most the budget given and stays closed, new input queueing behind, until none is held', () => {
    const sut = new PublishGate();
    sut.close();
    const order: string[] = [];
    for (const n of ['a', 'b', 'c']) offer(sut, 1, 10, (done) => (order.push(n), done(null)));
    expect(sut.reopen(2)).toBe(2);
    expect(sut.isOpen()).toBe(false);
    offer(sut, 1, 10, (done) => (order.push('d'), done(null)));
    expect(order).toEqual(['a', 'b']);
    expect(sut.reopen(5)).toBe(2);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(sut.isOpen()).toBe(true);
  });

  it('counts publishes in flight (admitted, path not complete) until their completion', () => {
    const sut = new PublishGate();
    const pending: PublishCallback[] = [];
    const p = offer(sut, 1, 10, (done) => void pending.push(done));
    expect(sut.inFlight()).toBe(1);
    pending[0]?.(null);
    expect(sut.inFlight()).toBe(0);
    expect(p.calls).toEqual([null]);
  });

  it('sheds QoS 0 while closed: counted, rerouted, completed without its path so the socket keeps being read', () => {
    const sut = new PublishGate();
    sut.close();
    const p = offer(sut, 0, 42);
    expect(p.shed).toHaveBeenCalledTimes(1);
    expect(p.forwarded).not.toHaveBeenCalled();
    expect(p.calls).toEqual([null]);
    expect(sut.shedMessages).toBe(1);
    expect(sut.shedBytes).toBe(42);
  });

  it('refuses QoS 1 (closing that connection unacknowledged) once the held total is at its cap, in messages or bytes', () => {
    const sut = new PublishGate(undefined, 256, { messages: 2, bytes: 250 });
    sut.close();
    offer(sut, 1, 100);
    offer(sut, 1, 100);
    const overCount = offer(sut, 1, 1);
    expect(overCount.calls[0]).toBeInstanceOf(Error);
    expect(overCount.forwarded).not.toHaveBeenCalled();
    sut.reopen(1);
    const overBytes = offer(sut, 1, 151);
    expect(overBytes.calls[0]).toBeInstanceOf(Error);
    expect(sut.refusedOverCap).toBe(2);
    expect(sut.heldDepth()).toEqual({ messages: 1, bytes: 100 });
  });

  it('asks for a fresh look at the queues every checkEvery publishes, and acts on it for the publish at hand', () => {
    const sut: PublishGate = new PublishGate(() => sut.close(), 3);
    const results = [1, 2, 3].map(() => offer(sut, 1));
    expect(results.map((p) => p.calls.length)).toEqual([1, 1, 0]);
    expect(sut.heldDepth().messages).toBe(1);
  });
});
