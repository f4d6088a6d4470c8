/**
 * One detector's data quality over time: a rolling window updated every interval (for live use: is this loop to be
 * trusted right now?) and per local day (for the daily report), both from the same counts and the same diagnosis.
 * Completeness counts distinct intervals, so a duplicate delivery does not hide a gap.
 */
import { DiagnosticCounts, packSample, RUN_REPEATED, RUN_SILENT, RUN_STUCK } from './diagnostic-counts';
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
/** Missing intervals a run may span: a dropped message (0.2 % of them in the simulator) does not repair a stuck loop. */
const MAX_RUN_GAP_INTERVALS = 3;
/** Evicted window entries kept before the arrays are compacted (amortised: one splice per this many evictions at least). */
const COMPACT_AFTER = 256;

/**
 * Runs of like samples, followed in time order: full occupancy with an unchanged count (stuck on), daytime samples
 * without vehicle or occupancy (dead), and the last reading (constant). A sample older than the last one seen (out of
 * order, or a duplicate) takes no part in them.
 */
class RunState {
  private lastTs = Number.NEGATIVE_INFINITY;
  private lastOccupancyBin = -1;
  private lastVolume = -1;
  private stuckStartMs: number | undefined;
  private stuckVolume = 0;
  private silentStartMs: number | undefined;

  /** The sample's run flags (`RUN_*` of diagnostic-counts), 0 when it is in none. */
  next(s: DetectorSample, daytime: boolean, t: QualityThresholds): number {
    if (s.ts <= this.lastTs) return 0;
    const intervalMs = s.intervalS * 1000;
    const startMs = s.ts - intervalMs;
    const contiguous = s.ts - this.lastTs <= MAX_RUN_GAP_INTERVALS * intervalMs;
    const occupancyBin = Math.round(s.occupancyPct * 10);

    const full = s.occupancyPct >= t.stuckOnOccupancyPct;
    if (!full) this.stuckStartMs = undefined;
    else if (this.stuckStartMs === undefined || !contiguous || s.volume !== this.stuckVolume) {
      this.stuckStartMs = startMs;
      this.stuckVolume = s.volume;
    }
    const empty = s.volume === 0 && s.occupancyPct === 0;
    if (!empty || !daytime) this.silentStartMs = undefined;
    else if (this.silentStartMs === undefined || !contiguous) this.silentStartMs = startMs;
    const repeated = contiguous && !full && s.occupancyPct > 0 && occupancyBin === this.lastOccupancyBin && s.volume === this.lastVolume;

    this.lastTs = s.ts;
    this.lastOccupancyBin = occupancyBin;
    this.lastVolume = s.volume;
    let flags = repeated ? RUN_REPEATED : 0;
    if (this.stuckStartMs !== undefined && s.ts - this.stuckStartMs >= t.stuckOnMinRunS * 1000) flags |= RUN_STUCK;
    if (this.silentStartMs !== undefined && s.ts - this.silentStartMs >= t.deadMinSilentS * 1000) flags |= RUN_SILENT;
    return flags;
  }
}

interface DayCounts {
  readonly counts: DiagnosticCounts;
  /** Interval ends seen this day. */
  readonly seen: AscendingSet;
}

/**
 * A set of numbers kept as an ascending array. Interval ends arrive in time order, so adding one is nearly always an
 * append after a single comparison; a Set of epoch ms (boxed keys, hashing) made this a hot spot of replay.
 */
class AscendingSet {
  private values = new Float64Array(64);
  private size = 0;
  /** The largest value held, kept beside the array: reading its end was a cache miss per sample in replay. */
  private last = Number.NEGATIVE_INFINITY;

  /** Adds x and returns true, or returns false when it is already held. */
  addIfAbsent(x: number): boolean {
    const n = this.size;
    if (n === 0 || this.last < x) {
      this.insertAt(n, x);
      this.last = x;
      return true;
    }
    const v = this.values;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    if (v[lo] === x) return false;
    this.insertAt(lo, x);
    return true;
  }

  private insertAt(i: number, x: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    if (i < this.size) this.values.copyWithin(i + 1, i, this.size);
    this.values[i] = x;
    this.size += 1;
  }
}

export class DetectorQualityTracker {
  /**
   * The rolling window's samples in time order, one per distinct interval end: their ends, and their facts packed
   * (`packFacts`) at the same index, in typed arrays of which the first `windowEnd` entries are used. Numbers, not
   * objects: the window holds hours of samples of every detector.
   */
  private windowTs = new Float64Array(64);
  private windowFacts = new Int32Array(64);
  private windowEnd = 0;
  /** `windowTs[windowEnd - 1]` while the window is not empty, kept beside it (reading the array's end missed the cache). */
  private windowLastTs = Number.NEGATIVE_INFINITY;
  /**
   * Index of the window's oldest sample: evicted ones stay before it until a compaction, since moving both arrays
   * for every evicted sample moved hours of samples each time.
   */
  private windowHead = 0;
  private readonly rolling = new DiagnosticCounts();
  private readonly days = new Map<string, DayCounts>();
  /** The day the last sample counted in, looked up again only when a sample falls in another. */
  private lastDay: { readonly key: string; readonly counts: DayCounts } | undefined;
  private latestTsMs = Number.NEGATIVE_INFINITY;
  private readonly runs = new RunState();

  /** `startedAtMs`: when monitoring began, so a fresh tracker does not count the time before it as gaps. */
  constructor(
    private readonly config: DetectorQualityConfig,
    private readonly startedAtMs: number,
  ) {}

  /** Checks the sample, counts it once, and returns the check (also for a duplicate, which is not counted again). */
  observe(s: DetectorSample): SampleCheck {
    const t = this.config.thresholds;
    const check = checkSample(s, this.config, t);
    const mid = intervalMidMs(s.ts, s.intervalS);
    const minute = localMinuteOfDay(mid, this.config.utcOffsetMin);
    const daytime = minute >= t.daytimeWindowMin[0] && minute < t.daytimeWindowMin[1];
    const facts = packSample(s.occupancyPct, s.volume, daytime, check, this.runs.next(s, daytime, t));

    const windowStart = Math.max(this.latestTsMs, s.ts) - this.config.rollingWindowS * 1000;
    if (s.ts > windowStart && !this.windowHolds(s.ts)) {
      this.rolling.addPacked(facts);
      this.insertSorted(s.ts, facts);
    }
    this.latestTsMs = Math.max(this.latestTsMs, s.ts);
    this.evict(this.latestTsMs);

    const dayKey = localDayKey(mid, this.config.utcOffsetMin);
    let day = this.lastDay?.key === dayKey ? this.lastDay.counts : undefined;
    if (!day) {
      day = this.dayCounts(dayKey);
      // a late sample of a day older than those kept gets counts that are dropped at once: not remembered either
      this.lastDay = this.days.get(dayKey) === day ? { key: dayKey, counts: day } : undefined;
    }
    if (day.seen.addIfAbsent(s.ts)) day.counts.addPacked(facts);
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
    const day = this.days.get(dayKey) ?? this.newDay();
    const start = Math.max(localDayStartMs(dayKey, this.config.utcOffsetMin), this.startedAtMs);
    const end = Math.min(localDayStartMs(dayKey, this.config.utcOffsetMin) + DAY_S * 1000, nowMs);
    const expected = Math.max(0, Math.floor((end - start) / 1000 / this.config.intervalS));
    return diagnose(day.counts, { placement: this.config.placement, expectedIntervals: expected, neighbourDisagreement }, this.config.thresholds);
  }

  private dayCounts(dayKey: string): DayCounts {
    let day = this.days.get(dayKey);
    if (!day) {
      day = this.newDay();
      this.days.set(dayKey, day);
      const keys = [...this.days.keys()].sort();
      while (keys.length > this.config.daysKept) this.days.delete(keys.shift()!);
    }
    return day;
  }

  private newDay(): DayCounts {
    return { counts: new DiagnosticCounts(), seen: new AscendingSet() };
  }

  /**
   * Whether the window holds a sample with this interval end: a binary search of the time-ordered window, where a
   * Set of epoch ms beside it cost more (boxed keys). A new sample is usually the latest, found without a search.
   */
  private windowHolds(tsMs: number): boolean {
    if (this.windowEnd === this.windowHead || this.windowLastTs < tsMs) return false;
    const w = this.windowTs;
    let lo = this.windowHead;
    let hi = this.windowEnd - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = w[mid]!;
      if (at === tsMs) return true;
      if (at < tsMs) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  private insertSorted(tsMs: number, packedFacts: number): void {
    if (this.windowEnd === this.windowTs.length) this.growWindow();
    const end = this.windowEnd;
    let i = end;
    while (i > this.windowHead && this.windowTs[i - 1]! > tsMs) i -= 1;
    if (i < end) {
      this.windowTs.copyWithin(i + 1, i, end);
      this.windowFacts.copyWithin(i + 1, i, end);
    }
    this.windowTs[i] = tsMs;
    this.windowFacts[i] = packedFacts;
    this.windowEnd = end + 1;
    if (i === end) this.windowLastTs = tsMs;
  }

  private growWindow(): void {
    const ts = new Float64Array(this.windowTs.length * 2);
    ts.set(this.windowTs);
    this.windowTs = ts;
    const facts = new Int32Array(this.windowFacts.length * 2);
    facts.set(this.windowFacts);
    this.windowFacts = facts;
  }

  private evict(nowMs: number): void {
    const cutoff = nowMs - this.config.rollingWindowS * 1000;
    const ts = this.windowTs;
    const end = this.windowEnd;
    let head = this.windowHead;
    while (head < end && ts[head]! <= cutoff) {
      this.rolling.removePacked(this.windowFacts[head]!);
      head += 1;
    }
    if (head > COMPACT_AFTER && head * 2 > end) {
      ts.copyWithin(0, head, end);
      this.windowFacts.copyWithin(0, head, end);
      this.windowEnd = end - head;
      head = 0;
    }
    this.windowHead = head;
  }
}
