/**
 * Range and step of a bulk history read (every link or every junction in one answer): the answer grows with
 * entities × buckets, so that product is bounded, and the default step is widened to stay within it.
 */
import { MAX_BULK_HISTORY_CELLS } from '@arterial/contracts/api/v1';
import { defaultStepS } from '../storage/history-query.service';
import { InvalidRangeError } from '../storage/storage.errors';
import type { TimeRange } from '../storage/time-series-store';

export interface BulkRange extends TimeRange {
  stepS: number;
}

/** Throws InvalidRangeError when from ≥ to, the step is not a positive integer, or entities × buckets is over the limit. */
export function bulkHistoryRange(range: TimeRange, stepS: number | undefined, entities: number, what: string): BulkRange {
  if (!Number.isFinite(range.fromMs) || !Number.isFinite(range.toMs)) throw new InvalidRangeError('from and to must be epoch milliseconds');
  if (range.fromMs >= range.toMs) throw new InvalidRangeError(`from (${range.fromMs}) must be before to (${range.toMs})`);
  const n = Math.max(1, entities);
  const spanS = (range.toMs - range.fromMs) / 1000;
  const step = stepS ?? Math.max(defaultStepS(range), roundUpToMinutes(Math.ceil((spanS * n) / MAX_BULK_HISTORY_CELLS)));
  if (!Number.isInteger(step) || step < 1) throw new InvalidRangeError(`step must be a positive whole number of seconds, got ${step}`);
  const cells = Math.ceil(spanS / step) * n;
  if (cells > MAX_BULK_HISTORY_CELLS) {
    const least = Math.ceil((spanS * n) / MAX_BULK_HISTORY_CELLS);
    throw new InvalidRangeError(`${n} ${what} × ${Math.ceil(spanS / step)} buckets = ${cells} values; at most ${MAX_BULK_HISTORY_CELLS} allowed — use a step of at least ${least} s or a shorter range`);
  }
  return { fromMs: range.fromMs, toMs: range.toMs, stepS: step };
}

function roundUpToMinutes(s: number): number {
  return s <= 60 ? s : Math.ceil(s / 60) * 60;
}
