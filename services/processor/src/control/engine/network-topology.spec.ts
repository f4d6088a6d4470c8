import { intersectionsOf, type NetworkModel } from '@arterial/contracts/network';
import { networkTopology } from './network-topology';
import { syntheticGrid } from './synthetic-grid';
import { loopsOnLeg } from './synthetic-loops.spec-helper';

/** The one-junction grid with presence loops 22.5 m out on the given lanes of the given legs. */
function withPresenceLoops(lanesByLeg: Record<string, number[]>): NetworkModel {
  const model = syntheticGrid(1, 1);
  const loops = Object.entries(lanesByLeg).flatMap(([leg, lanes]) => loopsOnLeg(model, leg, lanes, 22.5));
  return { ...model, features: [...model.features, ...loops] };
}

describe('networkTopology presence-bounded phases', () => {
  it('bounds the phases whose every approach has a presence loop on each lane', () => {
    // The junction's approaches have 3 lanes; phases 2 and 1 serve E and W, phases 4 and 3 serve N and S.
    const model = withPresenceLoops({ E: [1, 2, 3], W: [1, 2, 3], N: [1, 2, 3] });
    const id = intersectionsOf(model)[0]!.properties.id;
    expect(networkTopology(model).presenceBoundedPhases.get(id)).toEqual(new Set([1, 2]));
  });

  it('counts a loop before a lane split for every lane it feeds (feedsLanes)', () => {
    const model = withPresenceLoops({ E: [1, 2, 3], W: [1, 2] });
    // W's loop on lane 2 lies before its lane-3 bay opens: it sees both lanes' queues.
    const fed = { ...model, features: model.features.map((f) => (f.properties.kind === 'detector' && f.properties.id === 'W-22.5m-lane2' ? { ...f, properties: { ...f.properties, feedsLanes: [2, 3] } } : f)) };
    const id = intersectionsOf(model)[0]!.properties.id;
    expect(networkTopology(model).presenceBoundedPhases.size).toBe(0);
    expect(networkTopology(fed as NetworkModel).presenceBoundedPhases.get(id)).toEqual(new Set([1, 2]));
  });

  it('bounds none where a lane lacks one, or where loops are only at the stop bar and upstream', () => {
    expect(networkTopology(withPresenceLoops({ E: [1, 2], W: [1, 2, 3] })).presenceBoundedPhases.size).toBe(0);
    expect(networkTopology(syntheticGrid(1, 1)).presenceBoundedPhases.size).toBe(0);
  });
});
