import { DEFAULT_QUALITY_DAYS, MAX_QUALITY_DAYS } from '@arterial/contracts/api/v1';
import { InvalidRangeError } from '../storage/storage.errors';
import { qualityDays } from './quality-days';

describe(qualityDays.name, () => {
  it('defaults to the last 14 days up to today, oldest first, across a month end', () => {
    const sut = qualityDays({}, '2026-03-05');
    expect(sut).toHaveLength(DEFAULT_QUALITY_DAYS);
    expect(sut[0]).toBe('2026-02-20');
    expect(sut.slice(-6)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
  });

  it('takes from and to inclusive, one day allowed', () => {
    expect(qualityDays({ from: '2026-01-30', to: '2026-02-01' }, '2026-03-05')).toEqual(['2026-01-30', '2026-01-31', '2026-02-01']);
    expect(qualityDays({ from: '2026-01-30', to: '2026-01-30' }, '2026-03-05')).toEqual(['2026-01-30']);
    expect(qualityDays({ to: '2024-03-01' }, '2026-03-05')[DEFAULT_QUALITY_DAYS - 2]).toBe('2024-02-29');
  });

  it('refuses a reversed range, a day that does not exist and more than 92 days', () => {
    expect(() => qualityDays({ from: '2026-02-02', to: '2026-02-01' }, '2026-03-05')).toThrow(InvalidRangeError);
    expect(() => qualityDays({ from: '2026-02-30' }, '2026-03-05')).toThrow(/not a calendar day/);
    expect(() => qualityDays({ to: '2026-13-01' }, '2026-03-05')).toThrow(InvalidRangeError);
    expect(qualityDays({ from: '2026-01-01', to: '2026-04-02' }, '2026-03-05')).toHaveLength(MAX_QUALITY_DAYS);
    expect(() => qualityDays({ from: '2026-01-01', to: '2026-04-03' }, '2026-03-05')).toThrow(/93 days; at most 92/);
  });
});
