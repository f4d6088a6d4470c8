/**
 * Detectors for any city: a configuration without loops on its signalised approaches gets them placed here, one
 * stop-bar loop a few metres before the stop line and one advance loop upstream on every controlled incoming lane,
 * as SUMO would have them from an additional file. Pure: the bridge writes the XML and passes it to SUMO, and the
 * converter reads the same file, so the network model lists the same detectors the bridge publishes.
 */
import { contractId } from './convert/sumo-net-to-network';
import type { NetInductionLoop } from './convert/sumo-induction-loops';
import type { SumoNet } from './sumo-net';

/** `auto`: place loops on controlled lanes that have none; `config`: only the configuration's; `none`: no detectors. */
export type DetectorMode = 'auto' | 'config' | 'none';
export const DETECTOR_MODES: readonly DetectorMode[] = ['auto', 'config', 'none'];

/** Stop-bar loop: this far before the lane's end (the stop line). */
export const STOP_BAR_SETBACK_M = 3;
/**
 * Queue loop: this far before the stop line, where SUMO's actuated controller puts its own loops (about 2 s of travel,
 * a few vehicles of queue); an actuated phase holds its green while a vehicle stands on it (actuation.ts). The
 * evaluation's grids have them (grid-scenario.ts `queueLoops`); `placeDetectors` does not place them: on the
 * evaluation corridor they held side-street greens while the main street waited (docs/eval-control.md).
 */
export const QUEUE_LOOP_SETBACK_M = 22.5;
/** Advance loop: this far before the stop line, where the lane is long enough. */
export const ADVANCE_DISTANCE_M = 60;
/** Shorter lanes get no advance loop: it would sit within the converter's stop-bar distance (30 m) plus a margin. */
export const MIN_ADVANCE_DISTANCE_M = 40;

/** Lane ids of incoming lanes whose connections a traffic light controls, in net order. */
export function controlledIncomingLanes(net: SumoNet): string[] {
  const lanes = new Set<string>();
  for (const c of net.connections) if (c.tl !== undefined && c.linkIndex !== undefined) lanes.add(`${c.from}_${c.fromLane}`);
  return [...lanes];
}

/** Loops to add: a stop-bar and (on lanes ≥ 40 m) an advance loop on every controlled incoming lane without any detector. */
export function placeDetectors(net: SumoNet, existing: readonly NetInductionLoop[]): NetInductionLoop[] {
  const lengths = new Map(net.edges.flatMap((e) => e.lanes.map((l) => [l.id, l.lengthM] as const)));
  const covered = new Set(existing.map((d) => d.laneId));
  const taken = new Set(existing.map((d) => d.id));
  const placed: NetInductionLoop[] = [];
  const add = (id: string, laneId: string, posM: number): void => {
    if (taken.has(id)) return;
    taken.add(id);
    placed.push({ id, laneId, posM: Math.round(posM * 10) / 10 });
  };
  for (const laneId of controlledIncomingLanes(net)) {
    const lengthM = lengths.get(laneId);
    if (lengthM === undefined || covered.has(laneId)) continue;
    add(contractId(`${laneId}-stop`), laneId, Math.max(0, lengthM - STOP_BAR_SETBACK_M));
    const advanceM = Math.min(ADVANCE_DISTANCE_M, lengthM - 1);
    if (advanceM >= MIN_ADVANCE_DISTANCE_M) add(contractId(`${laneId}-adv`), laneId, lengthM - advanceM);
  }
  return placed;
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A SUMO additional file declaring the loops (SUMO's own output of them is discarded). */
export function inductionLoopsXml(loops: readonly NetInductionLoop[]): string {
  const lines = loops.map((l) => `  <inductionLoop id="${escapeXml(l.id)}" lane="${escapeXml(l.laneId)}" pos="${l.posM}" period="3600" file="NUL"/>`);
  return `<additional>\n${lines.join('\n')}\n</additional>\n`;
}
