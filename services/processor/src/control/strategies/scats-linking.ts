/**
 * SCATS linking ("marriage"): junctions of a coordinated group whose planned cycles are within the tolerance of each
 * other run the largest of them, so they stay in step; further apart, each keeps its own (divorce). The engine then
 * replans the married members with that cycle as their coordination.
 */
import type { CoordinationGroup } from './coordination-groups';
import type { Coordination } from './strategy.types';

/** Cycles this close (s) marry. */
export const MARRIAGE_TOLERANCE_S = 12;

export function marryCycles(group: CoordinationGroup, plannedCycleS: ReadonlyMap<string, number>, feasibleMaxS: ReadonlyMap<string, number>): Map<string, Coordination> {
  const cycles = group.junctionIds.map((id) => plannedCycleS.get(id));
  if (cycles.some((c) => c === undefined)) return new Map();
  const values = cycles as number[];
  const commonS = Math.max(...values);
  if (commonS - Math.min(...values) > MARRIAGE_TOLERANCE_S) return new Map();
  if (group.junctionIds.some((id) => (feasibleMaxS.get(id) ?? 0) < commonS)) return new Map();
  return new Map(group.junctionIds.map((id) => [id, { groupId: group.id, cycleS: commonS, extra: { marriedCycleS: commonS, members: group.junctionIds.length } }]));
}
