/**
 * The device fleet: opens the connections of a planned set of controllers and detectors in paced batches,
 * publishes contract-valid state and measurements on a steady round-robin schedule, reconnects with
 * jittered backoff, and stops by itself after the configured duration.
 *
 * Connection layout. Every controller has its own connection, with a retained last will saying
 * `online:false` on its status topic, and publishes a retained `online:true` status on each connect.
 * Detectors default to 'per-cabinet': one connection per intersection cabinet carries all of its
 * detectors, as in the field, where loops and radars are wired to the cabinet's I/O or a roadside gateway
 * rather than holding their own cellular link. 'per-detector' gives every detector its own connection,
 * for broker connection-count tests.
 */
import { DEFAULT_BACKOFF, RetrySchedule, routeOf, type BackoffOptions, type DeviceConnection, type DeviceTransport, type LastWill, type WireMessage } from '@arterial/device-kit';
import { ControllerEmulator } from '../payload/controller-emulator';
import { DetectorEmulator } from '../payload/detector-emulator';
import type { FleetPlan } from './fleet-plan';
import { RoundRobinSchedule } from './round-robin-schedule';

export type DetectorLayout = 'per-cabinet' | 'per-detector';

export interface DeviceFleetOptions {
  plan: FleetPlan;
  transport: DeviceTransport;
  /** Default 'per-cabinet' (see the module comment). */
  detectorLayout?: DetectorLayout;
  /** Signal state messages per controller per second (QoS 0); 0 sends none. Default 1. */
  stateHz?: number;
  /** Seconds between measurements of each detector (QoS 1), also their intervalS; 0 sends none. Default 10. */
  measurementIntervalS?: number;
  /** The run ends by itself this long after start(), counting the ramp. */
  durationS: number;
  /** New connections opened per second; 0 opens them all at once. Default 200. */
  rampPerSecond?: number;
  /** MQTT client ids are `<prefix>-ctl-<id>`, `<prefix>-cab-<id>`, `<prefix>-det-<id>`. */
  clientIdPrefix?: string;
  firmware?: string;
  backoff?: BackoffOptions;
  /** Scheduler resolution. Default 50 ms. */
  tickMs?: number;
  seed?: number;
  /** How long a clean shutdown waits for outstanding acknowledgements. Default 10 s. */
  shutdownTimeoutMs?: number;
  now?: () => number;
  /** Jitter source for reconnect backoff. */
  random?: () => number;
}

export interface FleetStats {
  /** Connections the plan needs. */
  connections: number;
  connected: number;
  peakConnected: number;
  connectFailures: number;
  /** Successful connects after a connection had been up before and was lost. */
  reconnects: number;
  disconnects: number;
  published: { state: number; measurement: number; status: number };
  publishErrors: number;
  /** Messages due while their connection was down (not queued: real devices would resend, we measure). */
  skippedOffline: number;
  /** Sends dropped because the scheduler fell more than a full round behind (CPU starved). */
  scheduleSlips: number;
  /** Milliseconds from start() until every connection was up at once; null until then. */
  allConnectedAfterMs: number | null;
  elapsedMs: number;
}

export interface FleetSummary extends FleetStats {
  controllers: number;
  detectors: number;
  detectorLayout: DetectorLayout;
  stateHz: number;
  measurementIntervalS: number;
  /** How the run ended. */
  ending: 'duration' | 'stopped' | 'killed';
}

interface Slot {
  connection: DeviceConnection;
  everConnected: boolean;
  up: boolean;
  retries: RetrySchedule;
}

/** Where a kind goes (topic, QoS, retain); the payload is added per message. */
type Route = Omit<WireMessage, 'payload'>;

interface ControllerDevice {
  emulator: ControllerEmulator;
  stateRoute: Route;
  statusRoute: Route;
  slot: Slot;
  /** ts of the will sent with the current connection; the online status reuses it (see onControllerConnect). */
  willTs: number;
}

interface DetectorDevice {
  emulator: DetectorEmulator;
  route: Route;
  slot: Slot;
}

export class DeviceFleet {
  private readonly controllers: ControllerDevice[] = [];
  private readonly detectors: DetectorDevice[] = [];
  private readonly slots: Slot[] = [];
  private readonly layout: DetectorLayout;
  private readonly stateHz: number;
  private readonly measurementIntervalS: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private readonly stateSchedule: RoundRobinSchedule;
  private readonly measurementSchedule: RoundRobinSchedule;
  private readonly counters = {
    connected: 0,
    peakConnected: 0,
    connectFailures: 0,
    reconnects: 0,
    disconnects: 0,
    published: { state: 0, measurement: 0, status: 0 },
    publishErrors: 0,
    skippedOffline: 0,
  };
  private startedAt = 0;
  private allConnectedAt: number | null = null;
  private opened = 0;
  private ticker: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private publishing = true;
  private state: 'idle' | 'running' | 'stopping' | 'done' = 'idle';
  private finished: Promise<FleetSummary> | undefined;
  private resolveFinished: ((summary: FleetSummary) => void) | undefined;
  private allConnectedWaiters: Array<() => void> = [];

  constructor(private readonly options: DeviceFleetOptions) {
    this.layout = options.detectorLayout ?? 'per-cabinet';
    this.stateHz = options.stateHz ?? 1;
    this.measurementIntervalS = options.measurementIntervalS ?? 10;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    if (!(options.durationS > 0)) throw new Error(`durationS must be > 0, got ${options.durationS}`);
    if (!(this.stateHz >= 0 && this.stateHz <= 50)) throw new Error(`stateHz must be 0–50, got ${this.stateHz}`);
    if (!(Number.isInteger(this.measurementIntervalS) && this.measurementIntervalS >= 0 && this.measurementIntervalS <= 3600)) {
      throw new Error(`measurementIntervalS must be an integer 0–3600, got ${this.measurementIntervalS}`);
    }
    const rampPerSecond = options.rampPerSecond ?? 200;
    if (!(rampPerSecond >= 0)) throw new Error(`rampPerSecond must be ≥ 0, got ${rampPerSecond}`);
    this.build();
    this.stateSchedule = new RoundRobinSchedule(this.stateHz > 0 ? this.controllers.length : 0, 1000 / this.stateHz);
    this.measurementSchedule = new RoundRobinSchedule(this.measurementIntervalS > 0 ? this.detectors.length : 0, this.measurementIntervalS * 1000);
  }

  /** Starts the run; resolves with the summary when it has ended (duration, stop() or kill()). */
  start(): Promise<FleetSummary> {
    if (this.state !== 'idle') throw new Error('DeviceFleet: start() may be called once');
    this.state = 'running';
    this.startedAt = this.now();
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    this.ticker = setInterval(() => this.tick(), this.options.tickMs ?? 50);
    this.deadline = setTimeout(() => void this.shutdown('duration'), this.options.durationS * 1000);
    this.tick();
    return this.finished;
  }

  /** Resolves once every connection of the plan has been up at the same time. */
  whenAllConnected(): Promise<void> {
    if (this.allConnectedAt !== null) return Promise.resolve();
    return new Promise((resolve) => this.allConnectedWaiters.push(resolve));
  }

  /** Stops publishing but keeps every connection open (idle soak, or to let the broker drain). */
  pause(): void {
    this.publishing = false;
  }

  /** Ends the run early and cleanly: controllers publish a retained offline status, then disconnect. */
  stop(): Promise<FleetSummary> {
    return this.shutdown('stopped');
  }

  /** Ends the run abruptly: every socket is dropped without DISCONNECT, so the broker publishes the last wills. */
  kill(): Promise<FleetSummary> {
    if (this.state === 'idle' || this.state === 'done') return this.finished ?? Promise.resolve(this.summary('killed'));
    this.halt();
    for (const slot of this.slots) {
      slot.up = false;
      slot.connection.destroy();
    }
    this.counters.connected = 0;
    this.finish('killed');
    return this.finished as Promise<FleetSummary>;
  }

  stats(): FleetStats {
    const c = this.counters;
    return {
      connections: this.slots.length,
      connected: c.connected,
      peakConnected: c.peakConnected,
      connectFailures: c.connectFailures,
      reconnects: c.reconnects,
      disconnects: c.disconnects,
      published: { ...c.published },
      publishErrors: c.publishErrors,
      skippedOffline: c.skippedOffline,
      scheduleSlips: this.stateSchedule.slipped + this.measurementSchedule.slipped,
      allConnectedAfterMs: this.allConnectedAt === null ? null : this.allConnectedAt - this.startedAt,
      elapsedMs: this.startedAt === 0 ? 0 : this.now() - this.startedAt,
    };
  }

  /** Ids of the emulated controllers (= intersection ids), in plan order. */
  controllerIds(): string[] {
    return this.controllers.map((c) => c.emulator.id);
  }

  private build(): void {
    const prefix = this.options.clientIdPrefix ?? `fleet-${process.pid}`;
    const firmware = this.options.firmware ?? 'arterial-fleet 1.0';
    const seed = this.options.seed ?? 0;
    for (const intersection of this.options.plan.intersections) {
      const controller: ControllerDevice = {
        emulator: new ControllerEmulator(intersection.id, intersection.program, firmware),
        stateRoute: routeOf('state', intersection.id),
        statusRoute: routeOf('status', intersection.id),
        slot: undefined as unknown as Slot,
        willTs: 0,
      };
      controller.slot = this.addSlot(`${prefix}-ctl-${intersection.id}`, () => this.onControllerConnect(controller), {
        ...controller.statusRoute,
        payload: () => {
          controller.willTs = this.now();
          return controller.emulator.status(false, controller.willTs);
        },
      });
      this.controllers.push(controller);
      let cabinet: Slot | undefined;
      for (const detectorId of intersection.detectorIds) {
        let slot: Slot;
        if (this.layout === 'per-detector') slot = this.addSlot(`${prefix}-det-${detectorId}`);
        else slot = cabinet ??= this.addSlot(`${prefix}-cab-${intersection.id}`);
        this.detectors.push({ emulator: new DetectorEmulator(detectorId, Math.max(1, this.measurementIntervalS), seed), route: routeOf('measurement', detectorId), slot });
      }
    }
  }

  private addSlot(clientId: string, onConnect?: () => void, will?: LastWill): Slot {
    const slot: Slot = { connection: undefined as unknown as DeviceConnection, everConnected: false, up: false, retries: new RetrySchedule(this.backoff, this.random) };
    slot.connection = this.options.transport.create(will ? { clientId, will } : { clientId }, {
      onConnect: () => {
        if (this.state !== 'running') return;
        if (slot.everConnected) this.counters.reconnects += 1;
        slot.everConnected = true;
        slot.retries.succeeded();
        slot.up = true;
        this.counters.connected += 1;
        if (this.counters.connected > this.counters.peakConnected) this.counters.peakConnected = this.counters.connected;
        if (this.counters.connected === this.slots.length && this.allConnectedAt === null) {
          this.allConnectedAt = this.now();
          for (const waiter of this.allConnectedWaiters.splice(0)) waiter();
        }
        onConnect?.();
      },
      onClose: () => this.onClose(slot),
    });
    this.slots.push(slot);
    return slot;
  }

  private onClose(slot: Slot): void {
    if (this.state !== 'running' || slot.retries.pending) return;
    if (slot.up) {
      slot.up = false;
      this.counters.connected -= 1;
      this.counters.disconnects += 1;
    } else {
      this.counters.connectFailures += 1;
    }
    slot.retries.retry(() => {
      if (this.state === 'running') slot.connection.connect();
    });
  }

  private onControllerConnect(controller: ControllerDevice): void {
    // The online status carries the will's own ts: the processor keeps the newest status by ts, so a will
    // stamped earlier than the online status it follows would be ignored as stale.
    const payload = controller.emulator.status(true, controller.willTs);
    controller.slot.connection.publish({ ...controller.statusRoute, payload }, (err) => this.count('status', err));
  }

  private count(kind: 'state' | 'measurement' | 'status', err: Error | undefined): void {
    if (err) this.counters.publishErrors += 1;
    else this.counters.published[kind] += 1;
  }

  private tick(): void {
    if (this.state !== 'running') return;
    const elapsedMs = this.now() - this.startedAt;
    this.ramp(elapsedMs);
    if (!this.publishing) return;
    const nowMs = this.now();
    this.stateSchedule.advance(elapsedMs, (i) => {
      const c = this.controllers[i] as ControllerDevice;
      if (!c.slot.connection.connected) {
        this.counters.skippedOffline += 1;
        return;
      }
      c.slot.connection.publish({ ...c.stateRoute, payload: c.emulator.nextState(nowMs) }, (err) => this.count('state', err));
    });
    this.measurementSchedule.advance(elapsedMs, (i) => {
      const d = this.detectors[i] as DetectorDevice;
      if (!d.slot.connection.connected) {
        this.counters.skippedOffline += 1;
        return;
      }
      d.slot.connection.publish({ ...d.route, payload: d.emulator.next(nowMs) }, (err) => this.count('measurement', err));
    });
  }

  private ramp(elapsedMs: number): void {
    if (this.opened >= this.slots.length) return;
    const rate = this.options.rampPerSecond ?? 200;
    // First batch at once, then a batch per tenth of a second.
    const target = rate === 0 ? this.slots.length : Math.min(this.slots.length, Math.ceil((rate * (Math.floor(elapsedMs / 100) + 1)) / 10));
    while (this.opened < target) {
      const slot = this.slots[this.opened] as Slot;
      this.opened += 1;
      slot.connection.connect();
    }
  }

  private halt(): void {
    this.state = 'stopping';
    clearInterval(this.ticker);
    clearTimeout(this.deadline);
    for (const slot of this.slots) slot.retries.cancel();
  }

  private async shutdown(ending: 'duration' | 'stopped'): Promise<FleetSummary> {
    if (this.state === 'idle') return this.summary(ending);
    if (this.state !== 'running') return this.finished as Promise<FleetSummary>;
    this.halt();
    const timeoutMs = this.options.shutdownTimeoutMs ?? 10_000;
    const ts = this.now();
    const controllerBySlot = new Map(this.controllers.map((c) => [c.slot, c]));
    await Promise.all(
      this.slots.map(async (slot) => {
        const controller = controllerBySlot.get(slot);
        if (controller && slot.connection.connected) {
          // A clean disconnect suppresses the will, so say offline explicitly first.
          const payload = controller.emulator.status(false, Math.max(ts, controller.willTs));
          slot.connection.publish({ ...controller.statusRoute, payload }, (err) => this.count('status', err));
        }
        await slot.connection.end(timeoutMs);
      }),
    );
    this.counters.connected = 0;
    this.finish(ending);
    return this.finished as Promise<FleetSummary>;
  }

  private finish(ending: FleetSummary['ending']): void {
    this.state = 'done';
    this.resolveFinished?.(this.summary(ending));
  }

  private summary(ending: FleetSummary['ending']): FleetSummary {
    return {
      ...this.stats(),
      controllers: this.controllers.length,
      detectors: this.detectors.length,
      detectorLayout: this.layout,
      stateHz: this.stateHz,
      measurementIntervalS: this.measurementIntervalS,
      ending,
    };
  }
}
