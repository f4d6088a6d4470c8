/**
 * One estimation step over the whole network: data quality first (each new sample checked, each detector's rolling
 * diagnosis), then imputation for detectors whose interval is missing or not to be trusted, then estimates per
 * detector, approach, link and area. The engine keeps the learned state (quality windows, regressions, time-of-day
 * profiles, effective lengths, free-flow speeds); results depend only on the network, that state, the samples given
 * and the step time: it never reads the wall clock, so replay reproduces live runs.
 */
import type { DetectorProperties, NetworkModel } from '@arterial/contracts/network';
import { DetectorQualityTracker } from '../quality/detector-quality.tracker';
import type { DetectorDiagnosis } from '../quality/detector-diagnosis';
import type { DetectorSample } from '../quality/detector-sample';
import { Imputer, type GoodMeasurement } from '../quality/imputer';
import { intervalMidMs, localDayKey, localDayStartMs } from '../quality/local-time';
import { NeighbourAgreementTracker } from '../quality/neighbour-agreement.tracker';
import { NeighbourRegression } from '../quality/neighbour-regression';
import { DEFAULT_QUALITY_THRESHOLDS, type QualityThresholds } from '../quality/quality.thresholds';
import type { SampleCheck } from '../quality/sample-checks';
import { DEFAULT_TIME_OF_DAY_PROFILE, TimeOfDayProfile, type TimeOfDayProfileConfig } from '../quality/time-of-day-profile';
import { aggregateAreas } from './area-index.aggregator';
import { aggregateCrossSection } from './cross-section.aggregator';
import { estimateDetectorSpeedDensity } from './detector.estimator';
import { EffectiveLengthLearner } from './effective-length.learner';
import type { ApproachEstimate, DetectorEstimate, IntervalEstimates, LinkEstimate } from './estimation.types';
import { FREE_FLOW_MIN_SAMPLES, FreeFlowSpeedTracker } from './free-flow-speed.tracker';
import { CONGESTED_MILEAGE_LEVEL, type GbtLevel } from './gbt-33171.levels';
import { estimateLink } from './link.estimator';
import { NetworkLookup } from './network-lookup';
import { MISSING, derived, isKnown, measured, type Quantity } from './provenance';
import { flowVphFromVolume } from './traffic-flow.formulas';

export interface EstimationEngineConfig {
  /** Local time offset from UTC (minutes) for days, the daytime window and time-of-day profiles. China: 480. */
  readonly utcOffsetMin: number;
  readonly thresholds: QualityThresholds;
  /**
   * Rolling quality window (s) for the live decision whether to trust a detector. Chen et al. judge a whole day; live,
   * six hours recognise a failed loop within about three hours while still holding enough samples for the entropy
   * test. The daily report always uses the whole local day.
   */
  readonly rollingWindowS: number;
  readonly daysKept: number;
  readonly profile: Omit<TimeOfDayProfileConfig, 'utcOffsetMin'>;
  readonly freeFlowMinSamples: number;
  readonly congestedLevel: GbtLevel;
}

export const DEFAULT_ESTIMATION_CONFIG: EstimationEngineConfig = {
  utcOffsetMin: 480,
  thresholds: DEFAULT_QUALITY_THRESHOLDS,
  rollingWindowS: 6 * 3600,
  daysKept: 8,
  profile: DEFAULT_TIME_OF_DAY_PROFILE,
  freeFlowMinSamples: FREE_FLOW_MIN_SAMPLES,
  congestedLevel: CONGESTED_MILEAGE_LEVEL,
};

interface Latest {
  readonly sample: DetectorSample;
  readonly check: SampleCheck;
}

export class IntervalEstimationEngine {
  private readonly lookup: NetworkLookup;
  private readonly config: EstimationEngineConfig;
  private readonly trackers = new Map<string, DetectorQualityTracker>();
  private readonly latest = new Map<string, Latest>();
  private readonly lengths = new Map<string, EffectiveLengthLearner>();
  private readonly freeFlow = new Map<string, FreeFlowSpeedTracker>();
  private readonly agreement: NeighbourAgreementTracker;
  private readonly imputer: Imputer;
  private lastDiagnoses: ReadonlyMap<string, DetectorDiagnosis> = new Map();

  /** `startedAtMs`: when monitoring began (the first step's time in replay), so earlier time is not counted as gaps. */
  constructor(network: NetworkModel, startedAtMs: number, config: Partial<EstimationEngineConfig> = {}) {
    this.config = { ...DEFAULT_ESTIMATION_CONFIG, ...config };
    this.lookup = new NetworkLookup(network);
    this.agreement = new NeighbourAgreementTracker(this.config.thresholds);
    this.imputer = new Imputer(this.lookup, new NeighbourRegression(), new TimeOfDayProfile({ ...this.config.profile, utcOffsetMin: this.config.utcOffsetMin }));
    for (const d of this.lookup.detectors.values()) {
      const link = this.lookup.links.get(d.linkId);
      this.trackers.set(
        d.id,
        new DetectorQualityTracker(
          {
            placement: d.placement,
            intervalS: d.intervalS,
            speedLimitKph: link?.speedLimitKph ?? 50,
            utcOffsetMin: this.config.utcOffsetMin,
            rollingWindowS: this.config.rollingWindowS,
            daysKept: this.config.daysKept,
            thresholds: this.config.thresholds,
          },
          startedAtMs,
        ),
      );
      this.lengths.set(d.id, new EffectiveLengthLearner());
    }
    for (const l of this.lookup.links.values()) this.freeFlow.set(l.id, new FreeFlowSpeedTracker(l.speedLimitKph, this.config.freeFlowMinSamples));
  }

  /**
   * Takes the samples that arrived since the last step and estimates the network at `tsMs`. A detector's latest
   * sample counts while it is fresh: its interval ended no longer than one interval before `tsMs`.
   */
  step(tsMs: number, newSamples: readonly DetectorSample[]): IntervalEstimates {
    for (const s of newSamples) {
      const tracker = this.trackers.get(s.detectorId);
      if (!tracker || s.ts > tsMs) continue;
      const check = tracker.observe(s);
      const prev = this.latest.get(s.detectorId);
      if (!prev || prev.sample.ts < s.ts) this.latest.set(s.detectorId, { sample: s, check });
    }

    const diagnoses = new Map<string, DetectorDiagnosis>();
    const good = new Map<string, GoodMeasurement>();
    const fresh = new Map<string, Latest>();
    for (const d of this.lookup.detectors.values()) {
      const diagnosis = this.trackers.get(d.id)!.rollingDiagnosis(tsMs, this.agreement.disagrees(d.id));
      diagnoses.set(d.id, diagnosis);
      const l = this.latest.get(d.id);
      if (!l || tsMs - l.sample.ts >= d.intervalS * 1000) continue;
      fresh.set(d.id, l);
      if (l.check.usable && diagnosis.faults.length === 0) {
        const s = l.sample;
        good.set(d.id, { flowVph: flowVphFromVolume(s.volume, s.intervalS), occupancyPct: s.occupancyPct, speedKph: l.check.speedUsable ? (s.speedKph ?? null) : null });
      }
    }

    this.lastDiagnoses = diagnoses;

    // the step's own time of day places learned values and imputations in their time-of-day bucket
    const midMs = tsMs - 1;
    this.learnFromGood(good, midMs);

    const detectors: DetectorEstimate[] = [];
    for (const d of this.lookup.detectors.values()) detectors.push(this.estimateDetector(d, fresh.get(d.id), good, diagnoses.get(d.id)!, midMs));

    const byApproach = groupBy(detectors, (e) => e.approachId);
    const approaches: ApproachEstimate[] = [];
    for (const [approachId, ds] of byApproach) {
      const first = this.lookup.detectors.get(ds[0]!.detectorId)!;
      const lanes = this.lookup.links.get(first.linkId)?.lanes ?? ds.length;
      const section = aggregateCrossSection(ds, lanes);
      const k = isKnown(section.flowVph) && isKnown(section.speedKph) && section.speedKph.value > 0 ? derived(section.flowVph.value / section.speedKph.value, 'flow-over-speed', [section.flowVph, section.speedKph]) : MISSING;
      // field by field, in the order a spread of the section gives: the spread was a hot spot of every step
      approaches.push({
        flowVph: section.flowVph,
        occupancyPct: section.occupancyPct,
        speedKph: section.speedKph,
        speedSource: section.speedSource,
        approachId,
        intersectionId: first.intersectionId,
        linkId: first.linkId,
        densityVpkm: k,
      });
    }

    const byLink = groupBy(detectors, (e) => e.linkId);
    const links: LinkEstimate[] = [];
    for (const link of this.lookup.links.values()) {
      const section = aggregateCrossSection(byLink.get(link.id) ?? [], link.lanes);
      const tracker = this.freeFlow.get(link.id)!;
      const estimate = estimateLink(link, section, tracker.current());
      // learn free flow from observed speeds only: not from imputed ones, nor from the zero-flow assumption that uses it
      if ((estimate.speedSource === 'advance' || estimate.speedSource === 'stop-bar') && estimate.speedKph.provenance !== 'imputed' && isKnown(estimate.speedKph) && isKnown(estimate.occupancyPct)) {
        tracker.observe(estimate.speedKph.value, estimate.occupancyPct.value);
      }
      links.push(estimate);
    }

    return { tsMs, detectors, approaches, links, areas: aggregateAreas(links, { congestedLevel: this.config.congestedLevel }) };
  }

  /** The daily quality report of every detector for a local day (`YYYY-MM-DD`), as known at `nowMs`. */
  dailyQuality(dayKey: string, nowMs: number): { detectorId: string; day: string; diagnosis: DetectorDiagnosis }[] {
    return [...this.trackers.entries()].map(([id, t]) => ({ detectorId: id, day: dayKey, diagnosis: t.dailyDiagnosis(dayKey, nowMs, this.agreement.disagrees(id)) }));
  }

  /** The rolling diagnosis of a detector as the last step judged it (undefined before the first step or for an unknown id). */
  rollingDiagnosis(detectorId: string): DetectorDiagnosis | undefined {
    return this.lastDiagnoses.get(detectorId);
  }

  /** Local day of a time, for callers asking for yesterday's report. */
  dayOf(tsMs: number): string {
    return localDayKey(tsMs, this.config.utcOffsetMin);
  }

  /** Start (epoch ms) of a local day `YYYY-MM-DD`. */
  dayStartMs(dayKey: string): number {
    return localDayStartMs(dayKey, this.config.utcOffsetMin);
  }

  private learnFromGood(good: ReadonlyMap<string, GoodMeasurement>, midMs: number): void {
    this.imputer.learn(good, midMs);
    for (const [id, m] of good) {
      for (const n of this.lookup.neighboursOf(id)) {
        if (n.relation === 'adjacent-link' || n.detectorId <= id) continue;
        const other = good.get(n.detectorId);
        if (other) this.agreement.observe(id, m.flowVph, n.detectorId, other.flowVph);
      }
    }
  }

  private estimateDetector(d: DetectorProperties, latest: Latest | undefined, good: ReadonlyMap<string, GoodMeasurement>, diagnosis: DetectorDiagnosis, midMs: number): DetectorEstimate {
    const link = this.lookup.links.get(d.linkId);
    const speedLimitKph = link?.speedLimitKph ?? 50;
    const learner = this.lengths.get(d.id)!;
    const measurement = good.get(d.id);
    let flow: Quantity;
    let occupancy: Quantity;
    let speed: Quantity;
    if (measurement) {
      flow = measured(measurement.flowVph);
      occupancy = measured(measurement.occupancyPct);
      speed = measurement.speedKph === null ? MISSING : measured(measurement.speedKph);
      if (measurement.speedKph !== null) learner.observeMeasuredSpeed(measurement.flowVph, measurement.occupancyPct, measurement.speedKph);
      else if (d.placement === 'advance') learner.observeFreeFlow(measurement.flowVph, measurement.occupancyPct, speedLimitKph);
    } else {
      const filled = this.imputer.impute(d.id, good, latest ? intervalMidMs(latest.sample.ts, latest.sample.intervalS) : midMs);
      flow = filled.flowVph;
      occupancy = filled.occupancyPct;
      speed = filled.speedKph;
    }
    const g = learner.current();
    const { speedKph, densityVpkm } = estimateDetectorSpeedDensity(flow, occupancy, speed, g.lengthM, speedLimitKph);
    return {
      detectorId: d.id,
      linkId: d.linkId,
      approachId: d.approachId,
      placement: d.placement,
      lane: d.lane,
      flowVph: flow,
      occupancyPct: occupancy,
      speedKph,
      densityVpkm,
      effectiveLengthM: g.lengthM,
      effectiveLengthSource: g.source,
      quality: {
        usedMeasurement: measurement !== undefined,
        received: latest !== undefined,
        sampleIssues: latest ? [...latest.check.issues] : [],
        status: diagnosis.status,
        score: diagnosis.score,
        completeness: diagnosis.completeness,
        faults: diagnosis.faults,
        warnings: diagnosis.warnings,
      },
    };
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
