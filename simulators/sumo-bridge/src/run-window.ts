/**
 * Which simulated seconds a run covers and how they map to epoch time. Messages carry epoch timestamps, SUMO counts
 * seconds from its begin time (25200 for a configuration starting at 07:00): epoch(t) = startEpoch + (t − begin)·1000.
 * The default start puts the whole run in the past (now − (end − begin), whole second), so however fast the run, no
 * timestamp is ever in the future, and cycle boundaries (whole simulation seconds) can meet coordinated offsets exactly.
 */
export interface RunWindowInput {
  /** What the configuration says (`<begin>`, `<end>`), where it says it. */
  configured: { beginS?: number; endS?: number };
  beginS?: number;
  endS?: number;
  /** Duration from the begin; wins over `endS`. */
  seconds?: number;
}

export interface RunWindow {
  beginS: number;
  endS: number;
}

/** Used when neither the options nor the configuration bound the run. */
export const DEFAULT_RUN_S = 600;

export function runWindowOf(input: RunWindowInput): RunWindow {
  const beginS = input.beginS ?? input.configured.beginS ?? 0;
  const endS = input.seconds !== undefined ? beginS + input.seconds : (input.endS ?? input.configured.endS ?? beginS + DEFAULT_RUN_S);
  if (!(endS > beginS)) throw new Error(`the run must end after it begins (begin ${beginS} s, end ${endS} s)`);
  return { beginS, endS };
}

export interface EpochMapping {
  /** Epoch ms of the begin time. */
  startEpochMs: number;
  epochMsOf(simS: number): number;
}

export function epochMappingOf(window: RunWindow, nowMs: number, startEpochMs?: number): EpochMapping {
  const start = startEpochMs ?? Math.floor((nowMs - (window.endS - window.beginS) * 1000) / 1000) * 1000;
  return { startEpochMs: start, epochMsOf: (simS) => Math.round(start + (simS - window.beginS) * 1000) };
}
