/** Tuning of back-pressure on device input (docs/operations.md, "Back-pressure"). */
import type { QueueDepth, WaterMarks } from './water-marks';
import { DEFAULT_HELD_CAP } from './publish-gate';

export interface BackpressureOptions {
  /**
   * The store's in-memory write queue (queued + in flight, not the disk spool). Counted in lines only: the batcher
   * keeps strings without a byte count, and a line's size is bounded by the contract (~150–300 B), so its byte
   * marks are Infinity. 25,000 lines is five batches, ~1.5 s of the most this machine accepts, ~6 MB; in steady
   * state the queue holds one batch in flight and what arrived in the last 200 ms.
   */
  storeQueue: WaterMarks;
  /** How often the queues are sampled, in ms. */
  sampleMs: number;
  /**
   * The most QoS 1 publishes held at the gate over all clients together (each holds at most one socket read); beyond
   * it a publish is refused and its connection closed unacknowledged (the device resends).
   */
  heldCap: QueueDepth;
}

export const DEFAULT_BACKPRESSURE_OPTIONS: BackpressureOptions = {
  storeQueue: { high: { messages: 25_000, bytes: Infinity }, low: { messages: 10_000, bytes: Infinity } },
  sampleMs: 20,
  heldCap: DEFAULT_HELD_CAP,
};
