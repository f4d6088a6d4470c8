/**
 * Plan rejected: a controller acknowledged a plan with `accepted: false`. The condition holds until the same
 * controller accepts a plan, so an operator sees the junction is still not running what the centre sent.
 */
import type { DecodedMessage } from '@arterial/contracts/mqtt/v1';
import { placeOf, type AlertSink, type PlaceNames } from './alert-condition';

export class PlanRejectedSource {
  constructor(
    private readonly sink: AlertSink,
    private readonly names: PlaceNames,
  ) {}

  observe(message: DecodedMessage): void {
    if (message.kind !== 'plan-ack') return;
    const id = message.deviceId;
    const ack = message.payload;
    if (ack.accepted) {
      this.sink.end('plan-rejected', { type: 'intersection', id });
      return;
    }
    this.sink.raise({
      kind: 'plan-rejected',
      place: placeOf('intersection', id, this.names),
      severity: 'warning',
      message: `Controller ${id} rejected plan ${ack.planId}${ack.reason ? `: ${ack.reason}` : ''}`,
      details: { planId: ack.planId, ...(ack.reason !== undefined ? { reason: ack.reason } : {}) },
    });
  }
}
