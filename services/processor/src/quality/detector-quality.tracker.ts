/**
 * One detector's data quality over time: a rolling window updated every interval (for live use: is this loop to be
 * trusted right now?) and per local day (for the daily report), both from the same counts and the same diagnosis.
 * Completeness counts distinct intervals, so a duplicate delivery does not hide a gap.
 */
import { DiagnosticCounts, sampleFacts, type SampleFacts } from './diagnostic-counts';
import { diagnose, type DetectorDiagnosis } from './detector-diagnosis';
import type { DetectorSample } from './detector-sample';
import { intervalMidMs, localDayKey, localDayStartMs, localMinuteOfDay } from './local-time';
import type { QualityThresholds } from './quality.thresholds';
import { checkSample, type SampleCheck } from './sample-checks';

export interface DetectorQualityConfig {
  readonly placement: 'stop-bar' | 'advance';
  /** The detector's configured aggregation interval (network model); expected intervals are counted from it. */
  readonly intervalS: number;
  readonly speedLimitKph: number;
  readonly utcOffsetMin: number;
  readonly rollingWindowS: number;
  /** Days of daily counts kept. */
  readonly daysKept: number;
  readonly thresholds: QualityThresholds;
}

const DAY_S = 86_400;

interface DayCounts {
  readonly counts: DiagnosticCounts;
  readonly seen: Set<number>;
}

export class DetectorQualityTracker {
  private readonly window: SampleFacts[] = [];
  private readonly windowTs = new Set<number>();
  private readonly rolling = new DiagnosticCounts();
  private readonly days = new Map<string, DayCounts>();
  private latestTsMs = Number.NEGATIVE_INFINITY;

  /** `startedAtMs`: when monitoring began, so a fresh tracker does not count the time before it as gaps. */
  constructor(
    private readonly config: DetectorQualityConfig,
    private readonly startedAtMs: number,
  ) {}

  /** Checks the sample, counts it once, and returns the check (also for a duplicate, which is not counted again). */
  observe(s: DetectorSample): SampleCheck {
    const t = this.config.thresholds;
    const check = checkSample(s, { speedLimitKph: this.config.speedLimitKph }, t);
    const mid = intervalMidMs(s.ts, s.intervalS);
    const minute = localMinuteOfDay(mid, this.config.utcOffsetMin);
    const daytime = minute >= t.daytimeWindowMin[0] && minute < t.daytimeWindowMin[1];
    const facts = sampleFacts(s.ts, s.occupancyPct, s.volume, daytime, check);

    const windowStart = Math.max(this.latestTsMs, s.ts) - this.config.rollingWindowS * 1000;
    if (s.ts > windowStart && !this.windowTs.has(s.ts)) {
      this.windowTs.add(s.ts);
      this.rolling.add(facts);
      this.insertSorted(facts);
    }
    this.latestTsMs = Math.max(this.latestTsMs, s.ts);
    this.evict(this.latestTsMs);

    const dayKey = localDayKey(mid, this.config.utcOffsetMin);
    const day = this.dayCounts(dayKey);
    if (!day.seen.has(s.ts)) {
      day.seen.add(s.ts);
      day.counts.add(facts);
    }
    return check;
  }

  /** Diagnosis over the rolling window ending at `nowMs`. */
  rollingDiagnosis(nowMs: number, neighbourDisagreement: boolean): DetectorDiagnosis {
    this.evict(nowMs);
    const coveredS = Math.max(0, Math.min(this.config.rollingWindowS, (nowMs - this.startedAtMs) / 1000));
    const expected = Math.floor(coveredS / this.config.intervalS);
    return diagnose(this.rolling, { placement: this.config.placement, expectedIntervals: expected, neighbourDisagreement }, this.config.thresholds);
  }

  /**
   * Diagnosis of one local day. `nowMs` bounds the expected count for a day still running (and for the first day, the
   * time before monitoring began is not expected either).
   */
  dailyDiagnosis(dayKey: string, nowMs: number, neighbourDisagreement: boolean): DetectorDiagnosis {
    const day = this.days.get(dayKey) ?? { counts: new DiagnosticCounts(), seen: new Set<number>() };
    const start = Math.max(localDayStartMs(dayKey, this.config.utcOffsetMin), this.startedAtMs);
    const end = Math.min(localDayStartMs(dayKey, this.config.utcOffsetMin) + DAY_S * 1000, nowMs);
    const expected = Math.max(0, Math.floor((end - start) / 1000 / this.config.intervalS));
    return diagnose(day.counts, { placement: this.config.placement, expectedIntervals: expected, neighbourDisagreement }, this.config.thresholds);
  }

  private dayCounts(dayKey: string): DayCounts {
    let day = this.days.get(dayKey);
    if (!day) {
      day = { counts: new DiagnosticCounts(), seen: new Set<number>() };
      this.days.set(dayKey, day);
      const keys = [...this.days.keys()].sort();
      while (keys.length > this.config.daysKept) this.days.delete(keys.shift()!);
    }
    return day;
  }

  private insertSorted(f: SampleFacts): void {
    let i = this.window.length;
    while (i > 0 && this.window[i - 1]!.tsMs > f.tsMs) i -= 1;
    this.window.splice(i, 0, f);
  }

  private evict(nowMs: number): void {
    const cutoff = nowMs - this.config.rollingWindowS * 1000;
    while (this.window.length > 0 && this.window[0]!.tsMs <= cutoff) {
      const old = this.window.shift()!;
      this.windowTs.delete(old.tsMs);
      this.rolling.remove(old);
    }
  }
}
