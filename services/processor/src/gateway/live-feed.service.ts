/** Fans live state out to browser sessions: snapshot on connect, coalesced deltas, periodic counters. */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { CLOCK, type Clock } from '../clock/clock';
import { IngestCountersService } from '../ingest/ingest-counters';
import { LiveStateService } from '../state/live-state.service';
import { ChangeCoalescer } from './change-coalescer';
import { ClientSession, type SocketLike } from './client-session';
import type { DetectorLive, IntersectionLive } from '@arterial/contracts/live/v1';

export interface LiveFeedOptions {
  /** At most one update per entity per this interval (4 per second by default). */
  minIntervalMs: number;
  /** How often pending updates are pushed to sockets. */
  tickMs: number;
  counterEveryMs: number;
  highWaterBytes: number;
}

export const LIVE_FEED_OPTIONS = Symbol('LIVE_FEED_OPTIONS');
export const DEFAULT_LIVE_FEED_OPTIONS: LiveFeedOptions = { minIntervalMs: 250, tickMs: 50, counterEveryMs: 1000, highWaterBytes: 1024 * 1024 };

@Injectable()
export class LiveFeedService implements OnModuleInit, OnModuleDestroy {
  private readonly sessions = new Set<ClientSession>();
  private readonly detectorChanges: ChangeCoalescer<DetectorLive>;
  private readonly intersectionChanges: ChangeCoalescer<IntersectionLive>;
  private subscription: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastCountersAt = 0;

  constructor(
    private readonly state: LiveStateService,
    private readonly counters: IngestCountersService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LIVE_FEED_OPTIONS) private readonly options: LiveFeedOptions,
  ) {
    this.detectorChanges = new ChangeCoalescer(options.minIntervalMs);
    this.intersectionChanges = new ChangeCoalescer(options.minIntervalMs);
  }

  onModuleInit(): void {
    this.subscription = this.state.changes$.subscribe((change) => {
      if (change.entity === 'detector') this.detectorChanges.offer(change.value.id, change.value);
      else this.intersectionChanges.offer(change.value.id, change.value);
    });
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  /** Registers a socket and sends it the full snapshot first. */
  attach(socket: SocketLike): ClientSession {
    const session = new ClientSession(socket, this.options.highWaterBytes);
    session.send({
      type: 'snapshot',
      serverTime: this.clock.now(),
      detectors: this.state.allDetectors(),
      intersections: this.state.allIntersections(),
      counters: this.counters.snapshot(),
    });
    this.sessions.add(session);
    return session;
  }

  detach(session: ClientSession): void {
    this.sessions.delete(session);
  }

  clientCount(): number {
    return this.sessions.size;
  }

  /** One gateway step: drain coalesced changes into every session and flush those with room. */
  tick(): void {
    const now = this.clock.now();
    const detectors = this.detectorChanges.drain(now);
    const intersections = this.intersectionChanges.drain(now);
    const sendCounters = now - this.lastCountersAt >= this.options.counterEveryMs;
    if (sendCounters) this.lastCountersAt = now;
    for (const session of this.sessions) {
      if (detectors.size > 0 || intersections.size > 0) session.enqueue(detectors.values(), intersections.values());
      session.flush(now);
      if (sendCounters && session.socket.bufferedAmount <= this.options.highWaterBytes) {
        session.send({ type: 'counters', serverTime: now, counters: this.counters.snapshot() });
      }
    }
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    if (this.timer) clearInterval(this.timer);
    this.sessions.clear();
  }
}
