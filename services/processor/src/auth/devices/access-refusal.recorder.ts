/**
 * Makes every refusal of the embedded broker visible: a warn log line (throttled, so a flooding device cannot
 * drown the log) and a dead-letter record in the same store and shape ingest uses, so `GET /api/dead-letters`
 * shows who tried what. Counting is the broker's (health: broker.embedded.refused).
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { BROKER_CONNECTION, type BrokerConnection } from '../../broker/broker-connection';
import { EmbeddedBrokerConnection, type AccessRefusal } from '../../broker/embedded-broker-connection.adapter';
import { createLogger } from '../../logging/logger';
import { LogThrottle } from '../../logging/log-throttle';
import { DEAD_LETTER_TOPIC_BYTES, truncateUtf8 } from '../../storage/dead-letter-excerpt';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../../storage/time-series-store';

const log = createLogger('device-access');

@Injectable()
export class AccessRefusalRecorder implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | undefined;
  private readonly throttle = new LogThrottle(20, 10_000);

  constructor(
    @Inject(BROKER_CONNECTION) private readonly connection: BrokerConnection,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
  ) {}

  onModuleInit(): void {
    // Only the embedded broker authenticates devices; an external broker enforces its own ACL file.
    if (this.connection instanceof EmbeddedBrokerConnection) this.subscription = this.connection.refusals$.subscribe((r) => this.record(r));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private record(refusal: AccessRefusal): void {
    const { log: admitted, suppressedBefore } = this.throttle.admit(refusal.reason, refusal.at);
    if (suppressedBefore > 0) log.warn({ reason: refusal.reason, suppressed: suppressedBefore }, 'device access refusals not logged individually in the last window');
    if (admitted) log.warn({ device: refusal.device, action: refusal.action, topic: refusal.topic.slice(0, 200), reason: refusal.reason, detail: refusal.detail }, 'device access refused');
    try {
      this.store.write([
        {
          kind: 'dead-letter',
          receivedAt: refusal.at,
          topic: truncateUtf8(refusal.topic, DEAD_LETTER_TOPIC_BYTES),
          reason: refusal.reason,
          detail: `${refusal.action} by ${refusal.device || 'unknown client'}: ${refusal.detail}`,
          payloadExcerpt: '',
        },
      ]);
    } catch (err) {
      log.error({ err }, 'could not record a device access refusal');
    }
  }
}
