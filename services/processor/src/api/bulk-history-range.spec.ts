import { MAX_BULK_HISTORY_CELLS } from '@arterial/contracts/api/v1';
import { InvalidRangeError } from '../storage/storage.errors';
import { bulkHistoryRange } from './bulk-history-range';

const HOUR_MS = 3_600_000;

describe(bulkHistoryRange.name, () => {
  const sut = bulkHistoryRange;

  it('keeps a step that fits and picks a round default of about 360 buckets', () => {
    expect(sut({ fromMs: 0, toMs: HOUR_MS }, 10, 100, 'links')).toEqual({ fromMs: 0, toMs: HOUR_MS, stepS: 10 });
    expect(sut({ fromMs: 0, toMs: HOUR_MS }, undefined, 100, 'links').stepS).toBe(10);
  });

  it('widens the default step so entities × buckets stays within the limit', () => {
    const { stepS } = sut({ fromMs: 0, toMs: 24 * HOUR_MS }, undefined, 5_000, 'links');
    expect(stepS % 60).toBe(0);
    expect(Math.ceil((24 * 3600) / stepS) * 5_000).toBeLessThanOrEqual(MAX_BULK_HISTORY_CELLS);
  });

  it('refuses too many values with the least step that would do, and bad ranges and steps', () => {
    expect(() => sut({ fromMs: 0, toMs: 24 * HOUR_MS }, 10, 5_000, 'links')).toThrow(/5000 links × 8640 buckets = 43200000 values; .* step of at least 1728 s/);
    expect(() => sut({ fromMs: HOUR_MS, toMs: 0 }, 10, 1, 'links')).toThrow(InvalidRangeError);
    expect(() => sut({ fromMs: 0, toMs: HOUR_MS }, 0, 1, 'links')).toThrow(/positive whole number/);
    expect(() => sut({ fromMs: 0, toMs: HOUR_MS }, 1.5, 1, 'links')).toThrow(/positive whole number/);
  });
});
