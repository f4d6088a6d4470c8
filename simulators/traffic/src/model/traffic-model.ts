/**
 * The network's traffic, one second at a time, as a multi-movement cell transmission model: every directed link
 * is a chain of cells (link-cells.ts); at a signalised stop line each movement (left, through, right) discharges at
 * its saturation flow while its phase shows green (half of it on yellow), as far as the receiving link has room
 * (spill-back), and enters that link re-split by the turning ratios of the junction it is heading for. Links from
 * the network's edge are fed by time-of-day demand through an origin queue; links to the edge drain freely.
 * Reads only the network file, so any valid network runs. Deterministic: every random stream comes from the run
 * seed and a device or link id.
 */
import { detectorsOf, intersectionsOf, linksOf, type IntersectionProperties, type LinkFeature, type NetworkModel } from '@arterial/contracts/network';
import { type DetectorMeasurement, type PhaseState } from '@arterial/contracts/mqtt/v1';
import { Rng } from '@arterial/device-kit';
import { ApproachDemand, designLaneVph } from './approach-demand';
import { localHour } from './demand-profile';
import { DemandVariation, NETWORK_VARIATION, ORIGIN_VARIATION } from './demand-variation';
import { DEFAULT_FAULT_RATES, DetectorFaults, type FaultRates, type PersistentFault } from './detector-faults';
import { DetectorCalls, type CallDetector, type PhaseCall } from './detector-calls';
import { DetectorSensor } from './detector-sensor';
import { fundamentalDiagramOf } from './fundamental-diagram';
import { openLaneShare, type LaneClosure } from './incidents';
import { LinkCells, MOVEMENT_COUNT, MOVEMENTS } from './link-cells';
import { TurningRatios } from './turning-ratios';

/** What the traffic sees of the signals: the indication of a junction's phase at a time. */
export interface SignalView {
  phaseStateAt(intersectionId: string, phaseId: number, tMs: number): PhaseState;
}

export interface TrafficModelOptions {
  seed: number;
  /** Offset of local time from UTC for the time-of-day profile (default 8, China Standard Time). */
  utcOffsetHours?: number;
  /** Overrides every detector's aggregation interval. */
  detectorIntervalS?: number;
  /** Lane closures during the run. */
  incidents?: readonly LaneClosure[];
  /** Detector fault rates (default DEFAULT_FAULT_RATES, low). */
  faultRates?: FaultRates;
  /** Demand multiplier on every edge link (default 1). */
  demandScale?: number;
  /** Count vehicle calls per phase at the detectors each step, for actuated controllers (default off). */
  detectorCalls?: boolean;
}

export interface DueMeasurement {
  detectorId: string;
  intersectionId: string;
  measurement: DetectorMeasurement;
}

export interface TrafficStats {
  /** Vehicles that entered the network at its edge (left an origin queue). */
  enteredVeh: number;
  /** Vehicles that left the network at its edge. */
  exitedVeh: number;
  /** Vehicles on links now. */
  onLinksVeh: number;
  /** Vehicles waiting at the edge to get in now. */
  waitingToEnterVeh: number;
  /** Vehicle-seconds spent on links and in origin queues. */
  vehicleSeconds: number;
  /** Vehicle-seconds lost against driving the same distance at free speed. */
  delayVehicleSeconds: number;
  faultsInjected: Record<PersistentFault | 'dropout', number>;
}

/** The simulation step; the engine calls step() once per simulated second. */
export const STEP_S = 1;
const MINUTE_MS = 60_000;
const SATURATION_FLOW_VPS_PER_LANE = 1800 / 3600;
/** Right turns share the kerb lane with through traffic: about half a lane's worth of saturation flow. */
const RIGHT_TURN_LANES = 0.5;
const MIN_TURN_WEIGHT = 0.5;
const MAX_TURN_WEIGHT = 1.5;
/** Drivers use about half of the yellow. */
const YELLOW_USED_SHARE = 0.5;

interface StopLine {
  intersectionId: string;
  approachId: string | undefined;
  /** Phase serving each movement; undefined when no phase does (then that movement never gets green). */
  phaseByTurn: (number | undefined)[];
  /** Index into the per-step usable-green table for each movement, −1 when no phase serves it. */
  signalSlotByTurn: number[];
  /** Receiving link index per movement, −1 when the movement leads nowhere. */
  destByTurn: number[];
  satFlowVpsByTurn: number[];
  throughLanes: number;
}

interface SimLink {
  id: string;
  lanes: number;
  cells: LinkCells;
  /** Set when the link ends at a signalised junction; otherwise it drains off the network. */
  stopLine: StopLine | undefined;
  /** Set when the link starts at the network edge. */
  origin: { demand: ApproachDemand; rng: Rng; queueVeh: number; meanVph: number } | undefined;
  turning: TurningRatios;
  /** Attractiveness of each movement's exit, by its width relative to this link (0: no exit). */
  turnWeights: [number, number, number];
  /** Movement shares of vehicles entering this link now, refreshed each minute. */
  shares: [number, number, number];
  closures: LaneClosure[];
  departedByTurn: Float64Array;
  enteringByTurn: Float64Array;
  requestedByTurn: Float64Array;
}

interface BoundSensor {
  sensor: DetectorSensor;
  intersectionId: string;
  link: SimLink;
  cell: number;
  stopBar: boolean;
}

export class TrafficModel {
  private readonly links: SimLink[] = [];
  private readonly sensorsByInterval = new Map<number, BoundSensor[]>();
  private readonly sensorsByIntersection = new Map<string, DetectorSensor[]>();
  private readonly utcOffsetHours: number;
  private readonly incoming: Float64Array;
  private refreshAtMs = Number.NEGATIVE_INFINITY;
  /** Each (junction, phase) that some movement needs, read once per step into usableBySlot. */
  private readonly signalSlots: { intersectionId: string; phaseId: number }[] = [];
  private usableBySlot = new Float64Array(0);
  private readonly totals = { enteredVeh: 0, exitedVeh: 0, vehicleSeconds: 0, delayVehicleSeconds: 0 };
  private readonly calls: DetectorCalls | undefined;
  private stepCalls: PhaseCall[] = [];

  constructor(network: NetworkModel, options: TrafficModelOptions) {
    this.utcOffsetHours = options.utcOffsetHours ?? 8;
    const junctions = new Map(intersectionsOf(network).map((f) => [f.properties.id, f]));
    const linkFeatures = linksOf(network);
    const indexById = new Map(linkFeatures.map((l, i) => [l.properties.id, i]));
    const centre = centroid([...junctions.values()].map((j) => j.geometry.coordinates));
    const incidents = options.incidents ?? [];
    for (const c of incidents) if (!indexById.has(c.linkId)) throw new Error(`incident names unknown link ${c.linkId}`);
    // One network-wide demand variation that every origin shares (weather, events), beside each origin's own.
    const networkVariation = new DemandVariation(NETWORK_VARIATION, 'network', options.seed, this.utcOffsetHours);

    for (const feature of linkFeatures) {
      const link = feature.properties;
      const junction = junctions.get(link.toNode)?.properties;
      const stopLine = junction ? stopLineOf(junction, feature, linkFeatures, indexById) : undefined;
      const turning = new TurningRatios(link.id, options.seed);
      const turnWeights: [number, number, number] = [0, 1, 0];
      if (stopLine) {
        for (let m = 0; m < MOVEMENT_COUNT; m++) {
          const dest = linkFeatures[stopLine.destByTurn[m]!]?.properties;
          turnWeights[m] = dest ? Math.min(MAX_TURN_WEIGHT, Math.max(MIN_TURN_WEIGHT, dest.lanes / link.lanes)) : 0;
        }
      }
      let origin: SimLink['origin'];
      if (!junctions.has(link.fromNode) && junction) {
        const rng = Rng.forKey(`origin:${link.id}`, options.seed);
        const throughPhase = stopLine?.phaseByTurn[1];
        const plan = junction.fallbackPlan;
        const greenS = plan.splits.find((s) => s.phase === throughPhase)?.greenS ?? plan.cycleS;
        const laneCapacityVph = SATURATION_FLOW_VPS_PER_LANE * 3600 * (greenS / plan.cycleS);
        const demand = new ApproachDemand(
          {
            designLaneVph: designLaneVph(link.lanes, link.speedLimitKph) * (options.demandScale ?? 1),
            laneCapacityVph: laneCapacityVph * (options.demandScale ?? 1),
            towardsCentre: towardsCentre(feature, centre),
            utcOffsetHours: this.utcOffsetHours,
          },
          rng,
          [networkVariation, new DemandVariation(ORIGIN_VARIATION, `origin:${link.id}`, options.seed, this.utcOffsetHours)],
        );
        origin = { demand, rng, queueVeh: 0, meanVph: 0 };
      }
      this.links.push({
        id: link.id,
        lanes: link.lanes,
        cells: new LinkCells(link.lengthM, fundamentalDiagramOf(link), STEP_S, link.lanes),
        stopLine,
        origin,
        turning,
        turnWeights,
        shares: [0, 1, 0],
        closures: incidents.filter((c) => c.linkId === link.id),
        departedByTurn: new Float64Array(MOVEMENT_COUNT),
        enteringByTurn: new Float64Array(MOVEMENT_COUNT),
        requestedByTurn: new Float64Array(MOVEMENT_COUNT),
      });
    }
    this.incoming = new Float64Array(this.links.length);
    const slotByKey = new Map<string, number>();
    for (const l of this.links) {
      const stop = l.stopLine;
      if (!stop) continue;
      stop.signalSlotByTurn = stop.phaseByTurn.map((phaseId) => {
        if (phaseId === undefined) return -1;
        const key = `${stop.intersectionId}#${phaseId}`;
        let slot = slotByKey.get(key);
        if (slot === undefined) {
          slot = this.signalSlots.push({ intersectionId: stop.intersectionId, phaseId }) - 1;
          slotByKey.set(key, slot);
        }
        return slot;
      });
    }
    this.usableBySlot = new Float64Array(this.signalSlots.length);

    const rates = options.faultRates ?? DEFAULT_FAULT_RATES;
    const callDetectors: CallDetector[] = [];
    for (const { properties: d } of detectorsOf(network)) {
      const link = this.links[indexById.get(d.linkId) ?? -1];
      if (!link) throw new Error(`detector ${d.id} names unknown link ${d.linkId}`);
      const spec = { ...d, intervalS: options.detectorIntervalS ?? d.intervalS };
      const faults = new DetectorFaults(rates, Rng.forKey(`detector-faults:${d.id}`, options.seed));
      const sensor = new DetectorSensor(spec, Rng.forKey(`detector:${d.id}`, options.seed), faults);
      const { cellCount, cellLengthM, lengthM } = link.cells;
      const cell = Math.max(0, Math.min(cellCount - 1, Math.floor((lengthM - d.distanceFromStopLineM) / cellLengthM)));
      const bound: BoundSensor = { sensor, intersectionId: d.intersectionId, link, cell, stopBar: cell === cellCount - 1 };
      if (link.stopLine?.intersectionId === d.intersectionId) callDetectors.push({ intersectionId: d.intersectionId, link, cell, lane: d.lane, phaseByTurn: link.stopLine.phaseByTurn });
      this.sensorsByIntersection.set(d.intersectionId, [...(this.sensorsByIntersection.get(d.intersectionId) ?? []), sensor]);
      const group = this.sensorsByInterval.get(spec.intervalS) ?? [];
      group.push(bound);
      this.sensorsByInterval.set(spec.intervalS, group);
    }
    this.calls = options.detectorCalls ? new DetectorCalls([...junctions.values()].map((j) => j.properties), callDetectors) : undefined;
  }

  /** Phase calls from the vehicles that crossed detectors in the last step (empty unless detectorCalls is on). */
  get callsOfLastStep(): readonly PhaseCall[] {
    return this.stepCalls;
  }

  /** Simulates the second that ends at tMs (a whole second). */
  step(tMs: number, signals: SignalView): void {
    // Sample the signal mid-second: clearances that end on the half second then count half and half.
    const signalAtMs = tMs - 500;
    if (tMs >= this.refreshAtMs) this.refreshMinute(tMs);
    const links = this.links;
    this.incoming.fill(0);
    for (let k = 0; k < this.signalSlots.length; k++) {
      const { intersectionId, phaseId } = this.signalSlots[k]!;
      const signal = signals.phaseStateAt(intersectionId, phaseId, signalAtMs);
      this.usableBySlot[k] = signal === 'green' ? 1 : signal === 'yellow' ? YELLOW_USED_SHARE : 0;
    }

    // 1. Plan: every flow from the state at the start of the step.
    for (const l of links) {
      l.cells.openShare = l.closures.length ? openLaneShare(l.closures, l.lanes, signalAtMs) : 1;
      l.cells.planInterior(STEP_S);
      l.enteringByTurn.fill(0);
      const stop = l.stopLine;
      for (let m = 0; m < MOVEMENT_COUNT; m++) {
        let request = 0;
        if (!stop) {
          if (m === 1) request = l.cells.movementSendingVeh(m, STEP_S);
        } else if (stop.destByTurn[m]! >= 0) {
          const slot = stop.signalSlotByTurn[m]!;
          const usable = slot < 0 ? 0 : this.usableBySlot[slot]!;
          if (usable > 0) request = Math.min(l.cells.movementSendingVeh(m, STEP_S), usable * stop.satFlowVpsByTurn[m]! * l.cells.openShare * STEP_S);
          if (request > 0) this.incoming[stop.destByTurn[m]!] = this.incoming[stop.destByTurn[m]!]! + request;
        }
        l.requestedByTurn[m] = request;
      }
    }
    // Merges: when several movements (and the origin) want more than the receiving link's first cell takes, each gets
    // the same fraction of its request; what is held back stays in its own last cell (spill-back).
    const admitted = new Float64Array(links.length);
    for (let i = 0; i < links.length; i++) {
      const l = links[i]!;
      const room = l.cells.receivingVeh(STEP_S);
      const wanted = this.incoming[i]!;
      admitted[i] = wanted > room ? room / wanted : 1;
      if (l.origin) {
        const left = Math.max(0, room - Math.min(wanted, room));
        const entering = Math.min(l.origin.queueVeh, left);
        l.origin.queueVeh -= entering;
        this.totals.enteredVeh += entering;
        addShares(l.enteringByTurn, entering, l.shares);
      }
    }
    for (const l of links) {
      const stop = l.stopLine;
      for (let m = 0; m < MOVEMENT_COUNT; m++) {
        const request = l.requestedByTurn[m]!;
        if (request <= 0) {
          l.departedByTurn[m] = 0;
          continue;
        }
        if (!stop) {
          l.departedByTurn[m] = request;
          this.totals.exitedVeh += request;
          continue;
        }
        const dest = stop.destByTurn[m]!;
        const moved = request * admitted[dest]!;
        l.departedByTurn[m] = moved;
        const target = links[dest]!;
        addShares(target.enteringByTurn, moved, target.shares);
      }
    }
    // 2. Apply, and account time spent.
    for (const l of links) {
      l.cells.apply(l.departedByTurn, l.enteringByTurn);
      if (l.origin) this.arrive(l);
    }
    this.accountTime();
    this.observeDetectors();
    if (this.calls) this.stepCalls = this.calls.collect();
  }

  /** Measurements of every detector whose interval ends at tMs. */
  reportsDue(tMs: number): DueMeasurement[] {
    const due: DueMeasurement[] = [];
    for (const [intervalS, group] of this.sensorsByInterval) {
      if (tMs % (intervalS * 1000) !== 0) continue;
      for (const { sensor, intersectionId } of group) {
        const measurement = sensor.report(tMs);
        if (measurement) due.push({ detectorId: sensor.id, intersectionId, measurement });
      }
    }
    return due;
  }

  /** Detectors at a junction whose own diagnostics (or their silence) tell the controller something is wrong. */
  unhealthyDetectors(intersectionId: string): string[] {
    return (this.sensorsByIntersection.get(intersectionId) ?? []).filter((s) => s.currentHealth !== 'ok' || s.isSilent).map((s) => s.id);
  }

  get detectorCount(): number {
    return [...this.sensorsByInterval.values()].reduce((n, g) => n + g.length, 0);
  }

  /** Vehicles standing or crawling on a link, all movements (for tests and diagnostics). */
  vehiclesOnLink(linkId: string): number | undefined {
    return this.links.find((l) => l.id === linkId)?.cells.totalVeh;
  }

  /** Vehicles waiting at the edge to enter a link (the origin queue). */
  waitingToEnter(linkId: string): number | undefined {
    return this.links.find((l) => l.id === linkId)?.origin?.queueVeh;
  }

  /** Vehicles on the link an approach arrives on. */
  vehiclesOnApproach(approachId: string): number | undefined {
    return this.links.find((l) => l.stopLine?.approachId === approachId)?.cells.totalVeh;
  }

  stats(): TrafficStats {
    const faultsInjected: TrafficStats['faultsInjected'] = { 'stuck-on': 0, dead: 0, chattering: 0, dropout: 0 };
    for (const group of this.sensorsByInterval.values()) {
      for (const { sensor } of group) for (const k of Object.keys(faultsInjected) as (keyof typeof faultsInjected)[]) faultsInjected[k] += sensor.faults.injected[k];
    }
    return {
      ...this.totals,
      delayVehicleSeconds: Math.max(0, this.totals.delayVehicleSeconds),
      onLinksVeh: this.links.reduce((s, l) => s + l.cells.totalVeh, 0),
      waitingToEnterVeh: this.links.reduce((s, l) => s + (l.origin?.queueVeh ?? 0), 0),
      faultsInjected,
    };
  }

  /** Demand means and turning shares change over minutes, so they are refreshed once a minute. */
  private refreshMinute(tMs: number): void {
    const hour = localHour(tMs, this.utcOffsetHours);
    for (const l of this.links) {
      l.shares = l.turning.sharesAt(hour, l.turnWeights);
      if (l.origin) l.origin.meanVph = l.origin.demand.meanLaneVph(tMs) * l.lanes;
    }
    this.refreshAtMs = (Math.floor(tMs / MINUTE_MS) + 1) * MINUTE_MS;
  }

  private arrive(l: SimLink): void {
    const origin = l.origin!;
    origin.queueVeh += origin.rng.poisson(origin.demand.nextRatePerS(origin.meanVph) * STEP_S);
  }

  private accountTime(): void {
    let vehicleSeconds = 0;
    let freeSeconds = 0;
    for (const l of this.links) {
      const cells = l.cells;
      const cellFreeS = cells.cellLengthM / cells.fd.freeSpeedMps;
      let outflow = 0;
      for (let c = 0; c < cells.cellCount; c++) outflow += cells.outflowVeh[c]!;
      vehicleSeconds += cells.totalVeh * STEP_S + (l.origin?.queueVeh ?? 0) * STEP_S;
      freeSeconds += outflow * cellFreeS;
    }
    this.totals.vehicleSeconds += vehicleSeconds;
    this.totals.delayVehicleSeconds += vehicleSeconds - freeSeconds;
  }

  private observeDetectors(): void {
    for (const group of this.sensorsByInterval.values()) {
      for (const b of group) {
        const cells = b.link.cells;
        const lanes = b.link.lanes;
        const inCell = cells.vehiclesInCell(b.cell);
        // A stop-bar detector sits in a through lane (lane 1 holds the left turners): it counts through departures.
        const crossing = b.stopBar && b.link.stopLine ? b.link.departedByTurn[1]! / b.link.stopLine.throughLanes : cells.outflowVeh[b.cell]! / lanes;
        const perLane = inCell / lanes;
        b.sensor.observe({
          volumeVeh: crossing,
          densityVpm: perLane / cells.cellLengthM,
          vehicleMetres: Math.min((cells.outflowVeh[b.cell]! / lanes) * cells.cellLengthM, perLane * cells.fd.freeSpeedMps * STEP_S),
          vehicleSeconds: perLane * STEP_S,
        });
      }
    }
  }
}

function addShares(into: Float64Array, veh: number, shares: readonly number[]): void {
  if (veh <= 0) return;
  for (let m = 0; m < MOVEMENT_COUNT; m++) into[m] = into[m]! + veh * shares[m]!;
}

/** Turn of a departure relative to the arrival heading: through ≈ 0°, right ≈ 90°, left ≈ 270° (right-hand traffic). */
const TURN_ANGLE_DEG = [270, 0, 90];

function stopLineOf(junction: IntersectionProperties, link: LinkFeature, all: LinkFeature[], indexById: Map<string, number>): StopLine {
  const approach = junction.approaches.find((a) => a.linkId === link.properties.id);
  const inHeading = approach?.bearingDeg ?? headingDeg(link);
  const outgoing = all.filter((l) => l.properties.fromNode === junction.id && l.properties.toNode !== link.properties.fromNode);
  const destByTurn = TURN_ANGLE_DEG.map((turnDeg) => {
    let best = -1;
    let bestError = 45;
    for (const out of outgoing) {
      const rel = (((headingDeg(out) - inHeading) % 360) + 360) % 360;
      const error = Math.min(Math.abs(rel - turnDeg), 360 - Math.abs(rel - turnDeg));
      if (error < bestError) {
        bestError = error;
        best = indexById.get(out.properties.id)!;
      }
    }
    return best;
  });
  const phaseByTurn = MOVEMENTS.map((turn) => junction.phases.find((p) => p.movements.some((m) => m.approachId === approach?.id && m.turn === turn))?.id);
  const lanes = link.properties.lanes;
  const throughLanes = Math.max(1, lanes - 1);
  const perLaneVps = link.properties.capacityVph / lanes / 3600;
  return {
    intersectionId: junction.id,
    approachId: approach?.id,
    phaseByTurn,
    signalSlotByTurn: [-1, -1, -1],
    destByTurn,
    satFlowVpsByTurn: [perLaneVps * (lanes > 1 ? 1 : 0.5), perLaneVps * throughLanes, perLaneVps * RIGHT_TURN_LANES],
    throughLanes,
  };
}

/** Compass heading of a link from its first to its last point. */
function headingDeg(link: LinkFeature): number {
  const coords = link.geometry.coordinates;
  const a = coords[0]!;
  const b = coords[coords.length - 1]!;
  const dx = (b[0] - a[0]) * Math.cos((a[1] * Math.PI) / 180);
  const dy = b[1] - a[1];
  return (((Math.atan2(dx, dy) * 180) / Math.PI) % 360 + 360) % 360;
}

function centroid(points: [number, number][]): [number, number] {
  const n = Math.max(1, points.length);
  return [points.reduce((s, p) => s + p[0], 0) / n, points.reduce((s, p) => s + p[1], 0) / n];
}

/** cos of the angle between the link's heading and the direction from its end to the network centre. */
function towardsCentre(link: LinkFeature, centre: [number, number]): number {
  const coords = link.geometry.coordinates;
  const at = coords[coords.length - 1]!;
  const dx = (centre[0] - at[0]) * Math.cos((at[1] * Math.PI) / 180);
  const dy = centre[1] - at[1];
  const length = Math.hypot(dx, dy);
  if (length < 1e-9) return 0;
  const rad = (headingDeg(link) * Math.PI) / 180;
  return (Math.sin(rad) * dx + Math.cos(rad) * dy) / length;
}
