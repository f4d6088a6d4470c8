import { intersectionsOf, type IntersectionFeature, type NetworkModel } from '@arterial/contracts/network';
import { MISSING, measured } from '../../estimation/provenance';
import { DemandTracker } from './demand-tracker';
import { networkTopology } from './network-topology';
import { syntheticEstimates } from './synthetic-estimates';
import { syntheticGrid } from './synthetic-grid';
import { loopsOnLeg } from './synthetic-loops.spec-helper';

const LANE_TURNS = [['right', 'through'], ['through'], ['left']] as const;

/** One junction whose west approach (3 lanes) has lane use and a stop-bar loop on every lane. */
function modelWithLaneUse(laneUse: boolean): NetworkModel {
  const model = syntheticGrid(1, 1);
  const junction = intersectionsOf(model)[0] as IntersectionFeature;
  const west = junction.properties.approaches.find((a) => a.id.endsWith('-W'))!;
  const features = model.features.map((f) => {
    if (f !== junction) return f;
    const approaches = f.properties.approaches.map((a) => (a === west && laneUse ? { ...a, laneTurns: LANE_TURNS.map((t) => [...t]) } : a));
    return { ...f, properties: { ...f.properties, approaches } };
  });
  return { ...model, features: [...features, ...loopsOnLeg(model, 'W', [1, 3], 1)] };
}

/** Stop-bar flows by lane of the west approach (lane 2 is the grid's own `…-W-S` loop); 900 veh/h elsewhere. */
function estimatesOf(model: NetworkModel, tsMs: number, byLane: Record<number, number | null>) {
  const base = syntheticEstimates(model, tsMs, () => 900);
  return {
    ...base,
    detectors: base.detectors.map((d) => {
      if (!d.approachId.endsWith('-W') || d.placement !== 'stop-bar') return d;
      const flow = byLane[d.lane];
      return flow === undefined ? d : { ...d, flowVph: flow === null ? MISSING : measured(flow) };
    }),
  };
}

function westDemand(model: NetworkModel, byLane: Record<number, number | null>) {
  const tracker = new DemandTracker(networkTopology(model), { smoothingS: 900, staleAfterS: 600 });
  tracker.ingest(estimatesOf(model, 60_000, byLane));
  const junction = intersectionsOf(model)[0]!.properties;
  const demand = tracker.demandFor(junction, junction.fallbackPlan);
  return demand.approaches.get(junction.approaches.find((a) => a.id.endsWith('-W'))!.id)!;
}

describe(DemandTracker.name, () => {
  it('gives each lane its own stop-bar flow, with the lane use, when the network has lane use', () => {
    const west = westDemand(modelWithLaneUse(true), { 1: 300, 2: 400, 3: 250 });
    expect(west.laneFlowsVph).toEqual([300, 400, 250]);
    expect(west.laneTurns).toEqual(LANE_TURNS);
  });

  it('gives no lane flows without lane use in the network', () => {
    const west = westDemand(modelWithLaneUse(false), { 1: 300, 2: 400, 3: 250 });
    expect(west.laneFlowsVph).toBeUndefined();
    expect(west.flowVph).toBe(900);
  });

  it('gives no lane flows while one lane has no trusted count (the default shares stand)', () => {
    const west = westDemand(modelWithLaneUse(true), { 1: 300, 2: 400, 3: null });
    expect(west.trusted).toBe(true);
    expect(west.laneFlowsVph).toBeUndefined();
  });

  it('smooths lane flows like approach flows', () => {
    const model = modelWithLaneUse(true);
    const tracker = new DemandTracker(networkTopology(model), { smoothingS: 60, staleAfterS: 600 });
    tracker.ingest(estimatesOf(model, 60_000, { 1: 300, 2: 400, 3: 200 }));
    tracker.ingest(estimatesOf(model, 120_000, { 1: 300, 2: 400, 3: 400 }));
    const junction = intersectionsOf(model)[0]!.properties;
    const west = tracker.demandFor(junction, junction.fallbackPlan).approaches.get(junction.approaches.find((a) => a.id.endsWith('-W'))!.id)!;
    expect(west.laneFlowsVph?.[2]).toBeCloseTo(200 + (1 - Math.exp(-1)) * 200, 6);
  });
});
