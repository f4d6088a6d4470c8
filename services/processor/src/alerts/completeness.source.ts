/**
 * Data completeness low: a detector that has reported before has been silent for more than `missedIntervals` of its
 * own intervals (centre time since its last accepted measurement). Detectors never heard from are left out: a network
 * model lists detectors long before they are installed, and an alert per absent device would bury the real ones.
 */
import type { DecodedMessage } from '@arterial/contracts/mqtt/v1';
import { placeOf, type AlertSink, type PlaceNames } from './alert-condition';

export interface CompletenessOptions {
  missedIntervals: number;
}

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
    if (nowMs < this.noneDueBeforeMs) return;
    this.noneDueBeforeMs = Number.POSITIVE_INFINITY;
    for (const [id, heard] of this.detectors) {
      this.noneDueBeforeMs = Math.min(this.noneDueBeforeMs, this.earliestDueMs(heard.atMs, heard.intervalS));
      const missed = Math.floor((nowMs - heard.atMs) / (heard.intervalS * 1000));
      if (missed <= this.options.missedIntervals) continue;
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

  /** A lower bound of when a detector heard at `atMs` counts as silent: one interval before `missedIntervals` + 1 pass. */
  private earliestDueMs(atMs: number, intervalS: number): number {
    return atMs + this.options.missedIntervals * intervalS * 1000;
  }
}
