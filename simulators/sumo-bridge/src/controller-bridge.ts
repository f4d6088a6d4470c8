/**
 * One SUMO traffic light acting as an Arterial signal controller: publishes state and retained status, takes
 * plans from its plan topic through the device kit's plan intake (the contract, then the contracts' one safety
 * rule set against the light's junction limits, junction-limits.ts), acknowledges, and applies accepted ones at the
 * next cycle boundary by installing a program with the plan's green durations. The plan's offset is reached by at most two transition
 * cycles (offset-transition.ts), each installed as the same program with stretched or shortened greens at its
 * own cycle boundary; then the plan itself runs with its cycle keyed to the epoch: cycleSecond = (t − offsetS) mod cycleS.
 * Actuated plans (v1.1) gap out and return early step by step (actuation.ts). At expiry the light goes back to
 * SUMO's own program through the same kind of transition, onto that program's own rhythm. A conflict monitor
 * (conflict-monitor.ts) watches what SUMO shows and latches the light to flash on a violation. Faults go to the
 * retained status: PLAN_EXPIRED, CENTRE_SILENT, CENTRE_UNREACHABLE, CONFLICT_FLASH. Operator commands (hold-phase,
 * flash, resume) go through the device kit's command intake; an accepted one is carried out from the next step by
 * the command runner (command-runner.ts), and the light returns to its plan (or SUMO's program) through the same
 * transition at the next cycle boundary.
 */
import { cycleBoundsOf, type JunctionLimits } from '@arterial/contracts/network';
import { type CommandAck, type ControllerCommand, type ControllerState, type ControllerStatus, decodeMessage, type SignalPlan } from '@arterial/contracts/mqtt/v1';
import { CommandIntake, PlanIntake, type ContractPublisher } from '@arterial/device-kit';
import { actuatedMinGreenS, gapOutAtS, gapsOut, greenAtStart, isActuated, isFree, localActuatedPlan, PassageCalls, type ApproachZone } from './actuation';
import { CommandRunner, type RunnerAction, runnerProgramOf } from './command-runner';
import { ConflictMonitor, monitorCardOf, type Violation } from './conflict-monitor';
import { type GreenEndReason, type GreenRecord, GreenTrace } from './green-trace';
import type { LoopStepReading } from './detector-aggregator';
import { junctionLimitsOf } from './junction-limits';
import { planOffsetTransition } from './offset-transition';
import { logicWithSplits, type SignalProgram, signalProgramOf, snapshotOf } from './signal-program';
import type { TraciClient } from './traci/traci-client';
import type { TlsLogic } from './traci/traffic-light-logic';
import { phaseDetectorsOf } from './phase-detectors';
import { CALL_MEMORY_S, exclusiveLoopsOf, skippablePhases, type SkipRoute, skipsWithoutCall, withSkipPhases } from './phase-skip';

export const FIRMWARE = 'arterial-sumo-bridge/0.1';
/** Program id under which centre plans are installed in SUMO. */
export const CENTRE_PROGRAM_ID = 'arterial';

/** Fault codes in `status.faults` (the first three as the virtual controllers and docs/contracts.md name them). */
export const FAULT = {
  planExpired: 'PLAN_EXPIRED',
  centreSilent: 'CENTRE_SILENT',
  centreUnreachable: 'CENTRE_UNREACHABLE',
  /** The conflict monitor latched the light to flash. */
  conflictFlash: 'CONFLICT_FLASH',
} as const;

/** After a first plan, the centre counts as silent when no plan came for this many cycles. */
export const CENTRE_SILENT_CYCLES = 5;

/** Duration given to a phase the command runner shows: SUMO never ends it by itself, the runner does. */
const FROZEN_S = 100_000;
/** The accepted note of a resume with no hold or flash to end (the ack says so; nothing changes). */
export const NOTHING_TO_RESUME = 'nothing to resume';
/** As many notes as the intake remembers acks. */
const REMEMBERED_NOTES = 256;

export interface ControllerOptions {
  minGreenS: number;
  /** false: SUMO's own controller runs the light (an evaluation baseline) and plans are refused. */
  acceptsPlans?: boolean;
  /** Indices into the step's detector readings, per lane: which detectors call which phase (actuation). */
  detectorsOnLane?: ReadonlyMap<string, readonly number[]>;
  /**
   * Until the centre's first plan is installed, run the light's own program free actuated within its junction limits
   * (actuation.ts `localActuatedPlan`), as a real controller's local plan does; default false: as SUMO shipped it.
   */
  localActuated?: boolean;
  /** Emit `green-ended` for every green (the bridge's phase trace); default false. */
  traceGreens?: boolean;
  /** Of those, the queue loops (actuation.ts `isQueueLoop`): they call on presence, the others on passage. */
  queueDetectors?: ReadonlySet<number>;
  /**
   * Loops that call no phase: the stop-bar loops of lanes with a queue loop (silent-stop-bars.ts), where the queue
   * loop alone decides. The green trace still counts them.
   */
  silentLoops?: ReadonlySet<number>;
  /** Passage loops that call only on a vehicle crossing slower than this, m/s (actuation.ts `PassageCalls`). */
  slowBelowMps?: ReadonlyMap<number, number>;
  /** Speed-gated stop-bar loops and their distance to the stop line, m: a call extends by the time to it. */
  stopBarM?: ReadonlyMap<number, number>;
  /** Approaches counted between their advance and stop-bar loops (actuation.ts `ApproachZone`); this light's are used. */
  approachZones?: readonly ApproachZone[];
  /**
   * The controller's clock (epoch ms) for plan validity (skew, expiry), command expiry, CENTRE_SILENT and status:
   * the wall clock for a live centre, or the run's simulated epoch time when the centre plans on simulated time
   * (bridge option `controllerClock`). State timestamps always use simulation time.
   */
  nowMs: () => number;
  onEvent?: (event: ControllerEvent) => void;
}

export type ControllerEvent =
  | { kind: 'plan-ack'; tlsId: string; planId: string; accepted: boolean; reason?: string }
  | { kind: 'plan-applied'; tlsId: string; planId: string; simTimeS: number; transitionCycles: number }
  /** A green ended (green-trace.ts): for the bridge's `phaseTraceFile`. */
  | ({ kind: 'green-ended'; tlsId: string } & GreenRecord)
  /** The plan's own program starts, coordinated (after its transition cycles, if any). */
  | { kind: 'plan-coordinated'; tlsId: string; planId: string; simTimeS: number; tsMs: number; transitionCycles: number; residualS: number }
  | { kind: 'plan-expired'; tlsId: string; planId: string; simTimeS: number }
  /** SUMO's own program runs again, on its own rhythm (after `transitionCycles`). */
  | { kind: 'local-restored'; tlsId: string; simTimeS: number; transitionCycles: number }
  | { kind: 'conflict-flash'; tlsId: string; simTimeS: number; violations: Violation[] }
  | { kind: 'command-ack'; tlsId: string; commandId: string; accepted: boolean; reason?: string }
  /** A phase nobody called was skipped (phase-skip.ts). */
  | { kind: 'phase-skipped'; tlsId: string; phaseId: number; simTimeS: number }
  /** A hold or flash ended: the runner handed the light back to its program (re-coordinated at the next boundary). */
  | { kind: 'command-ended'; tlsId: string; simTimeS: number }
  /** The running plan's transition starts again after a command (instead of a second plan-applied). */
  | { kind: 'plan-rejoined'; tlsId: string; planId: string; simTimeS: number; transitionCycles: number };

/** A light's retained status: online, or offline as in its last will. */
export function lightStatus(online: boolean, tsMs: number, faults: readonly string[] = []): ControllerStatus {
  return { online, firmware: FIRMWARE, faults: [...faults], ts: tsMs };
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
  /** Transition cycles (local greens) still to run before SUMO's own program takes over again. */
  private restoring: { upcoming: number[][]; cycles: number } | undefined;
  private intake: PlanIntake | undefined;
  private limits!: JunctionLimits;
  private monitor: ConflictMonitor | undefined;
  private flashing = false;
  private readonly faults = new Set<string>();
  /** Controller time of the last plan message (any: the centre is alive); undefined until the first. */
  private lastPlanMessageMs: number | undefined;
  /** Detector indices per contract phase, from the lanes its green links come from. */
  private phaseDetectors = new Map<number, number[]>();
  /** Vehicle arrivals on those detectors, step by step (what extends a green). */
  private passages = new PassageCalls([]);
  /** Per contract phase, the loops only it reads (phase-skip.ts: no vehicle on them, no call for the phase). */
  private callLoops = new Map<number, number[]>();
  /** Per contract phase, the last step a vehicle stood on one of its call loops. */
  private readonly lastCallSeenS = new Map<number, number>();
  /** Ways round the skippable phases of the installed program (phase-skip.ts). */
  private skips: SkipRoute[] = [];
  /** Step at which the controller ended a green by a skip (SUMO already runs the skip's yellow, shown next step). */
  private skippedAtS: number | undefined;
  /** The green being actuated: its phase, start and the last step a vehicle called it. */
  private green: { phaseId: number; sumoIndex: number; startS: number; lastCallS: number } | undefined;
  private lastPhaseIndex = -1;
  /** The light's own program as a free actuated plan (option localActuated), until a centre plan is installed. */
  private localPlan: SignalPlan | undefined;
  private planInstalled = false;
  /** Each green shown and why it ended (event green-ended). */
  private readonly greenTrace = new GreenTrace();
  private commandIntake: CommandIntake | undefined;
  private runner: CommandRunner | undefined;
  /** Accepted commands, carried out at the next step (TraCI calls belong to the step loop, not to MQTT callbacks). */
  private commands: ControllerCommand[] = [];
  /** Notes of accepted acks (a resume with nothing to end), so a redelivery gets the same ack. */
  private readonly ackNotes = new Map<string, string>();
  /** SUMO phase index shown and the step it was first seen (where the runner takes over). */
  private shown = { index: -1, sinceS: 0 };
  /** The runner showed a state string of its own (SUMO's 'online' program): the light's program is off. */
  private showingState = false;
  /** A command ended: at the next cycle boundary the running plan (or SUMO's rhythm) is reached again. */
  private recoordinate = false;
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
    this.limits = junctionLimitsOf(signalProgramOf(local), this.options.minGreenS);
    this.intake = new PlanIntake(this.tlsId, this.limits);
    this.monitor = new ConflictMonitor(monitorCardOf(local, this.limits));
    this.commandIntake = new CommandIntake(this.tlsId, { actions: this.options.acceptsPlans === false ? [] : ['hold-phase', 'flash', 'resume'], phases: this.limits.sequence });
    this.runner = new CommandRunner(runnerProgramOf(local, this.limits));
    if (this.options.localActuated && this.options.acceptsPlans !== false) {
      const program = signalProgramOf(local);
      this.localPlan = localActuatedPlan(program.phases.map((p) => ({ phase: p.id, greenS: p.greenS })), this.limits.phases, Math.round(program.cycleS));
    }
    if (this.options.detectorsOnLane) this.phaseDetectors = phaseDetectorsOf(local, await this.traci.tlsControlledLanes(this.tlsId), this.options.detectorsOnLane);
    const phaseLoops = [...new Set([...this.phaseDetectors.values()].flat())].filter((i) => !this.options.silentLoops?.has(i));
    const ownLoops = new Set(phaseLoops);
    const zones = (this.options.approachZones ?? []).filter((z) => [...z.advanceLoops, ...z.stopBarLoops].every((i) => ownLoops.has(i)));
    this.callLoops = exclusiveLoopsOf(this.phaseDetectors);
    this.passages = new PassageCalls(phaseLoops, phaseLoops.filter((i) => this.options.queueDetectors?.has(i)), this.options.slowBelowMps, this.options.stopBarM, zones);
    await this.announce();
  }

  /** The light's MQTT connection went down or came back: CENTRE_UNREACHABLE while it is down. */
  async setCentreReachable(reachable: boolean): Promise<void> {
    await this.setFault(FAULT.centreUnreachable, !reachable);
  }

  /** Publishes the retained online status (at start, and again after a reconnect replaced it with the will). */
  async announce(): Promise<void> {
    await this.publishStatus(true);
  }

  /**
   * Called once per simulation step (1 s) with the light's SUMO phase index and next switch time, read in the
   * step's batch. Acts at a cycle boundary (phase 0 starting), then publishes state.
   */
  async onStep(simTimeS: number, tsMs: number, reading: { phaseIndex: number; nextSwitchS: number; state?: string }, detectors: readonly LoopStepReading[] = []): Promise<void> {
    if (!this.flashing && reading.state !== undefined) {
      const violations = this.monitor?.observe(simTimeS, reading.state) ?? [];
      if (violations.length > 0) await this.latchFlash(simTimeS, reading.state.length, violations);
    }
    if (this.flashing) return this.publishState(this.flashState(tsMs));
    // Every step, so an arrival is always judged against the step before.
    const arrivals = this.passages.observe(detectors);
    this.watchCalls(simTimeS, detectors);
    if (reading.phaseIndex !== this.shown.index) this.shown = { index: reading.phaseIndex, sinceS: simTimeS };
    if (await this.runCommands(simTimeS, tsMs, reading)) return;
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
    const entered = phaseIndex !== this.lastPhaseIndex;
    this.lastPhaseIndex = phaseIndex;
    if (await this.actuate(simTimeS, tsMs, phaseIndex, nextSwitchS, entered, arrivals)) nextSwitchS = await this.traci.tlsNextSwitch(this.tlsId);
    this.traceGreen(simTimeS, phaseIndex, detectors);
    await this.checkCentre();
    const snap = snapshotOf(this.logic, this.program, phaseIndex, simTimeS, nextSwitchS, this.greenEarliestEndS(simTimeS));
    await this.publishState({ ts: tsMs, seq: this.seq, mode: this.running ? 'adaptive' : 'fixed', planId: this.planId, ...snap });
  }

  /**
   * Takes the commands accepted since the last step and, while the runner drives the light, publishes the state it
   * shows and carries out what it decides for the next step. False when the light runs its program.
   */
  private async runCommands(simTimeS: number, tsMs: number, reading: { phaseIndex: number }): Promise<boolean> {
    const runner = this.runner;
    if (!runner) return false;
    for (const command of this.commands.splice(0)) {
      const was = runner.engaged;
      runner.accept(command, reading.phaseIndex, this.shown.sinceS);
      // Taking over from the program: SUMO must not end the phase it shows; the runner will.
      if (!was && runner.engaged) await this.traci.setTlsPhaseDuration(this.tlsId, FROZEN_S);
    }
    if (!runner.engaged) return false;
    this.greenTrace.reset();
    await this.publishState(this.commandState(simTimeS, tsMs, reading.phaseIndex));
    const action = runner.step(simTimeS, this.options.nowMs());
    if (action) await this.carryOut(action, simTimeS);
    await this.checkCentre();
    return true;
  }

  private async carryOut(action: RunnerAction, simTimeS: number): Promise<void> {
    if (action.kind === 'show-state') {
      await this.traci.setTlsState(this.tlsId, action.state);
      this.showingState = true;
      return;
    }
    if (this.showingState) await this.traci.setTlsProgram(this.tlsId, this.logic.programId);
    this.showingState = false;
    await this.traci.setTlsPhase(this.tlsId, action.index);
    if (action.kind === 'show-phase') {
      await this.traci.setTlsPhaseDuration(this.tlsId, FROZEN_S);
      return;
    }
    // Back to the program: it runs from this phase; the next cycle boundary re-enters the plan or SUMO's rhythm.
    this.recoordinate = true;
    this.lastPhaseIndex = -1;
    this.green = undefined;
    this.options.onEvent?.({ kind: 'command-ended', tlsId: this.tlsId, simTimeS });
  }

  /** What the light shows while the runner drives it: flash, red clearance, or a phase of its program (manual). */
  private commandState(simTimeS: number, tsMs: number, phaseIndex: number): ControllerState {
    const runner = this.runner!;
    if (runner.mode === 'flash') return this.flashState(tsMs);
    const endS = runner.earliestEndS() ?? simTimeS;
    const base = { ts: tsMs, seq: this.seq, mode: 'manual' as const, planId: this.planId, cycleS: 0, cycleSecond: 0 };
    if (this.showingState) return { ...base, phases: this.program.phases.map((p) => ({ id: p.id, state: 'red', remainingS: Math.max(0, endS - simTimeS) })) };
    // A held green lasts until the command ends (controller clock), however long its minimum.
    const untilMs = runner.untilMs;
    const holdEndS = runner.heldPhase !== undefined && Number.isFinite(untilMs) ? Math.max(endS, simTimeS + (untilMs - this.options.nowMs()) / 1000) : endS;
    return { ...base, phases: snapshotOf(this.logic, this.program, phaseIndex, simTimeS, holdEndS).phases };
  }

  private async publishState(state: ControllerState): Promise<void> {
    this.seq = (this.seq + 1) % 2 ** 32;
    await this.publisher.publish('state', this.tlsId, state);
    this.statesPublished++;
  }

  private flashState(tsMs: number): ControllerState {
    return { ts: tsMs, seq: this.seq, mode: 'flash', planId: this.planId, cycleS: 0, cycleSecond: 0, phases: this.program.phases.map((p) => ({ id: p.id, state: 'flashing-yellow', remainingS: 0 })) };
  }

  /** What a malfunction management unit does: every link flashing yellow ('o': yield) from now on, and a fault. */
  private async latchFlash(simTimeS: number, links: number, violations: Violation[]): Promise<void> {
    this.flashing = true;
    this.pending = undefined;
    this.transition = undefined;
    this.restoring = undefined;
    this.commands = [];
    if (this.runner?.engaged) this.runner = new CommandRunner(runnerProgramOf(this.localLogic, this.limits));
    await this.traci.setTlsState(this.tlsId, 'o'.repeat(links));
    this.options.onEvent?.({ kind: 'conflict-flash', tlsId: this.tlsId, simTimeS, violations });
    await this.setFault(FAULT.conflictFlash, true);
  }

  /**
   * Actuation of the running plan, once it runs coordinated (not during transitions): at a green's start the
   * coordinated phase is set to reach its yield point (or a free actuated phase its maximum); during a green an
   * actuated phase gaps out. True when SUMO's switch time changed.
   */
  private async actuate(simTimeS: number, tsMs: number, phaseIndex: number, nextSwitchS: number, entered: boolean, arrivals: ReadonlySet<number>): Promise<boolean> {
    const plan = this.actuatedPlan();
    const owner = this.program.owner[phaseIndex];
    if (!plan || this.transition || this.restoring || !isActuated(plan) || owner?.role !== 'green') {
      this.green = undefined;
      return false;
    }
    const limits = this.phaseLimits(owner.phaseId);
    // A passage at a stop-bar loop (a left turner standing there waiting for a gap does not extend), presence at a queue loop.
    const calls = (this.phaseDetectors.get(owner.phaseId) ?? []).filter((i) => arrivals.has(i));
    const called = calls.length > 0;
    if (entered || this.green?.sumoIndex !== phaseIndex) {
      // SUMO shows a switch one step late (see onStep): the green began where its switch time minus its duration says.
      const startS = Math.max(simTimeS - 1, Math.min(simTimeS, nextSwitchS - (this.logic.phases[phaseIndex]?.durationS ?? 0)));
      this.green = { phaseId: owner.phaseId, sumoIndex: phaseIndex, startS, lastCallS: called ? simTimeS : startS };
      // Where in the coordinated cycle the green began; the green set is counted from there.
      const startEpochS = tsMs / 1000 - (simTimeS - startS);
      const cycleSecond = (((startEpochS - plan.offsetS) % plan.cycleS) + plan.cycleS) % plan.cycleS;
      const greenS = greenAtStart(plan, owner.phaseId, cycleSecond, this.yieldPointS(plan), limits);
      if (greenS === undefined) return false;
      await this.traci.setTlsPhaseDuration(this.tlsId, Math.max(0, greenS - (simTimeS - startS)));
      return true;
    }
    const green = this.green;
    if (called) green.lastCallS = Math.max(green.lastCallS, simTimeS - this.shortfallS(plan, owner.phaseId, calls));
    const elapsedS = simTimeS - green.startS;
    const gapOut = gapsOut(plan, owner.phaseId, elapsedS, simTimeS - green.lastCallS, limits);
    // A skip must start from the green itself: at a gap-out, or in the last step before SUMO ends the green.
    const maxingOut = nextSwitchS - simTimeS <= 1 && elapsedS >= (actuatedMinGreenS(plan, owner.phaseId, limits) ?? Number.POSITIVE_INFINITY);
    const skip = gapOut || maxingOut ? this.skipFrom(plan, owner.phaseId, simTimeS) : undefined;
    if (skip) {
      await this.traci.setTlsPhase(this.tlsId, skip.index);
      this.skippedAtS = simTimeS;
      if (gapOut) this.greenTrace.markGapOut();
      this.options.onEvent?.({ kind: 'phase-skipped', tlsId: this.tlsId, phaseId: skip.skipped, simTimeS });
      this.green = undefined;
      return true;
    }
    if (!gapOut) return false;
    await this.traci.setTlsPhaseDuration(this.tlsId, 0);
    this.greenTrace.markGapOut();
    this.green = undefined;
    return true;
  }

  /** The skip after phase `phaseId` when the phase after it may be skipped and nobody calls it (phase-skip.ts). */
  private skipFrom(plan: SignalPlan, phaseId: number, simTimeS: number): SkipRoute | undefined {
    const route = this.skips.find((s) => s.from === phaseId);
    if (!route || !skipsWithoutCall(plan, route.skipped)) return undefined;
    const seenS = this.lastCallSeenS.get(route.skipped);
    return seenS !== undefined && simTimeS - seenS <= CALL_MEMORY_S ? undefined : route;
  }

  /** Notes, per phase, the last step a vehicle stood on one of its call loops. */
  private watchCalls(simTimeS: number, detectors: readonly LoopStepReading[]): void {
    for (const [phaseId, loops] of this.callLoops) {
      if (loops.some((i) => (detectors[i]?.vehicleIds.length ?? 0) > 0)) this.lastCallSeenS.set(phaseId, simTimeS);
    }
  }

  /**
   * The earliest end of the green shown now: its minimum or its last call's passage when actuated, now when a skip just
   * ended it (SUMO's next switch is then the end of the skip's yellow); undefined when it runs to its switch time.
   */
  private greenEarliestEndS(simTimeS: number): number | undefined {
    if (this.skippedAtS === simTimeS) return simTimeS;
    const green = this.green;
    const plan = this.actuatedPlan();
    if (!green || !plan) return undefined;
    return gapOutAtS(plan, green.phaseId, green.startS, green.lastCallS, this.phaseLimits(green.phaseId));
  }

  /** The junction limits of one phase (the bridge's minimum green where SUMO's program gave none). */
  private phaseLimits(phaseId: number): { minGreenS: number; maxGreenS: number } {
    return this.limits.phases.find((p) => p.id === phaseId) ?? { minGreenS: this.options.minGreenS, maxGreenS: 300 };
  }

  /**
   * How much less than a full passage time this step's calls extend the green, s: 0 unless every call is a stop-bar
   * call extending only by its vehicle's time to the stop line (actuation.ts `PassageCalls.extensionS`).
   */
  private shortfallS(plan: SignalPlan, phaseId: number, calls: readonly number[]): number {
    const passageS = plan.splits.find((s) => s.phase === phaseId)?.actuation?.passageS ?? 0;
    const extensionS = Math.max(...calls.map((i) => this.passages.extensionS(i) ?? passageS));
    return Math.max(0, passageS - extensionS);
  }

  /** Feeds the green trace the green shown this step; emits green-ended for the one that ended. */
  private traceGreen(simTimeS: number, phaseIndex: number, detectors: readonly LoopStepReading[]): void {
    if (!this.options.traceGreens) return;
    const owner = this.program.owner[phaseIndex];
    const ended = this.greenTrace.step(simTimeS, owner?.role === 'green' ? owner.phaseId : undefined, (phaseId) => {
      const loops = this.phaseDetectors.get(phaseId) ?? [];
      return { reason: this.greenEndReason(phaseId), occupiedLoops: loops.filter((i) => (detectors[i]?.vehicleIds.length ?? 0) > 0).length, phaseLoops: loops.length };
    });
    if (ended) this.options.onEvent?.({ kind: 'green-ended', tlsId: this.tlsId, ...ended });
  }

  /** The plan actuation follows: the running plan, else (before any plan was installed) the local actuated one. */
  private actuatedPlan(): SignalPlan | undefined {
    return this.running ?? (this.planInstalled ? undefined : this.localPlan);
  }

  /** Why a green the bridge did not gap out ended: what ran the light decides. */
  private greenEndReason(phaseId: number): GreenEndReason {
    if (this.options.acceptsPlans === false) return 'sumo';
    const plan = this.actuatedPlan();
    if (!plan || this.transition || this.restoring || !isActuated(plan)) return 'fixed';
    if (plan.coordinatedPhase === phaseId) return 'yield';
    if (plan.coordinatedPhase !== undefined) return 'force-off';
    return plan.splits.find((s) => s.phase === phaseId)?.actuation ? 'max-out' : 'fixed';
  }

  /** Cycle second where the coordinated phase's green ends in the installed plan (phase 0 starts the cycle). */
  private yieldPointS(plan: SignalPlan): number {
    const coordinated = this.program.phases.find((p) => p.id === plan.coordinatedPhase);
    if (!coordinated) return 0;
    return this.logic.phases.slice(0, coordinated.greenIndex + 1).reduce((sum, p) => sum + p.durationS, 0);
  }

  /** PLAN_EXPIRED is raised where expiry is noticed; CENTRE_SILENT once plans stopped coming for a few cycles. */
  private async checkCentre(): Promise<void> {
    if (this.lastPlanMessageMs === undefined) return;
    const silentMs = CENTRE_SILENT_CYCLES * Math.max(1, this.program.cycleS) * 1000;
    await this.setFault(FAULT.centreSilent, this.options.nowMs() - this.lastPlanMessageMs > silentMs);
  }

  private async setFault(code: string, active: boolean): Promise<void> {
    if (active === this.faults.has(code)) return;
    if (active) this.faults.add(code);
    else this.faults.delete(code);
    await this.publishStatus(true);
  }

  /** Publishes the retained offline status before a clean disconnect, and waits for pending acks. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.acks);
    await this.publishStatus(false);
  }

  statusPayload(online: boolean): ControllerStatus {
    return lightStatus(online, this.options.nowMs(), online ? [...this.faults].sort() : []);
  }

  /**
   * Installs a pending plan (its first transition cycle, or the plan itself when the boundary is already
   * coordinated), the next transition cycle or the plan after the last one, or restores the local program after
   * expiry; true when SUMO's program changed.
   */
  private async atCycleBoundary(simTimeS: number, tsMs: number, lateS: number): Promise<boolean> {
    if (this.running && this.options.nowMs() >= this.running.expiresAt && !this.pending) {
      this.options.onEvent?.({ kind: 'plan-expired', tlsId: this.tlsId, planId: this.running.planId, simTimeS });
      this.restorePending = true;
      await this.setFault(FAULT.planExpired, true);
    }
    // After a command: the running plan's transition again (its offset is reached anew), or SUMO's own rhythm.
    const rejoining = this.recoordinate && !this.pending && !this.restorePending && this.running !== undefined;
    if (this.recoordinate && !this.pending && !this.restorePending) {
      if (this.running) this.pending = this.running;
      else this.restorePending = true;
    }
    this.recoordinate = false;
    if (this.pending) {
      const plan = this.pending;
      this.pending = undefined;
      const local = signalProgramOf(this.localLogic);
      const greensS = local.phases.map((p) => plan.splits.find((s) => s.phase === p.id)?.greenS ?? p.greenS);
      // A free plan's cycle floats (gap-outs move every boundary), so it has no offset to seek: it runs from here.
      const seek = isFree(plan) ? { cycles: [], residualS: 0 } : planOffsetTransition({
        greensS,
        clearanceS: local.phases.reduce((sum, p) => sum + p.yellowS + p.allRedS, 0),
        cycleS: plan.cycleS,
        offsetS: plan.offsetS,
        minGreenS: this.options.minGreenS,
        maxGreensS: local.phases.map((p) => this.limits.phases.find((l) => l.id === p.id)?.maxGreenS ?? Number.POSITIVE_INFINITY),
        cycleBounds: cycleBoundsOf(this.limits),
        boundaryEpochMs: tsMs,
      });
      this.running = plan;
      this.planInstalled = true;
      this.restoring = undefined;
      await this.setFault(FAULT.planExpired, false);
      this.transition = { upcoming: seek.cycles, cycles: seek.cycles.length, residualS: seek.residualS };
      this.options.onEvent?.({ kind: rejoining ? 'plan-rejoined' : 'plan-applied', tlsId: this.tlsId, planId: plan.planId, simTimeS, transitionCycles: seek.cycles.length });
      await this.installNextCycle(simTimeS, tsMs, lateS);
      return true;
    }
    if (this.restorePending) {
      this.restorePending = false;
      this.running = undefined;
      this.transition = undefined;
      // SUMO's program keeps its own rhythm, cycles starting where (simulation time − its offset 0) mod cycle = 0:
      // reach it the short way, as a plan's offset is reached, on simulation time instead of the epoch.
      const local = signalProgramOf(this.localLogic);
      const seek = planOffsetTransition({
        greensS: local.phases.map((p) => p.greenS),
        clearanceS: local.phases.reduce((sum, p) => sum + p.yellowS + p.allRedS, 0),
        cycleS: Math.round(local.cycleS),
        offsetS: 0,
        minGreenS: this.options.minGreenS,
        boundaryEpochMs: Math.round(simTimeS * 1000),
      });
      this.restoring = { upcoming: seek.cycles, cycles: seek.cycles.length };
      await this.restoreNextCycle(simTimeS, lateS);
      return true;
    }
    if (this.restoring) {
      await this.restoreNextCycle(simTimeS, lateS);
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
    const withSplits = logicWithSplits(this.localLogic, local, splits, CENTRE_PROGRAM_ID);
    // Only the plan itself skips phases: transition cycles run every phase to reach the offset.
    const { logic, skips } = greens ? { logic: withSplits, skips: [] } : withSkipPhases(withSplits, local, skippablePhases(plan));
    await this.traci.setTlsLogic(this.tlsId, logic);
    await this.traci.setTlsPhaseDuration(this.tlsId, Math.max(0, logic.phases[0]!.durationS - lateS));
    this.useLogic(logic, plan.planId);
    this.skips = skips;
    if (!greens) {
      this.transition = undefined;
      this.options.onEvent?.({
        kind: 'plan-coordinated', tlsId: this.tlsId, planId: plan.planId, simTimeS, tsMs, transitionCycles: transition.cycles, residualS: transition.residualS,
      });
    }
  }

  /** The next transition cycle back to SUMO's own program, or that program itself, in its phase 0 now. */
  private async restoreNextCycle(simTimeS: number, lateS: number): Promise<void> {
    const restoring = this.restoring!;
    const greens = restoring.upcoming.shift();
    const local = signalProgramOf(this.localLogic);
    if (greens) {
      const logic = logicWithSplits(this.localLogic, local, local.phases.map((p, i) => ({ phase: p.id, greenS: greens[i]! })), CENTRE_PROGRAM_ID);
      await this.traci.setTlsLogic(this.tlsId, logic);
      await this.traci.setTlsPhaseDuration(this.tlsId, Math.max(0, logic.phases[0]!.durationS - lateS));
      this.useLogic(logic, localPlanId(this.localLogic));
      return;
    }
    this.restoring = undefined;
    await this.traci.setTlsProgram(this.tlsId, this.localLogic.programId);
    await this.traci.setTlsPhase(this.tlsId, 0);
    await this.traci.setTlsPhaseDuration(this.tlsId, Math.max(0, (this.localLogic.phases[0]?.durationS ?? 0) - lateS));
    this.useLogic(this.localLogic, localPlanId(this.localLogic));
    this.options.onEvent?.({ kind: 'local-restored', tlsId: this.tlsId, simTimeS, transitionCycles: restoring.cycles });
  }

  private useLogic(logic: TlsLogic, planId: string): void {
    this.skips = [];
    this.logic = logic;
    this.program = signalProgramOf(logic);
    this.planId = planId;
    // The runner reads the program the light runs (a plan's may hold skip phases); never swapped under a command.
    if (this.limits && this.runner && !this.runner.engaged) this.runner = new CommandRunner(runnerProgramOf(logic, this.limits));
  }

  /** A message from the light's plan topic: answered on plan/ack; an accepted plan waits for the next cycle boundary. */
  receivePlan(topic: string, raw: Uint8Array): void {
    // Before start() has read SUMO's program there are no limits to check against; such a plan stays unanswered,
    // as it would have before the light subscribed.
    const intake = this.intake;
    if (!intake) return;
    this.lastPlanMessageMs = this.options.nowMs();
    if (this.options.acceptsPlans === false || this.flashing) return this.refusePlan(raw, this.flashing ? 'conflict-monitor flash' : 'observing only: SUMO runs its own controller');
    const answer = intake.receive(topic, raw, this.options.nowMs());
    if (!answer.ack) return; // No planId to answer: nothing the centre could match.
    const { planId, accepted, reason } = answer.ack;
    if (answer.plan) {
      this.pending = answer.plan;
      this.restorePending = false;
    }
    if (!answer.duplicate) this.options.onEvent?.({ kind: 'plan-ack', tlsId: this.tlsId, planId, accepted, reason });
    this.acks.push(this.publisher.publish('plan-ack', this.tlsId, answer.ack).catch(() => undefined));
  }

  /** A plan this light will not run whatever it says; answered when it names a planId. */
  private refusePlan(raw: Uint8Array, reason: string): void {
    let planId: unknown;
    try {
      planId = (JSON.parse(Buffer.from(raw).toString('utf8')) as { planId?: unknown }).planId;
    } catch {
      return;
    }
    if (typeof planId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(planId)) return;
    this.options.onEvent?.({ kind: 'plan-ack', tlsId: this.tlsId, planId, accepted: false, reason });
    this.acks.push(this.publisher.publish('plan-ack', this.tlsId, { planId, accepted: false, reason }).catch(() => undefined));
  }

  /**
   * A message from the light's command topic, through the device kit's command intake (the contract, then expiry,
   * unknown phase, clock skew; each commandId answered once). The ack goes out at once; an accepted command is
   * carried out from the next step. A light latched by its conflict monitor refuses every command.
   */
  receiveCommand(topic: string, raw: Uint8Array): void {
    const intake = this.commandIntake;
    if (!intake) return; // before start(): unanswered, as before the light subscribed
    if (this.flashing) return this.refuseCommand(topic, raw, 'conflict-monitor flash');
    const answer = intake.receive(topic, raw, this.options.nowMs());
    if (!answer.ack) return;
    let ack: CommandAck = answer.ack;
    if ('duplicate' in answer && !answer.duplicate && answer.command) {
      const command = answer.command;
      // A resume with nothing to end is accepted (idempotent); the ack says so.
      if (command.action === 'resume' && !this.commandActive()) {
        this.ackNotes.set(command.commandId, NOTHING_TO_RESUME);
        if (this.ackNotes.size > REMEMBERED_NOTES) this.ackNotes.delete(this.ackNotes.keys().next().value!);
      }
      this.commands.push(command);
    }
    const note = this.ackNotes.get(ack.commandId);
    if (note && ack.accepted) ack = { ...ack, reason: note };
    if (!('duplicate' in answer) || !answer.duplicate) {
      this.options.onEvent?.({ kind: 'command-ack', tlsId: this.tlsId, commandId: ack.commandId, accepted: ack.accepted, ...(ack.reason ? { reason: ack.reason } : {}) });
    }
    this.acks.push(this.publisher.publish('command-ack', this.tlsId, ack).catch(() => undefined));
  }

  /** A hold or flash runs, or one accepted waits for the next step. */
  private commandActive(): boolean {
    const last = this.commands.at(-1);
    return last ? last.action !== 'resume' : (this.runner?.active ?? false);
  }

  private refuseCommand(topic: string, raw: Uint8Array, reason: string): void {
    const decoded = decodeMessage(topic, raw, { nowMs: 0, maxClockSkewMs: Number.POSITIVE_INFINITY });
    if (!decoded.ok || decoded.kind !== 'command') return;
    const ack: CommandAck = { commandId: decoded.payload.commandId, accepted: false, reason };
    this.options.onEvent?.({ kind: 'command-ack', tlsId: this.tlsId, ...ack });
    this.acks.push(this.publisher.publish('command-ack', this.tlsId, ack).catch(() => undefined));
  }

  private async publishStatus(online: boolean): Promise<void> {
    await this.publisher.publish('status', this.tlsId, this.statusPayload(online));
  }
}

