import * as fs from 'node:fs';
import * as path from 'node:path';
import { conflictingGreens, junctionViolations } from './junction-safety';
import { intersectionsOf, parseNetworkModel, type IntersectionProperties } from './network.schema';

const demo = parseNetworkModel(JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'networks', 'demo.geojson'), 'utf8')));
const junctions = intersectionsOf(demo).map((f) => f.properties);
const junction: IntersectionProperties = junctions[0]!;
const rules = (j: IntersectionProperties) => junctionViolations(j).map((v) => v.rule);
const withPhase = (id: number, change: (p: IntersectionProperties['phases'][number]) => object): IntersectionProperties => ({
  ...junction,
  phases: junction.phases.map((p) => (p.id === id ? { ...p, ...change(p) } : p)),
});

describe(junctionViolations.name, () => {
  it('accepts every junction of the demo network', () => {
    for (const j of junctions) expect(junctionViolations(j)).toEqual([]);
  });

  it('checks yellow against the ITE formula where the approach speed is given', () => {
    expect(rules(withPhase(2, () => ({ approachSpeedKph: 50 })))).toEqual([]);
    expect(junctionViolations(withPhase(2, () => ({ approachSpeedKph: 80, gradePct: -3 })))).toEqual([
      { rule: 'yellow-too-short', phase: 2, yellowS: 4, requiredS: expect.closeTo(1 + 80 / 3.6 / (6.1 - 2 * 0.03 * 9.81), 6) },
    ]);
    expect(rules(withPhase(2, () => ({ yellowS: 2.5 })))).toEqual(['yellow-out-of-range']);
  });

  it('checks all-red against the crossing width where it is given', () => {
    expect(rules(withPhase(2, () => ({ approachSpeedKph: 50, crossingWidthM: 20 })))).toEqual([]);
    expect(rules(withPhase(2, () => ({ approachSpeedKph: 30, crossingWidthM: 20 })))).toEqual(['all-red-too-short']);
  });

  it('checks walk and pedestrian clearance', () => {
    expect(rules(withPhase(2, (p) => ({ pedestrian: { ...p.pedestrian!, crossingM: 21 } })))).toEqual([]);
    expect(rules(withPhase(2, (p) => ({ pedestrian: { ...p.pedestrian!, crossingM: 24 } })))).toEqual(['pedestrian-clearance-too-short']);
    expect(rules(withPhase(2, (p) => ({ pedestrian: { ...p.pedestrian!, walkS: 5 } })))).toEqual(['walk-too-short']);
    expect(rules(withPhase(2, (p) => ({ pedestrian: { ...p.pedestrian!, walkS: 5, lowVolume: true } })))).toEqual([]);
  });

  it('finds a pair of crossing phases missing from the conflict list', () => {
    const dropped = { ...junction, conflicts: junction.conflicts.filter(([a, b]) => !(a === 2 && b === 4)) };
    expect(junctionViolations(dropped)).toEqual([{ rule: 'conflict-missing', phase: 2, otherPhase: 4 }]);
  });

  it('finds a phase whose own movements cross, but lets a permissive left yield', () => {
    const through = junction.phases.find((p) => p.id === 2)!;
    const left = junction.phases.find((p) => p.id === 1)!;
    const permissive = left.movements.map((m) => ({ ...m, protected: false }));
    expect(rules(withPhase(2, () => ({ movements: [...through.movements, ...permissive] })))).not.toContain('phase-self-conflict');
    const northSouth = junction.phases.find((p) => p.id === 4)!.movements;
    expect(rules(withPhase(2, () => ({ movements: [...through.movements, ...northSouth] })))).toContain('phase-self-conflict');
    expect(rules({ ...junction, conflicts: [...junction.conflicts, [3, 3]] })).toEqual(['phase-self-conflict']);
  });
});

describe(conflictingGreens.name, () => {
  it('reports each listed conflicting pair among the greens once, ordered', () => {
    expect(conflictingGreens(junction, [2])).toEqual([]);
    expect(conflictingGreens(junction, [4, 2])).toEqual([[2, 4]]);
    expect(conflictingGreens({ conflicts: [[4, 2], [2, 4], [1, 1]] }, [1, 2, 4])).toEqual([[2, 4]]);
  });
});
