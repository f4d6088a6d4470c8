/**
 * One SUMO traffic light acting as an Arterial signal controller: publishes state and retained status, takes
 * plans on its plan topic, validates them, acknowledges, and applies accepted ones at the next cycle boundary by
 * installing a program with the plan's green durations.
 */
import { buildTopic, type ControllerState, type SignalPlan, validatePayload } from '@arterial/contracts';
import { publishContract } from './contract-publish';
import type { BusConnection } from './mqtt.adapter';
import { logicWithSplits, planRejection, type SignalProgram, signalProgramOf, snapshotOf } from './signal-program';
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
  | { kind: 'plan-applied'; tlsId: string; planId: string; simTimeS: number }
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
    if (cycleStarted && (await this.atCycleBoundary(simTimeS))) {
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

  /** Installs a pending plan or restores the local program after expiry; true when SUMO's program changed. */
  private async atCycleBoundary(simTimeS: number): Promise<boolean> {
    if (this.running && this.options.wallNowMs() >= this.running.expiresAt && !this.pending) {
      this.options.onEvent?.({ kind: 'plan-expired', tlsId: this.tlsId, planId: this.running.planId, simTimeS });
      this.restorePending = true;
    }
    if (this.pending) {
      const plan = this.pending;
      this.pending = undefined;
      const logic = logicWithSplits(this.localLogic, signalProgramOf(this.localLogic), plan.splits, CENTRE_PROGRAM_ID);
      await this.traci.setTlsLogic(this.tlsId, logic);
      this.running = plan;
      this.useLogic(logic, plan.planId);
      this.options.onEvent?.({ kind: 'plan-applied', tlsId: this.tlsId, planId: plan.planId, simTimeS });
      return true;
    }
    if (this.restorePending) {
      this.restorePending = false;
      this.running = undefined;
      await this.traci.setTlsProgram(this.tlsId, this.localLogic.programId);
      await this.traci.setTlsPhase(this.tlsId, 0);
      this.useLogic(this.localLogic, localPlanId(this.localLogic));
      return true;
    }
    return false;
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
    else reason = planRejection(signalProgramOf(this.localLogic), checked.payload.cycleS, checked.payload.splits, { minGreenS: this.options.minGreenS, cycleToleranceS: 1 });
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
