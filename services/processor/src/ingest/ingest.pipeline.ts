/**
 * The ingest stages as pure rxjs operators: decode (topic, size, JSON, schema, rules) → de-duplicate.
 * They hold no I/O, so the same pipeline runs live, in replay and under marble tests.
 */
import { decodeMessage, type DecodedMessage, type RejectReason } from '@arterial/contracts/mqtt/v1';
import { filter, map, type OperatorFunction } from 'rxjs';
import type { Clock } from '../clock/clock';
import type { InboundMessage } from '../broker/broker-connection';

export type IngestOutcome =
  | { outcome: 'accepted'; message: DecodedMessage; receivedAt: number; topic: string }
  | { outcome: 'rejected'; reason: RejectReason; detail: string; topic: string; payload: Buffer; receivedAt: number }
  | { outcome: 'duplicate'; message: DecodedMessage; receivedAt: number; topic: string };

/** Validates every message against the contracts; rejected ones carry their reason onward, nothing throws. */
export function decodeInbound(clock: Clock): OperatorFunction<InboundMessage, IngestOutcome> {
  return map((inbound) => {
    const result = decodeMessage(inbound.topic, inbound.payload, { nowMs: clock.now() });
    if (!result.ok) {
      return { outcome: 'rejected', reason: result.reason, detail: result.detail, topic: inbound.topic, payload: inbound.payload, receivedAt: inbound.receivedAt };
    }
    // built field by field: a rest copy of the result (every message) cost more than its three fields
    const message = { kind: result.kind, deviceId: result.deviceId, payload: result.payload } as DecodedMessage;
    return { outcome: 'accepted', message, receivedAt: inbound.receivedAt, topic: inbound.topic };
  });
}

/**
 * Remembers the last `perDevice` (seq, ts) pairs of each device stream. A redelivery repeats both and is
 * marked duplicate; a reboot restarts seq but with a new ts, and a reordered message has an unseen pair,
 * so neither is lost. Kinds without seq (status, plan-ack) are idempotent and pass through.
 */
export class DuplicateFilter {
  // per kind, then device: no `kind/device` string is composed for every message
  private readonly seen = new Map<string, Map<string, RecentPairs>>();

  constructor(private readonly perDevice = 128) {}

  isDuplicate(message: DecodedMessage): boolean {
    if (message.kind !== 'measurement' && message.kind !== 'state') return false;
    let streams = this.seen.get(message.kind);
    if (!streams) {
      streams = new Map();
      this.seen.set(message.kind, streams);
    }
    let recent = streams.get(message.deviceId);
    if (!recent) {
      recent = new RecentPairs(this.perDevice);
      streams.set(message.deviceId, recent);
    }
    return !recent.addIfNew(message.payload.seq, message.payload.ts);
  }
}

/**
 * The last `capacity` distinct (seq, ts) pairs of one stream, oldest dropped first, in a ring of numbers: no key string
 * is built per message, which made de-duplication a hot spot of replay. A device sends in time order, so a pair newer
 * than every pair ever remembered (nearly all of them) is known new without a scan.
 */
class RecentPairs {
  private readonly seqs: Float64Array;
  private readonly tss: Float64Array;
  private newestTs = Number.NEGATIVE_INFINITY;
  private next = 0;
  private size = 0;

  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = Math.max(0, Math.floor(capacity));
    this.seqs = new Float64Array(this.capacity);
    this.tss = new Float64Array(this.capacity);
  }

  /** Remembers the pair and returns true, or returns false when it is among the remembered ones. */
  addIfNew(seq: number, ts: number): boolean {
    if (ts <= this.newestTs && this.holds(seq, ts)) return false;
    if (this.capacity <= 0) return true;
    this.seqs[this.next] = seq;
    this.tss[this.next] = ts;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
    this.newestTs = Math.max(this.newestTs, ts);
    return true;
  }

  private holds(seq: number, ts: number): boolean {
    for (let i = 0; i < this.size; i++) if (this.tss[i] === ts && this.seqs[i] === seq) return true;
    return false;
  }
}

export function markDuplicates(filterState: DuplicateFilter): OperatorFunction<IngestOutcome, IngestOutcome> {
  return map((item) => (item.outcome === 'accepted' && filterState.isDuplicate(item.message) ? { ...item, outcome: 'duplicate' } : item));
}

export function acceptedOnly(): OperatorFunction<IngestOutcome, Extract<IngestOutcome, { outcome: 'accepted' }>> {
  return filter((item): item is Extract<IngestOutcome, { outcome: 'accepted' }> => item.outcome === 'accepted');
}
