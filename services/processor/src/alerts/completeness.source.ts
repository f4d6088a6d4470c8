/**
 * Data completeness low: a detector that has reported before has been silent for more than `missedIntervals` of its
 * own intervals (centre time since its last accepted measurement). Detectors never heard from are left out: a network
 * model lists detectors long before they are installed, and an alert per absent device would bury the real ones.
 *
 * Flood rule (an alarm flood, in ISA-18.2's terms): when at least FLOOD_MIN_DETECTORS detectors, and FLOOD_SHARE of
 * those heard, are silent in the same tick, the cause is a feed, backhaul or centre outage, not that many detector
 * faults. One `critical` alert on the network says how many, and per-detector alerts are held back until the silent
 * count falls below the threshold; the network alert then ends and the detectors still silent are raised one by one.
 * Why: a centre shedding load at 20× the fleet's rate held 49,794 per-detector alerts (~20 MB of its heap, docs/operations.md),
 * and an operator cannot act on 50,000 rows.
 */
import type { DecodedMessage } from '@arterial/contracts/mqtt/v1';
import { placeOf, type AlertSink, type PlaceNames } from './alert-condition';

export interface CompletenessOptions {
  missedIntervals: number;
}

/** Least silent detectors that make a flood (a signal cabinet's uplink, up to 16 loops, stays per-detector). */
export const FLOOD_MIN_DETECTORS = 20;
/** Least share of the detectors heard that make a flood. */
export const FLOOD_SHARE = 0.25;
/** Where a flood is raised. */
export const FLOOD_PLACE_ID = 'network';

interface Heard {
  atMs: number;
  intervalS: number;
  low: boolean;
}

export class CompletenessSource {
  private readonly detectors = new Map<string, Heard>();
  /**
   * No detector can be silent for too long before this (a whole interval early, so no rounding can matter): the tick,
   * every second, skips its walk over every detector until then. Hearing a detector only moves its own time later.
   */
  private noneDueBeforeMs = Number.POSITIVE_INFINITY;
  private flooding = false;

  constructor(
    private readonly sink: AlertSink,
    private readonly options: CompletenessOptions,
    private readonly names: PlaceNames,
  ) {}

  observe(message: DecodedMessage, nowMs: number): void {
    if (message.kind !== 'measurement') return;
    const id = message.deviceId;
    const heard = this.detectors.get(id);
    if (!heard) {
      this.detectors.set(id, { atMs: nowMs, intervalS: message.payload.intervalS, low: false });
      this.noneDueBeforeMs = Math.min(this.noneDueBeforeMs, this.earliestDueMs(nowMs, message.payload.intervalS));
      return;
    }
    // updated in place: a new record for every measurement was garbage within the minute
    const wasLow = heard.low;
    heard.atMs = nowMs;
    heard.low = false;
    if (message.payload.intervalS !== heard.intervalS) {
      heard.intervalS = message.payload.intervalS;
      this.noneDueBeforeMs = Math.min(this.noneDueBeforeMs, this.earliestDueMs(nowMs, heard.intervalS));
    }
    if (wasLow) this.sink.end('completeness-low', { type: 'detector', id });
  }

  tick(nowMs: number): void {
    if (nowMs < this.noneDueBeforeMs) {
      this.endFlood();
      return;
    }
    this.noneDueBeforeMs = Number.POSITIVE_INFINITY;
    const silent: { id: string; heard: Heard; missed: number }[] = [];
    for (const [id, heard] of this.detectors) {
      this.noneDueBeforeMs = Math.min(this.noneDueBeforeMs, this.earliestDueMs(heard.atMs, heard.intervalS));
      const missed = Math.floor((nowMs - heard.atMs) / (heard.intervalS * 1000));
      if (missed > this.options.missedIntervals) silent.push({ id, heard, missed });
    }
    if (silent.length >= Math.max(FLOOD_MIN_DETECTORS, FLOOD_SHARE * this.detectors.size)) {
      this.flooding = true;
      const longestS = Math.max(...silent.map((d) => (nowMs - d.heard.atMs) / 1000));
      this.sink.raise({
        kind: 'completeness-low',
        place: placeOf('network', FLOOD_PLACE_ID, this.names),
        severity: 'critical',
        message: `${silent.length} of ${this.detectors.size} detectors silent at once: a feed, backhaul or centre outage; per-detector alerts held back`,
        details: { detectors: silent.length, silentS: Math.round(longestS) },
      });
      return;
    }
    this.endFlood();
    for (const { id, heard, missed } of silent) {
      heard.low = true;
      // Reported every tick while silent: the book folds repeats into one alert and keeps the count current.
      this.sink.raise({
        kind: 'completeness-low',
        place: placeOf('detector', id, this.names),
        severity: 'warning',
        message: `Detector ${id} silent for ${missed} of its ${heard.intervalS} s intervals`,
        details: { intervals: missed, silentS: Math.round((nowMs - heard.atMs) / 1000) },
      });
    }
  }

  private endFlood(): void {
    if (!this.flooding) return;
    this.flooding = false;
    this.sink.end('completeness-low', placeOf('network', FLOOD_PLACE_ID, this.names));
  }

  /** A lower bound of when a detector heard at `atMs` counts as silent: one interval before `missedIntervals` + 1 pass. */
  private earliestDueMs(atMs: number, intervalS: number): number {
    return atMs + this.options.missedIntervals * intervalS * 1000;
  }
}
