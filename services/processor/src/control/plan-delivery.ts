/**
 * The closed loop of plan delivery, as a state machine on the centre's clock: one plan in flight per controller
 * (a newer plan supersedes a waiting one, so nothing queues up behind a silent controller), the same plan id
 * published again with backoff while no acknowledgement comes, then `timeout` and the controller marked degraded
 * until it is heard again (any acknowledgement, or an online status). A degraded controller gets no retries, so a
 * dead link costs one publish per plan. No timers here: the owner calls `due(now)` from a clock ticker.
 */

export interface PlanDeliveryOptions {
  /** Wait for the first acknowledgement; each retry waits twice as long as the one before, up to maxWaitMs. */
  ackTimeoutMs: number;
  /** Publications of the same plan after the first, while no acknowledgement comes. */
  retries: number;
  maxWaitMs: number;
  /** How often the centre's clock is checked for due retries and timeouts. */
  pollMs: number;
  /**
   * True in replay, where no controller exists: a plan passes every check and is stored and audited as `sent`, but is
   * neither published nor waited for (no retries, timeouts or degraded controllers). It stays the running plan until
   * a newer one or its expiry, as a plan the controller accepted would.
   */
  recordOnly?: boolean;
}

export const DEFAULT_PLAN_DELIVERY_OPTIONS: PlanDeliveryOptions = { ackTimeoutMs: 5000, retries: 3, maxWaitMs: 20_000, pollMs: 250 };
export const PLAN_DELIVERY_OPTIONS = Symbol('PLAN_DELIVERY_OPTIONS');

/** What the owner must do or record, in order. */
export type DeliveryStep =
  | { kind: 'republish'; intersectionId: string; planId: string; attempt: number }
  | { kind: 'timeout'; intersectionId: string; planId: string; attempts: number }
  | { kind: 'expired'; intersectionId: string; planId: string; attempts: number }
  | { kind: 'degraded'; intersectionId: string };

interface InFlight {
  planId: string;
  expiresAt: number;
  attempts: number;
  deadline: number;
}

export class PlanDeliveries {
  private readonly inFlight = new Map<string, InFlight>();
  /** Degraded controllers → since when. */
  private readonly degraded = new Map<string, number>();

  constructor(private readonly options: PlanDeliveryOptions) {}

  /** A plan was just published (attempt 1); returns the id of the plan it supersedes, if one was still waiting. */
  sent(intersectionId: string, planId: string, expiresAt: number, nowMs: number): string | undefined {
    const previous = this.inFlight.get(intersectionId);
    this.inFlight.set(intersectionId, { planId, expiresAt, attempts: 1, deadline: nowMs + this.waitAfter(1) });
    return previous && previous.planId !== planId ? previous.planId : undefined;
  }

  /** Attempts made so far for the plan in flight (undefined when it is not the one in flight). */
  attempts(intersectionId: string, planId: string): number | undefined {
    const flight = this.inFlight.get(intersectionId);
    return flight?.planId === planId ? flight.attempts : undefined;
  }

  /** An acknowledgement from the controller (of any plan): ends the wait for that plan; true when the controller was degraded. */
  acked(intersectionId: string, planId: string): boolean {
    if (this.inFlight.get(intersectionId)?.planId === planId) this.inFlight.delete(intersectionId);
    return this.heard(intersectionId);
  }

  /** The controller proved alive (online status, command acknowledgement); true when it was degraded. */
  heard(intersectionId: string): boolean {
    return this.degraded.delete(intersectionId);
  }

  isDegraded(intersectionId: string): boolean {
    return this.degraded.has(intersectionId);
  }

  degradedSince(intersectionId: string): number | undefined {
    return this.degraded.get(intersectionId);
  }

  /** Retries, expiries and timeouts due at nowMs. */
  due(nowMs: number): DeliveryStep[] {
    const steps: DeliveryStep[] = [];
    for (const [intersectionId, flight] of this.inFlight) {
      if (flight.expiresAt <= nowMs) {
        this.inFlight.delete(intersectionId);
        steps.push({ kind: 'expired', intersectionId, planId: flight.planId, attempts: flight.attempts });
        continue;
      }
      if (flight.deadline > nowMs) continue;
      if (flight.attempts <= this.options.retries && !this.degraded.has(intersectionId)) {
        flight.attempts += 1;
        flight.deadline = nowMs + this.waitAfter(flight.attempts);
        steps.push({ kind: 'republish', intersectionId, planId: flight.planId, attempt: flight.attempts });
        continue;
      }
      this.inFlight.delete(intersectionId);
      steps.push({ kind: 'timeout', intersectionId, planId: flight.planId, attempts: flight.attempts });
      if (!this.degraded.has(intersectionId)) {
        this.degraded.set(intersectionId, nowMs);
        steps.push({ kind: 'degraded', intersectionId });
      }
    }
    return steps;
  }

  private waitAfter(attempt: number): number {
    return Math.min(this.options.maxWaitMs, this.options.ackTimeoutMs * 2 ** (attempt - 1));
  }
}
