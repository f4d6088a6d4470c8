/**
 * A result record as one NDJSON line, byte for byte what `JSON.stringify` writes. Predictions, two thirds of a replay's
 * records, have a fixed shape and are written by hand (about a third faster); every other record, and a prediction
 * whose keys are not exactly the usual ones in the usual order, goes through `JSON.stringify`.
 */
import type { TimeSeriesRecord } from '../storage/time-series-store';

type PredictionRecord = Extract<TimeSeriesRecord, { kind: 'prediction' }>;

/** A prediction record's keys in the order prediction.service writes them, which is the order JSON.stringify keeps. */
const PREDICTION_KEYS = ['kind', 'ts', 'place', 'target', 'horizonMin', 'value', 'lower', 'upper', 'model'] as const;

/** Ids, targets and model names as JSON strings: a few hundred of them, repeated millions of times. */
const quotedStrings = new Map<string, string>();
const MAX_QUOTED = 10_000;

export function encodeRecordLine(record: TimeSeriesRecord): string {
  return record.kind === 'prediction' && hasPredictionShape(record) ? encodePrediction(record) : JSON.stringify(record);
}

function hasPredictionShape(record: PredictionRecord): boolean {
  const keys = Object.keys(record);
  if (keys.length !== PREDICTION_KEYS.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== PREDICTION_KEYS[i]) return false;
  const place = Object.keys(record.place);
  return (
    place.length === 1 &&
    (place[0] === 'detectorId' || place[0] === 'linkId') &&
    typeof (record.place as Record<string, unknown>)[place[0]] === 'string' &&
    typeof record.target === 'string' &&
    typeof record.model === 'string' &&
    typeof record.ts === 'number' &&
    typeof record.horizonMin === 'number' &&
    typeof record.value === 'number' &&
    typeof record.lower === 'number' &&
    typeof record.upper === 'number'
  );
}

function encodePrediction(r: PredictionRecord): string {
  const [placeKey, placeId] = 'detectorId' in r.place ? (['detectorId', r.place.detectorId] as const) : (['linkId', r.place.linkId] as const);
  return encodePredictionFields(placeKey, placeId, r.target, r.model, r.ts, r.horizonMin, r.value, r.lower, r.upper);
}

/** The line of a prediction record from its fields (the output worker gets them without the record). */
export function encodePredictionFields(
  placeKey: 'detectorId' | 'linkId',
  placeId: string,
  target: string,
  model: string,
  ts: number,
  horizonMin: number,
  value: number,
  lower: number,
  upper: number,
): string {
  return `{"kind":"prediction","ts":${num(ts)},"place":{"${placeKey}":${quoted(placeId)}},"target":${quoted(target)},"horizonMin":${num(horizonMin)},"value":${num(value)},"lower":${num(lower)},"upper":${num(upper)},"model":${quoted(model)}}`;
}

/** The record's fields when it has the fixed shape (then its line is `encodePredictionFields` of them). */
export function predictionFieldsOf(record: TimeSeriesRecord): PredictionRecord | undefined {
  return record.kind === 'prediction' && hasPredictionShape(record) ? record : undefined;
}

/** A number as JSON writes it: its shortest round-trip text (-0 as 0), null when not finite. */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

function quoted(s: string): string {
  let q = quotedStrings.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (quotedStrings.size >= MAX_QUOTED) quotedStrings.clear();
    quotedStrings.set(s, q);
  }
  return q;
}
