/**
 * Fixed-time plan design: Webster's cycle, green split in proportion to critical flow ratios within each
 * phase's min/max green, and offsets for an eastbound green wave. Times are in half seconds because
 * all-red intervals of 1.5 s make the lost time fractional, yet splits plus clearances must equal the cycle exactly.
 */
import type { PhaseDefinition } from '@arterial/contracts/network';
import type { PlanSplit } from '@arterial/contracts/mqtt/v1';

export const SATURATION_FLOW_VPHPL = 1800;

/** Yellow plus all-red of every phase in the sequence: time in the cycle no movement uses. */
export function lostTimeS(phases: PhaseDefinition[], sequence: number[]): number {
  return sequence.reduce((sum, id) => {
    const phase = phaseById(phases, id);
    return sum + phase.yellowS + phase.allRedS;
  }, 0);
}

/**
 * Shortest cycle that serves the demand (Webster: (1.5·L + 5) / (1 − Y)) and fits every minimum green.
 * @param flowRatios critical volume / saturation flow of each phase in the sequence
 */
export function cycleNeededS(phases: PhaseDefinition[], sequence: number[], flowRatios: Map<number, number>): number {
  const lost = lostTimeS(phases, sequence);
  const y = sequence.reduce((sum, id) => sum + (flowRatios.get(id) ?? 0), 0);
  const webster = y < 0.95 ? (1.5 * lost + 5) / (1 - y) : Number.POSITIVE_INFINITY;
  const minGreens = sequence.reduce((sum, id) => sum + phaseById(phases, id).minGreenS, 0);
  return Math.max(webster, minGreens + lost);
}

/** Splits for one cycle: greens within [minGreenS, maxGreenS], proportional to flow ratios, summing with clearances to cycleS. */
export function allocateSplits(phases: PhaseDefinition[], sequence: number[], flowRatios: Map<number, number>, cycleS: number): PlanSplit[] {
  const units = Math.round((cycleS - lostTimeS(phases, sequence)) * 2);
  const bounds = sequence.map((id) => {
    const p = phaseById(phases, id);
    return { id, min: Math.ceil(p.minGreenS * 2), max: Math.floor(p.maxGreenS * 2), weight: Math.max(flowRatios.get(id) ?? 0, 1e-3) };
  });
  const minSum = bounds.reduce((s, b) => s + b.min, 0);
  const maxSum = bounds.reduce((s, b) => s + b.max, 0);
  if (units < minSum) throw new Error(`cycle ${cycleS} s cannot fit the minimum greens (${minSum / 2} s) plus clearances`);
  if (units > maxSum) throw new Error(`cycle ${cycleS} s exceeds the maximum greens (${maxSum / 2} s) plus clearances`);

  // Water-filling: pin phases whose proportional share breaks a bound, share the rest among the others.
  const share = new Map<number, number>();
  let free = bounds;
  for (;;) {
    const pinned = bounds.filter((b) => !free.includes(b)).reduce((s, b) => s + (share.get(b.id) ?? 0), 0);
    const perWeight = (units - pinned) / free.reduce((s, b) => s + b.weight, 0);
    const broken = free.filter((b) => b.weight * perWeight < b.min || b.weight * perWeight > b.max);
    if (broken.length === 0) {
      for (const b of free) share.set(b.id, b.weight * perWeight);
      break;
    }
    for (const b of broken) share.set(b.id, b.weight * perWeight < b.min ? b.min : b.max);
    free = free.filter((b) => !broken.includes(b));
  }

  // Largest remainder rounding to whole half seconds.
  const rounded = bounds.map((b) => ({ ...b, value: Math.floor(share.get(b.id) ?? b.min), fraction: (share.get(b.id) ?? 0) % 1 }));
  let missing = units - rounded.reduce((s, r) => s + r.value, 0);
  for (const r of [...rounded].sort((a, b) => b.fraction - a.fraction || a.id - b.id)) {
    if (missing <= 0) break;
    if (r.value < r.max) {
      r.value++;
      missing--;
    }
  }
  return rounded.map((r) => ({ phase: r.id, greenS: r.value / 2 }));
}

/** Second in the cycle at which a phase's green starts, for a given split. */
export function greenStartS(phases: PhaseDefinition[], sequence: number[], splits: PlanSplit[], phaseId: number): number {
  let t = 0;
  for (const id of sequence) {
    if (id === phaseId) return t;
    const phase = phaseById(phases, id);
    t += (splits.find((s) => s.phase === id)?.greenS ?? 0) + phase.yellowS + phase.allRedS;
  }
  throw new Error(`phase ${phaseId} is not in the sequence`);
}

/**
 * Offset that starts the coordinated phase's green when a platoon leaving the reference line at cycle
 * second 0 arrives, travelling `distanceM` at `progressionKph`.
 */
export function greenWaveOffsetS(distanceM: number, progressionKph: number, coordinatedGreenStartS: number, cycleS: number): number {
  const travelS = Math.round(distanceM / (progressionKph / 3.6));
  return (((travelS - coordinatedGreenStartS) % cycleS) + cycleS) % cycleS;
}

export function phaseById(phases: PhaseDefinition[], id: number): PhaseDefinition {
  const phase = phases.find((p) => p.id === id);
  if (!phase) throw new Error(`unknown phase ${id}`);
  return phase;
}
