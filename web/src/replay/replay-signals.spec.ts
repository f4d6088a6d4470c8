import type { SignalStateBucket, SignalStateHistory } from '@arterial/contracts/api/v1';
import type { NetworkIndex } from '../network/network-index';
import { intersectionsAt, SIGNAL_STATE_MAX_AGE_MS, signalSlots } from './replay-signals';

const STEP_S = 10;
const FROM = 1_700_000_000_000;
const network = { intersections: new Map([['i1', { properties: { phases: [{ id: 2 }, { id: 4 }] } }]]) } as unknown as NetworkIndex;

function bucket(i: number, greenPhases: number[], overrides: Partial<SignalStateBucket> = {}): SignalStateBucket {
  return { ts: FROM + i * STEP_S * 1000, mode: 'fixed', planId: 'p1', cycleS: 60, cycleSecond: (((i * STEP_S) % 60) + 60) % 60, greenPhases, ...overrides };
}

function history(points: SignalStateBucket[], intersectionId = 'i1'): SignalStateHistory {
  return { from: FROM - STEP_S * 1000, to: FROM + 600_000, stepS: STEP_S, intersections: [{ intersectionId, points }] };
}

describe(signalSlots.name, () => {
  const sut = signalSlots;

  it("shows in each bucket the state last reported before it, taken at its bucket's end, with the model's phases", () => {
    const slots = sut(history([bucket(-1, [2]), bucket(0, [2]), bucket(1, [4]), bucket(2, [4])]), network, FROM, 4);

    const first = intersectionsAt(slots, 0);
    expect(first).toEqual([
      {
        id: 'i1',
        ts: FROM,
        mode: 'fixed',
        planId: 'p1',
        cycleS: 60,
        cycleSecond: 50,
        phases: [
          { id: 2, state: 'green', remainingS: 20 },
          { id: 4, state: 'red', remainingS: 20 },
        ],
        online: null,
        firmware: null,
        faults: [],
      },
    ]);
    expect(intersectionsAt(slots, 2)[0]).toMatchObject({ ts: FROM + 20_000, phases: [{ id: 2, state: 'red' }, { id: 4, state: 'green' }] });
    // the last state has no later change to count down to
    expect(intersectionsAt(slots, 3)[0]?.phases.map((p) => p.remainingS)).toEqual([0, 0]);
  });

  it('shows flash as flashing yellow and off as dark, whatever was green', () => {
    const slots = sut(history([bucket(-1, [], { mode: 'flash', cycleS: 0 }), bucket(0, [2], { mode: 'off' })]), network, FROM, 2);

    expect(intersectionsAt(slots, 0)[0]?.phases.map((p) => p.state)).toEqual(['flashing-yellow', 'flashing-yellow']);
    expect(intersectionsAt(slots, 1)[0]?.phases.map((p) => p.state)).toEqual(['dark', 'dark']);
  });

  it('keeps a silent junction at its last state only up to the age limit, and takes phases from the states when the model lacks the junction', () => {
    const buckets = SIGNAL_STATE_MAX_AGE_MS / (STEP_S * 1000) + 3;
    const slots = sut(history([bucket(-1, [6, 8])], 'elsewhere'), network, FROM, buckets);

    const shown = Array.from({ length: buckets }, (_, i) => intersectionsAt(slots, i).length);
    expect(shown).toEqual(Array.from({ length: buckets }, (_, i) => (i * STEP_S * 1000 <= SIGNAL_STATE_MAX_AGE_MS ? 1 : 0)));
    expect(intersectionsAt(slots, 0)[0]?.phases.map((p) => p.id)).toEqual([6, 8]);
    expect(intersectionsAt(sut({ ...history([]), intersections: [] }, network, FROM, 3), 0)).toEqual([]);
  });
});
