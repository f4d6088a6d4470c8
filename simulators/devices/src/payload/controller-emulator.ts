/**
 * One emulated signal controller: a fixed-time single-ring program (each phase in turn: green, yellow,
 * all-red), its own seq counter, and templates for its state and status payloads.
 */
import type { ControllerState, ControllerStatus, PhaseStatus } from '@arterial/contracts/mqtt/v1';
import { hashSeed } from '@arterial/device-kit';
import { JsonTemplate } from './json-template';

export interface ControllerProgram {
  planId: string;
  cycleS: number;
  offsetS: number;
  /** Phases in service order; each gets an equal slot of the cycle. */
  phaseIds: number[];
  yellowS: number;
  allRedS: number;
}

/** A plausible fixed-time program: four phases, 60–120 s cycle, offset spread by id. */
export function defaultProgram(intersectionId: string): ControllerProgram {
  const h = hashSeed(intersectionId, 0);
  const cycleS = 60 + (h % 7) * 10;
  return { planId: 'fleet-fixed', cycleS, offsetS: (h >>> 8) % cycleS, phaseIds: [2, 4, 6, 8], yellowS: 3, allRedS: 2 };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

export class ControllerEmulator {
  private seq = 0;
  private readonly stateTemplate: JsonTemplate<ControllerState, 'ts' | 'seq' | 'cycleSecond' | 'phases'>;
  private readonly statusTemplate: JsonTemplate<ControllerStatus, 'online' | 'ts'>;
  private readonly slotS: number;
  private readonly greenS: number;

  constructor(
    readonly id: string,
    private readonly program: ControllerProgram,
    firmware: string,
  ) {
    if (program.phaseIds.length < 1 || program.cycleS < 1) throw new Error(`controller ${id}: program needs phases and a cycle`);
    this.slotS = program.cycleS / program.phaseIds.length;
    this.greenS = Math.max(1, this.slotS - program.yellowS - program.allRedS);
    const state: ControllerState = { ts: 0, seq: 0, mode: 'fixed', planId: program.planId, cycleS: program.cycleS, cycleSecond: 0, phases: [] };
    this.stateTemplate = new JsonTemplate(state, ['ts', 'seq', 'cycleSecond', 'phases']);
    const status: ControllerStatus = { online: true, firmware, faults: [], ts: 0 };
    this.statusTemplate = new JsonTemplate(status, ['online', 'ts']);
  }

  /** The signal state sampled at `nowMs`; advances seq. */
  nextState(nowMs: number): string {
    const { cycleS, offsetS, phaseIds, yellowS } = this.program;
    const t = (((nowMs / 1000 - offsetS) % cycleS) + cycleS) % cycleS;
    // Truncate (never round up), so cycleSecond stays strictly below cycleS.
    const cycleSecond = Math.min(Math.floor(t * 10) / 10, cycleS - 0.1);
    const active = Math.min(phaseIds.length - 1, Math.floor(t / this.slotS));
    const intoSlot = t - active * this.slotS;
    const phases: PhaseStatus[] = phaseIds.map((id, k) => {
      if (k === active && intoSlot < this.greenS) return { id, state: 'green', remainingS: round1(this.greenS - intoSlot) };
      if (k === active && intoSlot < this.greenS + yellowS) return { id, state: 'yellow', remainingS: round1(this.greenS + yellowS - intoSlot) };
      // Red until this phase's slot comes round again.
      const untilGreen = (((k * this.slotS - t) % cycleS) + cycleS) % cycleS;
      return { id, state: 'red', remainingS: round1(untilGreen) };
    });
    const seq = this.seq;
    this.seq = seq >= 4294967295 ? 0 : seq + 1;
    return this.stateTemplate.render({ ts: Math.floor(nowMs), seq, cycleSecond, phases });
  }

  status(online: boolean, tsMs: number): string {
    return this.statusTemplate.render({ online, ts: Math.floor(tsMs) });
  }
}
