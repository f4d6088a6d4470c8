import { actuationDetectors, type ActuationTraci } from './actuation-detectors';
import { placeDetectors } from './detector-placement';
import { TURN_BAY_NET as NET } from './turn-bay-net.spec-helper';


/** What SUMO would answer for the placed loops. */
function fakeTraci(): ActuationTraci {
  const loops = new Map(placeDetectors(NET, []).map((l) => [l.id, l]));
  const lanes = new Map(NET.edges.flatMap((e) => e.lanes.map((l) => [l.id, l] as const)));
  return {
    detectorLaneId: async (_kind, id) => loops.get(id)!.laneId,
    inductionLoopPositionM: async (id) => loops.get(id)!.posM,
    laneLengthM: async (id) => lanes.get(id)!.lengthM,
    laneMaxSpeedMps: async (id) => lanes.get(id)!.speedMps,
    tlsControlledLanes: async () => ['B_0', 'B_1', 'B_2'],
  };
}

describe(actuationDetectors.name, () => {
  it('lists a loop placed before the lane split under every controlled lane it feeds, by its distance to the stop line', async () => {
    const ids = placeDetectors(NET, []).map((l) => l.id);
    expect(ids).toEqual(['B_0-stop', 'B_0-queue', 'B_0-adv', 'B_1-stop', 'B_1-queue', 'B_1-adv', 'B_2-stop']);
    let netReads = 0;
    const sut = await actuationDetectors(fakeTraci(), ids.map((id) => ({ id, kind: 'loop' as const })), ['C'], async () => {
      netReads++;
      return NET;
    });
    const index = (id: string): number => ids.indexOf(id);
    expect(sut.detectorsOnLane.get('B_1')).toEqual([index('B_1-stop'), index('B_1-queue'), index('B_1-adv')]);
    // The bay has its own stop-bar loop and shares A_1's loops with the through lane beside it.
    expect(sut.detectorsOnLane.get('B_2')).toEqual([index('B_1-queue'), index('B_1-adv'), index('B_2-stop')]);
    expect(sut.detectorsOnLane.has('A_1')).toBe(false);
    // 22.5 m out: presence loops; the stop-bar loops on their lanes stay silent.
    expect(sut.queueDetectors).toEqual(new Set([index('B_0-queue'), index('B_1-queue')]));
    expect(sut.silentLoops).toEqual(new Set([index('B_0-stop'), index('B_1-stop'), index('B_2-stop')]));
    expect(netReads).toBe(1);
  });

  it('does not read the net when every loop lies on a controlled lane', async () => {
    let netReads = 0;
    const sut = await actuationDetectors(fakeTraci(), [{ id: 'B_0-stop', kind: 'loop' }], ['C'], async () => {
      netReads++;
      return NET;
    });
    expect(sut.detectorsOnLane).toEqual(new Map([['B_0', [0]]]));
    expect(netReads).toBe(0);
  });
});
