/**
 * The only way a plan leaves the centre: it is built, checked against the contract and against the safety
 * rules of its junction (minimum, maximum and pedestrian greens, clearance budget, phase sequence, offset,
 * validity), and only then published at QoS 1. The loop is closed on the centre's clock (plan-delivery.ts): one plan
 * in flight per controller, bounded retries of the same plan id, `timeout` and a degraded controller when it stays
 * silent. Every step is stored and audited (ControlAuditService).
 */
import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DEFAULT_PLAN_VALIDITY_S, MAX_PLAN_VALIDITY_S, type ControlAuditEvent, type DispatchedPlan, type PlanExplanation, type PlanRequest, type PlanSource } from '@arterial/contracts/api/v1';
import { buildTopic, MESSAGE_ROUTES, validatePayload, type PlanAck, type SignalPlan } from '@arterial/contracts/mqtt/v1';
import { planRejectionReason, planViolations } from '@arterial/contracts/network';
import { Subject, type Observable, type Subscription } from 'rxjs';
import { BROKER_CONNECTION, type BrokerConnection } from '../broker/broker-connection';
import { CLOCK, type Clock } from '../clock/clock';
import { ClockTicker } from '../clock/clock-ticker';
import { NotJunctionOwnerError } from '../cluster/cluster.errors';
import { JUNCTION_OWNERSHIP, type JunctionOwnership } from '../cluster/junction-ownership';
import { ACCEPTED_MESSAGES, type AcceptedMessages } from '../ingest/accepted-messages';
import { createLogger } from '../logging/logger';
import { StorageQueryError, StorageUnavailableError } from '../storage/storage.errors';
import { RAW_RETENTION_MS } from '../storage/influx-schema';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../storage/time-series-store';
import { ControlAuditService } from './control-audit.service';
import { InvalidPlanError, UnknownIntersectionError, UnsafePlanError } from './control.errors';
import { JUNCTIONS, type Junctions } from './junctions';
import { DEFAULT_PLAN_DELIVERY_OPTIONS, PLAN_DELIVERY_OPTIONS, PlanDeliveries, type DeliveryStep, type PlanDeliveryOptions } from './plan-delivery';

const log = createLogger('plan-dispatcher');

// The request and the record are what the REST API carries, so the contract defines them (and the validity limits).
export { DEFAULT_PLAN_VALIDITY_S, MAX_PLAN_VALIDITY_S, type DispatchedPlan, type PlanRequest };

/** Who asked for a plan and why (stored and audited with it). */
export interface PlanOrigin {
  source: PlanSource;
  actor: string;
  explanation?: PlanExplanation;
}

const OPERATOR_API: PlanOrigin = { source: 'operator', actor: 'api' };

/** Dispatched plans remembered per intersection for the API and acknowledgement matching. */
const HISTORY_PER_INTERSECTION = 20;

@Injectable()
export class PlanDispatcherService implements OnModuleInit, OnModuleDestroy {
  private readonly history = new Map<string, DispatchedPlan[]>();
  private readonly deliveries: PlanDeliveries;
  private readonly ticker: ClockTicker;
  private readonly changes = new Subject<DispatchedPlan>();
  /** A plan each time its status changes (sent, accepted, rejected, timeout, superseded, expired). */
  readonly changes$: Observable<DispatchedPlan> = this.changes.asObservable();
  private subscription: Subscription | undefined;
  private counter = 0;
  /** Replay: plans are recorded, never published or awaited (plan-delivery.ts). */
  private readonly recordOnly: boolean;

  constructor(
    @Inject(BROKER_CONNECTION) private readonly broker: BrokerConnection,
    @Inject(JUNCTIONS) private readonly junctions: Junctions,
    @Inject(ACCEPTED_MESSAGES) private readonly accepted$: AcceptedMessages,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: ControlAuditService,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    @Optional() @Inject(PLAN_DELIVERY_OPTIONS) options: PlanDeliveryOptions | null = null,
    // Absent (replay, tests): this centre owns every junction and plans carry no lease epoch.
    @Optional() @Inject(JUNCTION_OWNERSHIP) private readonly ownership: JunctionOwnership | null = null,
  ) {
    const delivery = options ?? DEFAULT_PLAN_DELIVERY_OPTIONS;
    this.deliveries = new PlanDeliveries(delivery);
    this.recordOnly = delivery.recordOnly === true;
    this.ticker = new ClockTicker(clock, { periodMs: delivery.pollMs, pollMs: Math.min(50, delivery.pollMs) }, (boundary) => this.poll(boundary));
  }

  onModuleInit(): void {
    this.subscription = this.accepted$.subscribe((message) => {
      if (message.kind === 'plan-ack') this.recordAck(message.deviceId, message.payload);
      else if (message.kind === 'status' && message.payload.online) this.controllerHeard(message.deviceId, 'online status');
    });
    // Nothing is ever in flight when plans are only recorded: no ticker, so a replay's clock never stops for it.
    if (!this.recordOnly) this.ticker.start();
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.ticker.stop();
    this.changes.complete();
  }

  /**
   * Validates and publishes a plan; throws UnknownIntersectionError, InvalidPlanError or UnsafePlanError (audited as
   * `plan-refused`). A plan still waiting for its acknowledgement at this controller is superseded.
   */
  async dispatch(intersectionId: string, request: PlanRequest, origin: PlanOrigin = OPERATOR_API): Promise<DispatchedPlan> {
    const junction = this.junctions.intersection(intersectionId)?.properties;
    if (!junction) throw new UnknownIntersectionError(intersectionId);
    if (this.ownership && !this.ownership.owns(intersectionId)) throw new NotJunctionOwnerError(intersectionId, this.ownership.status().instanceId);
    const leaseEpoch = this.ownership?.epochOf(intersectionId);
    const now = this.clock.now();
    const validForS = request.validForS ?? DEFAULT_PLAN_VALIDITY_S;
    if (!Number.isFinite(validForS) || validForS <= 0 || validForS > MAX_PLAN_VALIDITY_S) {
      throw new InvalidPlanError(`validForS must be in (0, ${MAX_PLAN_VALIDITY_S}], got ${validForS}`);
    }
    const candidate = {
      planId: this.nextPlanId(now),
      issuedAt: now,
      expiresAt: now + Math.round(validForS * 1000),
      cycleS: request.cycleS,
      offsetS: request.offsetS,
      splits: request.splits,
      reason: request.reason,
      ...(request.coordinatedPhase !== undefined ? { coordinatedPhase: request.coordinatedPhase } : {}),
      // The fencing token: a controller rejects plans from an owner older than one it has heard from.
      ...(leaseEpoch !== undefined ? { leaseEpoch } : {}),
    };
    const contract = validatePayload('plan', candidate, { nowMs: now });
    if (!contract.ok) throw new InvalidPlanError(`${contract.reason}: ${contract.detail}`);
    const plan = contract.payload;
    const violations = planViolations(junction, plan, now);
    if (violations.length > 0) {
      const reason = planRejectionReason(violations);
      log.warn({ intersectionId, planId: plan.planId, reason }, 'plan refused by the safety validator; not sent');
      this.auditEvent(intersectionId, 'plan-refused', origin.actor, reason, plan.planId, { request: plan.reason });
      throw new UnsafePlanError(violations, reason);
    }
    if (!this.recordOnly) await this.publish(intersectionId, plan);
    const dispatched: DispatchedPlan = {
      intersectionId,
      plan,
      status: 'sent',
      sentAt: now,
      ackedAt: null,
      ackReason: null,
      attempts: 1,
      origin: { source: origin.source, actor: origin.actor },
      ...(origin.explanation ? { explanation: origin.explanation } : {}),
    };
    const superseded = this.recordOnly ? undefined : this.deliveries.sent(intersectionId, plan.planId, plan.expiresAt, now);
    if (superseded !== undefined) this.settle(intersectionId, superseded, 'superseded', `superseded by ${plan.planId}`);
    this.remember(dispatched);
    this.audit.planStep(dispatched, now);
    this.auditEvent(intersectionId, 'plan-sent', origin.actor, plan.reason, plan.planId, {
      source: origin.source,
      cycleS: plan.cycleS,
      offsetS: plan.offsetS,
      splits: plan.splits,
      expiresAt: plan.expiresAt,
      ...(origin.explanation ? { explanation: origin.explanation } : {}),
    });
    this.changes.next(dispatched);
    return dispatched;
  }

  /** Plans sent this run, newest first (the last 20 per intersection). */
  plansFor(intersectionId: string): DispatchedPlan[] {
    return [...(this.history.get(intersectionId) ?? [])].reverse();
  }

  /**
   * Stored plans of the last week merged with this run's (fresher: storage writes are batched), newest first;
   * this run's alone while storage is away.
   */
  async planHistory(intersectionId: string): Promise<DispatchedPlan[]> {
    const now = this.clock.now();
    let stored: DispatchedPlan[] = [];
    try {
      stored = await this.store.dispatchedPlans(intersectionId, { fromMs: now - RAW_RETENTION_MS, toMs: now + 1 }, HISTORY_PER_INTERSECTION);
    } catch (error) {
      if (!(error instanceof StorageUnavailableError || error instanceof StorageQueryError)) throw error;
      log.warn({ intersectionId, err: error.message }, 'plan history from storage unavailable; answering from memory');
    }
    const byId = new Map(stored.map((p) => [p.plan.planId, p]));
    for (const p of this.plansFor(intersectionId)) byId.set(p.plan.planId, p);
    return [...byId.values()].sort((a, b) => b.sentAt - a.sentAt || b.plan.planId.localeCompare(a.plan.planId)).slice(0, HISTORY_PER_INTERSECTION);
  }

  isDegraded(intersectionId: string): boolean {
    return this.deliveries.isDegraded(intersectionId);
  }

  recordAck(intersectionId: string, ack: PlanAck): void {
    const dispatched = this.find(intersectionId, ack.planId);
    if (this.deliveries.acked(intersectionId, ack.planId)) this.recovered(intersectionId, `acknowledgement of ${ack.planId}`);
    if (!dispatched) {
      log.warn({ intersectionId, planId: ack.planId }, 'acknowledgement for a plan this centre did not send');
      return;
    }
    // A late acknowledgement after `timeout` still tells what the controller runs; a superseded plan stays superseded.
    if (dispatched.status !== 'sent' && dispatched.status !== 'timeout') return;
    dispatched.status = ack.accepted ? 'accepted' : 'rejected';
    // The centre's receive time: controller clocks drift, and the audit trail needs one time base.
    dispatched.ackedAt = this.clock.now();
    dispatched.ackReason = ack.reason ?? null;
    this.audit.planStep(dispatched, dispatched.ackedAt);
    this.auditEvent(intersectionId, ack.accepted ? 'plan-accepted' : 'plan-rejected', 'centre', ack.reason ?? dispatched.plan.reason, ack.planId, { attempts: dispatched.attempts });
    this.changes.next(dispatched);
  }

  /** The controller proved alive: a degraded mark is cleared. */
  controllerHeard(intersectionId: string, how: string): void {
    if (this.deliveries.heard(intersectionId)) this.recovered(intersectionId, how);
  }

  /** Runs due retries, expiries and timeouts; the ticker calls it, tests and replay may call it directly. */
  poll(nowMs = this.clock.now()): void {
    for (const step of this.deliveries.due(nowMs)) this.apply(step);
  }

  private apply(step: DeliveryStep): void {
    switch (step.kind) {
      case 'republish': {
        const dispatched = this.find(step.intersectionId, step.planId);
        if (!dispatched) return;
        // A retry is sent under the ownership that issued it, never by an instance that lost the junction meanwhile.
        if (this.ownership && (!this.ownership.owns(step.intersectionId) || this.ownership.epochOf(step.intersectionId) !== dispatched.plan.leaseEpoch)) return;
        dispatched.attempts = step.attempt;
        this.publish(step.intersectionId, dispatched.plan).catch((error: unknown) => log.warn({ err: (error as Error).message, planId: step.planId }, 'plan retry not published'));
        this.auditEvent(step.intersectionId, 'plan-retried', 'centre', 'no acknowledgement', step.planId, { attempt: step.attempt });
        return;
      }
      case 'timeout':
        this.settle(step.intersectionId, step.planId, 'timeout', `no acknowledgement after ${step.attempts} attempts`);
        return;
      case 'expired':
        this.settle(step.intersectionId, step.planId, 'expired', 'expired before its acknowledgement');
        return;
      case 'degraded':
        log.warn({ intersectionId: step.intersectionId }, 'controller degraded: plans go unacknowledged');
        this.auditEvent(step.intersectionId, 'controller-degraded', 'centre', 'plans go unacknowledged after every retry', null, null);
        return;
      default: {
        const unknown: never = step;
        void unknown;
      }
    }
  }

  /** A plan ends without an acknowledgement. */
  private settle(intersectionId: string, planId: string, status: 'timeout' | 'superseded' | 'expired', reason: string): void {
    const dispatched = this.find(intersectionId, planId);
    if (!dispatched || dispatched.status !== 'sent') return;
    dispatched.status = status;
    dispatched.ackReason = reason;
    const now = this.clock.now();
    this.audit.planStep(dispatched, now);
    this.auditEvent(intersectionId, `plan-${status}`, 'centre', reason, planId, { attempts: dispatched.attempts });
    this.changes.next(dispatched);
  }

  private recovered(intersectionId: string, how: string): void {
    log.info({ intersectionId, how }, 'controller no longer degraded');
    this.auditEvent(intersectionId, 'controller-recovered', 'centre', `heard again: ${how}`, null, null);
  }

  private async publish(intersectionId: string, plan: SignalPlan): Promise<void> {
    const route = MESSAGE_ROUTES.plan;
    await this.broker.publish(buildTopic('plan', intersectionId), JSON.stringify(plan), { qos: route.qos, retain: route.retained });
  }

  private auditEvent(intersectionId: string, action: ControlAuditEvent['action'], actor: string, reason: string, refId: string | null, detail: Record<string, unknown> | null): void {
    this.audit.record({ at: this.clock.now(), intersectionId, action, actor, reason, refId, detail: detail ? JSON.stringify(detail) : null });
  }

  private find(intersectionId: string, planId: string): DispatchedPlan | undefined {
    return this.history.get(intersectionId)?.find((d) => d.plan.planId === planId);
  }

  private remember(dispatched: DispatchedPlan): void {
    const list = this.history.get(dispatched.intersectionId) ?? [];
    list.push(dispatched);
    if (list.length > HISTORY_PER_INTERSECTION) list.shift();
    this.history.set(dispatched.intersectionId, list);
  }

  /** Short, unique, and inside the contract's id grammar whatever the intersection id. */
  private nextPlanId(nowMs: number): string {
    this.counter = (this.counter + 1) % 1_679_616;
    return `c${nowMs.toString(36)}-${this.counter.toString(36)}`;
  }
}
