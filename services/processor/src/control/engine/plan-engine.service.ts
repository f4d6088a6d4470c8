/**
 * The plan engine: on the injected clock (ClockTicker, like estimation), it plans every junction whose turn has come
 * (once every `replanEveryCycles` of its cycles), with the strategy configured for it, after asking the control
 * authority (an operator's override wins), and sends the plan through the dispatcher with its explanation. A junction
 * whose inputs fail goes back to its time-of-day plan, and an alert says so until its inputs are back. `step()` is
 * public so replay and tests drive it directly.
 */
import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ControlStrategy, DispatchedPlan, PlanExplanation, PlanRequest, PlanSource } from '@arterial/contracts/api/v1';
import { cycleBoundsOf, maxChangePerCycleSOf, planChangeViolations, planRejectionReason, timingViolations, type IntersectionProperties, type NetworkModel, type PlanTiming } from '@arterial/contracts/network';
import type { Observable, Subscription } from 'rxjs';
import type { AlertSink } from '../../alerts/alert-condition';
import { ALERT_SINK } from '../../alerts/alert-feed';
import { PlanInputsSource } from '../../alerts/plan-inputs.source';
import { CLOCK, type Clock } from '../../clock/clock';
import { ClockTicker } from '../../clock/clock-ticker';
import type { IntervalEstimates } from '../../estimation/estimation.types';
import { createLogger } from '../../logging/logger';
import { JUNCTION_OWNERSHIP, type JunctionOwnership } from '../../cluster/junction-ownership';
import { CONTROL_AUTHORITY, UNRESTRICTED_AUTHORITY, type ControlAuthority } from '../control-authority';
import { phaseLoads } from '../strategies/lane-groups';
import type { JunctionDemand, PlanningContext, StrategyResult } from '../strategies/strategy.types';
import { CONTROL_OPTIONS, strategyOf, type ControlOptions } from './control-options';
import { DemandTracker } from './demand-tracker';
import { fallbackExplanation, fallbackTiming, sameTiming } from './fallback-plan';
import { networkTopology, type NetworkTopology } from './network-topology';
import { changesMaterially } from './plan-change';
import { planRound, type RoundItem } from './network-planner';

const log = createLogger('plan-engine');

/** Where the engine's plans go: the dispatcher (safety checks, delivery, audit), and what it last sent. */
export interface EnginePlanSink {
  dispatch(intersectionId: string, request: PlanRequest, origin: { source: PlanSource; actor: string; explanation?: PlanExplanation }): Promise<unknown>;
  plansFor(intersectionId: string): DispatchedPlan[];
}

export const ENGINE_PLAN_SINK = Symbol('ENGINE_PLAN_SINK');
export const ENGINE_NETWORK_MODEL = Symbol('ENGINE_NETWORK_MODEL');
/** Each estimation step's estimates. */
export const ENGINE_ESTIMATES = Symbol('ENGINE_ESTIMATES');

export interface PlannedJunction {
  readonly intersectionId: string;
  readonly source: 'engine' | 'fallback';
  readonly timing: PlanTiming;
  readonly explanation: PlanExplanation;
  readonly sent: boolean;
}

@Injectable()
export class PlanEngineService implements OnModuleInit, OnModuleDestroy {
  private readonly topology: NetworkTopology;
  private readonly tracker: DemandTracker;
  private readonly nextDueMs = new Map<string, number>();
  private readonly degraded = new Set<string>();
  /** The lease epoch of the last plan sent per junction (undefined without a cluster). */
  private readonly plannedEpoch = new Map<string, number | undefined>();
  private readonly inputsAlerts: PlanInputsSource | undefined;
  private ticker: ClockTicker | undefined;
  private subscription: Subscription | undefined;
  /** The step running or last run: steps run one after another (see step()). */
  private stepping: Promise<unknown> = Promise.resolve();
  /** Estimation steps received and not yet planned on (see planDue). */
  private pendingEstimates: IntervalEstimates[] = [];
  private lastStepAtMs: number | undefined;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONTROL_OPTIONS) private readonly options: ControlOptions,
    @Inject(ENGINE_NETWORK_MODEL) model: NetworkModel,
    @Inject(ENGINE_ESTIMATES) private readonly estimates$: Observable<IntervalEstimates>,
    @Inject(ENGINE_PLAN_SINK) private readonly plans: EnginePlanSink,
    @Optional() @Inject(CONTROL_AUTHORITY) private readonly authority: ControlAuthority | null = null,
    @Optional() @Inject(ALERT_SINK) alerts: AlertSink | null = null,
    // Absent (replay, tests, one instance): every junction is this engine's.
    @Optional() @Inject(JUNCTION_OWNERSHIP) private readonly ownership: JunctionOwnership | null = null,
  ) {
    this.topology = networkTopology(model);
    this.tracker = new DemandTracker(this.topology, options);
    this.inputsAlerts = alerts ? new PlanInputsSource(alerts, (type, id) => (type === 'intersection' ? this.topology.junctions.get(id)?.name : undefined)) : undefined;
  }

  onModuleInit(): void {
    if (!this.anyJunctionControlled()) {
      log.info('control strategy off for every junction; the plan engine stays idle');
      return;
    }
    this.subscription = this.estimates$.subscribe((e) => this.pendingEstimates.push(e));
    this.ticker = new ClockTicker(this.clock, { periodMs: this.options.tickMs, pollMs: this.options.pollMs }, (boundaryMs) => void this.step(boundaryMs));
    this.ticker.start();
  }

  onModuleDestroy(): void {
    this.ticker?.stop();
    this.subscription?.unsubscribe();
  }

  /** Feeds one estimation step (replay and tests; live, the subscription does it). */
  ingest(estimates: IntervalEstimates): void {
    this.tracker.ingest(estimates);
  }

  /**
   * Plans and sends every due junction at nowMs; resolves with what was planned. Steps run one after another: when
   * the clock crosses several ticks at once, a step starting while the previous one still awaits its sends would
   * find junctions not yet marked as planned and plan them twice.
   */
  step(nowMs: number): Promise<PlannedJunction[]> {
    const run = this.stepping.then(() => this.planDue(nowMs)).finally(() => (this.lastStepAtMs = nowMs));
    this.stepping = run.catch(() => undefined);
    return run;
  }

  /** Time of the last finished step (replay and tests wait for the step of a tick). */
  get lastStepMs(): number | undefined {
    return this.lastStepAtMs;
  }

  /** The next tick the engine steps at, undefined while idle (every junction off); replay stops its clock there. */
  nextTickMs(): number | undefined {
    return this.ticker?.nextBoundary();
  }

  /** Resolves once every step started so far has finished. */
  async settled(): Promise<void> {
    await this.stepping;
  }

  private async planDue(nowMs: number): Promise<PlannedJunction[]> {
    this.ingestBefore(nowMs);
    if (!this.tracker.ready) return [];
    const authority = this.authority ?? UNRESTRICTED_AUTHORITY;
    const items: RoundItem[] = [];
    const fallbacks: Array<{ junction: IntersectionProperties; context: PlanningContext; result: StrategyResult; due: boolean }> = [];
    for (const junction of this.topology.junctions.values()) {
      const strategy = strategyOf(this.options, junction.id);
      if (strategy === 'off') continue;
      // Another instance controls it; once taken over (a new epoch) it is due at once, so the controller hears the new owner.
      if (this.ownership && !this.ownership.owns(junction.id)) continue;
      const epoch = this.ownership?.epochOf(junction.id);
      if (epoch !== this.plannedEpoch.get(junction.id)) this.nextDueMs.delete(junction.id);
      if ((this.nextDueMs.get(junction.id) ?? 0) > nowMs) continue;
      if (!authority.engineMayPlan(junction.id, nowMs)) {
        this.nextDueMs.set(junction.id, nowMs + this.options.tickMs);
        continue;
      }
      const context = this.contextFor(junction, nowMs);
      const demand = this.tracker.demandFor(junction, context.running);
      const blind = phaseLoads(junction, demand).filter((l) => !l.trusted).map((l) => l.phase);
      if (blind.length > 0) {
        fallbacks.push({ junction, context, ...this.fallBack(junction, demand, context, blind, nowMs) });
        continue;
      }
      if (this.degraded.delete(junction.id)) this.inputsAlerts?.restored(junction.id);
      items.push({ junction, strategy: strategy as ControlStrategy, demand, context });
    }
    const results = planRound({ items, chains: this.topology.chains, travelTimeS: this.tracker.travelTimeS, inflowVph: this.tracker.inflowVph });
    const planned: PlannedJunction[] = [];
    for (const item of items) {
      const result = results.get(item.junction.id);
      if (result) planned.push(await this.send(item.junction, item.context, result, 'engine', nowMs));
    }
    for (const f of fallbacks) {
      planned.push(f.due ? await this.send(f.junction, f.context, f.result, 'fallback', nowMs) : { intersectionId: f.junction.id, source: 'fallback', ...f.result, sent: false });
    }
    return planned;
  }

  /**
   * Feeds the tracker the estimation steps of times before nowMs. An estimation step at the tick's own time goes to
   * the next tick: live, whether it lands before or after the engine's poll is chance, and the plans must not be.
   */
  private ingestBefore(nowMs: number): void {
    if (this.pendingEstimates.length === 0) return;
    const later: IntervalEstimates[] = [];
    for (const e of this.pendingEstimates) {
      if (e.tsMs < nowMs) this.tracker.ingest(e);
      else later.push(e);
    }
    this.pendingEstimates = later;
  }

  /** The time-of-day plan (stepped to it); `due` is false once the controller runs it already. */
  private fallBack(junction: IntersectionProperties, demand: JunctionDemand, context: PlanningContext, blind: number[], nowMs: number): { result: StrategyResult; due: boolean } {
    if ((this.topology.detectorsByJunction.get(junction.id)?.length ?? 0) > 0) {
      // Raised once per spell (the junction is looked at every tick while blind), cleared when inputs are back.
      if (!this.degraded.has(junction.id)) this.inputsAlerts?.degraded(junction.id, blind, demand.detectorsFaulty);
      this.degraded.add(junction.id);
    }
    const timing = fallbackTiming(junction, context);
    // Once the controller runs its time-of-day plan there is nothing to send: it falls back to the same plan itself.
    const due = !sameTiming(context.running, junction.fallbackPlan);
    // A junction already on its own plan is looked at again next tick, so adaptive control resumes as soon as its
    // inputs are back (at start-up, the first estimation step usually comes before every detector has reported);
    // one just sent back to it keeps that plan for its cycles, like any other plan.
    this.nextDueMs.set(junction.id, nowMs + (due ? timing.cycleS * 1000 * this.options.replanEveryCycles : this.options.tickMs));
    return { result: { timing, explanation: fallbackExplanation(junction, demand, timing, nowMs, blind) }, due };
  }

  private async send(junction: IntersectionProperties, context: PlanningContext, result: StrategyResult, source: 'engine' | 'fallback', nowMs: number): Promise<PlannedJunction> {
    const planned = await this.sendIfWorth(junction, context, result, source, nowMs);
    this.scheduleNext(junction, planned.timing.cycleS, nowMs);
    return planned;
  }

  /**
   * Next look at a junction: after `replanEveryCycles` of its cycles, or sooner when the controller would otherwise
   * hear nothing for `keepAliveS` (it falls back to its local plan after a silence of its own).
   */
  private scheduleNext(junction: IntersectionProperties, cycleS: number, nowMs: number): void {
    const replanAtMs = nowMs + cycleS * 1000 * this.options.replanEveryCycles;
    const lastSentMs = this.currentPlan(junction, nowMs)?.sentAt;
    const keepAliveAtMs = lastSentMs === undefined ? Number.POSITIVE_INFINITY : Math.max(nowMs + this.options.tickMs, lastSentMs + this.options.keepAliveS * 1000);
    this.nextDueMs.set(junction.id, Math.min(replanAtMs, keepAliveAtMs));
  }

  private async sendIfWorth(junction: IntersectionProperties, context: PlanningContext, result: StrategyResult, source: 'engine' | 'fallback', nowMs: number): Promise<PlannedJunction> {
    const { timing, explanation } = result;
    const epoch = this.ownership?.epochOf(junction.id);
    const takenOver = epoch !== this.plannedEpoch.get(junction.id);
    if (source === 'engine' && !takenOver && !this.worthSending(junction, context.running, timing, nowMs)) {
      return { intersectionId: junction.id, source, timing, explanation, sent: false };
    }
    // The dispatcher checks the same rules; checking here too keeps a strategy bug out of the audit trail as a refusal.
    const violations = [...timingViolations(junction, timing), ...planChangeViolations(context.running, timing, junction)];
    if (violations.length > 0) {
      log.error({ intersectionId: junction.id, strategy: explanation.strategy, reason: planRejectionReason(violations) }, 'strategy produced an unsafe plan; not sent');
      return { intersectionId: junction.id, source, timing, explanation, sent: false };
    }
    const request: PlanRequest = {
      cycleS: timing.cycleS,
      offsetS: timing.offsetS,
      splits: timing.splits,
      ...(timing.coordinatedPhase !== undefined ? { coordinatedPhase: timing.coordinatedPhase } : {}),
      reason: truncate(`${source === 'engine' ? `engine ${explanation.strategy}` : 'fallback: inputs degraded'}; ${explanation.reason}`),
      validForS: this.options.validForS,
    };
    try {
      await this.plans.dispatch(junction.id, request, { source, actor: `engine:${explanation.strategy}`, explanation });
      this.plannedEpoch.set(junction.id, epoch);
      return { intersectionId: junction.id, source, timing, explanation, sent: true };
    } catch (error) {
      log.warn({ err: error, intersectionId: junction.id }, 'plan not dispatched');
      return { intersectionId: junction.id, source, timing, explanation, sent: false };
    }
  }

  private contextFor(junction: IntersectionProperties, nowMs: number): PlanningContext {
    const maxStepS = Math.min(this.options.maxStepS, maxChangePerCycleSOf(junction));
    return {
      nowMs,
      running: this.runningPlan(junction, nowMs),
      cycleBounds: cycleBoundsOf(junction),
      changeLimits: { maxCycleStepS: maxStepS, maxGreenStepS: maxStepS },
      ...(this.topology.passageS.has(junction.id) ? { passageS: this.topology.passageS.get(junction.id)! } : {}),
      ...(this.topology.presenceBoundedPhases.has(junction.id) ? { presenceBoundedPhases: this.topology.presenceBoundedPhases.get(junction.id)! } : {}),
    };
  }

  /**
   * A plan goes out when it changes what the controller does, when the running one is about to expire, or when
   * the controller has heard nothing for `keepAliveS` (before its silence limit makes it fall back).
   */
  private worthSending(junction: IntersectionProperties, running: PlanTiming, next: PlanTiming, nowMs: number): boolean {
    const current = this.currentPlan(junction, nowMs);
    if (!current || current.plan.expiresAt - nowMs <= this.options.renewBeforeExpiryS * 1000) return true;
    if (nowMs - current.sentAt >= this.options.keepAliveS * 1000) return true;
    return changesMaterially(running, next);
  }

  /** The newest plan the controller runs or is about to (sent or accepted, unexpired). */
  private currentPlan(junction: IntersectionProperties, nowMs: number): DispatchedPlan | undefined {
    return this.plans.plansFor(junction.id).find((p) => (p.status === 'accepted' || p.status === 'sent') && p.plan.expiresAt > nowMs);
  }

  /** The current plan's timing (actuation included), else the junction's time-of-day plan. */
  private runningPlan(junction: IntersectionProperties, nowMs: number): PlanTiming {
    const plan: PlanTiming = this.currentPlan(junction, nowMs)?.plan ?? junction.fallbackPlan;
    return {
      cycleS: plan.cycleS,
      offsetS: plan.offsetS,
      splits: plan.splits.map((s) => ({ phase: s.phase, greenS: s.greenS, ...(s.actuation ? { actuation: { ...s.actuation } } : {}) })),
      ...(plan.coordinatedPhase !== undefined ? { coordinatedPhase: plan.coordinatedPhase } : {}),
    };
  }

  private anyJunctionControlled(): boolean {
    if (this.options.defaultStrategy !== 'off') return true;
    return Object.values(this.options.perIntersection ?? {}).some((s) => s !== 'off');
  }
}

/** The plan contract's reason field is short; the full explanation travels beside it. */
function truncate(text: string): string {
  return text.length <= 256 ? text : `${text.slice(0, 255)}…`;
}
