/**
 * What the live feed needs of control, as a token: the gateway depends on this, not on the control capability, and
 * runs without it (no token, no `control` or `overrides` messages).
 */
import type { ControlAuditEvent, Override } from '@arterial/contracts/api/v1';
import type { Observable } from 'rxjs';

export interface ControlFeed {
  /** Control actions as they happen (the audit trail). */
  readonly events$: Observable<ControlAuditEvent>;
  /** Overrides that started, changed state or ended. */
  readonly overrideChanges$: Observable<Override[]>;
  /** Active overrides, for the snapshot a client starts from. */
  activeOverrides(): Override[];
}

export const CONTROL_FEED = Symbol('CONTROL_FEED');
