import { roundJunction } from '../controller/testing/plan-factory';
import { DetectorCalls, type CallLink } from './detector-calls';
import { fundamentalDiagramOf } from './fundamental-diagram';
import { LinkCells } from './link-cells';

// 3 lanes, 14 m/s free speed: 300 m make 21 cells, the last of them the stop line; lane 1 turns left.
const link = (): CallLink => {
  const fd = fundamentalDiagramOf({ lanes: 3, speedLimitKph: 54, capacityVph: 5400 });
  return { lanes: 3, cells: new LinkCells(300, fd, 1, 3), departedByTurn: new Float64Array(3) };
};
// Phase 1 serves left turns, phase 2 through and right; phases 3 and 4 have no detector.
const phaseByTurn = [1, 2, 2];

describe(DetectorCalls.name, () => {
  const junction = roundJunction();

  it('calls the phase of its lane once per whole vehicle, rounding the fluid count', () => {
    const l = link();
    const stopCell = l.cells.cellCount - 1;
    const sut = new DetectorCalls([junction], [
      { intersectionId: 'J1', link: l, cell: stopCell, lane: 1, phaseByTurn },
      { intersectionId: 'J1', link: l, cell: stopCell, lane: 2, phaseByTurn },
    ]);
    const detectedCalls = (): string[] => sut.collect().filter((c) => c.phaseId <= 2).map((c) => `${c.phaseId}`);
    // 0.25 left-turners a step (lane 1 alone); 0.5 through + 0.25 right shared by lanes 2 and 3: 0.375 a lane.
    l.departedByTurn.set([0.25, 0.5, 0.25]);
    const steps = Array.from({ length: 5 }, detectedCalls);
    // With the half-vehicle start, lane 1 stands at 0.75, 1 (call), 0.25, 0.5, 0.75; lane 2 at 0.875, 1.25 (call), 0.625, 1 (call), 0.375.
    expect(steps).toEqual([[], ['1', '2'], [], ['2'], []]);
  });

  it('keeps a phase no detector watches on recall, calling it every step', () => {
    const l = link();
    const sut = new DetectorCalls([junction], [{ intersectionId: 'J1', link: l, cell: l.cells.cellCount - 1, lane: 2, phaseByTurn }]);
    for (let i = 0; i < 3; i++) expect(sut.collect().map((c) => c.phaseId).sort()).toEqual([1, 3, 4]);
  });

  it('counts an advance detector upstream of the turn bay on its share of the cell outflow', () => {
    const l = link();
    const sut = new DetectorCalls([junction], [{ intersectionId: 'J1', link: l, cell: 2, lane: 2, phaseByTurn }]);
    l.cells.veh.fill(0);
    // 3 vehicles of every movement in cell 2; the link's capacity lets 1.5 leave in a step, a third of them over lane 2.
    l.cells.veh.set([1, 1, 1], 2 * 3);
    const step = (): number => {
      l.cells.planInterior(1);
      l.cells.apply([0, 0, 0], [0, 0, 0]);
      return sut.collect().filter((c) => c.phaseId === 2).length;
    };
    expect(step()).toBe(1);
    expect(l.cells.outflowVeh[2]).toBeCloseTo(1.5);
    // The other 1.5 leave next: lane 2 stands at 0.5 again, no call.
    expect(step()).toBe(0);
  });
});
