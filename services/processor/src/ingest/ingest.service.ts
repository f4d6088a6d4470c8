/** Runs the ingest pipeline over the broker stream and routes each outcome: live state, storage, dead letters, counters. */
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { DecodedMessage } from '@arterial/contracts/mqtt/v1';
import { filter, Subject, Subscription } from 'rxjs';
import { BROKER_CONNECTION, type BrokerConnection } from '../broker/broker-connection';
import { CLOCK, type Clock } from '../clock/clock';
import { LogThrottle } from '../logging/log-throttle';
import { createLogger } from '../logging/logger';
import { LiveStateService } from '../state/live-state.service';
import { DEAD_LETTER_EXCERPT_BYTES, DEAD_LETTER_TOPIC_BYTES, truncateUtf8 } from '../storage/dead-letter-excerpt';
import { TIME_SERIES_STORE, type TimeSeriesRecord, type TimeSeriesStore } from '../storage/time-series-store';
import { IngestCountersService } from './ingest-counters';
import { decodeInbound, DuplicateFilter, markDuplicates, type IngestOutcome } from './ingest.pipeline';

const log = createLogger('ingest');

export function toRecord(message: DecodedMessage, receivedAt: number): TimeSeriesRecord {
  switch (message.kind) {
    case 'measurement':
      return { kind: 'measurement', detectorId: message.deviceId, payload: message.payload };
    case 'state':
      return { kind: 'signal-state', intersectionId: message.deviceId, payload: message.payload };
    case 'status':
      return { kind: 'controller-status', intersectionId: message.deviceId, payload: message.payload };
    case 'plan-ack':
      return { kind: 'plan-ack', intersectionId: message.deviceId, payload: message.payload, receivedAt };
    case 'command-ack':
      return { kind: 'command-ack', intersectionId: message.deviceId, payload: message.payload, receivedAt };
    case 'plan':
    case 'command':
      throw new Error('plans and commands flow from the centre to controllers; the centre does not subscribe to them');
  }
}

@Injectable()
export class IngestService implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private subscription: Subscription | undefined;
  private readonly duplicates = new DuplicateFilter();
  private lastProcessedAt = 0;
  private readonly rejectLog = new LogThrottle(20, 10_000);
  private readonly acceptedSubject = new Subject<DecodedMessage>();
  /** Every accepted (validated, de-duplicated) message, for capabilities beyond live state and storage. */
  readonly accepted$ = this.acceptedSubject.asObservable();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    @Inject(BROKER_CONNECTION) private readonly broker: BrokerConnection,
    private readonly state: LiveStateService,
    private readonly counters: IngestCountersService,
  ) {}

  /** Attaches the pipeline to the broker stream before the connection starts, so nothing it delivers is missed (replay feeds it through the in-memory broker). */
  onModuleInit(): void {
    this.subscription = new Subscription();
    // One pipeline per copy path (broker-connection.ts): a clustered instance may get a message as both, and each
    // copy must pass its own de-duplication.
    for (const path of ['both', 'store', 'live'] as const) {
      const duplicates = path === 'both' ? this.duplicates : new DuplicateFilter();
      const copies = this.broker.messages$.pipe(filter((m) => (m.path ?? 'both') === path));
      this.subscription.add(
        copies.pipe(decodeInbound(this.clock), markDuplicates(duplicates)).subscribe({
          next: (outcome) => this.route(outcome, path),
          error: (err: unknown) => log.fatal({ err }, 'ingest stream failed'),
        }),
      );
    }
  }

  /** Time the pipeline last handled a message, for health reporting. */
  lastActivity(): number {
    return this.lastProcessedAt;
  }

  running(): boolean {
    return this.subscription !== undefined && !this.subscription.closed;
  }

  /** `store` copies are only stored and counted; `live` copies only feed live state and accepted$. */
  private route(outcome: IngestOutcome, path: 'both' | 'store' | 'live' = 'both'): void {
    this.lastProcessedAt = outcome.receivedAt;
    try {
      switch (outcome.outcome) {
        case 'accepted':
          if (path !== 'store') this.applyToState(outcome.message);
          if (path !== 'live') {
            this.counters.accepted += 1;
            this.store.write([toRecord(outcome.message, outcome.receivedAt)]);
          }
          if (path !== 'store') this.acceptedSubject.next(outcome.message);
          return;
        case 'duplicate':
          if (path !== 'live') this.counters.duplicates += 1;
          return;
        case 'rejected':
          if (path === 'live') return;
          this.counters.countRejected(outcome.reason);
          this.logRejection(outcome);
          this.store.write([
            {
              kind: 'dead-letter',
              receivedAt: outcome.receivedAt,
              topic: truncateUtf8(outcome.topic, DEAD_LETTER_TOPIC_BYTES),
              reason: outcome.reason,
              detail: outcome.detail,
              // Cut from the raw bytes: a large payload is never decoded whole just to keep 512 bytes of it.
              payloadExcerpt: truncateUtf8(outcome.payload, DEAD_LETTER_EXCERPT_BYTES),
            },
          ]);
          return;
      }
    } catch (err) {
      // A bug downstream must not stop the stream for every other device.
      this.counters.errors += 1;
      log.error({ err, topic: outcome.topic }, 'failed to route ingest outcome');
    }
  }

  private logRejection(outcome: Extract<IngestOutcome, { outcome: 'rejected' }>): void {
    const { log: admitted, suppressedBefore } = this.rejectLog.admit(outcome.reason, outcome.receivedAt);
    if (suppressedBefore > 0) log.warn({ reason: outcome.reason, suppressed: suppressedBefore }, 'rejections not logged individually in the last window');
    if (admitted) log.warn({ topic: outcome.topic.slice(0, 200), reason: outcome.reason, detail: outcome.detail }, 'message rejected');
  }

  private applyToState(message: DecodedMessage): void {
    switch (message.kind) {
      case 'measurement':
        this.state.applyMeasurement(message.deviceId, message.payload);
        return;
      case 'state':
        this.state.applySignalState(message.deviceId, message.payload);
        return;
      case 'status':
        this.state.applyStatus(message.deviceId, message.payload);
        return;
      case 'plan-ack':
      case 'plan':
        return;
    }
  }

  onModuleDestroy(): void {
    this.acceptedSubject.complete();
  }

  /**
   * Intake stops before ingest lets go of the stream: a message the connection acknowledged after ingest stopped
   * listening would be lost (an external broker's client acknowledges on receipt). Stopping twice is harmless
   * (BrokerLifecycle stops it too); storage, a global module, flushes after this non-global one.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.broker.stop();
    this.subscription?.unsubscribe();
  }
}
