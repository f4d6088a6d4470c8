/**
 * One virtual signal controller: runs its junction's local fallback plan, takes timing plans from the centre
 * (through the device kit's plan intake: the contract, then the contracts' safety rules against its junction,
 * answered once per planId), applies them at a cycle boundary through a bounded transition and returns to the
 * local plan when a centre plan expires or the centre falls silent. Produces the contract's state, status and
 * plan-ack payloads. Time always comes from the caller, so the simulator can run it on a virtual clock at any speed.
 *
 * v1.1: operator commands (hold-phase, flash, resume; answered once per commandId on command/ack) and actuated
 * plans (gap-out on detector calls fed through recordDetectorCall, when the `detectorCalls` behaviour is on) hand the
 * ring to a PhaseSequencer, which decides greens forward in time under the contracts' sequence rules. Until then
 * the controller is a pure function of time over its PlanSchedule. Either way remainingS is a promise it keeps.
 */
import type { CommandAck, ControllerCommand, ControllerState, ControllerStatus, PhaseState, PhaseStatus, PlanAck, SignalPlan } from '@arterial/contracts/mqtt/v1';
import { indicationOf, msOf, type IntersectionProperties } from '@arterial/contracts/network';
import { CommandIntake, PlanIntake, type CommandAnswer as CommandIntakeAnswer, type CommandIgnored, type PlanAnswer as IntakeAnswer, type PlanIgnored } from '@arterial/device-kit';
import { PhaseSequencer, type RingOrder } from './phase-sequencer';
import { PlanSchedule, type ScheduledPlan } from './plan-schedule';

export const SIMULATED_FIRMWARE = 'arterial-traffic-sim/0.1.0';
const MAX_FAULTS = 32;

export interface CentreLinkOptions {
  /** No plan message for this long while a centre plan is in force → back to the local plan. */
  centreSilenceS: number;
  /** Broker connection down for this long while a centre plan is in force → back to the local plan. */
  brokerLossS: number;
}

export const DEFAULT_CENTRE_LINK: CentreLinkOptions = { centreSilenceS: 300, brokerLossS: 60 };

export interface ControllerBehaviour {
  /**
   * Run plan actuation (gap-out) on detector calls fed through recordDetectorCall. Off by default: a controller
   * nobody feeds calls to runs actuated splits at their fixed greenS, as the contract allows.
   */
  detectorCalls?: boolean;
}

export interface CommandAnswer {
  ack: CommandAck;
  duplicate: boolean;
}

/** Fault codes in status while the controller runs its local plan because the centre let it down. */
export const CENTRE_FAULTS = {
  expired: 'PLAN_EXPIRED',
  'centre-silent': 'CENTRE_SILENT',
  'broker-lost': 'CENTRE_UNREACHABLE',
} as const;

export type FallbackCause = keyof typeof CENTRE_FAULTS;

export interface PlanAnswer {
  ack: PlanAck;
  /** A redelivery of a plan already answered: same ack, nothing applied again. */
  duplicate: boolean;
  /** When the accepted plan's transition starts. */
  switchAtMs?: number;
}

export interface Fallback {
  cause: FallbackCause;
  /** The centre plan given up. */
  planId: string;
  switchAtMs: number;
}

export class VirtualController {
  private readonly schedule: PlanSchedule;
  private readonly link: CentreLinkOptions;
  private stateSeq = 0;
  private deviceFaults: string[] = [];
  private readonly centreFaults = new Set<string>();
  private statusDue = false;
  private readonly intake: PlanIntake;
  /** The accepted centre plan in force or about to be; undefined while the local plan is the target. */
  private centrePlan: SignalPlan | undefined;
  private lastPlanMessageMs: number | undefined;
  private brokerLostSinceMs: number | undefined;
  private readonly commandIntake: CommandIntake;
  /** Takes over from the fixed-time schedule once a command or an actuated plan needs greens decided as time goes by. */
  private sequencer: PhaseSequencer | undefined;

  constructor(
    readonly junction: IntersectionProperties,
    link: Partial<CentreLinkOptions> = {},
    private readonly behaviour: ControllerBehaviour = {},
  ) {
    this.link = { ...DEFAULT_CENTRE_LINK, ...link };
    this.schedule = new PlanSchedule(junction, this.fallback);
    this.intake = new PlanIntake(junction.id, junction);
    this.commandIntake = new CommandIntake(junction.id, { actions: ['hold-phase', 'flash', 'resume'], phases: junction.sequence });
  }

  get id(): string {
    return this.junction.id;
  }

  private get fallback(): ScheduledPlan {
    const { planId, ...timing } = this.junction.fallbackPlan;
    return { planId, mode: 'fixed', timing };
  }

  /** The next state message; each call consumes one sequence number. */
  stateAt(tMs: number): ControllerState {
    const segment = this.schedule.at(tMs);
    const ring = this.ringAt(tMs);
    const manual = ring ? ring.modeAt(tMs) : 'plan';
    return {
      ts: tMs,
      seq: this.stateSeq++,
      mode: manual === 'plan' ? segment.mode : manual,
      planId: segment.planId,
      // A stretched transition cycle may last a fraction of a second more than a whole number; the contract wants an integer above cycleSecond.
      cycleS: manual === 'plan' ? Math.ceil(segment.timer.plan.cycleS - 1e-9) : 0,
      cycleSecond: manual === 'plan' ? segment.timer.cycleSecondAt(tMs) : 0,
      phases: ring ? ring.phaseStatesAt(tMs) : this.schedulePhaseStatesAt(tMs),
    };
  }

  /**
   * The schedule's indications with times-to-change it will keep whatever happens next (a new plan, a command):
   * exact for the phase showing green or yellow; for red phases the end of the running clearance.
   */
  private schedulePhaseStatesAt(tMs: number): PhaseStatus[] {
    const interval = this.schedule.timedIntervalAt(tMs);
    const phase = this.junction.phases.find((p) => p.id === interval.phaseId)!;
    const clearanceEndMs =
      interval.state === 'green' ? interval.endMs + msOf(phase.yellowS) + msOf(phase.allRedS) : interval.state === 'yellow' ? interval.endMs + msOf(phase.allRedS) : interval.endMs;
    return this.junction.phases.map((p) =>
      p.id === interval.phaseId && interval.state !== 'red'
        ? { id: p.id, state: interval.state, remainingS: (interval.endMs - tMs) / 1000 }
        : { id: p.id, state: 'red', remainingS: (clearanceEndMs - tMs) / 1000 },
    );
  }

  /** The sequencer when it governs tMs. */
  private ringAt(tMs: number): PhaseSequencer | undefined {
    return this.sequencer && tMs >= this.sequencer.startMs ? this.sequencer : undefined;
  }

  private engage(tMs: number): PhaseSequencer {
    this.sequencer ??= new PhaseSequencer(this.junction, this.schedule, tMs, this.behaviour.detectorCalls === true);
    return this.sequencer;
  }

  /** A vehicle call on the detectors of a phase (for actuation); ignored unless detector calls are on. */
  recordDetectorCall(phaseId: number, tMs: number): void {
    if (this.behaviour.detectorCalls) this.sequencer?.recordCall(phaseId, tMs);
  }

  /** A message on the controller's command topic at controller time tMs; a message naming no commandId is not answered. */
  receiveCommandMessage(topic: string, raw: Uint8Array | string, tMs: number): CommandAnswer | CommandIgnored {
    const outcome = this.commandIntake.receive(topic, raw, tMs);
    return outcome.ack ? this.carryOut(outcome, tMs) : outcome;
  }

  /** A decoded command from the centre, at controller time tMs: checked, answered, and if accepted carried out now. */
  receiveCommand(command: ControllerCommand, tMs: number): CommandAnswer {
    return this.carryOut(this.commandIntake.decide(command, tMs), tMs);
  }

  private carryOut({ ack, duplicate, command }: CommandIntakeAnswer, tMs: number): CommandAnswer {
    if (command) this.engage(tMs).setOrder(orderOf(command), tMs);
    return { ack, duplicate };
  }

  statusAt(tMs: number, online: boolean): ControllerStatus {
    const faults = [...new Set([...this.deviceFaults, ...this.centreFaults])].sort().slice(0, MAX_FAULTS);
    return { online, firmware: SIMULATED_FIRMWARE, faults, ts: tMs };
  }

  phaseStateAt(phaseId: number, tMs: number): PhaseState {
    const interval = this.ringAt(tMs)?.intervalAt(tMs);
    return interval ? indicationOf(interval, phaseId) : this.schedule.at(tMs).timer.stateOf(phaseId, tMs);
  }

  nextChangeAfterMs(tMs: number): number {
    const ring = this.ringAt(tMs);
    return ring ? ring.nextChangeAfterMs(tMs) : this.schedule.nextChangeAfterMs(tMs);
  }

  /** Replaces the active device (detector) fault codes; returns true when they changed (the status is then due again). */
  setFaults(faults: string[]): boolean {
    const next = [...new Set(faults)].sort().slice(0, MAX_FAULTS);
    if (next.length === this.deviceFaults.length && next.every((f, i) => f === this.deviceFaults[i])) return false;
    this.deviceFaults = next;
    return true;
  }

  /** True once after the centre-related faults changed: the caller should publish a status. */
  takeStatusDue(): boolean {
    const due = this.statusDue;
    this.statusDue = false;
    return due;
  }

  /** A message on the controller's plan topic at controller time tMs; a message naming no planId is not answered. */
  receivePlanMessage(topic: string, raw: Uint8Array | string, tMs: number): PlanAnswer | PlanIgnored {
    const outcome = this.intake.receive(topic, raw, tMs);
    return outcome.ack ? this.take(outcome, tMs) : outcome;
  }

  /** A decoded plan from the centre, at controller time tMs: checked, answered, and if safe, ordered for the next cycle boundary. */
  receivePlan(plan: SignalPlan, tMs: number): PlanAnswer {
    return this.take(this.intake.decide(plan, tMs), tMs);
  }

  private take({ ack, duplicate, plan }: IntakeAnswer, tMs: number): PlanAnswer {
    this.lastPlanMessageMs = tMs;
    if (!plan) return { ack, duplicate };
    this.centrePlan = plan;
    if (this.behaviour.detectorCalls && plan.splits.some((s) => s.actuation)) this.engage(tMs);
    const switchAtMs = this.schedule.switchTo({ planId: plan.planId, mode: 'adaptive', timing: plan }, tMs);
    for (const fault of [CENTRE_FAULTS.expired, CENTRE_FAULTS['centre-silent']]) this.clearFault(fault);
    return { ack, duplicate, switchAtMs };
  }

  setBrokerConnected(connected: boolean, tMs: number): void {
    if (connected) {
      this.brokerLostSinceMs = undefined;
      this.clearFault(CENTRE_FAULTS['broker-lost']);
    } else {
      this.brokerLostSinceMs ??= tMs;
    }
  }

  /** Called every second: gives up an expired centre plan, or one the centre stopped backing, for the local plan. */
  superviseCentre(tMs: number): Fallback | undefined {
    const plan = this.centrePlan;
    if (!plan) return undefined;
    const cause = this.fallbackCause(plan, tMs);
    if (!cause) return undefined;
    this.centrePlan = undefined;
    const switchAtMs = this.schedule.switchTo(this.fallback, tMs);
    this.setFault(CENTRE_FAULTS[cause]);
    return { cause, planId: plan.planId, switchAtMs };
  }

  private fallbackCause(plan: SignalPlan, tMs: number): FallbackCause | undefined {
    if (tMs >= plan.expiresAt) return 'expired';
    if (this.brokerLostSinceMs !== undefined && tMs - this.brokerLostSinceMs >= this.link.brokerLossS * 1000) return 'broker-lost';
    if (this.lastPlanMessageMs !== undefined && tMs - this.lastPlanMessageMs >= this.link.centreSilenceS * 1000) return 'centre-silent';
    return undefined;
  }

  private setFault(code: string): void {
    if (this.centreFaults.has(code)) return;
    this.centreFaults.add(code);
    this.statusDue = true;
  }

  private clearFault(code: string): void {
    if (this.centreFaults.delete(code)) this.statusDue = true;
  }
}

function orderOf(command: ControllerCommand): RingOrder {
  switch (command.action) {
    case 'hold-phase':
      return { kind: 'hold', phase: command.phase!, untilMs: command.expiresAt };
    case 'flash':
      return { kind: 'flash', untilMs: command.expiresAt };
    case 'resume':
      return { kind: 'plan' };
  }
}
