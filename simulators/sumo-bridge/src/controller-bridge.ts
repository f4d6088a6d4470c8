/**
 * One SUMO traffic light acting as an Arterial signal controller: publishes state and retained status, takes
 * plans on its plan topic, validates them, acknowledges, and applies accepted ones at the next cycle boundary by
 * installing a program with the plan's green durations. The plan's offset is reached by at most two transition
 * cycles (offset-transition.ts), each installed as the same program with stretched or shortened greens at its
 * own cycle boundary; then the plan itself runs with its cycle keyed to the epoch: cycleSecond = (t − offsetS) mod cycleS.
 */
import { buildTopic, type ControllerState, type SignalPlan, validatePayload } from '@arterial/contracts/mqtt/v1';
import { publishContract } from './contract-publish';
import type { BusConnection } from './mqtt.adapter';
import { planOffsetTransition } from './offset-transition';
import { logicWithSplits, planRejection, type SignalProgram, signalProgramOf, snapshotOf } from './signal-program';
import type { TraciClient } from './traci/traci-client';
import type { TlsLogic } from './traci/traffic-light-logic';

export const FIRMWARE = 'arterial-sumo-bridge/0.1';
/** Program id under which centre plans are installed in SUMO. */
export const CENTRE_PROGRAM_ID = 'arterial';
/**
 * Greens plus change intervals must equal the plan's cycleS (up to float noise): a program cycling even 1 s off
 * the plan's cycle would drift away from the coordinated offset by that much every cycle.
 */
const CYCLE_TOLERANCE_S = 1e-6;

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
  private lastPhaseIndex = -1;
  private seq = 0;
  private acks: Promise<void>[] = [];
  statesPublished = 0;

  constructor(
    readonly tlsId: string,
    private readonly traci: TraciClient,
    private readonly bus: BusConnection,
    private readonly options: ControllerOptions,
  ) {}

  async start(): Promise<void> {
    const current = await this.traci.tlsProgram(this.tlsId);
    const logics = await this.traci.tlsLogics(this.tlsId);
    const local = logics.find((l) => l.programId === current) ?? logics[0];
    if (!local) throw new Error(`traffic light ${this.tlsId} has no program`);
    this.localLogic = local;
    this.useLogic(local, localPlanId(local));
    await this.publishStatus(true);
    await this.bus.subscribe(buildTopic('plan', this.tlsId), 1, (raw) => this.receivePlan(raw));
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
    await publishContract(this.bus, 'state', this.tlsId, state, this.options.wallNowMs());
    this.statesPublished++;
  }

  /** Publishes the retained offline status before a clean disconnect, and waits for pending acks. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.acks);
    await this.publishStatus(false);
  }

  statusPayload(online: boolean): { online: boolean; firmware: string; faults: string[]; ts: number } {
    return { online, firmware: FIRMWARE, faults: [], ts: this.options.wallNowMs() };
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

  private receivePlan(raw: Buffer): void {
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      return; // Not JSON: there is no planId to answer, as the contract's decoder also drops it.
    }
    const planId = typeof (value as { planId?: unknown }).planId === 'string' ? (value as { planId: string }).planId : undefined;
    const now = this.options.wallNowMs();
    const checked = validatePayload('plan', value, { nowMs: now });
    let reason: string | undefined;
    if (!checked.ok) reason = `${checked.reason}: ${checked.detail}`;
    else if (checked.payload.expiresAt <= now) reason = 'plan has already expired';
    else reason = planRejection(signalProgramOf(this.localLogic), checked.payload.cycleS, checked.payload.splits, { minGreenS: this.options.minGreenS, cycleToleranceS: CYCLE_TOLERANCE_S });
    if (!planId || !/^[A-Za-z0-9_-]{1,64}$/.test(planId)) return;
    const accepted = reason === undefined;
    if (accepted && checked.ok) {
      this.pending = checked.payload;
      this.restorePending = false;
    }
    this.options.onEvent?.({ kind: 'plan-ack', tlsId: this.tlsId, planId, accepted, reason });
    const ack = accepted ? { planId, accepted, ts: now } : { planId, accepted, reason: (reason ?? 'rejected').slice(0, 256), ts: now };
    this.acks.push(publishContract(this.bus, 'plan-ack', this.tlsId, ack, now).catch(() => undefined));
  }

  private async publishStatus(online: boolean): Promise<void> {
    await publishContract(this.bus, 'status', this.tlsId, this.statusPayload(online), this.options.wallNowMs());
  }
}
