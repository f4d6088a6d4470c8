import type { GbtLevel, LinkEstimate, Quantity } from '@arterial/contracts/api/v1';
import { Subject } from 'rxjs';
import type { EstimationUpdate } from '../estimation/estimation.service';
import type { LinkCongestionUpdate } from './congestion.source';
import type { LinkHorizonForecast } from '@arterial/contracts/api/v1';
import type { NetworkPrediction } from '../prediction/network.predictor';
import { CongestionSource } from './congestion.source';
import { congestionFeed, linkCongestionFeed, linkPredictionFeed } from './link-congestion.feed';
import { RecordingSink, noNames } from './recording-sink.spec-helper';

const missing: Quantity = { value: null, provenance: 'missing' };

function link(linkId: string, level: GbtLevel | null): LinkEstimate {
  return {
    linkId, district: 'network', roadClass: 'arterial', lengthM: 400,
    flowVph: missing, occupancyPct: missing, speedKph: missing, speedSource: 'none', densityVpkm: missing, travelTimeS: missing,
    freeFlowSpeedKph: missing, freeFlowTravelTimeS: missing, tti: missing, delayS: missing,
    level, levelZh: null, levelProvenance: level === null ? 'missing' : 'measured', notes: [],
  };
}

function update(links: LinkEstimate[]): EstimationUpdate {
  return { estimates: { tsMs: 0, detectors: [], approaches: [], links, areas: [] }, kpis: [] };
}

describe(linkCongestionFeed.name, () => {
  it('ranks every link of a step 1 (smooth) … 5 (seriously congested), null when ungraded', () => {
    const updates = new Subject<EstimationUpdate>();
    const seen: LinkCongestionUpdate[] = [];
    linkCongestionFeed(updates).subscribe((u) => seen.push(u));

    updates.next(update([link('a', 'smooth'), link('b', 'moderately-congested'), link('c', 'seriously-congested'), link('d', null)]));

    expect(seen).toEqual([
      { kind: 'levels', links: [{ linkId: 'a', level: 1 }, { linkId: 'b', level: 4 }, { linkId: 'c', level: 5 }, { linkId: 'd', level: null }] },
    ]);
  });
});

function horizon(horizonMin: number, level: GbtLevel | null, levelConfidence: number | null): LinkHorizonForecast {
  const v = { value: 20, lower: 15, upper: 25 };
  return { horizonMin, targetTs: horizonMin * 60_000, flowVph: v, speedKph: level === null ? null : v, occupancyPct: v, level, levelConfidence };
}

function prediction(links: Record<string, LinkHorizonForecast[]>): NetworkPrediction {
  return { issuedAt: 0, model: 'ridge', calibrated: true, horizonsMin: [5, 15, 30, 60], detectors: new Map(), links: new Map(Object.entries(links)) };
}

describe(linkPredictionFeed.name, () => {
  it('turns every graded horizon into a forecast with lead time (s), rank and confidence; ungraded ones are left out', () => {
    const updates = new Subject<NetworkPrediction>();
    const seen: LinkCongestionUpdate[] = [];
    linkPredictionFeed(updates).subscribe((u) => seen.push(u));

    updates.next(prediction({ a: [horizon(5, 'lightly-congested', 0.7), horizon(15, 'seriously-congested', 0.65), horizon(30, null, null)] }));

    expect(seen).toEqual([
      {
        kind: 'predictions',
        links: [
          { linkId: 'a', leadTimeS: 300, level: 3, confidence: 0.7 },
          { linkId: 'a', leadTimeS: 900, level: 5, confidence: 0.65 },
        ],
      },
    ]);
  });
});

describe(congestionFeed.name, () => {
  it('merges levels and forecasts, so a predicted jam raises congestion-predicted with lead time and confidence', () => {
    const estimation = new Subject<EstimationUpdate>();
    const predictions = new Subject<NetworkPrediction>();
    const sink = new RecordingSink();
    const source = new CongestionSource(sink, { congestedLevel: 4, minConfidence: 0.6, raiseSteps: 1, clearSteps: 1, predictedRaiseSteps: 1, predictedClearSteps: 1 }, noNames);
    const kinds: string[] = [];
    congestionFeed(estimation, predictions).subscribe((u) => {
      kinds.push(u.kind);
      source.apply(u);
    });

    estimation.next(update([link('a', 'basically-smooth')]));
    predictions.next(prediction({ a: [horizon(5, 'lightly-congested', 0.8), horizon(15, 'moderately-congested', 0.55), horizon(30, 'seriously-congested', 0.72)] }));
    // the jam arrives: congestion now replaces the predicted alert
    estimation.next(update([link('a', 'seriously-congested')]));

    expect(kinds).toEqual(['levels', 'predictions', 'levels']);
    expect(sink.summary()).toEqual(['raise congestion-predicted|link|a', 'end congestion-predicted|link|a', 'raise congestion|link|a']);
    const raised = sink.events[0];
    expect(raised?.op === 'raise' ? raised.condition.details : undefined).toEqual({ level: 5, leadTimeS: 1800, confidence: 0.72 });
  });
});
