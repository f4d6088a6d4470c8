/**
 * Watches event-loop delay for the liveness probe. A probe that gets an answer proves the loop turns now; the
 * watch adds whether it was blocked for long in the last window (a stuck synchronous loop between probes).
 * Windows rotate so one long pause is forgotten after two windows instead of failing liveness forever.
 */
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export const EVENT_LOOP_WINDOW_MS = 10_000;
/** Blocked longer than this in the current or previous window: stalled. Generous, since a restart loses live state. */
export const EVENT_LOOP_STALL_LIMIT_MS = 5_000;

export interface EventLoopReading {
  maxDelayMs: number;
  limitMs: number;
  stalled: boolean;
}

@Injectable()
export class EventLoopWatch implements OnModuleInit, OnModuleDestroy {
  private histogram: IntervalHistogram | undefined;
  private timer: NodeJS.Timeout | undefined;
  private previousWindowMaxMs = 0;

  onModuleInit(): void {
    this.histogram = monitorEventLoopDelay({ resolution: 20 });
    this.histogram.enable();
    this.timer = setInterval(() => this.rotate(), EVENT_LOOP_WINDOW_MS);
    this.timer.unref();
  }

  reading(limitMs = EVENT_LOOP_STALL_LIMIT_MS): EventLoopReading {
    const maxDelayMs = Math.max(this.previousWindowMaxMs, this.currentMaxMs());
    return { maxDelayMs, limitMs, stalled: maxDelayMs > limitMs };
  }

  private currentMaxMs(): number {
    // The histogram reports 0 before its first sample and nanoseconds after.
    return this.histogram ? this.histogram.max / 1e6 : 0;
  }

  private rotate(): void {
    this.previousWindowMaxMs = this.currentMaxMs();
    this.histogram?.reset();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.histogram?.disable();
    this.histogram = undefined;
  }
}
