import { PublishGate, type PublishCallback } from './publish-gate';

function publish(qos: number, bytes = 10) {
  const calls: (Error | null | undefined)[] = [];
  const callback: PublishCallback = (error) => void calls.push(error);
  const shed = jest.fn();
  return { packet: { qos, payload: { length: bytes } }, callback, calls, shed };
}

describe(PublishGate.name, () => {
  it('passes every completion straight through while open', () => {
    const sut = new PublishGate();
    const p = publish(1);
    sut.wrap(p.packet, p.callback, p.shed)(null);
    expect(p.calls).toEqual([null]);
    expect(p.shed).not.toHaveBeenCalled();
  });

  it('holds QoS 1 completions while closed and releases them in arrival order on reopen', () => {
    const sut = new PublishGate();
    sut.close();
    const order: number[] = [];
    const held = [1, 2, 3].map((n) => sut.wrap({ qos: 1, payload: { length: 100 } }, () => void order.push(n), () => undefined));
    for (const done of held) done(null);
    expect(order).toEqual([]);
    expect(sut.heldDepth()).toEqual({ messages: 3, bytes: 300 });
    sut.reopen();
    expect(order).toEqual([1, 2, 3]);
    expect(sut.heldDepth()).toEqual({ messages: 0, bytes: 0 });
  });

  it('sheds QoS 0 while closed: counted, rerouted, completed so the socket keeps being read', () => {
    const sut = new PublishGate();
    sut.close();
    const p = publish(0, 42);
    sut.wrap(p.packet, p.callback, p.shed)(null);
    expect(p.shed).toHaveBeenCalledTimes(1);
    expect(p.calls).toEqual([null]);
    expect(sut.shedMessages).toBe(1);
    expect(sut.shedBytes).toBe(42);
  });

  it('passes refusals through even while closed (the broker closes that connection)', () => {
    const sut = new PublishGate();
    sut.close();
    const p = publish(1);
    const refusal = new Error('not authorised');
    sut.wrap(p.packet, p.callback, p.shed)(refusal);
    expect(p.calls).toEqual([refusal]);
    expect(sut.heldDepth().messages).toBe(0);
  });

  it('asks for a fresh look at the queues every checkEvery publishes, and acts on it for the publish at hand', () => {
    const sut: PublishGate = new PublishGate(() => sut.close(), 3);
    const results = [1, 2, 3].map(() => publish(1));
    for (const p of results) sut.wrap(p.packet, p.callback, p.shed)(null);
    expect(results.map((p) => p.calls.length)).toEqual([1, 1, 0]);
    expect(sut.heldDepth().messages).toBe(1);
  });
});
