/** Typed domain errors of the control capability; the REST layer maps them to HTTP answers. */
import type { PlanViolation } from '@arterial/contracts/network';

/** The intersection is not in the network model, so its limits are unknown and no plan may be sent (→ 404). */
export class UnknownIntersectionError extends Error {
  constructor(readonly intersectionId: string) {
    super(`intersection ${JSON.stringify(intersectionId)} is not in the network model`);
    this.name = 'UnknownIntersectionError';
  }
}

/** The plan does not fit the contract (→ 400). */
export class InvalidPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPlanError';
  }
}

/** The plan breaks a safety rule of its junction and was not sent (→ 422). */
export class UnsafePlanError extends Error {
  constructor(
    readonly violations: PlanViolation[],
    reason: string,
  ) {
    super(`plan refused by the safety validator: ${reason}`);
    this.name = 'UnsafePlanError';
  }
}

/** An override request that does not fit its action: a missing plan, phase or duration, or a duration over its limit (→ 400). */
export class InvalidOverrideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidOverrideError';
  }
}

/** `resume-adaptive` when no override is active at the junction (→ 409). */
export class NoActiveOverrideError extends Error {
  constructor(readonly intersectionId: string) {
    super(`no override is active at intersection ${JSON.stringify(intersectionId)}`);
    this.name = 'NoActiveOverrideError';
  }
}
