import type { DetectorLive } from '../api/types';
import { LiveStore, type FrameScheduler, type LiveChanges } from './live-store';

class ManualFrames implements FrameScheduler {
  pending: Array<() => void> = [];
  request(callback: () => void): number {
    this.pending.push(callback);
    return this.pending.length;
  }
  cancel(): void {
    this.pending = [];
  }
  run(): void {
    const callbacks = this.pending;
    this.pending = [];
    for (const c of callbacks) c();
  }
}

const detector = (id: string, volume: number): DetectorLive => ({ id, ts: volume, intervalS: 10, volume, flowVph: volume * 360, occupancyPct: 5, speedKph: 40, health: 'ok' });

describe(LiveStore.name, () => {
  it('commits a burst of deltas once per frame, latest value winning', () => {
    const frames = new ManualFrames();
    const sut = new LiveStore(frames);
    const seen: LiveChanges[] = [];
    sut.subscribe((c) => seen.push(c));
    for (let v = 1; v <= 50; v += 1) sut.apply({ type: 'delta', serverTime: v, detectors: [detector('d1', v)], intersections: [] });
    expect(frames.pending).toHaveLength(1);
    expect(sut.detector('d1')).toBeUndefined();
    frames.run();
    expect(seen).toHaveLength(1);
    expect(sut.detector('d1')?.volume).toBe(50);
    expect(sut.latestServerTime()).toBe(50);
  });

  it('replaces everything on a snapshot', () => {
    const frames = new ManualFrames();
    const sut = new LiveStore(frames);
    sut.apply({ type: 'delta', serverTime: 1, detectors: [detector('old', 1)], intersections: [] });
    frames.run();
    sut.apply({ type: 'snapshot', serverTime: 2, detectors: [detector('new', 2)], intersections: [], counters: { accepted: 2, rejected: 0, duplicates: 0 } });
    frames.run();
    expect(sut.detector('old')).toBeUndefined();
    expect(sut.detector('new')?.volume).toBe(2);
    expect(sut.ingestCounters()?.accepted).toBe(2);
  });

  it('keeps each override in its latest state and control events newest first, per intersection', () => {
    const frames = new ManualFrames();
    const sut = new LiveStore(frames);
    const seen: LiveChanges[] = [];
    sut.subscribe((c) => seen.push(c));
    const hold = { overrideId: 'o1', intersectionId: 'I1', action: 'hold-phase' as const, phase: 2, actor: 'ann', reason: 'crash', state: 'pending' as const, startedAt: 10, endsAt: 70, endedAt: null, outcome: null };
    sut.apply({ type: 'overrides', serverTime: 1, overrides: [hold] });
    sut.apply({ type: 'overrides', serverTime: 2, overrides: [{ ...hold, state: 'active' }] });
    const event = (at: number, action: 'override-started' | 'command-accepted') => ({ at, intersectionId: 'I1', action, actor: 'ann', reason: 'crash', refId: 'o1', detail: null });
    sut.apply({ type: 'control', serverTime: 3, events: [event(10, 'override-started'), event(12, 'command-accepted')] });
    frames.run();
    expect(sut.overridesOf('I1').map((o) => o.state)).toEqual(['active']);
    expect(sut.controlEventsOf('I1').map((e) => e.action)).toEqual(['command-accepted', 'override-started']);
    expect(sut.overridesOf('I2')).toHaveLength(0);
    expect([...(seen[0]?.control ?? [])]).toEqual(['I1']);
    const before = sut.overridesOf('I1');
    sut.apply({ type: 'delta', serverTime: 4, detectors: [detector('d1', 1)], intersections: [] });
    frames.run();
    expect(sut.overridesOf('I1')).toBe(before);
  });
});
