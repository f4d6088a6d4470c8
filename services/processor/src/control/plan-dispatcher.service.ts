/**
 * The only way a plan leaves the centre: it is built, checked against the contract and against the safety
 * rules of its junction (minimum, maximum and pedestrian greens, clearance budget, phase sequence, offset,
 * validity), and only then published. Acknowledgements from controllers close the loop.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DEFAULT_PLAN_VALIDITY_S, MAX_PLAN_VALIDITY_S, type DispatchedPlan, type PlanRequest } from '@arterial/contracts/api/v1';
import { buildTopic, MESSAGE_ROUTES, validatePayload, type PlanAck } from '@arterial/contracts/mqtt/v1';
import { planRejectionReason, planViolations } from '@arterial/contracts/network';
import type { Subscription } from 'rxjs';
import { BROKER_CONNECTION, type BrokerConnection } from '../broker/broker-connection';
import { CLOCK, type Clock } from '../clock/clock';
import { ACCEPTED_MESSAGES, type AcceptedMessages } from '../ingest/accepted-messages';
import { createLogger } from '../logging/logger';
import { InvalidPlanError, UnknownIntersectionError, UnsafePlanError } from './control.errors';
import { JUNCTIONS, type Junctions } from './junctions';

const log = createLogger('plan-dispatcher');

// The request and the record are what the REST API carries, so the contract defines them (and the validity limits).
export { DEFAULT_PLAN_VALIDITY_S, MAX_PLAN_VALIDITY_S, type DispatchedPlan, type PlanRequest };

/** Dispatched plans remembered per intersection for the API and acknowledgement matching. */
const HISTORY_PER_INTERSECTION = 20;

@Injectable()
export class PlanDispatcherService implements OnModuleInit, OnModuleDestroy {
  private readonly history = new Map<string, DispatchedPlan[]>();
  private subscription: Subscription | undefined;
  private counter = 0;

  constructor(
    @Inject(BROKER_CONNECTION) private readonly broker: BrokerConnection,
    @Inject(JUNCTIONS) private readonly junctions: Junctions,
    @Inject(ACCEPTED_MESSAGES) private readonly accepted$: AcceptedMessages,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.subscription = this.accepted$.subscribe((message) => {
      if (message.kind === 'plan-ack') this.recordAck(message.deviceId, message.payload);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** Validates and publishes a plan; throws UnknownIntersectionError, InvalidPlanError or UnsafePlanError. */
  async dispatch(intersectionId: string, request: PlanRequest): Promise<DispatchedPlan> {
    const junction = this.junctions.intersection(intersectionId)?.properties;
    if (!junction) throw new UnknownIntersectionError(intersectionId);
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
    };
    const contract = validatePayload('plan', candidate, { nowMs: now });
    if (!contract.ok) throw new InvalidPlanError(`${contract.reason}: ${contract.detail}`);
    const plan = contract.payload;
    const violations = planViolations(junction, plan, now);
    if (violations.length > 0) {
      const reason = planRejectionReason(violations);
      log.warn({ intersectionId, planId: plan.planId, reason }, 'plan refused by the safety validator; not sent');
      throw new UnsafePlanError(violations, reason);
    }
    const route = MESSAGE_ROUTES.plan;
    await this.broker.publish(buildTopic('plan', intersectionId), JSON.stringify(plan), { qos: route.qos, retain: route.retained });
    const dispatched: DispatchedPlan = { intersectionId, plan, status: 'sent', sentAt: now, ackedAt: null, ackReason: null };
    this.remember(dispatched);
    // The audit trail of every plan that left the centre, with why it was issued.
    log.info({ intersectionId, planId: plan.planId, cycleS: plan.cycleS, offsetS: plan.offsetS, splits: plan.splits, reason: plan.reason, expiresAt: plan.expiresAt }, 'plan sent');
    return dispatched;
  }

  plansFor(intersectionId: string): DispatchedPlan[] {
    return [...(this.history.get(intersectionId) ?? [])].reverse();
  }

  recordAck(intersectionId: string, ack: PlanAck): void {
    const dispatched = this.history.get(intersectionId)?.find((d) => d.plan.planId === ack.planId);
    if (!dispatched) {
      log.warn({ intersectionId, planId: ack.planId }, 'acknowledgement for a plan this centre did not send');
      return;
    }
    if (dispatched.status !== 'sent') return;
    dispatched.status = ack.accepted ? 'accepted' : 'rejected';
    // The centre's receive time: controller clocks drift, and the audit trail needs one time base.
    dispatched.ackedAt = this.clock.now();
    dispatched.ackReason = ack.reason ?? null;
    log.info({ intersectionId, planId: ack.planId, accepted: ack.accepted, reason: ack.reason }, 'plan acknowledged');
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
