/**
 * Temporal fallback for imputation: the median, over the last few days, of a detector's good values at the same local
 * time of day and day type (weekday or weekend), as in Chen et al. (2003, TRR 1855) after neighbour regression fails.
 * A bucket keeps one mean per day for its last `depth` days, so memory is bounded and the profile follows change.
 */
import { localDayKey, localDayOfWeek, localMinuteOfDay } from './local-time';
import type { ImputedQuantity } from './neighbour-regression';
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

export class TimeOfDayProfile {
  private readonly buckets = new Map<string, { day: string; sum: number; n: number }[]>();

  constructor(private readonly config: TimeOfDayProfileConfig) {}

  learn(detectorId: string, quantity: ImputedQuantity, midMs: number, value: number): void {
    const key = this.key(detectorId, quantity, midMs);
    const day = localDayKey(midMs, this.config.utcOffsetMin);
    const days = this.buckets.get(key) ?? [];
    const last = days[days.length - 1];
    if (last && last.day === day) {
      last.sum += value;
      last.n += 1;
    } else {
      days.push({ day, sum: value, n: 1 });
      if (days.length > this.config.depth) days.shift();
    }
    this.buckets.set(key, days);
  }

  predict(detectorId: string, quantity: ImputedQuantity, midMs: number): number | null {
    const days = this.buckets.get(this.key(detectorId, quantity, midMs));
    if (!days || days.length < this.config.minDays) return null;
    return median(days.map((d) => d.sum / d.n));
  }

  private key(detectorId: string, quantity: ImputedQuantity, midMs: number): string {
    const bucket = Math.floor(localMinuteOfDay(midMs, this.config.utcOffsetMin) / this.config.bucketMin);
    const dow = localDayOfWeek(midMs, this.config.utcOffsetMin);
    const dayType = dow === 0 || dow === 6 ? 'weekend' : 'weekday';
    return `${detectorId}|${quantity}|${dayType}|${bucket}`;
  }
}
