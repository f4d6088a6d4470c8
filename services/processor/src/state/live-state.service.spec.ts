import type { ControllerState } from '@arterial/contracts/mqtt/v1';
import { LiveStateService, type LiveChange } from './live-state.service';

const state = (ts: number, planId: string): ControllerState => ({
  ts,
  seq: ts,
  mode: 'fixed',
  planId,
  cycleS: 90,
  cycleSecond: 10,
  phases: [{ id: 2, state: 'green', remainingS: 20 }],
});

describe(LiveStateService.name, () => {
  it('never rolls back to an older message', () => {
    const sut = new LiveStateService();
    const changes: LiveChange[] = [];
    sut.changes$.subscribe((c) => changes.push(c));
    sut.applySignalState('i1', state(2000, 'new'));
    sut.applySignalState('i1', state(1000, 'old'));
    expect(sut.intersection('i1')?.planId).toBe('new');
    expect(changes).toHaveLength(1);
  });

  it('lists registered intersections before they report, as unknown', () => {
    const sut = new LiveStateService();
    sut.registerIntersections(['a', 'b']);
    expect(sut.allIntersections().map((i) => [i.id, i.online])).toEqual([
      ['a', null],
      ['b', null],
    ]);
  });

  it('restores a snapshot without rolling back what is newer', () => {
    const before = new LiveStateService();
    before.applyMeasurement('d1', { ts: 5000, seq: 5, intervalS: 30, volume: 10, occupancyPct: 8, health: 'ok' });
    before.applySignalState('i1', state(4000, 'p-before'));
    before.applyStatus('i1', { online: true, firmware: 'fw-1', faults: [], ts: 4000 });
    const snapshot = JSON.parse(JSON.stringify(before.snapshot())) as ReturnType<LiveStateService['snapshot']>;

    const sut = new LiveStateService();
    sut.applyMeasurement('d1', { ts: 6000, seq: 6, intervalS: 30, volume: 3, occupancyPct: 2, health: 'ok' });
    sut.restore(snapshot);
    expect(sut.detector('d1')?.volume).toBe(3);
    expect(sut.intersection('i1')).toMatchObject({ planId: 'p-before', online: true, firmware: 'fw-1' });
    sut.applyStatus('i1', { online: false, firmware: 'fw-0', faults: [], ts: 3000 });
    expect(sut.intersection('i1')?.online).toBe(true);
  });

  it('scales interval volume to an hourly flow', () => {
    const sut = new LiveStateService();
    sut.applyMeasurement('d1', { ts: 1, seq: 0, intervalS: 30, volume: 10, occupancyPct: 8, health: 'ok' });
    expect(sut.detector('d1')).toMatchObject({ flowVph: 1200, speedKph: null });
  });
});
