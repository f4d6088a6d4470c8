/**
 * The traffic simulator's 1 × 2 grid recast with two-phase junctions and 20–30 s cycles: a controller changes plan
 * only at a cycle boundary, so short cycles let a fault test see controllers leave and rejoin centre plans within
 * seconds instead of minutes. Each through phase takes its approaches' left turns as permissive (yielding) turns, so
 * the two phases conflict only with each other; pedestrian timings are left out to allow 5 s minimum greens.
 */
import type { IntersectionFeature, IntersectionProperties, NetworkModel, PhaseDefinition } from '@arterial/contracts/network';
import { gridNetwork } from '@arterial/traffic-sim';

/** Grid phase numbering (phasing.ts): 2 and 4 are the through phases, 1 and 3 their protected lefts. */
const LEFT_OF_THROUGH: Record<number, number> = { 2: 1, 4: 3 };

function twoPhase(junction: IntersectionProperties): IntersectionProperties {
  const phaseById = new Map(junction.phases.map((p) => [p.id, p]));
  const phases: PhaseDefinition[] = [2, 4].map((id) => {
    const { pedestrian: _pedestrian, ...through } = phaseById.get(id)!;
    const lefts = phaseById.get(LEFT_OF_THROUGH[id]!)!.movements.map((m) => ({ ...m, protected: false }));
    // 2 × (5 s minimum green + 3 s yellow + 1.5 s all-red) fits the 20 s shortest cycle.
    return { ...through, movements: [...through.movements, ...lefts], minGreenS: 5, maxGreenS: 20, yellowS: 3, allRedS: 1.5 };
  });
  return {
    ...junction,
    phases,
    sequence: [2, 4],
    conflicts: [[2, 4]],
    cycleBounds: { minS: 20, maxS: 30 },
    fallbackPlan: { planId: junction.fallbackPlan.planId, cycleS: 20, offsetS: 0, splits: [{ phase: 2, greenS: 6 }, { phase: 4, greenS: 5 }] },
  };
}

export function shortCycleNetwork(): NetworkModel {
  const model = gridNetwork({ rows: 1, cols: 2 });
  const features = model.features.map((f) => (f.properties.kind === 'intersection' ? { ...(f as IntersectionFeature), properties: twoPhase((f as IntersectionFeature).properties) } : f));
  return { ...model, name: 'Grid 1 × 2, two phases, short cycles', features };
}
