/**
 * Detector fault: the detector reported `health: failed` for `failedIntervals` consecutive measurements (one failed
 * interval is often a glitch). A measurement with any other health ends the condition. The quality diagnosis will
 * add its own fault codes through `diagnosed` once it runs live.
 */
import type { DecodedMessage } from '@arterial/contracts/mqtt/v1';
import { placeOf, type AlertSink, type PlaceNames } from './alert-condition';

export interface DetectorFaultOptions {
  failedIntervals: number;
}

export class DetectorFaultSource {
  private readonly failedRun = new Map<string, number>();

  constructor(
    private readonly sink: AlertSink,
    private readonly options: DetectorFaultOptions,
    private readonly names: PlaceNames,
  ) {}

  observe(message: DecodedMessage): void {
    if (message.kind !== 'measurement') return;
    const id = message.deviceId;
    if (message.payload.health !== 'failed') {
      if (this.failedRun.delete(id)) this.sink.end('detector-fault', { type: 'detector', id });
      return;
    }
    const run = (this.failedRun.get(id) ?? 0) + 1;
    this.failedRun.set(id, run);
    if (run >= this.options.failedIntervals) this.report(id, ['health-failed'], run);
  }

  /** Faults found by the quality diagnosis (an empty list ends the condition); for the estimation wiring. */
  diagnosed(detectorId: string, faultCodes: readonly string[]): void {
    if (faultCodes.length === 0) {
      if (!this.failedRun.has(detectorId)) this.sink.end('detector-fault', { type: 'detector', id: detectorId });
      return;
    }
    this.report(detectorId, [...faultCodes], undefined);
  }

  private report(id: string, faultCodes: string[], intervals: number | undefined): void {
    this.sink.raise({
      kind: 'detector-fault',
      place: placeOf('detector', id, this.names),
      severity: 'warning',
      message: `Detector ${id} faulty (${faultCodes.join(', ')})`,
      details: { faultCodes, ...(intervals !== undefined ? { intervals } : {}) },
    });
  }
}
