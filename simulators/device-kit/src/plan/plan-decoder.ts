/**
 * Turns a message on a controller's plan topic into a plan, with the contract's decoder (topic grammar, size,
 * UTF-8, JSON, schema, cross-field rules). When that fails but the payload still names a planId, the controller
 * can reject it by id, so the centre gets an answer instead of a timeout.
 */
import { decodeMessage, isValidId, type SignalPlan } from '@arterial/contracts/mqtt/v1';

export type PlanDecodeResult = { ok: true; plan: SignalPlan } | { ok: false; planId: string | undefined; reason: string };

export function decodePlan(controllerId: string, topic: string, raw: Uint8Array | string): PlanDecodeResult {
  // The clock rules (issuedAt skew, expiry) are the controller's own safety checks (plan-safety.ts in the contracts package), on its clock.
  const decoded = decodeMessage(topic, raw, { nowMs: 0, maxClockSkewMs: Number.POSITIVE_INFINITY });
  if (!decoded.ok) return { ok: false, planId: planIdOf(raw), reason: `contract-${decoded.reason}: ${decoded.detail}` };
  if (decoded.kind !== 'plan' || decoded.deviceId !== controllerId) {
    return { ok: false, planId: undefined, reason: `contract-bad-topic: ${topic} is not the plan topic of ${controllerId}` };
  }
  return { ok: true, plan: decoded.payload };
}

function planIdOf(raw: Uint8Array | string): string | undefined {
  try {
    const value: unknown = JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw));
    const planId = typeof value === 'object' && value !== null ? (value as { planId?: unknown }).planId : undefined;
    return typeof planId === 'string' && isValidId(planId) ? planId : undefined;
  } catch {
    return undefined;
  }
}
