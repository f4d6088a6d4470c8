/**
 * One SUMO traffic light acting as an Arterial signal controller: publishes state and retained status, takes
 * plans from its plan topic through the device kit's plan intake (the contract, then the contracts' one safety
 * rule set against the light's junction limits, junction-limits.ts), acknowledges, and applies accepted ones at the
 * next cycle boundary by installing a program with the plan's green durations. The plan's offset is reached by at most two transition
 * cycles (offset-transition.ts), each installed as the same program with stretched or shortened greens at its
 * own cycle boundary; then the plan itself runs with its cycle keyed to the epoch: cycleSecond = (t − offsetS) mod cycleS.
 */
import type { ControllerState, ControllerStatus, SignalPlan } from '@arterial/contracts/mqtt/v1';
import { PlanIntake, type ContractPublisher } from '@arterial/device-kit';
import { junctionLimitsOf } from './junction-limits';
import { planOffsetTransition } from './offset-transition';
import { logicWithSplits, type SignalProgram, signalProgramOf, snapshotOf } from './signal-program';
import type { TraciClient } from './traci/traci-client';
import type { TlsLogic } from './traci/traffic-light-logic';

export const FIRMWARE = 'arterial-sumo-bridge/0.1';
/** Program id under which centre plans are installed in SUMO. */
export const CENTRE_PROGRAM_ID = 'arterial';

export interface ControllerOptions {
  minGreenS: number;
  /** Wall clock for plan validity (skew, expiry) and status; state timestamps use simulation time. */
  wallNowMs: () => number;
  onEvent?: (event: ControllerEvent) => void;
}

export type ControllerEvent =
  | { kind: 'plan-ack'; tlsId: string; planId: string; accepted: boolean; reason?: string }
  | { kind: 'plan-applied'; tlsId: string; planId: string; simTimeS: number; transitionCycles: number }
  /** The plan's own program starts, coordinated (after its transition cycles, if any). */
  | { kind: 'plan-coordinated'; tlsId: string; planId: string; simTimeS: number; tsMs: number; transitionCycles: number; residualS: number }
  | { kind: 'plan-expired'; tlsId: string; planId: string; simTimeS: number };

/** A light's retained status: online, or offline as in its last will. */
export function lightStatus(online: boolean, tsMs: number): ControllerStatus {
  return { online, firmware: FIRMWARE, faults: [], ts: tsMs };
}

/** The plan id reported while SUMO's own program runs. */
function localPlanId(logic: TlsLogic): string {
  return `sumo-${logic.programId}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

export class ControllerBridge {
  private localLogic!: TlsLogic;
  private logic!: TlsLogic;
  private program!: SignalProgram;
  private planId = '';
  private running: SignalPlan | undefined;
  private pending: SignalPlan | undefined;
  private restorePending = false;
  /** Greens of the transition cycles still to install before the running plan itself, and what it reached. */
  private transition: { upcoming: number[][]; cycles: number; residualS: number } | undefined;
  private intake: PlanIntake | undefined;
  private lastPhaseIndex = -1;
  private seq = 0;
  private acks: Promise<void>[] = [];
  statesPublished = 0;

  constructor(
    readonly tlsId: string,
    private readonly traci: TraciClient,
    private readonly publisher: Pick<ContractPublisher, 'publish'>,
    private readonly options: ControllerOptions,
  ) {}

  async start(): Promise<void> {
    const current = await this.traci.tlsProgram(this.tlsId);
    const logics = await this.traci.tlsLogics(this.tlsId);
    const local = logics.find((l) => l.programId === current) ?? logics[0];
    if (!local) throw new Error(`traffic light ${this.tlsId} has no program`);
    this.localLogic = local;
    this.useLogic(local, localPlanId(local));
    this.intake = new PlanIntake(this.tlsId, junctionLimitsOf(signalProgramOf(local), this.options.minGreenS));
    await this.announce();
  }

  /** Publishes the retained online status (at start, and again after a reconnect replaced it with the will). */
  async announce(): Promise<void> {
    await this.publishStatus(true);
  }

  /**
   * Called once per simulation step (1 s) with the light's SUMO phase index and next switch time, read in the
   * step's batch. Acts at a cycle boundary (phase 0 starting), then publishes state.
   */
  async onStep(simTimeS: number, tsMs: number, reading: { phaseIndex: number; nextSwitchS: number }): Promise<void> {
    let { phaseIndex, nextSwitchS } = reading;
    const cycleStarted = phaseIndex === 0 && this.lastPhaseIndex !== 0;
    // SUMO shows a phase switch one step after it happened (its switch event runs in the following step): the
    // cycle began where phase 0's next switch minus its duration says, normally 1 s before this step.
    const lateS = cycleStarted ? Math.min(1, Math.max(0, simTimeS - (nextSwitchS - (this.logic.phases[0]?.durationS ?? 0)))) : 0;
    if (cycleStarted && (await this.atCycleBoundary(simTimeS - lateS, tsMs - lateS * 1000, lateS))) {
      // The program changed under us: read the light again.
      phaseIndex = await this.traci.tlsPhase(this.tlsId);
      nextSwitchS = await this.traci.tlsNextSwitch(this.tlsId);
    }
    this.lastPhaseIndex = phaseIndex;
    const snap = snapshotOf(this.logic, this.program, phaseIndex, simTimeS, nextSwitchS);
    const state: ControllerState = { ts: tsMs, seq: this.seq, mode: this.running ? 'adaptive' : 'fixed', planId: this.planId, ...snap };
    this.seq = (this.seq + 1) % 2 ** 32;
    await this.publisher.publish('state', this.tlsId, state);
    this.statesPublished++;
  }

  /** Publishes the retained offline status before a clean disconnect, and waits for pending acks. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.acks);
    await this.publishStatus(false);
  }

  statusPayload(online: boolean): ControllerStatus {
    return lightStatus(online, this.options.wallNowMs());
  }

  /**
   * Installs a pending plan (its first transition cycle, or the plan itself when the boundary is already
   * coordinated), the next transition cycle or the plan after the last one, or restores the local program after
   * expiry; true when SUMO's program changed.
   */
  private async atCycleBoundary(simTimeS: number, tsMs: number, lateS: number): Promise<boolean> {
    if (this.running && this.options.wallNowMs() >= this.running.expiresAt && !this.pending) {
      this.options.onEvent?.({ kind: 'plan-expired', tlsId: this.tlsId, planId: this.running.planId, simTimeS });
      this.restorePending = true;
    }
    if (this.pending) {
      const plan = this.pending;
      this.pending = undefined;
      const local = signalProgramOf(this.localLogic);
      const greensS = local.phases.map((p) => plan.splits.find((s) => s.phase === p.id)?.greenS ?? p.greenS);
      const seek = planOffsetTransition({
        greensS,
        clearanceS: local.phases.reduce((sum, p) => sum + p.yellowS + p.allRedS, 0),
        cycleS: plan.cycleS,
        offsetS: plan.offsetS,
        minGreenS: this.options.minGreenS,
        boundaryEpochMs: tsMs,
      });
      this.running = plan;
      this.transition = { upcoming: seek.cycles, cycles: seek.cycles.length, residualS: seek.residualS };
      this.options.onEvent?.({ kind: 'plan-applied', tlsId: this.tlsId, planId: plan.planId, simTimeS, transitionCycles: seek.cycles.length });
      await this.installNextCycle(simTimeS, tsMs, lateS);
      return true;
    }
    if (this.restorePending) {
      this.restorePending = false;
      this.running = undefined;
      this.transition = undefined;
      await this.traci.setTlsProgram(this.tlsId, this.localLogic.programId);
      await this.traci.setTlsPhase(this.tlsId, 0);
      this.useLogic(this.localLogic, localPlanId(this.localLogic));
      return true;
    }
    if (this.transition) {
      await this.installNextCycle(simTimeS, tsMs, lateS);
      return true;
    }
    return false;
  }

  /**
   * At a cycle boundary of the running plan (simTimeS/tsMs: when phase 0 started, lateS before now): installs
   * the next transition cycle, or the plan itself once none is left. SUMO keeps the switch time it had already
   * scheduled for the current phase when a program is replaced, so the remaining first green is set with
   * setPhaseDuration, counted from the true start of the cycle.
   */
  private async installNextCycle(simTimeS: number, tsMs: number, lateS: number): Promise<void> {
    const plan = this.running!;
    const transition = this.transition!;
    const greens = transition.upcoming.shift();
    const local = signalProgramOf(this.localLogic);
    const splits = greens ? local.phases.map((p, i) => ({ phase: p.id, greenS: greens[i]! })) : plan.splits;
    const logic = logicWithSplits(this.localLogic, local, splits, CENTRE_PROGRAM_ID);
    await this.traci.setTlsLogic(this.tlsId, logic);
    await this.traci.setTlsPhaseDuration(this.tlsId, Math.max(0, logic.phases[0]!.durationS - lateS));
    this.useLogic(logic, plan.planId);
    if (!greens) {
      this.transition = undefined;
      this.options.onEvent?.({
        kind: 'plan-coordinated', tlsId: this.tlsId, planId: plan.planId, simTimeS, tsMs, transitionCycles: transition.cycles, residualS: transition.residualS,
      });
    }
  }

  private useLogic(logic: TlsLogic, planId: string): void {
    this.logic = logic;
    this.program = signalProgramOf(logic);
    this.planId = planId;
  }

  /** A message from the light's plan topic: answered on plan/ack; an accepted plan waits for the next cycle boundary. */
  receivePlan(topic: string, raw: Uint8Array): void {
    // Before start() has read SUMO's program there are no limits to check against; such a plan stays unanswered,
    // as it would have before the light subscribed.
    const intake = this.intake;
    if (!intake) return;
    const answer = intake.receive(topic, raw, this.options.wallNowMs());
    if (!answer.ack) return; // No planId to answer: nothing the centre could match.
    const { planId, accepted, reason } = answer.ack;
    if (answer.plan) {
      this.pending = answer.plan;
      this.restorePending = false;
    }
    if (!answer.duplicate) this.options.onEvent?.({ kind: 'plan-ack', tlsId: this.tlsId, planId, accepted, reason });
    this.acks.push(this.publisher.publish('plan-ack', this.tlsId, answer.ack).catch(() => undefined));
  }

  private async publishStatus(online: boolean): Promise<void> {
    await this.publisher.publish('status', this.tlsId, this.statusPayload(online));
  }
}
