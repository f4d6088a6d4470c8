/**
 * Operator overrides of a junction: force a plan (through the dispatcher and its safety rules), hold a phase or flash
 * (controller commands), resume adaptive control. It is the centre's ControlAuthority: while an override is pending or
 * active at a junction, the engine leaves it alone; when the override ends (time up, resumed, refused by the
 * controller), the engine takes over again. Every step is audited and announced on `changes$` for the live feed.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { MAX_OVERRIDE_HOLD_S, type ControlAuditEvent, type DispatchedPlan, type Override, type OverrideList, type OverrideRequest } from '@arterial/contracts/api/v1';
import { Subject, type Observable, type Subscription } from 'rxjs';
import { CLOCK, type Clock } from '../../clock/clock';
import { ClockTicker } from '../../clock/clock-ticker';
import { ControlAuditService } from '../control-audit.service';
import type { ControlAuthority } from '../control-authority';
import { InvalidOverrideError, NoActiveOverrideError, UnknownIntersectionError } from '../control.errors';
import { JUNCTIONS, type Junctions } from '../junctions';
import { PlanDispatcherService } from '../plan-dispatcher.service';
import { ControllerCommandsService, type CommandOutcome } from './controller-commands.service';

/** Overrides remembered per junction for the API. */
const HISTORY_PER_INTERSECTION = 20;
/** A resume command only has to outlive its delivery. */
const RESUME_VALIDITY_MS = 60_000;
/** How often ends of overrides are checked (centre clock). */
const POLL_MS = 250;

@Injectable()
export class OverrideService implements ControlAuthority, OnModuleInit, OnModuleDestroy {
  private readonly history = new Map<string, Override[]>();
  private readonly changes = new Subject<Override[]>();
  /** Overrides that started, changed state or ended, each in its new state. */
  readonly changes$: Observable<Override[]> = this.changes.asObservable();
  private readonly ticker: ClockTicker;
  private subscriptions: Subscription[] = [];
  private counter = 0;

  constructor(
    private readonly dispatcher: PlanDispatcherService,
    private readonly commands: ControllerCommandsService,
    private readonly audit: ControlAuditService,
    @Inject(JUNCTIONS) private readonly junctions: Junctions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.ticker = new ClockTicker(clock, { periodMs: POLL_MS, pollMs: 50 }, (boundary) => this.poll(boundary));
  }

  onModuleInit(): void {
    this.subscriptions = [this.commands.settled$.subscribe((o) => this.commandSettled(o)), this.dispatcher.changes$.subscribe((p) => this.planChanged(p))];
    this.ticker.start();
  }

  onModuleDestroy(): void {
    for (const s of this.subscriptions) s.unsubscribe();
    this.ticker.stop();
    this.changes.complete();
  }

  engineMayPlan(intersectionId: string, nowMs: number): boolean {
    const active = this.activeAt(intersectionId);
    return !active || active.endsAt <= nowMs;
  }

  /** Active (or pending) overrides of every junction, for the live feed's snapshot. */
  active(): Override[] {
    return [...this.history.keys()].map((id) => this.activeAt(id)).filter((o): o is Override => o !== undefined);
  }

  list(intersectionId: string): OverrideList {
    const history = [...(this.history.get(intersectionId) ?? [])].reverse();
    return { intersectionId, active: this.activeAt(intersectionId) ?? null, history };
  }

  /**
   * Applies an override; throws UnknownIntersectionError, InvalidOverrideError, NoActiveOverrideError (resume with
   * nothing active), or the dispatcher's InvalidPlanError / UnsafePlanError for a forced plan.
   */
  async apply(intersectionId: string, request: OverrideRequest, actor: string): Promise<Override> {
    const junction = this.junctions.intersection(intersectionId)?.properties;
    if (!junction) throw new UnknownIntersectionError(intersectionId);
    if (request.action === 'resume-adaptive') return this.resume(intersectionId, actor, request.reason);
    const durationS = request.durationS;
    if (durationS === undefined) throw new InvalidOverrideError(`durationS is required for ${request.action}`);
    if (request.action === 'hold-phase' && durationS > MAX_OVERRIDE_HOLD_S) throw new InvalidOverrideError(`a phase is held at most ${MAX_OVERRIDE_HOLD_S} s, got ${durationS}`);
    const now = this.clock.now();
    const endsAt = now + Math.round(durationS * 1000);
    const base = { overrideId: this.nextOverrideId(now), intersectionId, actor, reason: request.reason, startedAt: now, endsAt, endedAt: null, outcome: null };
    let override: Override;
    if (request.action === 'force-plan') {
      if (!request.plan) throw new InvalidOverrideError('plan is required for force-plan');
      const previous = this.activeAt(intersectionId);
      // The held phase or flash ends first, so the forced plan is not left waiting behind it.
      if (previous?.commandId !== undefined) await this.sendResume(intersectionId, request.reason);
      const sent = await this.dispatcher.dispatch(intersectionId, { ...request.plan, validForS: durationS }, { source: 'operator', actor });
      override = { ...base, action: 'force-plan', planId: sent.plan.planId, state: 'active' };
    } else {
      if (request.action === 'hold-phase') {
        if (request.phase === undefined) throw new InvalidOverrideError('phase is required for hold-phase');
        if (!junction.phases.some((p) => p.id === request.phase)) throw new InvalidOverrideError(`phase ${request.phase} is not a phase of ${intersectionId}`);
      }
      const command = await this.commands.send(intersectionId, {
        action: request.action,
        reason: request.reason,
        expiresAt: endsAt,
        ...(request.action === 'hold-phase' ? { phase: request.phase } : {}),
      });
      this.audit.record(this.event(intersectionId, 'command-sent', actor, request.reason, command.commandId, { action: command.action, phase: command.phase, expiresAt: command.expiresAt }));
      override = { ...base, action: request.action, ...(command.phase !== undefined ? { phase: command.phase } : {}), commandId: command.commandId, state: 'pending' };
    }
    this.endActive(intersectionId, now, `replaced by ${override.overrideId}`);
    this.remember(override);
    this.audit.record(this.event(intersectionId, 'override-started', actor, request.reason, override.overrideId, { action: override.action, endsAt, planId: override.planId, commandId: override.commandId, phase: override.phase }));
    this.changes.next([{ ...override }]);
    return override;
  }

  /** Ends overrides whose time is up (the ticker calls it; tests may call it directly). */
  poll(nowMs = this.clock.now()): void {
    for (const id of this.history.keys()) {
      const active = this.activeAt(id);
      if (active && active.endsAt <= nowMs) this.end(active, 'ended', nowMs, 'expired', 'centre');
    }
  }

  private async resume(intersectionId: string, actor: string, reason: string): Promise<Override> {
    const active = this.activeAt(intersectionId);
    if (!active) throw new NoActiveOverrideError(intersectionId);
    if (active.commandId !== undefined) await this.sendResume(intersectionId, reason, actor);
    this.end(active, 'ended', this.clock.now(), `resumed by ${actor}`, actor);
    return { ...active };
  }

  private async sendResume(intersectionId: string, reason: string, actor = 'centre'): Promise<void> {
    const command = await this.commands.send(intersectionId, { action: 'resume', reason, expiresAt: this.clock.now() + RESUME_VALIDITY_MS });
    this.audit.record(this.event(intersectionId, 'command-sent', actor, reason, command.commandId, { action: 'resume' }));
  }

  private commandSettled(outcome: CommandOutcome): void {
    const action = outcome.outcome === 'accepted' ? 'command-accepted' : outcome.outcome === 'rejected' ? 'command-rejected' : 'command-timeout';
    if (outcome.outcome === 'accepted') this.dispatcher.controllerHeard(outcome.intersectionId, `acknowledgement of command ${outcome.commandId}`);
    this.audit.record(this.event(outcome.intersectionId, action, 'centre', outcome.reason ?? outcome.outcome, outcome.commandId, null));
    const override = this.activeAt(outcome.intersectionId);
    if (!override || override.commandId !== outcome.commandId) return;
    if (outcome.outcome === 'accepted') {
      override.state = 'active';
      this.changes.next([{ ...override }]);
    } else {
      this.end(override, 'failed', this.clock.now(), `command ${outcome.outcome}: ${outcome.reason ?? 'no reason'}`, 'centre');
    }
  }

  /** A forced plan the controller refused, or never acknowledged, is a failed override. */
  private planChanged(plan: DispatchedPlan): void {
    const override = this.activeAt(plan.intersectionId);
    if (!override || override.planId !== plan.plan.planId) return;
    if (plan.status === 'rejected' || plan.status === 'timeout' || plan.status === 'expired') {
      this.end(override, 'failed', this.clock.now(), `plan ${plan.status}${plan.ackReason ? `: ${plan.ackReason}` : ''}`, 'centre');
    }
  }

  private endActive(intersectionId: string, nowMs: number, outcome: string): void {
    const active = this.activeAt(intersectionId);
    if (active) this.end(active, 'ended', nowMs, outcome, 'centre');
  }

  private end(override: Override, state: 'ended' | 'failed', nowMs: number, outcome: string, actor: string): void {
    override.state = state;
    override.endedAt = nowMs;
    override.outcome = outcome;
    this.audit.record(this.event(override.intersectionId, state === 'failed' ? 'override-failed' : 'override-ended', actor, outcome, override.overrideId, { action: override.action }));
    this.changes.next([{ ...override }]);
  }

  private activeAt(intersectionId: string): Override | undefined {
    const last = this.history.get(intersectionId)?.at(-1);
    return last && (last.state === 'pending' || last.state === 'active') ? last : undefined;
  }

  private remember(override: Override): void {
    const list = this.history.get(override.intersectionId) ?? [];
    list.push(override);
    if (list.length > HISTORY_PER_INTERSECTION) list.shift();
    this.history.set(override.intersectionId, list);
  }

  private event(intersectionId: string, action: ControlAuditEvent['action'], actor: string, reason: string, refId: string, detail: Record<string, unknown> | null): ControlAuditEvent {
    return { at: this.clock.now(), intersectionId, action, actor, reason, refId, detail: detail ? JSON.stringify(detail) : null };
  }

  private nextOverrideId(nowMs: number): string {
    this.counter = (this.counter + 1) % 1_679_616;
    return `o${nowMs.toString(36)}-${this.counter.toString(36)}`;
  }
}
