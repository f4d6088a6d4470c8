/**
 * Keeps the processor's memory bounded under any offered load: samples the ingest backlog against its water marks
 * and, while any queue is over, closes the publish gate (device sockets are not read, QoS 1 waits for its PUBACK,
 * QoS 0 is shed). Once every queue has drained below its low mark, held publishes go on only as far as the queues
 * have room below their high marks, sample by sample, and the gate opens when none is held: thousands of clients
 * each holding one socket read cannot all land in the store queue at once. Reports the state for health and metrics.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { HealthReport } from '@arterial/contracts/api/v1';
import { BROKER_CONNECTION, type BrokerConnection } from '../broker/broker-connection';
import { CLOCK, type Clock } from '../clock/clock';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../config/processor-config';
import { createLogger } from '../logging/logger';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../storage/time-series-store';
import { DEFAULT_BACKPRESSURE_OPTIONS, type BackpressureOptions } from './backpressure.options';
import { PublishGate } from './publish-gate';
import { WaterMarkGauge } from './water-marks';

const log = createLogger('backpressure');

export type BackpressureHealth = NonNullable<HealthReport['backpressure']>;

/** A broker connection that can put device input behind a gate (the embedded broker). */
export interface GatedInput {
  attachPublishGate(gate: PublishGate): void;
}

function acceptsGate(broker: BrokerConnection): broker is BrokerConnection & GatedInput {
  return typeof (broker as Partial<GatedInput>).attachPublishGate === 'function';
}

@Injectable()
export class BackpressureService implements OnModuleInit, OnModuleDestroy {
  readonly gate: PublishGate;
  private readonly options: BackpressureOptions;
  private readonly gauges: WaterMarkGauge[];
  private timer: NodeJS.Timeout | undefined;
  private pausedSince: number | null = null;
  private pausedMsBefore = 0;
  private pauses = 0;
  private reason: string | null = null;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    @Inject(BROKER_CONNECTION) private readonly broker: BrokerConnection,
    @Inject(PROCESSOR_CONFIG) config: ProcessorConfig,
  ) {
    this.options = { ...DEFAULT_BACKPRESSURE_OPTIONS, ...config.backpressure };
    this.gate = new PublishGate(() => this.sample(), 256, this.options.heldCap);
    this.gauges = [
      new WaterMarkGauge('store write queue', this.options.storeQueue, () => {
        const health = this.store.health();
        // pendingRecords counts the spool too, which is on disk: only the rest is memory. Publishes admitted but
        // still in the WAL's group commit are about to join it, so they count already.
        return { messages: Math.max(0, health.pendingRecords - health.spool.records) + this.gate.inFlight(), bytes: 0 };
      }),
    ];
  }

  onModuleInit(): void {
    // External brokers keep their own queues (and limits); only the embedded broker reads device sockets here.
    if (!acceptsGate(this.broker)) return;
    this.broker.attachPublishGate(this.gate);
    this.timer = setInterval(() => this.sample(), this.options.sampleMs);
    this.timer.unref();
  }

  /**
   * One look at the queues: pause when any is over its high mark; once all are under their low marks, let held
   * publishes on as far as the fullest queue has room below its high mark, and resume when none is held.
   */
  sample(): void {
    let reason: string | null = null;
    let room = Infinity;
    for (const gauge of this.gauges) {
      const { over, depth } = gauge.sample();
      if (over && reason === null) reason = gauge.describe(depth);
      room = Math.min(room, gauge.headroom(depth));
    }
    const now = this.clock.now();
    if (reason !== null) {
      this.reason = reason;
      if (!this.gate.isOpen()) return;
      this.gate.close();
      this.pausedSince = now;
      this.pauses += 1;
      log.warn({ reason }, 'ingest backlog over its high-water mark: device input paused, QoS 0 shed');
    } else if (!this.gate.isOpen()) {
      // Still paused while held publishes drain; the reason stays the one that paused input.
      this.gate.reopen(room);
      if (!this.gate.isOpen()) return;
      const pausedMs = now - (this.pausedSince ?? now);
      this.pausedMsBefore += pausedMs;
      this.pausedSince = null;
      this.reason = null;
      log.info({ pausedMs, shedMessages: this.gate.shedMessages, refusedOverCap: this.gate.refusedOverCap }, 'ingest backlog drained: device input resumed');
    }
  }

  paused(): boolean {
    return !this.gate.isOpen();
  }

  report(): BackpressureHealth {
    const held = this.gate.heldDepth();
    const pausedMs = this.pausedMsBefore + (this.pausedSince === null ? 0 : this.clock.now() - this.pausedSince);
    return {
      state: this.paused() ? 'paused' : 'flowing',
      reason: this.paused() ? this.reason : null,
      pausedSince: this.pausedSince,
      pausedSeconds: pausedMs / 1000,
      pauses: this.pauses,
      shedMessages: this.gate.shedMessages,
      heldMessages: held.messages,
      heldBytes: held.bytes,
      refusedOverCap: this.gate.refusedOverCap,
    };
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    // Held PUBACKs go out (or fail on closed sockets) rather than pin their clients past shutdown.
    this.gate.releaseHeld();
  }
}
