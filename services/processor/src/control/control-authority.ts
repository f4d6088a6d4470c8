/**
 * Who may set a junction's plan right now. The plan engine asks before it plans a junction, so an operator's
 * override (forced plan, held phase, flash) is never overwritten by an adaptive strategy. A token, so the engine
 * runs against any authority (overrides live, replay, tests).
 */
export interface ControlAuthority {
  /** True when the adaptive engine may send plans to this junction at nowMs. */
  engineMayPlan(intersectionId: string, nowMs: number): boolean;
}

export const CONTROL_AUTHORITY = Symbol('CONTROL_AUTHORITY');

/** No overrides: the engine may plan every junction. */
export const UNRESTRICTED_AUTHORITY: ControlAuthority = { engineMayPlan: () => true };
