/**
 * Which control runs the lights: the platform's plans, or one of SUMO's built-in controllers as the baseline an
 * evaluation compares against. For a built-in, every light's program is re-declared in an additional file with that
 * type under a new program id; SUMO activates the last program it loads for a light, so the bridge only observes.
 * Green phases get the same minimum and maximum the bridge's junction limits give the platform (junction-limits.ts),
 * so every variant plays by the same limits; change intervals stay fixed.
 */
import { phaseLimitsOf } from './junction-limits';
import { signalProgramOf } from './signal-program';
import type { NetTlLogic } from './sumo-net';

export type ControlProgram = 'platform' | 'sumo-static' | 'sumo-actuated' | 'sumo-delay-based';
export const CONTROL_PROGRAMS: readonly ControlProgram[] = ['platform', 'sumo-static', 'sumo-actuated', 'sumo-delay-based'];

const SUMO_TYPE: Record<Exclude<ControlProgram, 'platform'>, string> = {
  'sumo-static': 'static',
  'sumo-actuated': 'actuated',
  'sumo-delay-based': 'delay_based',
};

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The additional file switching every light to SUMO's controller of that kind (program id = the program's name). */
export function builtInProgramsXml(logics: readonly NetTlLogic[], program: Exclude<ControlProgram, 'platform'>, minGreenS: number): string {
  const blocks = logics.map((tl) => {
    const asLogic = { programId: tl.programId, type: 0, currentPhaseIndex: 0, subParameters: {}, phases: tl.phases.map((p) => ({ ...p, minDurS: p.durationS, maxDurS: p.durationS, next: [], name: '' })) };
    const greens = new Map<number, { minGreenS: number; maxGreenS: number }>();
    try {
      for (const ph of signalProgramOf(asLogic).phases) greens.set(ph.greenIndex, phaseLimitsOf(ph, minGreenS));
    } catch {
      // A program without a green phase (all off, blinking) has nothing to actuate: it is re-declared unchanged.
    }
    const phases = tl.phases.map((p, i) => {
      const g = greens.get(i);
      const limits = g ? ` minDur="${g.minGreenS}" maxDur="${g.maxGreenS}"` : '';
      return `    <phase duration="${p.durationS}" state="${escapeXml(p.state)}"${limits}/>`;
    });
    return `  <tlLogic id="${escapeXml(tl.id)}" type="${SUMO_TYPE[program]}" programID="${program}" offset="0">\n${phases.join('\n')}\n  </tlLogic>`;
  });
  return `<additional>\n${blocks.join('\n')}\n</additional>\n`;
}
