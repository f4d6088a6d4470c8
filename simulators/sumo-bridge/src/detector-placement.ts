/**
 * Detectors for any city: a configuration without loops on its signalised approaches gets them placed here, one
 * stop-bar loop a few metres before the stop line and one advance loop upstream on every controlled incoming lane,
 * as SUMO would have them from an additional file. Pure: the bridge writes the XML and passes it to SUMO, and the
 * converter reads the same file, so the network model lists the same detectors the bridge publishes.
 */
import { contractId } from './convert/sumo-net-to-network';
import type { NetInductionLoop } from './convert/sumo-induction-loops';
import { laneChains } from './lane-chains';
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

/**
 * Loops to add: a stop-bar and an advance loop on every controlled incoming lane without any detector. The advance loop
 * goes on the lane itself when it is at least 40 m long; a shorter lane (lane-chains.ts: a turn bay or a lane added
 * splits an edge, and the controlled lanes may be a few metres long) gets a presence loop 22.5 m and an advance loop
 * 60 m before its stop line instead, on the lanes before it where it is too short for them, once per spot whatever the
 * number of controlled lanes a spot feeds. Measured on a random city-like net whose controlled lanes were 3–18 m bay
 * stubs (docs/eval-control.md, round 18): scats 129 s with the upstream advance loops alone, 93 s with the presence
 * loops too, SUMO's actuated controller 95 s. Long lanes keep stop-bar and advance loops only: presence loops there
 * held the corridor's main street green (52.6 against 27.5 s).
 */
export function placeDetectors(net: SumoNet, existing: readonly NetInductionLoop[]): NetInductionLoop[] {
  const chains = laneChains(net);
  const spots = new Set<string>();
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
    if (advanceM >= MIN_ADVANCE_DISTANCE_M) {
      add(contractId(`${laneId}-adv`), laneId, lengthM - advanceM);
      continue;
    }
    // A controlled lane too short for an advance loop is a stub after a lane split: its stop-bar loop sees only the
    // head of the queue and vehicles change lanes between it and a loop upstream, so the lane also gets a presence
    // loop where SUMO's actuated controller puts its own (QUEUE_LOOP_SETBACK_M), on the lanes before it if need be.
    for (const [suffix, distanceM] of [['queue', QUEUE_LOOP_SETBACK_M], ['adv', ADVANCE_DISTANCE_M]] as const) {
      const place = chains.upstreamPlace(laneId, distanceM);
      const spot = place && `${place.laneId}@${Math.round(place.posM * 10)}`;
      if (!place || !spot || spots.has(spot)) continue;
      spots.add(spot);
      add(contractId(`${laneId}-${suffix}`), place.laneId, place.posM);
    }
  }
  return placed;
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A SUMO additional file declaring the loops (SUMO's own output of them is discarded). */
export function inductionLoopsXml(loops: readonly NetInductionLoop[]): string {
  const lines = loops.map((l) => `  <inductionLoop id="${escapeXml(l.id)}" lane="${escapeXml(l.laneId)}" pos="${l.posM}" period="3600" file="NUL"/>`);
  return `<additional>\n${lines.join('\n')}\n</additional>\n`;
}
