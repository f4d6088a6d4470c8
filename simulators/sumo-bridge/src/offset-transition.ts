/**
 * Offset seeking for a SUMO traffic light taking a new plan (the "shortway" idea of the reference controllers in
 * simulators/traffic, in whole seconds because SUMO runs 1 s steps). Coordination reference: the plan's cycle
 * starts whenever (epoch time − offsetS) mod cycleS = 0, so cycleSecond = (t − offsetS) mod cycleS.
 *
 * From a cycle boundary (where the new plan would start), run at most MAX_TRANSITION_CYCLES cycles whose greens
 * are stretched (up to maxGreen = MAX_GREEN_FACTOR × the planned green) or shortened (down to the minimum green),
 * so that the last one ends exactly at a coordinated cycle start. Lengthening by `ahead` or shortening by
 * `cycleS − ahead`, whichever changes less and fits the limits; one cycle when the change fits in one. Yellow and
 * all-red are never changed. Pure: the controller bridge installs the returned greens as SUMO programs.
 */

export const MAX_TRANSITION_CYCLES = 2;
/** A stretched green may be at most this many times the planned green. */
export const MAX_GREEN_FACTOR = 2;
/** Largest cycle a state may report (contract limit); a stretched cycle stays within it. */
const MAX_CYCLE_S = 600;

export interface TransitionInput {
  /** Planned greens in program (phase) order, seconds. */
  greensS: readonly number[];
  /** Yellow plus all-red of the whole cycle, seconds. */
  clearanceS: number;
  cycleS: number;
  offsetS: number;
  /** Smallest green the controller allows, seconds. */
  minGreenS: number;
  /** Largest green of each phase (program order), seconds: a stretched green stays within it as well. */
  maxGreensS?: readonly number[];
  /** The junction's cycle bounds: a transition cycle is still one of its cycles. Default [0, 600] (contract limit). */
  cycleBounds?: { minS: number; maxS: number };
  /** Epoch ms at the cycle boundary where the transition would start. */
  boundaryEpochMs: number;
}

export interface OffsetTransition {
  /** Greens of each transition cycle, in program order; empty when the boundary is already coordinated. */
  cycles: number[][];
  /** Seconds the transition moves the cycle start: > 0 lengthens, < 0 shortens. */
  shiftS: number;
  /** Offset error (s) left when the limits could not absorb it within the bound; 0 normally. */
  residualS: number;
}

/** Position of epoch time tMs in a cycle of cycleS with offsetS, seconds in [0, cycleS). */
export function coordinatedCycleSecond(tMs: number, cycleS: number, offsetS: number): number {
  const cycleMs = Math.round(cycleS * 1000);
  return mod(tMs - Math.round(offsetS * 1000), cycleMs) / 1000;
}

export function planOffsetTransition(input: TransitionInput): OffsetTransition {
  const { greensS, cycleS, minGreenS } = input;
  // Seconds from the boundary to the next coordinated cycle start, rounded to SUMO's 1 s step.
  const position = coordinatedCycleSecond(input.boundaryEpochMs, cycleS, input.offsetS);
  const aheadS = mod(Math.round(cycleS - position), Math.round(cycleS));
  if (aheadS === 0) return { cycles: [], shiftS: 0, residualS: 0 };

  const maxGreenOf = (i: number, g: number): number => Math.min(MAX_GREEN_FACTOR * g, input.maxGreensS?.[i] ?? Number.POSITIVE_INFINITY);
  const lengthenRooms = greensS.map((g, i) => Math.max(0, Math.floor(maxGreenOf(i, g) - g)));
  const shortenRooms = greensS.map((g) => Math.max(0, Math.floor(g - minGreenS)));
  const maxCycleS = Math.min(MAX_CYCLE_S, input.cycleBounds?.maxS ?? MAX_CYCLE_S);
  const minCycleS = input.cycleBounds?.minS ?? 0;
  const lengthenRoom = Math.min(sum(lengthenRooms), Math.max(0, Math.floor(maxCycleS - cycleS)));
  const shortenRoom = Math.min(sum(shortenRooms), Math.max(0, Math.floor(cycleS - minCycleS)));
  const roomFor = (totalS: number): number => (totalS > 0 ? lengthenRoom : shortenRoom);

  const candidates: { n: number; totalS: number }[] = [];
  for (let n = 1; n <= MAX_TRANSITION_CYCLES; n++) candidates.push({ n, totalS: aheadS }, { n, totalS: aheadS - Math.round(cycleS) });
  candidates.sort((a, b) => Math.abs(a.totalS) - Math.abs(b.totalS) || a.n - b.n);
  const chosen = candidates.find((c) => Math.abs(c.totalS) <= c.n * roomFor(c.totalS)) ?? bestEffort(candidates, roomFor);

  const cycles = splitEvenly(chosen.totalS, chosen.n).map((partS) => adjustGreens(greensS, partS > 0 ? lengthenRooms : shortenRooms, partS));
  const shiftS = cycles.reduce((s, greens) => s + sum(greens) - sum(greensS), 0);
  return { cycles, shiftS: round3(shiftS), residualS: round3(mod(aheadS - shiftS, Math.round(cycleS))) };
}

/** When no candidate fits: the widest move the limits allow over the full bound, in the shorter direction. */
function bestEffort(candidates: { n: number; totalS: number }[], roomFor: (totalS: number) => number): { n: number; totalS: number } {
  const widest = candidates.find((c) => c.n === MAX_TRANSITION_CYCLES)!;
  const limit = widest.n * roomFor(widest.totalS);
  return { n: widest.n, totalS: Math.sign(widest.totalS) * Math.min(Math.abs(widest.totalS), limit) };
}

/** Whole-second parts of totalS, as equal as possible. */
function splitEvenly(totalS: number, n: number): number[] {
  const base = Math.trunc(totalS / n);
  return [totalS - base * (n - 1), ...Array.from({ length: n - 1 }, () => base)].filter((p) => p !== 0);
}

/** Greens changed by deltaS (whole seconds) in all, each in proportion to its room so none crosses its limit. */
function adjustGreens(greensS: readonly number[], rooms: readonly number[], deltaS: number): number[] {
  const need = Math.abs(deltaS);
  const totalRoom = sum(rooms);
  const shares = rooms.map((room) => (totalRoom === 0 ? 0 : Math.floor((need * room) / totalRoom)));
  let left = need - sum(shares);
  for (let i = 0; left > 0 && i < shares.length; i++) {
    const extra = Math.min(left, rooms[i]! - shares[i]!);
    shares[i]! += extra;
    left -= extra;
  }
  return greensS.map((g, i) => round3(g + Math.sign(deltaS) * shares[i]!));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
