/** An AlertSink that records what sources report, for the sources' specs. */
import type { DecodedMessage } from '@arterial/contracts/mqtt/v1';
import type { AlertCondition, AlertSink, EndOptions } from './alert-condition';

export type SinkEvent = { op: 'raise'; condition: AlertCondition } | { op: 'end'; key: string; immediately?: true };

export class RecordingSink implements AlertSink {
  readonly events: SinkEvent[] = [];

  raise(condition: AlertCondition): void {
    this.events.push({ op: 'raise', condition });
  }

  end(kind: AlertCondition['kind'], place: Pick<AlertCondition['place'], 'type' | 'id'>, options?: EndOptions): void {
    this.events.push({ op: 'end', key: `${kind}|${place.type}|${place.id}`, ...(options?.immediately === true ? { immediately: true as const } : {}) });
  }

  /** Compact view: `raise kind|type|id` / `end kind|type|id`. */
  summary(): string[] {
    return this.events.map((e) => (e.op === 'raise' ? `raise ${e.condition.kind}|${e.condition.place.type}|${e.condition.place.id}` : `end ${e.key}`));
  }

  clear(): void {
    this.events.length = 0;
  }
}

export const noNames = (): undefined => undefined;

export function status(deviceId: string, online: boolean): DecodedMessage {
  return { kind: 'status', deviceId, payload: { online, firmware: 'ctl 1.0', faults: [], ts: 1 } };
}

export function planAck(deviceId: string, accepted: boolean, reason?: string): DecodedMessage {
  return { kind: 'plan-ack', deviceId, payload: { planId: 'p1', accepted, ...(reason !== undefined ? { reason } : {}) } };
}

export function measurement(deviceId: string, health: 'ok' | 'degraded' | 'failed' = 'ok', intervalS = 10): DecodedMessage {
  return { kind: 'measurement', deviceId, payload: { ts: 1, seq: 1, intervalS, volume: 3, occupancyPct: 10, health } };
}
