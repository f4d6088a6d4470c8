/** SUMO's complete traffic light program definition (getAllProgramLogics / setProgramLogic) and its codec. */
import { TraciProtocolError, type TraciReader, TraciWriter } from './traci-codec';

export interface TlsPhase {
  durationS: number;
  /** One character per controlled link: r, y, g, G, s, u, o, O. */
  state: string;
  minDurS: number;
  maxDurS: number;
  next: number[];
  name: string;
}

export interface TlsLogic {
  programId: string;
  /** 0 static, 3 actuated, 4 delay based. */
  type: number;
  currentPhaseIndex: number;
  phases: TlsPhase[];
  subParameters: Record<string, string>;
}

/** Reads the value of TL_COMPLETE_DEFINITION_RYG after its type tag (a compound: count, then logics). */
export function readLogics(r: TraciReader): TlsLogic[] {
  const count = r.int();
  const logics: TlsLogic[] = [];
  for (let i = 0; i < count; i++) {
    expectItems(r.compound(), 5, 'logic');
    const programId = r.typedString();
    const type = r.typedInt();
    const currentPhaseIndex = r.typedInt();
    const phaseCount = r.compound();
    const phases: TlsPhase[] = [];
    for (let p = 0; p < phaseCount; p++) {
      expectItems(r.compound(), 6, 'phase');
      const durationS = r.typedDouble();
      const state = r.typedString();
      const minDurS = r.typedDouble();
      const maxDurS = r.typedDouble();
      const nextCount = r.compound();
      const next: number[] = [];
      for (let n = 0; n < nextCount; n++) next.push(r.typedInt());
      const name = r.typedString();
      phases.push({ durationS, state, minDurS, maxDurS, next, name });
    }
    const paramCount = r.compound();
    const subParameters: Record<string, string> = {};
    for (let k = 0; k < paramCount; k++) {
      const [key, value] = r.typedStringList();
      if (key !== undefined) subParameters[key] = value ?? '';
    }
    logics.push({ programId, type, currentPhaseIndex, phases, subParameters });
  }
  return logics;
}

/** Writes a logic as the typed value of TL_COMPLETE_PROGRAM_RYG (what setProgramLogic sends). */
export function writeLogic(logic: TlsLogic): Buffer {
  const w = new TraciWriter().compound(5).typedString(logic.programId).typedInt(logic.type).typedInt(logic.currentPhaseIndex).compound(logic.phases.length);
  for (const p of logic.phases) {
    w.compound(6).typedDouble(p.durationS).typedString(p.state).typedDouble(p.minDurS).typedDouble(p.maxDurS).compound(p.next.length);
    for (const n of p.next) w.typedInt(n);
    w.typedString(p.name);
  }
  const params = Object.entries(logic.subParameters);
  w.compound(params.length);
  for (const kv of params) w.typedStringList(kv);
  return w.toBuffer();
}

function expectItems(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new TraciProtocolError(`${what}: expected compound of ${expected} items, got ${actual}`);
}
