/**
 * How real demand departs from its average daily profile, so that a profile learned from past days is a good but
 * not a perfect forecast. Two scales, both multiplicative (additive in log demand) and each split into a component
 * shared by the whole network (weather, holidays, events, the economy) and one local to an origin:
 *
 * - a **day level**, lognormal, AR(1) from one day to the next (a wet or busy week stays wet or busy);
 * - **within-day episodes**, an Ornstein–Uhlenbeck process in log demand with a time constant of tens of minutes:
 *   deviations from the profile that persist for an hour or so instead of averaging out within minutes.
 *
 * Sizes follow published urban counts: Thomas, Weijermars & van Berkum (2008), "Variations in urban traffic
 * volumes", EJTIR 8(3), find day-to-day and weekly variations of up to 10 % around the average daily profile,
 * deviations on time scales of about 30 minutes often above 10 %, and Poisson-like noise on top (the sensor's
 * counts here); NCHRP Report 765's consensus CV = 1.5 / ADT^0.27 gives about 10 % for an arterial's 20,000 veh/day.
 * Total sd of the log factor: about 9.5 % between days and 12 % within a day.
 * Lognormal factors are mean-corrected (exp(x − σ²/2)), so the long-run mean demand stays the profile's.
 *
 * Deterministic: the day level of a calendar day depends only on the seed, the key and the day, not on when the run
 * started; the episode processes depend on the seed, the key and the run's start.
 */
import { Rng } from '@arterial/device-kit';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface DemandVariationSpec {
  /** Stationary sd of the log day level. */
  daySd: number;
  /** Lag-one autocorrelation of the day level from one day to the next. */
  dayPersistence: number;
  /** Stationary sd of the log within-day deviation. */
  episodeSd: number;
  /** Time constant of the within-day deviation, minutes. */
  episodeTauMin: number;
}

/** Shared by the whole network: sd 8 % a day, 9 % within the day for about an hour. */
export const NETWORK_VARIATION: DemandVariationSpec = { daySd: 0.08, dayPersistence: 0.6, episodeSd: 0.09, episodeTauMin: 60 };
/** Local to one origin: sd 5 % a day, 8 % within the day for about 40 minutes. */
export const ORIGIN_VARIATION: DemandVariationSpec = { daySd: 0.05, dayPersistence: 0.5, episodeSd: 0.08, episodeTauMin: 40 };

/** Days of AR(1) run-in before the asked day; 0.6^30 leaves nothing of the start. */
const DAY_RUN_IN = 30;

/** Local calendar day number (days since 1970-01-01 local) of an epoch time. */
export function localDayIndex(tMs: number, utcOffsetHours: number): number {
  return Math.floor((tMs + utcOffsetHours * HOUR_MS) / DAY_MS);
}

/** Saturday or Sunday in local time (1970-01-01 was a Thursday). */
export function isWeekend(tMs: number, utcOffsetHours: number): boolean {
  const weekday = (((localDayIndex(tMs, utcOffsetHours) + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

/** A multiplicative demand factor exp(day level + episode), advanced along simulated time. */
export class DemandVariation {
  private readonly episodeRng: Rng;
  private dayIndex = Number.NaN;
  private logDay = 0;
  private episode = 0;
  private episodeAtMs = Number.NaN;

  constructor(
    private readonly spec: DemandVariationSpec,
    private readonly key: string,
    private readonly seed: number,
    private readonly utcOffsetHours: number,
  ) {
    this.episodeRng = Rng.forKey(`demand-episode:${key}`, seed);
  }

  /** Log factor at tMs; time must not go backwards. */
  logFactorAt(tMs: number): number {
    const day = localDayIndex(tMs, this.utcOffsetHours);
    if (day !== this.dayIndex) {
      this.dayIndex = day;
      this.logDay = this.dayLevel(day);
    }
    this.advanceEpisode(tMs);
    const { daySd, episodeSd } = this.spec;
    return this.logDay + this.episode - (daySd * daySd + episodeSd * episodeSd) / 2;
  }

  factorAt(tMs: number): number {
    return Math.exp(this.logFactorAt(tMs));
  }

  /** AR(1) over calendar days, each day's innovation drawn from its own keyed stream. */
  private dayLevel(day: number): number {
    const { daySd, dayPersistence } = this.spec;
    const innovationSd = daySd * Math.sqrt(1 - dayPersistence * dayPersistence);
    let level = 0;
    for (let d = day - DAY_RUN_IN; d <= day; d++) {
      level = dayPersistence * level + Rng.forKey(`demand-day:${this.key}:${d}`, this.seed).normal(0, innovationSd);
    }
    return level;
  }

  /** Exact Ornstein–Uhlenbeck step over the elapsed time; starts from its stationary distribution. */
  private advanceEpisode(tMs: number): void {
    const { episodeSd, episodeTauMin } = this.spec;
    if (Number.isNaN(this.episodeAtMs)) {
      this.episode = this.episodeRng.normal(0, episodeSd);
    } else if (tMs > this.episodeAtMs) {
      const keep = Math.exp(-(tMs - this.episodeAtMs) / (episodeTauMin * 60_000));
      this.episode = keep * this.episode + this.episodeRng.normal(0, episodeSd * Math.sqrt(1 - keep * keep));
    }
    this.episodeAtMs = Math.max(tMs, Number.isNaN(this.episodeAtMs) ? tMs : this.episodeAtMs);
  }
}
