/**
 * Combines lane detectors into a cross-section (an approach, or a link): flow summed over lanes and scaled up when
 * some lanes report nothing, occupancy averaged, speed as the flow-weighted harmonic mean. On signalised links the
 * speed comes from advance detectors when any has one: a stop-bar loop sees queues form and discharge every cycle,
 * so its occupancy and speed describe the signal more than the link (ALGORITHMS.md, "Signal-controlled links").
 */
import type { CrossSectionEstimate, DetectorEstimate } from './estimation.types';
import { MISSING, aggregated, isKnown, weakenTo, type Quantity } from './provenance';
import { flowWeightedHarmonicMeanKph } from './traffic-flow.formulas';

export const LANE_SCALED = 'lane-coverage-scaled';
export const HARMONIC_MEAN = 'flow-weighted-harmonic-mean';

interface Group {
  readonly flowVph: Quantity;
  readonly occupancyPct: Quantity;
  readonly speedKph: Quantity;
  readonly lanesCovered: number;
}

function group(detectors: readonly DetectorEstimate[], lanes: number): Group {
  const byLane = new Map<number, DetectorEstimate[]>();
  for (const d of detectors) {
    if (!isKnown(d.flowVph)) continue;
    const lane = byLane.get(d.lane);
    if (lane) lane.push(d);
    else byLane.set(d.lane, [d]);
  }
  const laneFlows: Quantity[] = [];
  let flow = 0;
  for (const ds of byLane.values()) {
    // two detectors on one lane count the same vehicles: take their mean, not their sum
    const mean = ds.reduce((s, d) => s + (d.flowVph.value ?? 0), 0) / ds.length;
    flow += mean;
    laneFlows.push(...ds.map((d) => d.flowVph));
  }
  let flowQ = laneFlows.length > 0 ? aggregated(flow, 'lane-sum', laneFlows) : MISSING;
  if (isKnown(flowQ) && byLane.size < lanes) flowQ = weakenTo({ ...flowQ, value: (flow * lanes) / byLane.size }, 'estimated', LANE_SCALED);

  const occ = detectors.map((d) => d.occupancyPct).filter(isKnown);
  const occupancyQ = occ.length > 0 ? aggregated(occ.reduce((s, q) => s + q.value, 0) / occ.length, 'lane-mean', occ) : MISSING;

  const speedInputs = detectors.filter((d) => isKnown(d.speedKph) && isKnown(d.flowVph) && (d.flowVph.value ?? 0) > 0);
  const v = flowWeightedHarmonicMeanKph(speedInputs.map((d) => ({ flowVph: d.flowVph.value ?? 0, speedKph: d.speedKph.value ?? 0 })));
  const speedQ = v === null ? MISSING : aggregated(v, HARMONIC_MEAN, speedInputs.flatMap((d) => [d.speedKph, d.flowVph]));
  return { flowVph: flowQ, occupancyPct: occupancyQ, speedKph: speedQ, lanesCovered: byLane.size };
}

/** `lanes`: lanes of the cross-section (approach or link), to scale flows when lanes are missing. */
export function aggregateCrossSection(detectors: readonly DetectorEstimate[], lanes: number): CrossSectionEstimate {
  const advance = group(
    detectors.filter((d) => d.placement === 'advance'),
    lanes,
  );
  const stopBar = group(
    detectors.filter((d) => d.placement === 'stop-bar'),
    lanes,
  );
  // flow: the section that sees more lanes (both count the same vehicles); ties go to advance
  const flowFrom = stopBar.lanesCovered > advance.lanesCovered ? stopBar : advance;
  const speedFromAdvance = isKnown(advance.speedKph);
  return {
    flowVph: flowFrom.flowVph,
    // occupancy, like speed, from advance loops when they have it: stop-bar occupancy during red is queue, not link state
    occupancyPct: isKnown(advance.occupancyPct) ? advance.occupancyPct : stopBar.occupancyPct,
    speedKph: speedFromAdvance ? advance.speedKph : stopBar.speedKph,
    speedSource: speedFromAdvance ? 'advance' : isKnown(stopBar.speedKph) ? 'stop-bar' : 'none',
  };
}
