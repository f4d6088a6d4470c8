/**
 * The simulated field: virtual controllers and the traffic model on one virtual clock. advanceTo() processes
 * every event up to a time (phase changes, the 1 Hz state tick with one traffic second, detector intervals)
 * and hands the resulting messages to a sink. It never reads a clock or a timer, so tests and replays drive it
 * as fast as they like and get identical output for the same seed and start time.
 */
import { intersectionsOf, type ControllerStatus, type NetworkModel, type PhaseState } from '@arterial/contracts';
import { VirtualController } from '../controller/virtual-controller';
import { TrafficModel, type SignalView } from '../model/traffic-model';
import type { MessageSink } from './outbound-message';

export interface SimulationEngineOptions {
  seed: number;
  detectorIntervalS?: number;
  utcOffsetHours?: number;
}

const SECOND_MS = 1000;

export class SimulationEngine implements SignalView {
  readonly controllers: VirtualController[];
  private readonly byId: Map<string, VirtualController>;
  private readonly traffic: TrafficModel;
  private readonly nextChangeMs = new Map<string, number>();
  private nowMs: number | undefined;

  constructor(network: NetworkModel, options: SimulationEngineOptions) {
    this.controllers = intersectionsOf(network).map((f) => new VirtualController(f.properties));
    this.byId = new Map(this.controllers.map((c) => [c.id, c]));
    this.traffic = new TrafficModel(network, options);
  }

  get detectorCount(): number {
    return this.traffic.detectorCount;
  }

  /** Simulation time reached so far (epoch ms); undefined before start(). */
  get timeMs(): number | undefined {
    return this.nowMs;
  }

  /** Puts every controller online at tMs: retained status, then a first state. */
  start(tMs: number, sink: MessageSink): void {
    if (this.nowMs !== undefined) throw new Error('simulation already started');
    this.nowMs = tMs;
    for (const c of this.controllers) {
      sink.publish({ kind: 'status', deviceId: c.id, payload: c.statusAt(tMs, true) });
      sink.publish({ kind: 'state', deviceId: c.id, payload: c.stateAt(tMs) });
      this.nextChangeMs.set(c.id, c.nextChangeAfterMs(tMs));
    }
  }

  /** Processes all events in (current time, tMs]. */
  advanceTo(tMs: number, sink: MessageSink): void {
    if (this.nowMs === undefined) throw new Error('simulation not started');
    while (this.nowMs < tMs) {
      const nextSecond: number = (Math.floor(this.nowMs / SECOND_MS) + 1) * SECOND_MS;
      const until = Math.min(nextSecond, tMs);
      this.publishPhaseChangesBefore(until, nextSecond, sink);
      if (until === nextSecond) this.tick(nextSecond, sink);
      this.nowMs = until;
    }
  }

  /** A controller's status payload, e.g. online:false for its last will or a clean shutdown. */
  status(controllerId: string, tMs: number, online: boolean): ControllerStatus {
    const controller = this.byId.get(controllerId);
    if (!controller) throw new Error(`unknown controller ${controllerId}`);
    return controller.statusAt(tMs, online);
  }

  phaseStateAt(intersectionId: string, phaseId: number, tMs: number): PhaseState {
    const controller = this.byId.get(intersectionId);
    return controller ? controller.phaseStateAt(phaseId, tMs) : 'dark';
  }

  /** State messages at phase changes strictly before the next whole second (the tick reports changes on it). */
  private publishPhaseChangesBefore(untilMs: number, nextSecondMs: number, sink: MessageSink): void {
    for (const c of this.controllers) {
      let change = this.nextChangeMs.get(c.id)!;
      while (change <= untilMs && change < nextSecondMs) {
        sink.publish({ kind: 'state', deviceId: c.id, payload: c.stateAt(change) });
        change = c.nextChangeAfterMs(change);
      }
      this.nextChangeMs.set(c.id, change);
    }
  }

  private tick(tMs: number, sink: MessageSink): void {
    this.traffic.step(tMs, this);
    for (const c of this.controllers) {
      sink.publish({ kind: 'state', deviceId: c.id, payload: c.stateAt(tMs) });
      if (this.nextChangeMs.get(c.id)! <= tMs) this.nextChangeMs.set(c.id, c.nextChangeAfterMs(tMs));
    }
    const reports = this.traffic.reportsDue(tMs);
    const touched = new Set<string>();
    for (const r of reports) {
      sink.publish({ kind: 'measurement', deviceId: r.detectorId, payload: r.measurement });
      touched.add(r.intersectionId);
    }
    // A controller reports faults of its detectors, as field controllers do.
    for (const id of touched) {
      const controller = this.byId.get(id);
      if (controller?.setFaults(this.traffic.unhealthyDetectors(id).map((d) => `DET_DEGRADED:${d}`))) {
        sink.publish({ kind: 'status', deviceId: id, payload: controller.statusAt(tMs, true) });
      }
    }
  }
}
