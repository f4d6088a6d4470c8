/**
 * Temporal fallback for imputation: the median, over the last few days, of a detector's good values at the same local
 * time of day and day type (weekday or weekend), as in Chen et al. (2003, TRR 1855) after neighbour regression fails.
 * A bucket keeps one mean per day for its last `depth` days, so memory is bounded and the profile follows change.
 */
import { localDayKey, localDayOfWeek, localMinuteOfDay } from './local-time';
import type { ImputedQuantity, QuantityValues } from './neighbour-regression';
import { median } from './stats';

export interface TimeOfDayProfileConfig {
  readonly bucketMin: number;
  /** Days kept per bucket (most recent). */
  readonly depth: number;
  /** Days a bucket needs before its median is used. */
  readonly minDays: number;
  readonly utcOffsetMin: number;
}

export const DEFAULT_TIME_OF_DAY_PROFILE: Omit<TimeOfDayProfileConfig, 'utcOffsetMin'> = { bucketMin: 15, depth: 5, minDays: 3 };

interface DayMean {
  readonly day: string;
  sum: number;
  n: number;
}

/** Per detector and quantity, the buckets of both day types: weekday buckets first, then weekend ones. */
type BucketDays = (DayMean[] | undefined)[];

/** A detector's buckets of every quantity, made together: they are learned together. */
type DetectorBuckets = { readonly [Q in ImputedQuantity]: BucketDays };

export class TimeOfDayProfile {
  // by detector, its quantities together, and a bucket index, instead of one map keyed by a composed string: learn
  // runs for every good value of every step, and building the key string was a hot spot of replay
  private readonly buckets = new Map<string, DetectorBuckets>();
  private readonly bucketsPerDay: number;
  private learnedAt = { midMs: Number.NaN, index: 0, day: '' };

  constructor(private readonly config: TimeOfDayProfileConfig) {
    this.bucketsPerDay = Math.ceil(1440 / config.bucketMin);
  }

  learn(detectorId: string, quantity: ImputedQuantity, midMs: number, value: number): void {
    this.learnInto(this.bucketsOf(detectorId)[quantity], midMs, value);
  }

  /** `learn` of each quantity the detector has a value of (not null), its buckets looked up once. */
  learnAll(detectorId: string, values: QuantityValues, midMs: number): void {
    const buckets = this.bucketsOf(detectorId);
    if (values.flowVph !== null) this.learnInto(buckets.flowVph, midMs, values.flowVph);
    if (values.occupancyPct !== null) this.learnInto(buckets.occupancyPct, midMs, values.occupancyPct);
    if (values.speedKph !== null) this.learnInto(buckets.speedKph, midMs, values.speedKph);
  }

  private learnInto(buckets: BucketDays, midMs: number, value: number): void {
    // a step learns every detector's values at one time: its bucket and day are worked out once
    if (midMs !== this.learnedAt.midMs) this.learnedAt = { midMs, index: this.bucketIndex(midMs), day: localDayKey(midMs, this.config.utcOffsetMin) };
    const { index, day } = this.learnedAt;
    let days = buckets[index];
    if (!days) {
      days = [];
      buckets[index] = days;
    }
    const last = days[days.length - 1];
    if (last && last.day === day) {
      last.sum += value;
      last.n += 1;
    } else {
      days.push({ day, sum: value, n: 1 });
      if (days.length > this.config.depth) days.shift();
    }
  }

  predict(detectorId: string, quantity: ImputedQuantity, midMs: number): number | null {
    const days = this.buckets.get(detectorId)?.[quantity][this.bucketIndex(midMs)];
    if (!days || days.length < this.config.minDays) return null;
    return median(days.map((d) => d.sum / d.n));
  }

  private bucketsOf(detectorId: string): DetectorBuckets {
    let buckets = this.buckets.get(detectorId);
    if (!buckets) {
      // a quantity never learned has empty buckets, which predict nothing, as buckets never made
      const empty = (): BucketDays => new Array<DayMean[] | undefined>(2 * this.bucketsPerDay).fill(undefined);
      buckets = { flowVph: empty(), occupancyPct: empty(), speedKph: empty() };
      this.buckets.set(detectorId, buckets);
    }
    return buckets;
  }

  /** Time-of-day bucket within the day type (weekday or weekend) of a time. */
  private bucketIndex(midMs: number): number {
    const bucket = Math.floor(localMinuteOfDay(midMs, this.config.utcOffsetMin) / this.config.bucketMin);
    const dow = localDayOfWeek(midMs, this.config.utcOffsetMin);
    const weekend = dow === 0 || dow === 6;
    return (weekend ? this.bucketsPerDay : 0) + bucket;
  }
}
