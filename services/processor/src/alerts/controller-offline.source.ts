/**
 * Controller offline: a status with `online: false` (the controller's own, or its last will published by the broker
 * when the connection drops), or silence (no message at all) for longer than `silentMs`. Any later message from the
 * controller ends the condition, except an offline status. Arrival order decides: liveness is about now, and a last
 * will carries the timestamp of the connect, not of the drop.
 */
import type { DecodedMessage } from '@arterial/contracts/mqtt/v1';
import { placeOf, type AlertSink, type PlaceNames } from './alert-condition';

export interface ControllerOfflineOptions {
  /** Silence after which a controller that was heard counts as offline. */
  silentMs: number;
}

export class ControllerOfflineSource {
  private readonly lastHeardAt = new Map<string, number>();
  /** Controllers with a raised condition, and whether it came from silence (which only a message ends). */
  private readonly offline = new Map<string, 'status' | 'silent'>();

  constructor(
    private readonly sink: AlertSink,
    private readonly options: ControllerOfflineOptions,
    private readonly names: PlaceNames,
  ) {}

  observe(message: DecodedMessage, nowMs: number): void {
    if (message.kind !== 'status' && message.kind !== 'state' && message.kind !== 'plan-ack') return;
    const id = message.deviceId;
    this.lastHeardAt.set(id, nowMs);
    if (message.kind === 'status' && !message.payload.online) {
      this.offline.set(id, 'status');
      this.sink.raise({
        kind: 'controller-offline',
        place: placeOf('intersection', id, this.names),
        severity: 'critical',
        message: `Controller ${id} reports offline`,
        details: { reason: 'status' },
      });
      return;
    }
    if (this.offline.delete(id)) this.sink.end('controller-offline', { type: 'intersection', id });
  }

  tick(nowMs: number): void {
    for (const [id, heardAt] of this.lastHeardAt) {
      const silentMs = nowMs - heardAt;
      if (silentMs <= this.options.silentMs || this.offline.has(id)) continue;
      this.offline.set(id, 'silent');
      this.sink.raise({
        kind: 'controller-offline',
        place: placeOf('intersection', id, this.names),
        severity: 'critical',
        message: `No message from controller ${id} for ${Math.round(silentMs / 1000)} s`,
        details: { reason: 'silent', silentS: Math.round(silentMs / 1000) },
      });
    }
  }
}
