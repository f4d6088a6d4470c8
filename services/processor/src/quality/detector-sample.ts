import type { DetectorMeasurement } from '@arterial/contracts/mqtt/v1';

/** One interval aggregate of one detector as it arrived over MQTT (`ts` is the end of the interval). */
export interface DetectorSample extends DetectorMeasurement {
  readonly detectorId: string;
}
