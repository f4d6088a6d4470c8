import type { MessageKind } from '@arterial/contracts/mqtt/v1';
import { LoopPublisher } from './loop-publisher';

describe(LoopPublisher.name, () => {
  it('publishes one measurement per loop and interval, with its own seq, from the aggregated steps', async () => {
    const sent: { kind: MessageKind; id: string; payload: unknown }[] = [];
    const sut = new LoopPublisher(['L1', 'L2'], { publish: async (kind, id, payload) => void sent.push({ kind, id, payload }) }, 10);
    sut.addStep([{ vehicleIds: ['a'], occupancyPct: 20, meanSpeedMps: 10 }, { vehicleIds: [], occupancyPct: 0, meanSpeedMps: -1 }]);
    sut.addStep([{ vehicleIds: ['a', 'b'], occupancyPct: 40, meanSpeedMps: 5 }, { vehicleIds: [], occupancyPct: 0, meanSpeedMps: -1 }]);
    await Promise.all(sut.publishInterval(1_000));
    await Promise.all(sut.publishInterval(11_000));
    expect(sent.map((s) => [s.id, (s.payload as { seq: number }).seq])).toEqual([['L1', 0], ['L2', 0], ['L1', 1], ['L2', 1]]);
    expect(sent[0]).toEqual({ kind: 'measurement', id: 'L1', payload: { ts: 1_000, seq: 0, intervalS: 10, health: 'ok', volume: 2, occupancyPct: 30, speedKph: 24 } });
    expect(sent[1]?.payload).toEqual({ ts: 1_000, seq: 0, intervalS: 10, health: 'ok', volume: 0, occupancyPct: 0 });
    expect(sut.measurements).toBe(4);
  });
});
