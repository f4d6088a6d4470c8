/**
 * What the signed-in role may do in the UI. The server decides (403 for a role too low); the UI hides what would be
 * refused, so a viewer never sees a control that cannot work. The minimums are the `minRole` of each route in the
 * contract (roles.spec.ts holds them equal); they are copied rather than read from API_ROUTES at run time because
 * that table pulls every REST schema, and the Node-side validators compiled with them, into the bundle.
 */
import { roleAtLeast, type ApiOperationId, type OperatorRole } from '@arterial/contracts/api/v1';

export const UI_ACTION_MIN_ROLE = {
  createOverride: 'operator',
  sendPlan: 'operator',
  acknowledgeAlert: 'operator',
  listAudit: 'engineer',
} as const satisfies Partial<Record<ApiOperationId, OperatorRole>>;
export type UiAction = keyof typeof UI_ACTION_MIN_ROLE;

export function roleMay(role: OperatorRole | null, action: UiAction): boolean {
  return role !== null && roleAtLeast(role, UI_ACTION_MIN_ROLE[action]);
}
