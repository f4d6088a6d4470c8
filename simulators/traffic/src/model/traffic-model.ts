/**
 * The network's traffic, one second at a time: per signalised approach a demand stream and a queued through
 * lane, observed by that approach's detectors. Reads only the network file, so any valid network runs.
 * Deterministic: every random stream is derived from the run seed and the approach or detector id.
 */
import { detectorsOf, intersectionsOf, linksOf, type DetectorMeasurement, type NetworkModel, type PhaseState } from '@arterial/contracts';
import { Rng } from '../random/prng';
import { ApproachDemand, designLaneVph } from './approach-demand';
import { ApproachLane, SATURATION_FLOW_VPS } from './approach-lane';
import { DetectorSensor, type ApproachSecond } from './detector-sensor';
import { approachSpeedKph } from './speed-flow';

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
}

export interface DueMeasurement {
  detectorId: string;
  intersectionId: string;
  measurement: DetectorMeasurement;
}

/** Drivers keep a little under the limit on an open approach. */
const FREE_SPEED_SHARE_OF_LIMIT = 0.95;
const MINUTE_MS = 60_000;

interface SimulatedApproach {
  id: string;
  intersectionId: string;
  /** Phase serving the through movement; undefined when no phase does (then traffic is never stopped). */
  throughPhase: number | undefined;
  laneCapacityVph: number;
  freeSpeedKph: number;
  demand: ApproachDemand;
  lane: ApproachLane;
  rng: Rng;
  sensors: DetectorSensor[];
  meanVph: number;
  speedKph: number;
  refreshAtMs: number;
}

export class TrafficModel {
  private readonly approaches: SimulatedApproach[] = [];
  private readonly sensorsByInterval = new Map<number, { sensor: DetectorSensor; intersectionId: string }[]>();
  private readonly sensorsByIntersection = new Map<string, DetectorSensor[]>();

  constructor(network: NetworkModel, options: TrafficModelOptions) {
    const links = new Map(linksOf(network).map((l) => [l.properties.id, l.properties]));
    const detectorsByApproach = new Map<string, DetectorSensor[]>();
    for (const { properties: d } of detectorsOf(network)) {
      const spec = { ...d, intervalS: options.detectorIntervalS ?? d.intervalS };
      const sensor = new DetectorSensor(spec, Rng.forKey(`detector:${d.id}`, options.seed));
      detectorsByApproach.set(d.approachId, [...(detectorsByApproach.get(d.approachId) ?? []), sensor]);
      this.sensorsByIntersection.set(d.intersectionId, [...(this.sensorsByIntersection.get(d.intersectionId) ?? []), sensor]);
      const group = this.sensorsByInterval.get(spec.intervalS) ?? [];
      group.push({ sensor, intersectionId: d.intersectionId });
      this.sensorsByInterval.set(spec.intervalS, group);
    }

    const junctions = intersectionsOf(network);
    const centre = centroid(junctions.map((j) => j.geometry.coordinates));
    for (const { properties: junction, geometry } of junctions) {
      const plan = junction.fallbackPlan;
      for (const approach of junction.approaches) {
        const link = links.get(approach.linkId);
        if (!link) throw new Error(`approach ${approach.id} names unknown link ${approach.linkId}`);
        const throughPhase = junction.phases.find((p) => p.movements.some((m) => m.approachId === approach.id && m.turn === 'through'))?.id;
        const greenS = plan.splits.find((s) => s.phase === throughPhase)?.greenS ?? plan.cycleS;
        const laneCapacityVph = SATURATION_FLOW_VPS * 3600 * (greenS / plan.cycleS);
        const rng = Rng.forKey(`approach:${approach.id}`, options.seed);
        this.approaches.push({
          id: approach.id,
          intersectionId: junction.id,
          throughPhase,
          laneCapacityVph,
          freeSpeedKph: link.speedLimitKph * FREE_SPEED_SHARE_OF_LIMIT,
          demand: new ApproachDemand(
            {
              designLaneVph: designLaneVph(link.lanes, link.speedLimitKph),
              laneCapacityVph,
              towardsCentre: towardsCentre(geometry.coordinates, approach.bearingDeg, centre), utcOffsetHours: options.utcOffsetHours ?? 8,
            },
            rng,
          ),
          lane: new ApproachLane(link.lengthM),
          rng,
          sensors: detectorsByApproach.get(approach.id) ?? [],
          meanVph: 0,
          speedKph: link.speedLimitKph * FREE_SPEED_SHARE_OF_LIMIT,
          refreshAtMs: Number.NEGATIVE_INFINITY,
        });
      }
    }
  }

  /** Simulates the second that ends at tMs (a whole second). */
  step(tMs: number, signals: SignalView): void {
    // Sample the signal mid-second: clearances that end on the half second then count half and half.
    const signalAtMs = tMs - 500;
    for (const a of this.approaches) {
      const signal = a.throughPhase === undefined ? 'green' : signals.phaseStateAt(a.intersectionId, a.throughPhase, signalAtMs);
      // Demand changes over minutes, so its mean and the approach speed are refreshed once a minute.
      if (tMs >= a.refreshAtMs) {
        a.meanVph = a.demand.meanLaneVph(tMs);
        a.speedKph = approachSpeedKph(a.freeSpeedKph, a.meanVph / a.laneCapacityVph);
        a.refreshAtMs = (Math.floor(tMs / MINUTE_MS) + 1) * MINUTE_MS;
      }
      const second = a.lane.step(signal, a.demand.nextRatePerS(a.meanVph), a.rng);
      const observed: ApproachSecond = {
        arrived: second.arrived,
        dischargedFromQueue: second.dischargedFromQueue,
        passedFreely: second.passedFreely,
        queue: second.queue,
        stopped: second.stopped,
        approachSpeedKph: a.speedKph,
        queueLengthM: a.lane.queueLengthM,
      };
      for (const sensor of a.sensors) sensor.observe(observed);
    }
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

  /** Detectors at a junction that currently report anything but 'ok'. */
  unhealthyDetectors(intersectionId: string): string[] {
    return (this.sensorsByIntersection.get(intersectionId) ?? []).filter((s) => s.currentHealth !== 'ok').map((s) => s.id);
  }

  get detectorCount(): number {
    return [...this.sensorsByInterval.values()].reduce((n, g) => n + g.length, 0);
  }

  /** Queue on an approach's through lane, vehicles (for tests and diagnostics). */
  queueVeh(approachId: string): number | undefined {
    return this.approaches.find((a) => a.id === approachId)?.lane.queueVeh;
  }
}

function centroid(points: [number, number][]): [number, number] {
  const n = Math.max(1, points.length);
  return [points.reduce((s, p) => s + p[0], 0) / n, points.reduce((s, p) => s + p[1], 0) / n];
}

/** cos of the angle between the approach heading and the direction from the junction to the centre. */
function towardsCentre(at: [number, number], headingDeg: number, centre: [number, number]): number {
  const dx = (centre[0] - at[0]) * Math.cos((at[1] * Math.PI) / 180);
  const dy = centre[1] - at[1];
  const length = Math.hypot(dx, dy);
  if (length < 1e-9) return 0;
  const rad = (headingDeg * Math.PI) / 180;
  return (Math.sin(rad) * dx + Math.cos(rad) * dy) / length;
}
