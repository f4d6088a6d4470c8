import { localDayKey, localDayOfWeek, localDayStartMs } from './local-time';

const MINUTE_MS = 60_000;

describe('local calendar', () => {
  it('gives the day key and weekday a Date gives, across day boundaries and offsets', () => {
    const start = Date.UTC(2026, 1, 27, 15, 58);
    for (const offsetMin of [480, 0, -300, 330]) {
      for (let t = start; t < start + 3 * 86_400_000; t += 7 * MINUTE_MS + 13) {
        const local = new Date(t + offsetMin * MINUTE_MS);
        expect(localDayKey(t, offsetMin)).toBe(local.toISOString().slice(0, 10));
        expect(localDayOfWeek(t, offsetMin)).toBe(local.getUTCDay());
      }
    }
  });

  it('puts the last millisecond of a local day and the first of the next in different days', () => {
    const dayStart = localDayStartMs('2026-03-02', 480);
    expect(localDayKey(dayStart - 1, 480)).toBe('2026-03-01');
    expect(localDayKey(dayStart, 480)).toBe('2026-03-02');
    expect(localDayKey(dayStart - 1, 480)).toBe('2026-03-01');
  });
});
