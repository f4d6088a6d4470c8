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
    const { ok: _ok, ...message } = result;
    return { outcome: 'accepted', message: message as DecodedMessage, receivedAt: inbound.receivedAt, topic: inbound.topic };
  });
}

/**
 * Remembers the last `perDevice` (seq, ts) pairs of each device stream. A redelivery repeats both and is
 * marked duplicate; a reboot restarts seq but with a new ts, and a reordered message has an unseen pair,
 * so neither is lost. Kinds without seq (status, plan-ack) are idempotent and pass through.
 */
export class DuplicateFilter {
  private readonly seen = new Map<string, { keys: Set<string>; order: string[] }>();

  constructor(private readonly perDevice = 128) {}

  isDuplicate(message: DecodedMessage): boolean {
    if (message.kind !== 'measurement' && message.kind !== 'state') return false;
    const stream = `${message.kind}/${message.deviceId}`;
    const key = `${message.payload.seq}/${message.payload.ts}`;
    let entry = this.seen.get(stream);
    if (!entry) {
      entry = { keys: new Set(), order: [] };
      this.seen.set(stream, entry);
    }
    if (entry.keys.has(key)) return true;
    entry.keys.add(key);
    entry.order.push(key);
    if (entry.order.length > this.perDevice) entry.keys.delete(entry.order.shift() as string);
    return false;
  }
}

export function markDuplicates(filterState: DuplicateFilter): OperatorFunction<IngestOutcome, IngestOutcome> {
  return map((item) => (item.outcome === 'accepted' && filterState.isDuplicate(item.message) ? { ...item, outcome: 'duplicate' } : item));
}

export function acceptedOnly(): OperatorFunction<IngestOutcome, Extract<IngestOutcome, { outcome: 'accepted' }>> {
  return filter((item): item is Extract<IngestOutcome, { outcome: 'accepted' }> => item.outcome === 'accepted');
}
