/**
 * The ingest stages as pure rxjs operators: decode (topic, size, JSON, schema, rules) → de-duplicate.
 * They hold no I/O, so the same pipeline runs live, in replay and under marble tests.
 */
import { decodeMessage, MAX_PAYLOAD_BYTES, parseTopic, validatePayload, type DecodedMessage, type DecodeOptions, type DecodeResult, type ParsedTopic, type RejectReason } from '@arterial/contracts/mqtt/v1';
import { filter, map, type OperatorFunction } from 'rxjs';
import type { Clock } from '../clock/clock';
import type { InboundMessage } from '../broker/broker-connection';
import { ParsedInboundMessage } from './parsed-inbound-message';

export type IngestOutcome =
  | { outcome: 'accepted'; message: DecodedMessage; receivedAt: number; topic: string }
  | { outcome: 'rejected'; reason: RejectReason; detail: string; topic: string; payload: Buffer; receivedAt: number }
  | { outcome: 'duplicate'; message: DecodedMessage; receivedAt: number; topic: string };

/** Validates every message against the contracts; rejected ones carry their reason onward, nothing throws. */
export function decodeInbound(clock: Clock): OperatorFunction<InboundMessage, IngestOutcome> {
  const topics = new TopicCache();
  return map((inbound) => {
    const options = { nowMs: clock.now() };
    const result = inbound instanceof ParsedInboundMessage ? decodeParsed(inbound, topics, options) : decodeMessage(inbound.topic, inbound.payload, options);
    if (!result.ok) {
      return { outcome: 'rejected', reason: result.reason, detail: result.detail, topic: inbound.topic, payload: inbound.payload, receivedAt: inbound.receivedAt };
    }
    // built field by field: a rest copy of the result (every message) cost more than its three fields
    const message = { kind: result.kind, deviceId: result.deviceId, payload: result.payload } as DecodedMessage;
    return { outcome: 'accepted', message, receivedAt: inbound.receivedAt, topic: inbound.topic };
  });
}

/**
 * `decodeMessage` of a payload parsed already: the same topic grammar and the same `validatePayload` (schema, rules,
 * clock skew). A topic it refuses, or a payload that may be over the size limit, goes the text path, which words the
 * rejection.
 */
export function decodeParsed(inbound: ParsedInboundMessage, topics: TopicCache, options: DecodeOptions): DecodeResult {
  const parsed = topics.parse(inbound.topic);
  if (!parsed || (inbound.payloadBytesAtMost > MAX_PAYLOAD_BYTES && inbound.payload.byteLength > MAX_PAYLOAD_BYTES)) {
    return decodeMessage(inbound.topic, inbound.payload, options);
  }
  const result = validatePayload(parsed.kind, inbound.value, options);
  if (!result.ok) return { ...result, topic: parsed };
  return { ok: true, kind: parsed.kind, deviceId: parsed.deviceId, payload: result.payload } as DecodeResult;
}

/** `parseTopic` remembered per topic: a replay repeats a few hundred device topics millions of times. */
export class TopicCache {
  private readonly parsed = new Map<string, ParsedTopic | undefined>();

  constructor(private readonly capacity = 10_000) {}

  parse(topic: string): ParsedTopic | undefined {
    if (this.parsed.has(topic)) return this.parsed.get(topic);
    const result = parseTopic(topic);
    if (this.parsed.size >= this.capacity) this.parsed.clear();
    this.parsed.set(topic, result);
    return result;
  }
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
