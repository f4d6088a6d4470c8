/**
 * What an alert source reports, and where it reports it. Sources only say "this condition holds now" or "it no
 * longer holds"; de-duplication, rate limiting, hysteresis and the lifecycle belong to the AlertBook.
 */
import type { AlertDetails, AlertKind, AlertPlace, AlertSeverity } from '@arterial/contracts/api/v1';

export interface AlertCondition {
  kind: AlertKind;
  place: AlertPlace;
  severity: AlertSeverity;
  message: string;
  details: AlertDetails;
}

export interface EndOptions {
  immediately?: boolean;
}

export interface AlertSink {
  /** The condition holds (again) now. */
  raise(condition: AlertCondition): void;
  /**
   * The condition no longer holds; the alert clears once it has stayed away for the hold time, or at once with
   * `immediately` (the condition is superseded by another alert at the same place).
   */
  end(kind: AlertKind, place: AlertPlace, options?: EndOptions): void;
}

/** One alert per (kind, place): the de-duplication key. */
export function alertKey(kind: AlertKind, place: Pick<AlertPlace, 'type' | 'id'>): string {
  return `${kind}|${place.type}|${place.id}`;
}

/** Human names of places, from the network model; undefined when it has none. */
export type PlaceNames = (type: AlertPlace['type'], id: string) => string | undefined;

export function placeOf(type: AlertPlace['type'], id: string, names: PlaceNames): AlertPlace {
  const name = names(type, id);
  return name === undefined ? { type, id } : { type, id, name };
}
