/**
 * Vehicle calls for actuated control. The model's traffic is a fluid, so each detector keeps a running count of
 * the vehicles that crossed it in its lane and calls once for every whole vehicle. A call goes to the phases that
 * serve the detector's lane at the stop line, as a field controller's detector channels are assigned: lane 1 of a
 * multi-lane approach is the left-turn lane (link-cells.ts), the others carry through and right turners, a single
 * lane carries all three. A phase that no detector watches is on recall: it is called every step, as a controller
 * places a permanent call for a phase it cannot detect, so it never gaps out for lack of a detector.
 */
import type { IntersectionProperties } from '@arterial/contracts/network';
import type { LinkCells } from './link-cells';

export interface PhaseCall {
  intersectionId: string;
  phaseId: number;
}

/** What a detector's lane shows of its link in one step. */
export interface CallLink {
  lanes: number;
  cells: LinkCells;
  /** Stop-line departures of the last step per movement (left, through, right). */
  departedByTurn: Float64Array;
}

export interface CallDetector {
  intersectionId: string;
  link: CallLink;
  cell: number;
  /** 1-based lane, counted from the median (lane 1 holds the left turners). */
  lane: number;
  /** Phases serving each movement of the detector's approach (left, through, right); undefined when none does. */
  phaseByTurn: readonly (number | undefined)[];
}

interface BoundDetector {
  link: CallLink;
  cell: number;
  /** Movements (0 left, 1 through, 2 right) that use the detector's lane. */
  turns: number[];
  calls: PhaseCall[];
  /** Vehicles counted but not yet called; starts at half a vehicle so calls fall where the count rounds up. */
  pendingVeh: number;
}

export class DetectorCalls {
  private readonly detectors: BoundDetector[] = [];
  private readonly recalls: PhaseCall[] = [];

  constructor(junctions: readonly IntersectionProperties[], detectors: readonly CallDetector[]) {
    const detected = new Set<string>();
    for (const d of detectors) {
      const turns = laneTurns(d.lane, d.link.lanes);
      const phases = [...new Set(turns.map((t) => d.phaseByTurn[t]).filter((p): p is number => p !== undefined))];
      if (phases.length === 0) continue;
      for (const p of phases) detected.add(`${d.intersectionId}#${p}`);
      this.detectors.push({ link: d.link, cell: d.cell, turns, calls: phases.map((phaseId) => ({ intersectionId: d.intersectionId, phaseId })), pendingVeh: 0.5 });
    }
    for (const j of junctions) for (const p of j.phases) if (!detected.has(`${j.id}#${p.id}`)) this.recalls.push({ intersectionId: j.id, phaseId: p.id });
  }

  /** The calls of the step just simulated: one per detector a whole vehicle crossed, plus every recall. */
  collect(): PhaseCall[] {
    const out = [...this.recalls];
    for (const d of this.detectors) {
      d.pendingVeh += crossingVeh(d);
      if (d.pendingVeh < 1) continue;
      d.pendingVeh -= Math.floor(d.pendingVeh);
      out.push(...d.calls);
    }
    return out;
  }
}

/** Movements in a lane at the stop line. */
function laneTurns(lane: number, lanes: number): number[] {
  if (lanes <= 1) return [0, 1, 2];
  return lane === 1 ? [0] : [1, 2];
}

/** Vehicles that crossed the detector in its lane in the last step. */
function crossingVeh(d: BoundDetector): number {
  const { cells, lanes, departedByTurn } = d.link;
  if (d.cell < cells.cellCount - 1) {
    // Upstream of the stop line: the cell's outflow, spread over the lanes (in the turn bay, over the lane group's lanes).
    if (d.cell < cells.bayStartCell || lanes <= 1) return cells.outflowVeh[d.cell]! / lanes;
    const turns = d.turns;
    let share = 0;
    for (const t of turns) share += cells.movementOutflowVeh(d.cell, t);
    return share / (turns.length === 1 ? 1 : lanes - 1);
  }
  let departed = 0;
  for (const t of d.turns) departed += departedByTurn[t]!;
  return lanes <= 1 ? departed : departed / (d.turns.length === 1 ? 1 : lanes - 1);
}
