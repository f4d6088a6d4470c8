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
 *
 * Memory (18,000 streams in a large fleet): a pair takes 8 bytes, not 16: seq as 32 bits (the contract's range is
 * 0…2³²−1) and ts as a 32-bit offset from the stream's first ts (±24.8 days); a stream whose ts strays further (or a
 * seq or ts outside the contract) widens to 64-bit numbers and so stays exact. The ring starts small and doubles as
 * it fills, up to `capacity`.
 */
class RecentPairs {
  /** Interleaved [seq, ts − base] per pair; a Float64Array with base 0 once widened. */
  private pairs: Int32Array | Float64Array;
  private base = Number.NaN;
  private newestTs = Number.NEGATIVE_INFINITY;
  private next = 0;
  private size = 0;

  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = Math.max(0, Math.floor(capacity));
    this.pairs = new Int32Array(2 * Math.min(this.capacity, INITIAL_PAIRS));
  }

  /** Remembers the pair and returns true, or returns false when it is among the remembered ones. */
  addIfNew(seq: number, ts: number): boolean {
    if (ts <= this.newestTs && this.holds(seq, ts)) return false;
    if (this.capacity <= 0) return true;
    if (Number.isNaN(this.base)) this.base = ts;
    if (this.pairs instanceof Int32Array && !(fitsInt32(ts - this.base) && fitsUint32(seq))) this.widen();
    if (this.next === this.pairs.length / 2 && this.size < this.capacity) this.grow();
    this.pairs[2 * this.next] = this.storedSeq(seq);
    this.pairs[2 * this.next + 1] = ts - this.base;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
    this.newestTs = Math.max(this.newestTs, ts);
    return true;
  }

  private holds(seq: number, ts: number): boolean {
    const offset = ts - this.base;
    // a ts the narrow ring cannot hold was never stored in it
    if (this.pairs instanceof Int32Array && !(fitsInt32(offset) && fitsUint32(seq))) return false;
    const storedSeq = this.storedSeq(seq);
    for (let i = 0; i < this.size; i++) if (this.pairs[2 * i + 1] === offset && this.pairs[2 * i] === storedSeq) return true;
    return false;
  }

  /** seq as the Int32Array gives it back (0…2³²−1 wraps to one 32-bit pattern each), unchanged once widened. */
  private storedSeq(seq: number): number {
    return this.pairs instanceof Int32Array ? seq | 0 : seq;
  }

  /** Only while filling for the first time: the pairs are in order from index 0, so a copy keeps the ring. */
  private grow(): void {
    const grown = new (this.pairs instanceof Int32Array ? Int32Array : Float64Array)(2 * Math.min(this.capacity, this.pairs.length));
    grown.set(this.pairs);
    this.pairs = grown;
  }

  private widen(): void {
    const wide = new Float64Array(this.pairs.length);
    const base = this.base;
    // seq back from its 32-bit pattern, ts back from its offset (entries past `size` are never read)
    this.pairs.forEach((value, i) => (wide[i] = i % 2 === 0 ? value >>> 0 : value + base));
    this.pairs = wide;
    this.base = 0;
  }
}

/** Pairs a ring holds before it first grows: most streams in a short run never need more. */
const INITIAL_PAIRS = 16;

/** Integers only: a value outside the contract (not validated, say) widens the ring rather than being rounded. */
function fitsInt32(value: number): boolean {
  return (value | 0) === value;
}

function fitsUint32(value: number): boolean {
  return value >>> 0 === value;
}

export function markDuplicates(filterState: DuplicateFilter): OperatorFunction<IngestOutcome, IngestOutcome> {
  return map((item) => (item.outcome === 'accepted' && filterState.isDuplicate(item.message) ? { ...item, outcome: 'duplicate' } : item));
}

export function acceptedOnly(): OperatorFunction<IngestOutcome, Extract<IngestOutcome, { outcome: 'accepted' }>> {
  return filter((item): item is Extract<IngestOutcome, { outcome: 'accepted' }> => item.outcome === 'accepted');
}
