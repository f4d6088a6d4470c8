/** Which devices a fleet emulates: from plain counts, or from a network model (the same file the processor reads). */
import { detectorsOf, intersectionsOf, type NetworkModel } from '@arterial/contracts/network';
import { isValidId } from '@arterial/contracts/mqtt/v1';
import { defaultProgram, type ControllerProgram } from '../payload/controller-emulator';

export interface PlannedIntersection {
  /** Intersection id: the controller's topic id and the cabinet its detectors sit in. */
  id: string;
  program: ControllerProgram;
  detectorIds: string[];
}

export interface FleetPlan {
  intersections: PlannedIntersection[];
}

export interface CountPlanOptions {
  intersections: number;
  detectorsPerIntersection: number;
  /** Id prefix, e.g. 'F' gives F00001 and detectors F00001-d1 … (default 'fleet'). */
  idPrefix?: string;
}

export function planFromCounts(options: CountPlanOptions): FleetPlan {
  const { intersections, detectorsPerIntersection } = options;
  if (!Number.isInteger(intersections) || intersections < 1 || intersections > 100_000) throw new Error(`intersections must be an integer 1–100000, got ${intersections}`);
  if (!Number.isInteger(detectorsPerIntersection) || detectorsPerIntersection < 0 || detectorsPerIntersection > 64) {
    throw new Error(`detectors per intersection must be an integer 0–64, got ${detectorsPerIntersection}`);
  }
  const prefix = options.idPrefix ?? 'fleet';
  const width = Math.max(5, String(intersections).length);
  const list: PlannedIntersection[] = [];
  for (let i = 1; i <= intersections; i += 1) {
    const id = `${prefix}${String(i).padStart(width, '0')}`;
    if (!isValidId(`${id}-d${detectorsPerIntersection}`)) throw new Error(`id prefix ${JSON.stringify(prefix)} gives invalid device ids such as ${id}`);
    list.push({ id, program: defaultProgram(id), detectorIds: Array.from({ length: detectorsPerIntersection }, (_, d) => `${id}-d${d + 1}`) });
  }
  return { intersections: list };
}

/** Every intersection of the model with its own phases and fallback plan, and the detectors wired to it. */
export function planFromNetwork(model: NetworkModel): FleetPlan {
  const byIntersection = new Map<string, string[]>();
  for (const d of detectorsOf(model)) {
    const list = byIntersection.get(d.properties.intersectionId) ?? [];
    list.push(d.properties.id);
    byIntersection.set(d.properties.intersectionId, list);
  }
  return {
    intersections: intersectionsOf(model).map(({ properties: p }) => {
      const phaseIds = p.sequence.length > 0 ? p.sequence : p.phases.map((ph) => ph.id);
      const first = p.phases[0];
      const program: ControllerProgram = {
        planId: p.fallbackPlan.planId,
        cycleS: p.fallbackPlan.cycleS,
        offsetS: p.fallbackPlan.offsetS % p.fallbackPlan.cycleS,
        phaseIds: [...new Set(phaseIds)],
        yellowS: first?.yellowS ?? 3,
        allRedS: first?.allRedS ?? 2,
      };
      return { id: p.id, program, detectorIds: byIntersection.get(p.id) ?? [] };
    }),
  };
}
