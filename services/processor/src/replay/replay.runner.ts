/**
 * Replays recorded device messages through the processor's own pipeline on a virtual clock: the Nest app runs
 * headless (no HTTP, in-memory broker), each message is delivered as a device would publish it at its `receivedAt`,
 * and every clock-driven capability (estimation each minute, KPIs, alerts, prediction, and the plan engine when a
 * strategy is on) steps on the virtual clock at the same boundaries as live. Results go to the store given (another
 * InfluxDB database, or NDJSON files); the engine's plans are recorded there, never published (no controllers).
 */
import { CENTRE_SUBSCRIPTIONS } from '@arterial/contracts/mqtt/v1';
import { startProcessor } from '../bootstrap';
import { InMemoryBrokerConnection } from '../broker/in-memory-broker-connection';
import { AlertSourcesService } from '../alerts/alert-sources.service';
import { AlertService } from '../alerts/alert.service';
import { ClockTicker } from '../clock/clock-ticker';
import { loadConfig, type ProcessorConfig } from '../config/processor-config';
import { PlanEngineService } from '../control/engine/plan-engine.service';
import { IngestCountersService } from '../ingest/ingest-counters';
import type { TimeSeriesStore } from '../storage/time-series-store';
import type { ParsedRecordedMessage, RecordedMessage } from './recording-line.codec';
import { ResultKindsStore } from './result-kinds.store';
import { VirtualClock } from './virtual-clock';

/** Longest setInterval delay Node honours; the alert services' own timers never fire in a replay's lifetime. */
const NEVER_MS = 2 ** 31 - 1;
/** Messages between checks of the store's backlog (an InfluxDB store sends in the background). */
const BACKLOG_CHECK_EVERY = 10_000;
const MAX_PENDING_RECORDS = 200_000;

export interface ReplayProgress {
  /** Simulated time reached, epoch ms. */
  simTimeMs: number;
  messages: number;
  wallS: number;
}

/** A message to replay: its payload as text, or parsed already (a recording file's line is parsed once). */
export type ReplayMessage = RecordedMessage | ParsedRecordedMessage;

export interface ReplayRunOptions {
  /**
   * Messages in receive order (an earlier time than the one before is delivered at the clock's current time), in
   * batches: a file's chunk of lines, so no promise is awaited per message.
   */
  batches: AsyncIterable<Iterable<ReplayMessage>>;
  /** Virtual time when the processor starts: before the first message (its boundary then fires after it). */
  startMs: number;
  /** The last boundary at or before this fires at the end; default the last message's time. */
  endMs?: number;
  /** Where the results go; raw device messages are not written again. */
  store: TimeSeriesStore;
  env?: NodeJS.ProcessEnv;
  /** `control` turns the plan engine on (default: the environment's CONTROL_STRATEGY; the CLI defaults to off). */
  config?: Partial<ProcessorConfig>;
  /** Called after each batch; cheap, the caller decides when to print. */
  onProgress?: (p: ReplayProgress) => void;
  /** Wall clock in ms for the summary (default performance.now); the replay itself never reads it. */
  wallClock?: () => number;
}

export interface ReplaySummary {
  messages: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  /** Messages whose receivedAt was before the one delivered ahead of them. */
  outOfOrder: number;
  from: number;
  to: number;
  simulatedS: number;
  wallS: number;
  speedup: number;
  outputs: Record<string, number>;
}

export async function runReplay(options: ReplayRunOptions): Promise<ReplaySummary> {
  const wallClock = options.wallClock ?? (() => performance.now());
  const wallStart = wallClock();
  const base = loadConfig(options.env ?? process.env, options.config);
  const alertsTickMs = base.alerts?.tickMs ?? 1000;
  const clock = new VirtualClock(options.startMs);
  const broker = new InMemoryBrokerConnection({ subscriptions: CENTRE_SUBSCRIPTIONS, clock });
  const store = new ResultKindsStore(options.store);
  const processor = await startProcessor({
    clock,
    broker,
    store,
    http: false,
    env: options.env ?? process.env,
    // No controller answers in a replay: plans are recorded as sent, never published or awaited.
    config: { ...options.config, alerts: { ...base.alerts, tickMs: NEVER_MS }, planDelivery: { ...base.planDelivery, recordOnly: true } },
  });
  let messages = 0;
  let outOfOrder = 0;
  let lastAt = options.startMs;
  try {
    const app = processor.app;
    const sources = app.get(AlertSourcesService, { strict: false });
    const alerts = app.get(AlertService, { strict: false });
    // The alert services' timers, on virtual time: silences and clear holds are checked every tickMs of the recording.
    const alertTicker = new ClockTicker(clock, { periodMs: alertsTickMs, pollMs: alertsTickMs }, () => {
      sources.tick();
      alerts.tick();
    });
    alertTicker.start();
    const engine = app.get(PlanEngineService, { strict: false });
    // Undefined while every junction is off: then no message waits for the engine.
    let engineTick = engine.nextTickMs();
    for await (const batch of options.batches) {
      for (const message of batch) {
        if (message.receivedAt < lastAt) outOfOrder += 1;
        else lastAt = message.receivedAt;
        if (engineTick !== undefined && engineTick < message.receivedAt) engineTick = await throughEngineTicks(clock, engine, message.receivedAt, false);
        clock.advanceTo(message.receivedAt);
        if ('value' in message) broker.deliverParsedFromDevice(message.topic, message.value, message.payloadBytesAtMost);
        else broker.deliverFromDevice(message.topic, message.payload);
        messages += 1;
        if (messages % BACKLOG_CHECK_EVERY === 0 && store.health().pendingRecords > MAX_PENDING_RECORDS) await store.flush();
      }
      options.onProgress?.({ simTimeMs: clock.now(), messages, wallS: (wallClock() - wallStart) / 1000 });
    }
    const endMs = Math.max(options.endMs ?? lastAt, lastAt);
    await throughEngineTicks(clock, engine, endMs, true);
    clock.advanceTo(endMs, true);
    await engine.settled();
    alertTicker.stop();
    await store.flush();
    const counters = app.get(IngestCountersService, { strict: false });
    const wallS = (wallClock() - wallStart) / 1000;
    const to = clock.now();
    return {
      messages,
      accepted: counters.accepted,
      rejected: counters.rejected,
      duplicates: counters.duplicates,
      outOfOrder,
      from: options.startMs,
      to,
      simulatedS: round((to - options.startMs) / 1000, 3),
      wallS: round(wallS, 3),
      speedup: round((to - options.startMs) / 1000 / Math.max(wallS, 1e-6), 1),
      outputs: store.counts(),
    };
  } finally {
    await processor.close();
  }
}

/**
 * Moves the clock tick by tick through the engine's ticks before `toMs` (and at it, when inclusive), letting each
 * step finish before the clock moves on: a step's sends are asynchronous, and planned at a later virtual time (or
 * after a later estimation step) its plans would differ from live. Returns the engine's next tick.
 */
async function throughEngineTicks(clock: VirtualClock, engine: PlanEngineService, toMs: number, inclusive: boolean): Promise<number | undefined> {
  for (let tick = engine.nextTickMs(); tick !== undefined && (tick < toMs || (inclusive && tick === toMs)); tick = engine.nextTickMs()) {
    clock.advanceTo(tick, true);
    await engine.settled();
  }
  return engine.nextTickMs();
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
