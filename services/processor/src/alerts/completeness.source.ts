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

  constructor(
    private readonly sink: AlertSink,
    private readonly options: CompletenessOptions,
    private readonly names: PlaceNames,
  ) {}

  observe(message: DecodedMessage, nowMs: number): void {
    if (message.kind !== 'measurement') return;
    const id = message.deviceId;
    const previous = this.detectors.get(id);
    this.detectors.set(id, { atMs: nowMs, intervalS: message.payload.intervalS, low: false });
    if (previous?.low) this.sink.end('completeness-low', { type: 'detector', id });
  }

  tick(nowMs: number): void {
    for (const [id, heard] of this.detectors) {
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
}
