/** Synthetic detector estimates for specs and the prediction-step bench: a slow wave of traffic, optionally a jam. */
import { detectorsOf, type NetworkModel } from '@arterial/contracts/network';
import type { DetectorEstimate } from '../../estimation/estimation.types';
import type { Quantity } from '../../estimation/provenance';

export function measured(value: number): Quantity {
  return { value, provenance: 'measured' };
}

export function estimate(detectorId: string, linkId: string, flowVph: Quantity, speedKph: Quantity, occupancyPct: Quantity): DetectorEstimate {
  return {
    detectorId, linkId, approachId: `${linkId}-a`, placement: 'advance', lane: 1, flowVph, occupancyPct, speedKph, densityVpkm: { value: null, provenance: 'missing' },
    effectiveLengthM: 6, effectiveLengthSource: 'default',
    quality: { usedMeasurement: true, received: true, sampleIssues: [], status: 'good', score: 100, completeness: 1, faults: [], warnings: [] },
  };
}

/** Every detector of a network at minute `t`; `jam(t, linkId)` slows a link down. */
export function stepEstimates(network: NetworkModel, t: number, random: () => number, jam: (t: number, linkId: string) => boolean = () => false): DetectorEstimate[] {
  return detectorsOf(network).map(({ properties: d }, i) => {
    const slow = jam(t, d.linkId);
    const wave = Math.sin(t / 30 + i);
    const speed = slow ? 8 + random() : 45 + 5 * wave + 2 * random();
    return estimate(d.id, d.linkId, measured(600 + 200 * wave + 40 * random()), measured(speed), measured(slow ? 60 : 12 + 4 * wave + random()));
  });
}
