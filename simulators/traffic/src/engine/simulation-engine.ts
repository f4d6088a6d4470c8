/**
 * The simulated field: virtual controllers and the traffic model on one virtual clock. advanceTo() processes
 * every event up to a time (phase changes, the 1 Hz state tick with one traffic second, detector intervals)
 * and hands the resulting messages to a sink. It never reads a clock or a timer, so tests and replays drive it
 * as fast as they like and get identical output for the same seed and start time.
 */
import { intersectionsOf, type NetworkModel } from '@arterial/contracts/network';
import { type ControllerStatus, type PhaseState } from '@arterial/contracts/mqtt/v1';
import { VirtualController, type CentreLinkOptions } from '../controller/virtual-controller';
import type { Logger } from '../logger';
import { TrafficModel, type SignalView, type TrafficModelOptions, type TrafficStats } from '../model/traffic-model';
import type { DeviceMessageSink, MessageSink } from './outbound-message';

/** Traffic model options (seed, detector interval, UTC offset, incidents, fault rates) pass straight through. */
export type SimulationEngineOptions = TrafficModelOptions;

/** How controllers treat the centre's plans and commands; logger receives plan and command decisions and fallbacks. */
export interface PlanHandlingOptions {
  centreLink?: Partial<CentreLinkOptions>;
  logger?: Logger;
  /**
   * Feed the vehicles crossing each phase's detectors to its controller as calls, so actuated splits gap out
   * (default true; false runs actuated splits at their fixed greenS).
   */
  detectorCalls?: boolean;
}

const SECOND_MS = 1000;
/** Calls are stamped mid-step: the model knows only that a vehicle crossed during the second. */
const CALL_OFFSET_MS = 500;

export class SimulationEngine implements SignalView {
  readonly controllers: VirtualController[];
  private readonly byId: Map<string, VirtualController>;
  private readonly traffic: TrafficModel;
  private readonly nextChangeMs = new Map<string, number>();
  private nowMs: number | undefined;

  private readonly logger: Logger | undefined;

  constructor(network: NetworkModel, options: SimulationEngineOptions, plans: PlanHandlingOptions = {}) {
    this.logger = plans.logger;
    const detectorCalls = plans.detectorCalls ?? true;
    this.controllers = intersectionsOf(network).map((f) => new VirtualController(f.properties, plans.centreLink, { detectorCalls }));
    this.byId = new Map(this.controllers.map((c) => [c.id, c]));
    this.traffic = new TrafficModel(network, { ...options, detectorCalls });
  }

  get detectorCount(): number {
    return this.traffic.detectorCount;
  }

  /** Vehicles in and out, time spent and faults injected so far. */
  trafficStats(): TrafficStats {
    return this.traffic.stats();
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

  /**
   * A message on a controller's plan topic, handled at the current simulated time: decoded with the contract,
   * checked and answered on plan/ack (a redelivery gets the same answer and changes nothing).
   */
  receivePlan(controllerId: string, topic: string, raw: Uint8Array | string, sink: DeviceMessageSink): void {
    const now = this.nowMs;
    if (now === undefined) throw new Error('simulation not started');
    const controller = this.byId.get(controllerId);
    if (!controller) {
      this.logger?.warn({ controllerId, topic }, 'plan for an unknown controller ignored');
      return;
    }
    const answer = controller.receivePlanMessage(topic, raw, now);
    if (!answer.ack) {
      this.logger?.warn({ controllerId, reason: answer.reason }, 'unreadable plan ignored: no planId to answer');
      return;
    }
    sink.publish({ kind: 'plan-ack', deviceId: controllerId, payload: answer.ack });
    const { planId, accepted, reason } = answer.ack;
    if (answer.duplicate) this.logger?.debug({ controllerId, planId, accepted }, 'plan redelivered; same answer');
    else if (accepted) this.logger?.info({ controllerId, planId, switchAt: new Date(answer.switchAtMs!).toISOString() }, 'plan accepted');
    else this.logger?.warn({ controllerId, planId, reason }, 'plan rejected');
    this.afterPlanChange(controller, now, sink);
  }

  /**
   * A message on a controller's command topic, handled at the current simulated time: decoded with the contract,
   * checked and answered on command/ack (a redelivery gets the same answer and changes nothing). The state
   * messages then show the mode the controller reports (manual while holding, flash while flashing).
   */
  receiveCommand(controllerId: string, topic: string, raw: Uint8Array | string, sink: DeviceMessageSink): void {
    const now = this.nowMs;
    if (now === undefined) throw new Error('simulation not started');
    const controller = this.byId.get(controllerId);
    if (!controller) {
      this.logger?.warn({ controllerId, topic }, 'command for an unknown controller ignored');
      return;
    }
    const answer = controller.receiveCommandMessage(topic, raw, now);
    if (!answer.ack) {
      this.logger?.warn({ controllerId, reason: answer.reason }, 'unreadable command ignored: no commandId to answer');
      return;
    }
    sink.publish({ kind: 'command-ack', deviceId: controllerId, payload: answer.ack });
    const { commandId, accepted, reason } = answer.ack;
    if (answer.duplicate) this.logger?.debug({ controllerId, commandId, accepted }, 'command redelivered; same answer');
    else if (accepted) this.logger?.info({ controllerId, commandId }, 'command accepted');
    else this.logger?.warn({ controllerId, commandId, reason }, 'command rejected');
    this.afterPlanChange(controller, now, sink);
  }

  /** The controller's broker connection went down or came back (the shared layout reports every controller). */
  setBrokerConnected(controllerId: string, connected: boolean): void {
    const controller = this.byId.get(controllerId);
    if (controller && this.nowMs !== undefined) controller.setBrokerConnected(connected, this.nowMs);
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
    for (const call of this.traffic.callsOfLastStep) this.byId.get(call.intersectionId)?.recordDetectorCall(call.phaseId, tMs - CALL_OFFSET_MS);
    for (const c of this.controllers) {
      sink.publish({ kind: 'state', deviceId: c.id, payload: c.stateAt(tMs) });
      // Always asked again: the calls just recorded may have moved an actuated green's end.
      this.nextChangeMs.set(c.id, c.nextChangeAfterMs(tMs));
    }
    this.superviseCentre(tMs, sink);
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

  /** Local plan back when a centre plan expired or the centre went quiet; logged and reported in status. */
  private superviseCentre(tMs: number, sink: MessageSink): void {
    for (const c of this.controllers) {
      const fallback = c.superviseCentre(tMs);
      if (fallback) {
        this.logger?.warn({ controllerId: c.id, ...fallback, switchAt: new Date(fallback.switchAtMs).toISOString() }, 'returning to the local plan');
        this.afterPlanChange(c, tMs, sink);
      } else if (c.takeStatusDue()) sink.publish({ kind: 'status', deviceId: c.id, payload: c.statusAt(tMs, true) });
    }
  }

  /** A plan change may move the next indication change and the faults. */
  private afterPlanChange(c: VirtualController, tMs: number, sink: MessageSink): void {
    if (c.takeStatusDue()) sink.publish({ kind: 'status', deviceId: c.id, payload: c.statusAt(tMs, true) });
    this.nextChangeMs.set(c.id, c.nextChangeAfterMs(tMs));
  }
}
