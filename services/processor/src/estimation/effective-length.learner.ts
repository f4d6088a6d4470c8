/**
 * Per-detector effective vehicle length g (vehicle plus detection zone), learned online so single-loop speeds
 * v = q·g/o are not all computed with one constant (Jia, Chen, Coifman & Varaiya 2001, IEEE ITSC: g varies by
 * detector and time; estimate it where speed is known or free flow is certain).
 *
 * Two sources, in order of trust: intervals where the detector itself measured speed (g = v·o/q), and light-traffic
 * intervals at advance detectors, where vehicles are taken to run at a reference free-flow speed. The estimate is the
 * median of a bounded window of accepted observations, clamped to a physical range.
 */
import type { EffectiveLengthSource } from '@arterial/contracts/api/v1';
import { effectiveLengthM } from './traffic-flow.formulas';

/** Typical loop g, 5.5–7 m (ALGORITHMS.md); used until a detector has evidence of its own. */
export const DEFAULT_EFFECTIVE_LENGTH_M = 6;
/** Bounds for the learned value: a car on a short loop to a mix heavy with buses and trucks. */
export const MIN_EFFECTIVE_LENGTH_M = 4;
export const MAX_EFFECTIVE_LENGTH_M = 12;
/** Observations outside this band are measurement noise (tiny counts, stop-and-go), not a g: they are discarded. */
const SANE_OBSERVATION_RANGE_M: readonly [number, number] = [2, 20];
/**
 * Occupancy band in which speed, flow and occupancy agree well enough to learn from: below it a single vehicle's
 * rounding dominates; above it stop-and-go makes the time-mean spot speed and occupancy inconsistent (Jia et al. 2001
 * learn g in free flow only; we also accept moderate traffic when speed is measured).
 */
const LEARN_OCCUPANCY_PCT: readonly [number, number] = [2, 35];
/** Light traffic for the free-flow source: occupancy under 10 % (Jia et al. 2001 use low-occupancy samples). */
const FREE_FLOW_MAX_OCCUPANCY_PCT = 10;
/** Enough flow that one vehicle more or less does not swing the observation: 120 veh/h. */
const LEARN_MIN_FLOW_VPH = 120;
const WINDOW = 96;
/** Observations needed before the learned median replaces the default. */
const MIN_OBSERVATIONS = 5;

export type { EffectiveLengthSource };

export interface EffectiveLength {
  readonly lengthM: number;
  readonly source: EffectiveLengthSource;
  readonly observations: number;
}

/**
 * The last WINDOW observations, also kept sorted: the median is read for every detector in every step, and sorting a
 * copy each time was a hot spot of replay. Inserting and removing in the sorted copy costs one search and one move.
 */
class BoundedWindow {
  private readonly values: number[] = [];
  private readonly sorted: number[] = [];
  push(x: number): void {
    this.values.push(x);
    this.sorted.splice(lowerBound(this.sorted, x), 0, x);
    if (this.values.length > WINDOW) {
      const old = this.values.shift()!;
      this.sorted.splice(lowerBound(this.sorted, old), 1);
    }
  }
  get size(): number {
    return this.values.length;
  }
  median(): number {
    const sorted = this.sorted;
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
}

/** First index of an ascending array whose value is not below x. */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class EffectiveLengthLearner {
  private readonly fromSpeed = new BoundedWindow();
  private readonly fromFreeFlow = new BoundedWindow();

  constructor(private readonly defaultLengthM = DEFAULT_EFFECTIVE_LENGTH_M) {}

  /** An interval in which the detector measured flow, occupancy and speed itself. Returns whether it was used. */
  observeMeasuredSpeed(flowVph: number, occupancyPct: number, speedKph: number): boolean {
    if (!this.learnable(flowVph, occupancyPct, LEARN_OCCUPANCY_PCT[1])) return false;
    return this.accept(this.fromSpeed, effectiveLengthM(flowVph, occupancyPct, speedKph));
  }

  /**
   * A light-traffic interval at a detector without speed, away from the stop line, where vehicles are taken to run at
   * `freeFlowSpeedKph`. Callers must not use stop-bar detectors here: vehicles there brake and start, not cruise.
   */
  observeFreeFlow(flowVph: number, occupancyPct: number, freeFlowSpeedKph: number): boolean {
    if (!this.learnable(flowVph, occupancyPct, FREE_FLOW_MAX_OCCUPANCY_PCT)) return false;
    return this.accept(this.fromFreeFlow, effectiveLengthM(flowVph, occupancyPct, freeFlowSpeedKph));
  }

  current(): EffectiveLength {
    if (this.fromSpeed.size >= MIN_OBSERVATIONS) return { lengthM: clamp(this.fromSpeed.median()), source: 'measured-speed', observations: this.fromSpeed.size };
    if (this.fromFreeFlow.size >= MIN_OBSERVATIONS) return { lengthM: clamp(this.fromFreeFlow.median()), source: 'free-flow', observations: this.fromFreeFlow.size };
    return { lengthM: clamp(this.defaultLengthM), source: 'default', observations: 0 };
  }

  private learnable(flowVph: number, occupancyPct: number, maxOccupancyPct: number): boolean {
    return flowVph >= LEARN_MIN_FLOW_VPH && occupancyPct >= LEARN_OCCUPANCY_PCT[0] && occupancyPct <= maxOccupancyPct;
  }

  private accept(window: BoundedWindow, g: number | null): boolean {
    if (g === null || g < SANE_OBSERVATION_RANGE_M[0] || g > SANE_OBSERVATION_RANGE_M[1]) return false;
    window.push(g);
    return true;
  }
}

function clamp(g: number): number {
  return Math.min(MAX_EFFECTIVE_LENGTH_M, Math.max(MIN_EFFECTIVE_LENGTH_M, g));
}
