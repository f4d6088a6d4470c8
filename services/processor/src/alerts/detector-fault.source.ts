/**
 * Detector fault, one condition per detector whatever its causes:
 * - the detector's own health: `failed` for `failedIntervals` consecutive measurements (`health-failed`), or
 *   `degraded` (or worse) for `degradedIntervals` consecutive measurements (`health-degraded`: chattering loops and
 *   similar partial faults report so). One bad interval is a glitch and raises nothing; once raised, the code stays
 *   while the detector keeps reporting a non-ok health, and a measurement with health `ok` ends it.
 * - the quality diagnosis (`diagnosed`, each estimation step): codes in `diagnosisFaultCodes` present for
 *   `diagnosisSteps` consecutive steps raise, absent for as many steps end. None by default (docs/alerts.md).
 * The condition holds while any cause holds; its fault codes are their union.
 */
import type { DecodedMessage } from '@arterial/contracts/mqtt/v1';
import { placeOf, type AlertSink, type PlaceNames } from './alert-condition';

export interface DetectorFaultOptions {
  failedIntervals: number;
  /** Consecutive measurements with health `degraded` or `failed` that raise `health-degraded`; 0 disables. */
  degradedIntervals: number;
  /** Diagnosis codes that raise a fault (e.g. `chattering`, `dead`, `stuck-on`); empty: the diagnosis raises nothing. */
  diagnosisFaultCodes: readonly string[];
  /** Consecutive diagnosis steps a code must be present (to raise) or absent (to end). */
  diagnosisSteps: number;
}

interface DetectorState {
  failedRun: number;
  degradedRun: number;
  healthCode: 'health-failed' | 'health-degraded' | null;
  diagnosis: { present: number; absent: number; active: boolean; codes: string[] };
  reported: boolean;
}

export class DetectorFaultSource {
  private readonly detectors = new Map<string, DetectorState>();

  constructor(
    private readonly sink: AlertSink,
    private readonly options: DetectorFaultOptions,
    private readonly names: PlaceNames,
  ) {}

  observe(message: DecodedMessage): void {
    if (message.kind !== 'measurement') return;
    const id = message.deviceId;
    const { health } = message.payload;
    const state = this.detectors.get(id);
    if (health === 'ok') {
      if (!state) return;
      state.failedRun = 0;
      state.degradedRun = 0;
      state.healthCode = null;
      this.update(id, state);
      return;
    }
    const s = state ?? this.state(id);
    s.failedRun = health === 'failed' ? s.failedRun + 1 : 0;
    s.degradedRun++;
    const { failedIntervals, degradedIntervals } = this.options;
    if (s.failedRun >= failedIntervals) s.healthCode = 'health-failed';
    else if (degradedIntervals > 0 && s.degradedRun >= degradedIntervals) s.healthCode = 'health-degraded';
    this.update(id, s);
  }

  /** Fault codes of the quality diagnosis for one step (an empty list: none); codes not configured are ignored. */
  diagnosed(detectorId: string, faultCodes: readonly string[]): void {
    const codes = faultCodes.filter((c) => this.options.diagnosisFaultCodes.includes(c));
    const state = this.detectors.get(detectorId);
    if (codes.length === 0 && !state) return;
    const s = state ?? this.state(detectorId);
    const d = s.diagnosis;
    const steps = Math.max(1, this.options.diagnosisSteps);
    if (codes.length > 0) {
      d.present++;
      d.absent = 0;
      if (d.present >= steps) {
        d.active = true;
        d.codes = codes;
      }
    } else {
      d.absent++;
      d.present = 0;
      if (d.absent >= steps) d.active = false;
    }
    this.update(detectorId, s);
  }

  private state(id: string): DetectorState {
    const s: DetectorState = { failedRun: 0, degradedRun: 0, healthCode: null, diagnosis: { present: 0, absent: 0, active: false, codes: [] }, reported: false };
    this.detectors.set(id, s);
    return s;
  }

  private update(id: string, s: DetectorState): void {
    const faultCodes = [...(s.healthCode ? [s.healthCode] : []), ...(s.diagnosis.active ? s.diagnosis.codes : [])];
    if (faultCodes.length === 0) {
      if (s.reported) this.sink.end('detector-fault', { type: 'detector', id });
      s.reported = false;
      if (s.failedRun === 0 && s.degradedRun === 0 && s.diagnosis.present === 0 && !s.diagnosis.active) this.detectors.delete(id);
      return;
    }
    s.reported = true;
    const intervals = s.healthCode === 'health-failed' ? s.failedRun : s.healthCode === 'health-degraded' ? s.degradedRun : undefined;
    this.sink.raise({
      kind: 'detector-fault',
      place: placeOf('detector', id, this.names),
      severity: 'warning',
      message: `Detector ${id} faulty (${faultCodes.join(', ')})`,
      details: { faultCodes, ...(intervals !== undefined && intervals > 0 ? { intervals } : {}) },
    });
  }
}
