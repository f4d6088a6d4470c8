/** Defaults of the alert tuning, merged with what the configuration sets. */
import type { AlertsConfig } from '../config/processor-config';

export type AlertsOptions = AlertsConfig & { recentClearedLimit: number };

export const DEFAULT_ALERTS_OPTIONS: AlertsOptions = {
  clearHoldMs: 60_000,
  reRaiseWindowMs: 5 * 60_000,
  tickMs: 1_000,
  controllerSilentMs: 60_000,
  detectorFailedIntervals: 3,
  completenessMissedIntervals: 3,
  congestedLevel: 4,
  predictedMinConfidence: 0.6,
  congestionRaiseSteps: 3,
  congestionClearSteps: 3,
  predictedRaiseSteps: 3,
  predictedClearSteps: 3,
  detectorDegradedIntervals: 6,
  diagnosisFaultCodes: [],
  diagnosisSteps: 5,
  recentClearedLimit: 500,
};

export const ALERTS_OPTIONS = Symbol('ALERTS_OPTIONS');

export function alertsOptions(config: Partial<AlertsConfig> | undefined): AlertsOptions {
  return { ...DEFAULT_ALERTS_OPTIONS, ...config };
}
