/**
 * One virtual signal controller: runs its junction's local fallback plan on a SignalTimer and produces the
 * contract's state and status payloads. Holds only what a real controller holds (plan, message counter, faults);
 * time always comes from the caller so the simulator can run on a virtual clock.
 */
import type { ControllerState, ControllerStatus, IntersectionProperties, PhaseState } from '@arterial/contracts';
import { SignalTimer } from './signal-timer';

export const SIMULATED_FIRMWARE = 'arterial-traffic-sim/0.1.0';
const MAX_FAULTS = 32;

export class VirtualController {
  private readonly timer: SignalTimer;
  private stateSeq = 0;
  private faults: string[] = [];

  constructor(readonly junction: IntersectionProperties) {
    this.timer = new SignalTimer(junction.phases, junction.sequence, junction.fallbackPlan);
  }

  get id(): string {
    return this.junction.id;
  }

  /** The next state message; each call consumes one sequence number. */
  stateAt(tMs: number): ControllerState {
    return {
      ts: tMs,
      seq: this.stateSeq++,
      mode: 'fixed',
      planId: this.junction.fallbackPlan.planId,
      cycleS: this.timer.plan.cycleS,
      cycleSecond: this.timer.cycleSecondAt(tMs),
      phases: this.timer.phaseStatesAt(tMs),
    };
  }

  statusAt(tMs: number, online: boolean): ControllerStatus {
    return { online, firmware: SIMULATED_FIRMWARE, faults: [...this.faults], ts: tMs };
  }

  phaseStateAt(phaseId: number, tMs: number): PhaseState {
    return this.timer.stateOf(phaseId, tMs);
  }

  nextChangeAfterMs(tMs: number): number {
    return this.timer.nextChangeAfterMs(tMs);
  }

  /** Replaces the active fault codes; returns true when they changed (the status is then due again). */
  setFaults(faults: string[]): boolean {
    const next = [...new Set(faults)].sort().slice(0, MAX_FAULTS);
    if (next.length === this.faults.length && next.every((f, i) => f === this.faults[i])) return false;
    this.faults = next;
    return true;
  }
}
