/**
 * Reads recorded device messages from a store window by window in time order, so memory holds one window whatever
 * the range: as recording lines (export) or as replay input. Topics are rebuilt from the record's kind and device id.
 */
import { buildTopic } from '@arterial/contracts/mqtt/v1';
import type { RecordingLine } from '@arterial/contracts/api/v1';
import { rawReceivedAt, type RawRecord } from '../storage/raw-records';
import type { TimeSeriesStore } from '../storage/time-series-store';
import type { RecordedMessage } from './recording-line.codec';

export const DEFAULT_EXPORT_WINDOW_MS = 10 * 60_000;

export interface ExportProgress {
  /** Export time reached, epoch ms. */
  atMs: number;
  lines: number;
}

export interface ExportRunOptions {
  store: Pick<TimeSeriesStore, 'rawRecords'>;
  fromMs: number;
  toMs: number;
  write: (line: RecordingLine) => Promise<void>;
  /** Time read per query (default 10 minutes). */
  windowMs?: number;
  onWindow?: (p: ExportProgress) => void;
}

export function recordingLineOf(record: RawRecord): RecordingLine {
  switch (record.kind) {
    case 'measurement':
      return { topic: buildTopic('measurement', record.detectorId), receivedAt: rawReceivedAt(record), payload: record.payload };
    case 'controller-status':
      return { topic: buildTopic('status', record.intersectionId), receivedAt: rawReceivedAt(record), payload: record.payload };
    case 'plan-ack':
      return { topic: buildTopic('plan-ack', record.intersectionId), receivedAt: rawReceivedAt(record), payload: record.payload };
  }
}

/** The recorded messages of a store over [fromMs, toMs) as replay input, one window in memory at a time. */
export async function* storedMessages(store: Pick<TimeSeriesStore, 'rawRecords'>, fromMs: number, toMs: number, windowMs = DEFAULT_EXPORT_WINDOW_MS): AsyncGenerator<RecordedMessage> {
  if (!(windowMs > 0)) throw new Error(`window must be positive, got ${windowMs}`);
  for (let from = fromMs; from < toMs; from += windowMs) {
    for (const record of await store.rawRecords({ fromMs: from, toMs: Math.min(toMs, from + windowMs) })) {
      const line = recordingLineOf(record);
      yield { topic: line.topic, receivedAt: line.receivedAt, payload: JSON.stringify(line.payload) };
    }
  }
}

/** Returns the number of lines written. */
export async function exportRecording(options: ExportRunOptions): Promise<number> {
  const windowMs = options.windowMs ?? DEFAULT_EXPORT_WINDOW_MS;
  if (!(windowMs > 0)) throw new Error(`window must be positive, got ${windowMs}`);
  let lines = 0;
  for (let from = options.fromMs; from < options.toMs; from += windowMs) {
    const to = Math.min(options.toMs, from + windowMs);
    for (const record of await options.store.rawRecords({ fromMs: from, toMs: to })) {
      await options.write(recordingLineOf(record));
      lines += 1;
    }
    options.onWindow?.({ atMs: to, lines });
  }
  return lines;
}
