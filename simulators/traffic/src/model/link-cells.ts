/**
 * Cell transmission model (Daganzo 1994) of one directed link, with vehicles kept apart by the movement they
 * will make at the downstream junction (left, through, right), so a red left arrow holds left-turners while
 * through traffic in the same cell still leaves: the stop line has a lane group per movement.
 *
 * Cells are at least one free-flow step long (CFL: vf·dt ≤ Δx), so nothing crosses a cell in one step.
 * Sending  D_i = min(vf·dt/Δx · n_i, Q·dt);  receiving  S_i = min(Q·dt, w·dt/Δx · (kj·Δx − n_i));
 * interior flow y_i = min(D_i, S_{i+1}), shared among movements in the cell's proportions (FIFO in mixed traffic).
 * In the turn bay (the last TURN_BAY_M) the left lane and the other lanes are separate: same equations, each with
 * its lane share of Q and kj.
 */
import type { FundamentalDiagram } from './fundamental-diagram';

export const MOVEMENTS = ['left', 'through', 'right'] as const;
export type MovementTurn = (typeof MOVEMENTS)[number];
export const MOVEMENT_COUNT = MOVEMENTS.length;

/** Length of the left-turn bay before the stop line (lane 1 turns left, the others go through or right). */
export const TURN_BAY_M = 60;

interface LaneGroup {
  turns: number[];
  laneShare: number;
}

export class LinkCells {
  readonly cellCount: number;
  readonly cellLengthM: number;
  /** Vehicles per cell and movement: veh[cell * 3 + movement]. */
  readonly veh: Float64Array;
  /** Vehicles that crossed each cell's downstream boundary in the last step (last cell: the stop line). */
  readonly outflowVeh: Float64Array;
  /** Planned flow from each cell to the next, per movement. */
  private readonly interiorFlow: Float64Array;
  /** First cell of the turn bay, where lanes are assigned to movements; cellCount when there is none. */
  readonly bayStartCell: number;
  private readonly laneGroups: LaneGroup[];
  /** Share of lanes open (incidents close some); scales capacity and storage. */
  openShare = 1;

  constructor(
    readonly lengthM: number,
    readonly fd: FundamentalDiagram,
    stepS: number,
    lanes: number,
  ) {
    this.cellCount = Math.max(1, Math.floor(lengthM / (fd.freeSpeedMps * stepS)));
    this.cellLengthM = lengthM / this.cellCount;
    this.veh = new Float64Array(this.cellCount * MOVEMENT_COUNT);
    this.outflowVeh = new Float64Array(this.cellCount);
    this.interiorFlow = new Float64Array(this.cellCount * MOVEMENT_COUNT);
    // The bay never reaches the first cell, which takes mixed arrivals; one lane has no bay at all.
    const bayCells = lanes > 1 ? Math.min(this.cellCount - 1, Math.ceil(TURN_BAY_M / this.cellLengthM)) : 0;
    this.bayStartCell = this.cellCount - bayCells;
    this.laneGroups = [
      { turns: [0], laneShare: 1 / lanes },
      { turns: [1, 2], laneShare: (lanes - 1) / lanes },
    ];
  }

  vehiclesInCell(cell: number): number {
    const i = cell * MOVEMENT_COUNT;
    return this.veh[i]! + this.veh[i + 1]! + this.veh[i + 2]!;
  }

  get totalVeh(): number {
    let sum = 0;
    for (let i = 0; i < this.veh.length; i++) sum += this.veh[i]!;
    return sum;
  }

  /** Vehicles of one movement that crossed an inner cell's downstream boundary in the last step (stop line: the departures). */
  movementOutflowVeh(cell: number, turn: number): number {
    return this.interiorFlow[cell * MOVEMENT_COUNT + turn]!;
  }

  /** Vehicles the whole link can hold with its open lanes. */
  get storageVeh(): number {
    return this.fd.jamDensityVpm * this.openShare * this.lengthM;
  }

  /** What the first cell can accept this step, veh. */
  receivingVeh(stepS: number): number {
    return this.receivingOf(0, stepS);
  }

  /** What one movement in the last cell could send if nothing downstream held it back, veh. */
  movementSendingVeh(turn: number, stepS: number): number {
    const last = (this.cellCount - 1) * MOVEMENT_COUNT;
    return Math.min(this.veh[last + turn]! * this.freeFraction(stepS), this.fd.capacityVps * this.openShare * stepS);
  }

  /**
   * Plans the flows between the link's own cells for one step, from the state at the start of the step. Call before
   * apply(), whose stop-line departures and entering vehicles are computed from the same start state.
   */
  planInterior(stepS: number): void {
    const free = this.freeFraction(stepS);
    const cap = this.fd.capacityVps * this.openShare * stepS;
    const flow = this.interiorFlow;
    for (let c = 0; c < this.cellCount - 1; c++) {
      const i = c * MOVEMENT_COUNT;
      const total = this.veh[i]! + this.veh[i + 1]! + this.veh[i + 2]!;
      if (c + 1 < this.bayStartCell) {
        // Mixed traffic: FIFO, shared among movements in the cell's proportions.
        const y = total > 0 ? Math.min(free * total, cap, this.receivingOf(c + 1, stepS)) : 0;
        for (let m = 0; m < MOVEMENT_COUNT; m++) flow[i + m] = total > 0 ? (y * this.veh[i + m]!) / total : 0;
        continue;
      }
      // Into the turn bay: each lane group has its own share of capacity and room, so a full left-turn bay holds back
      // only left turners (who then block the mixed cells behind them, as a spilling bay does).
      const inBay = c >= this.bayStartCell;
      for (const group of this.laneGroups) {
        let groupVeh = 0;
        for (const m of group.turns) groupVeh += this.veh[i + m]!;
        const sending = inBay ? Math.min(free * groupVeh, cap * group.laneShare) : total > 0 ? (Math.min(free * total, cap) * groupVeh) / total : 0;
        const y = groupVeh > 0 ? Math.min(sending, this.groupReceiving(c + 1, group, stepS)) : 0;
        for (const m of group.turns) flow[i + m] = groupVeh > 0 ? (y * this.veh[i + m]!) / groupVeh : 0;
      }
    }
  }

  /** Applies the planned interior flows, the stop-line departures per movement and the vehicles entering per movement. */
  apply(departedByTurn: ArrayLike<number>, enteringByTurn: ArrayLike<number>): void {
    for (let c = 0; c < this.cellCount - 1; c++) {
      const i = c * MOVEMENT_COUNT;
      let out = 0;
      for (let m = 0; m < MOVEMENT_COUNT; m++) {
        const moved = this.interiorFlow[i + m]!;
        out += moved;
        this.veh[i + m] = this.veh[i + m]! - moved;
        this.veh[i + MOVEMENT_COUNT + m] = this.veh[i + MOVEMENT_COUNT + m]! + moved;
      }
      this.outflowVeh[c] = out;
    }
    const last = (this.cellCount - 1) * MOVEMENT_COUNT;
    let departed = 0;
    for (let m = 0; m < MOVEMENT_COUNT; m++) {
      const d = departedByTurn[m]!;
      departed += d;
      // Guards against rounding below zero; departures never exceed what the cell held at the start of the step.
      this.veh[last + m] = Math.max(0, this.veh[last + m]! - d);
      this.veh[m] = this.veh[m]! + enteringByTurn[m]!;
    }
    this.outflowVeh[this.cellCount - 1] = departed;
  }

  private freeFraction(stepS: number): number {
    return Math.min(1, (this.fd.freeSpeedMps * stepS) / this.cellLengthM);
  }

  private groupReceiving(cell: number, group: LaneGroup, stepS: number): number {
    const i = cell * MOVEMENT_COUNT;
    let groupVeh = 0;
    for (const m of group.turns) groupVeh += this.veh[i + m]!;
    const room = this.fd.jamDensityVpm * this.openShare * group.laneShare * this.cellLengthM - groupVeh;
    const wave = (this.fd.backwardWaveMps * stepS) / this.cellLengthM;
    return Math.max(0, Math.min(this.fd.capacityVps * this.openShare * group.laneShare * stepS, wave * room));
  }

  private receivingOf(cell: number, stepS: number): number {
    const room = this.fd.jamDensityVpm * this.openShare * this.cellLengthM - this.vehiclesInCell(cell);
    const wave = (this.fd.backwardWaveMps * stepS) / this.cellLengthM;
    return Math.max(0, Math.min(this.fd.capacityVps * this.openShare * stepS, wave * room));
  }
}
