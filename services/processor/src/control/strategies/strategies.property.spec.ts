import * as path from 'node:path';
import { intersectionsOf, planChangeViolations, timingViolations, type IntersectionProperties, type PlanTiming } from '@arterial/contracts/network';
import fc from 'fast-check';
import { loadNetworkFile } from '../../network/network.service';
import { STRATEGIES } from './strategy-registry';
import type { ApproachDemand, JunctionDemand, PlanningContext } from './strategy.types';

const model = loadNetworkFile(path.resolve(__dirname, '..', '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson'));
const junctions = intersectionsOf(model).map((f) => f.properties);

/** The demo's junctions with half-second all-reds too, so fractional lost time is covered. */
function withHalfSecondClearance(j: IntersectionProperties): IntersectionProperties {
  return { ...j, phases: j.phases.map((p, i) => (i === 0 ? { ...p, allRedS: p.allRedS + 0.5 } : p)) };
}

function demandFrom(junction: IntersectionProperties, flows: number[], queues: number[]): JunctionDemand {
  const approaches = new Map<string, ApproachDemand>(
    junction.approaches.map((a, i) => [a.id, { approachId: a.id, lanes: a.lanes, flowVph: flows[i % flows.length]!, trusted: true, queuePerLaneVeh: queues[i % queues.length]! }]),
  );
  return { intersectionId: junction.id, tsMs: 0, approaches, downstreamPerLaneVeh: new Map(), exitLinks: new Map(), detectorsUsed: 8, detectorsFaulty: 0 };
}

describe('every strategy', () => {
  it('emits only plans that pass timingViolations and planChangeViolations, whatever the demand and running plan', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...junctions.slice(0, 6)),
        fc.boolean(),
        fc.constantFrom(...(Object.keys(STRATEGIES) as Array<keyof typeof STRATEGIES>)),
        fc.array(fc.integer({ min: 0, max: 4000 }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.option(fc.record({ cycleS: fc.integer({ min: 30, max: 180 }), phaseIndex: fc.nat(), passageS: fc.double({ min: 1, max: 6, noNaN: true }) }), { nil: undefined }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        (base, halfSecond, name, flows, queues, rounds, group, presence) => {
          const junction = halfSecond ? withHalfSecondClearance(base) : base;
          const demand = demandFrom(junction, flows, queues);
          let running: PlanTiming = { ...junction.fallbackPlan };
          if (halfSecond) running = STRATEGIES.webster(junction, demandFrom(junction, [300], [0]), contextFor(junction, { ...running, cycleS: running.cycleS, splits: running.splits.map((s, i) => (i === 0 ? { ...s, greenS: s.greenS - 0.5 } : s)) })).timing;
          for (let i = 0; i <= rounds; i++) {
            // A coordinated group (green-wave, SCATS marriage) with its through phase, and passage times: the actuated paths.
            const coordination = group && { groupId: 'g', cycleS: group.cycleS, coordinatedPhase: junction.sequence[group.phaseIndex % junction.sequence.length]! };
            const passageS = group && new Map(junction.sequence.map((id) => [id, group.passageS]));
            // Phases bounded by presence loops (free maximum at the phase maximum), some or none.
            const presenceBoundedPhases = new Set(junction.sequence.filter((_, k) => presence[k % presence.length]));
            const context = { ...contextFor(junction, running), presenceBoundedPhases, ...(coordination ? { coordination, passageS } : {}) };
            const next = STRATEGIES[name](junction, demand, context).timing;
            expect(timingViolations(junction, next)).toEqual([]);
            for (const split of next.splits) if (split.actuation) expect(split.actuation.minGreenS).toBeLessThanOrEqual(split.greenS);
            expect(planChangeViolations(running, next, junction)).toEqual([]);
            expect(next.splits.filter((s) => !Number.isInteger(s.greenS)).length).toBeLessThanOrEqual(halfSecond ? 1 : 0);
            running = next;
          }
        },
      ),
      { numRuns: 150, seed: 20261130 },
    );
  });
});

function contextFor(junction: IntersectionProperties, running: PlanTiming): PlanningContext {
  return { nowMs: 0, running, cycleBounds: junction.cycleBounds ?? { minS: 30, maxS: 180 }, changeLimits: { maxCycleStepS: 10, maxGreenStepS: 10 } };
}
