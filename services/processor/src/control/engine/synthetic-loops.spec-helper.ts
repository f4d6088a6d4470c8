/** Loops added by hand to the approach on one leg (N, E, S or W) of a synthetic grid's first junction, for specs. */
import { intersectionsOf, type DetectorFeature, type NetworkModel } from '@arterial/contracts/network';

export function loopsOnLeg(model: NetworkModel, leg: string, lanes: readonly number[], distanceFromStopLineM: number): DetectorFeature[] {
  const junction = intersectionsOf(model)[0]!;
  const approach = junction.properties.approaches.find((a) => a.id.endsWith(`-${leg}`))!;
  return lanes.map((lane) => ({
    type: 'Feature',
    geometry: junction.geometry,
    properties: {
      kind: 'detector', id: `${leg}-${distanceFromStopLineM}m-lane${lane}`, intersectionId: junction.properties.id, approachId: approach.id, linkId: approach.linkId,
      lane, placement: 'stop-bar', distanceFromStopLineM, technology: 'loop', intervalS: 60,
    },
  }));
}
