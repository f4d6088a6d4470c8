/** Messages from `PredictionLineOffload` to its worker (`prediction-lines.worker.ts`). */

/** Entry kinds, the first of an entry's fields. */
export const ENTRY_DETECTOR = 0;
export const ENTRY_LINK = 1;
/** A line already encoded (a prediction of another shape, by JSON.stringify): its index in `lines`. */
export const ENTRY_LINE = 2;

/** Per entry: kind, place id, target, model (indices into the string table), or kind and line index. */
export const FIELDS_PER_ENTRY = 4;
/** Per entry: ts, horizonMin, value, lower, upper. */
export const NUMBERS_PER_ENTRY = 5;

export type OffloadMessage =
  | {
      type: 'batch';
      fd: number;
      count: number;
      /** Strings first numbered in this batch, in the order of their numbers. */
      strings: string[];
      fields: Int32Array;
      numbers: Float64Array;
      lines: string[];
    }
  | { type: 'flush'; fd: number; seq: number };

export type OffloadReply = { flushed: number } | { error: string };
