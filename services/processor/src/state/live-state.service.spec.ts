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

  it('scales interval volume to an hourly flow', () => {
    const sut = new LiveStateService();
    sut.applyMeasurement('d1', { ts: 1, seq: 0, intervalS: 30, volume: 10, occupancyPct: 8, health: 'ok' });
    expect(sut.detector('d1')).toMatchObject({ flowVph: 1200, speedKph: null });
  });
});
