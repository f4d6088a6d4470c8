import type { IntersectionLive } from '@arterial/contracts/live/v1';
import { statusSlots, withStatusAt } from './replay-controllers';

const T0 = 1_772_409_600_000;
const status = (ts: number, online: boolean, faults: string[] = []) => ({ ts, online, firmware: 'ctl 2.1', faults });

describe('statusSlots', () => {
  it('holds the last status before the range until the next bucket reports, a bucket read at its end', () => {
    const answer = {
      from: T0 - 60_000,
      to: T0 + 240_000,
      stepS: 60,
      intersections: [
        { intersectionId: 'A', before: status(T0 - 86_400_000, true), points: [status(T0 + 60_000, false, ['lamp-out'])] },
        { intersectionId: 'B', before: null, points: [status(T0 + 120_000, true)] },
      ],
    };
    const slots = statusSlots(answer, T0, 4);

    expect(slots.get('A')).toEqual([
      { online: true, firmware: 'ctl 2.1', faults: [] },
      { online: true, firmware: 'ctl 2.1', faults: [] },
      { online: false, firmware: 'ctl 2.1', faults: ['lamp-out'] },
      { online: false, firmware: 'ctl 2.1', faults: ['lamp-out'] },
    ]);
    expect(slots.get('B')).toEqual([undefined, undefined, undefined, { online: true, firmware: 'ctl 2.1', faults: [] }]);
  });

  it('leaves out junctions with nothing stored', () => {
    expect(statusSlots({ from: T0, to: T0 + 60_000, stepS: 60, intersections: [{ intersectionId: 'A', before: null, points: [status(T0, true)] }] }, T0, 1).size).toBe(0);
  });
});

describe('withStatusAt', () => {
  it("puts a junction's replayed status on its state, and a status without a state on an empty one", () => {
    const state: IntersectionLive = { id: 'A', ts: T0, mode: 'fixed', planId: 'p', cycleS: 90, cycleSecond: 3, phases: [], online: null, firmware: null, faults: [] };
    const slots = new Map([
      ['A', [{ online: false, firmware: 'fw', faults: ['x'] }]],
      ['B', [{ online: true, firmware: 'fw', faults: [] }]],
      ['C', [undefined]],
    ]);

    expect(withStatusAt([state], slots, 0)).toEqual([
      { ...state, online: false, firmware: 'fw', faults: ['x'] },
      { id: 'B', ts: null, mode: null, planId: null, cycleS: null, cycleSecond: null, phases: [], online: true, firmware: 'fw', faults: [] },
    ]);
  });
});
