/**
 * A controller's intake of centre plans, the same for every emulated controller (virtual controllers, SUMO's
 * lights): the contract's decoder, then the one safety rule set of the contracts (`planViolations` against the
 * junction's limits, on the controller's clock), then the contract's PlanAck. Each planId is answered once: a
 * QoS 1 redelivery gets the same ack and changes nothing. Fencing (contract v1.2): the highest `leaseEpoch` seen is
 * remembered and a plan with a lower one, from a centre instance that lost the junction, is rejected as `stale-epoch`.
 */
import { STALE_EPOCH_REASON, type PlanAck, type SignalPlan } from '@arterial/contracts/mqtt/v1';
import { planRejectionReason, planViolations, truncateReason, type JunctionLimits } from '@arterial/contracts/network';
import { decodePlan } from './plan-decoder';

export interface PlanAnswer {
  ack: PlanAck;
  /** A redelivery of a plan already answered: same ack, nothing to apply again. */
  duplicate: boolean;
  /** Present when this message newly accepted a plan: the caller runs it from its next cycle boundary. */
  plan?: SignalPlan;
}

/** A message nobody can answer: it names no planId (not JSON, or no readable id). */
export interface PlanIgnored {
  ack: undefined;
  reason: string;
}

/** Answers remembered for redeliveries; QoS 1 duplicates arrive close together, so a short memory suffices. */
const REMEMBERED_ACKS = 256;

export class PlanIntake {
  private readonly answers = new Map<string, PlanAck>();
  /** Highest lease epoch of any plan that passed the contract; undefined until a plan carries one. */
  private highestEpoch: number | undefined;

  constructor(
    readonly controllerId: string,
    private readonly junction: JunctionLimits,
  ) {}

  /** A message from the controller's plan topic, at controller time nowMs. */
  receive(topic: string, raw: Uint8Array | string, nowMs: number): PlanAnswer | PlanIgnored {
    const decoded = decodePlan(this.controllerId, topic, raw);
    if (decoded.ok) return this.decide(decoded.plan, nowMs);
    if (decoded.planId === undefined) return { ack: undefined, reason: decoded.reason };
    return this.reject(decoded.planId, decoded.reason, nowMs);
  }

  /** A plan that passed the contract: checked against the junction's limits and the clock. */
  decide(plan: SignalPlan, nowMs: number): PlanAnswer {
    const known = this.answers.get(plan.planId);
    if (known) return { ack: known, duplicate: true };
    if (plan.leaseEpoch !== undefined) {
      if (this.highestEpoch !== undefined && plan.leaseEpoch < this.highestEpoch) {
        return this.answer({ planId: plan.planId, accepted: false, reason: STALE_EPOCH_REASON, ts: nowMs });
      }
      // Raised even when the plan fails the safety rules below: a newer owner exists either way.
      this.highestEpoch = plan.leaseEpoch;
    }
    const violations = planViolations(this.junction, plan, nowMs);
    if (violations.length > 0) return this.answer({ planId: plan.planId, accepted: false, reason: planRejectionReason(violations), ts: nowMs });
    return { ...this.answer({ planId: plan.planId, accepted: true, ts: nowMs }), plan };
  }

  /** Highest lease epoch seen (fencing), for status and tests. */
  leaseEpoch(): number | undefined {
    return this.highestEpoch;
  }

  /** A plan message that failed the contract but named its planId: rejected, so the centre is not left waiting. */
  reject(planId: string, reason: string, nowMs: number): PlanAnswer {
    const known = this.answers.get(planId);
    if (known) return { ack: known, duplicate: true };
    return this.answer({ planId, accepted: false, reason: truncateReason(reason), ts: nowMs });
  }

  private answer(ack: PlanAck): PlanAnswer {
    this.answers.set(ack.planId, ack);
    if (this.answers.size > REMEMBERED_ACKS) this.answers.delete(this.answers.keys().next().value!);
    return { ack, duplicate: false };
  }
}
