import { DEFAULT_FAULT_RATES, NO_FAULTS } from './model/detector-faults';
import { parseTrafficArgs } from './traffic-options';

describe(parseTrafficArgs.name, () => {
  const sut = parseTrafficArgs;

  it('leaves absent flags undefined so each command line applies its own defaults', () => {
    expect(sut({})).toEqual({ seed: undefined, startMs: undefined, utcOffsetHours: undefined, incidents: [], faultRates: undefined });
  });

  it('reads seed, start, UTC offset and repeated incidents', () => {
    const args = sut({
      seed: '7',
      start: '2026-11-27T00:00:00+08:00',
      'utc-offset': '-5',
      incident: ['A_B:1:2026-11-27T08:00:00+08:00:2026-11-27T09:00:00+08:00', 'C_D:2:2026-11-27T10:00:00Z:2026-11-27T10:30:00Z'],
    });
    expect(args).toMatchObject({ seed: 7, startMs: Date.parse('2026-11-26T16:00:00Z'), utcOffsetHours: -5 });
    expect(args.incidents).toEqual([
      { linkId: 'A_B', lanesClosed: 1, startMs: Date.parse('2026-11-27T00:00:00Z'), endMs: Date.parse('2026-11-27T01:00:00Z') },
      { linkId: 'C_D', lanesClosed: 2, startMs: Date.parse('2026-11-27T10:00:00Z'), endMs: Date.parse('2026-11-27T10:30:00Z') },
    ]);
  });

  it('turns faults off, or overrides single rates on top of the defaults', () => {
    expect(sut({ 'no-faults': true }).faultRates).toBe(NO_FAULTS);
    expect(sut({ 'no-faults': false }).faultRates).toBeUndefined();
    expect(sut({ 'stuck-on-per-day': '1', 'chattering-per-day': '0', 'dropout-share': '0.5' }).faultRates).toEqual({
      ...DEFAULT_FAULT_RATES,
      stuckOnPerDay: 1,
      chatteringPerDay: 0,
      dropoutShare: 0.5,
    });
    expect(sut({ 'dead-per-day': '2' }).faultRates).toEqual({ ...DEFAULT_FAULT_RATES, deadPerDay: 2 });
  });

  it('rejects bad values naming the flag', () => {
    expect(() => sut({ seed: '-1' })).toThrow(/--seed/);
    expect(() => sut({ seed: '1.5' })).toThrow(/--seed/);
    expect(() => sut({ start: 'yesterday' })).toThrow(/--start/);
    expect(() => sut({ 'utc-offset': '15' })).toThrow(/--utc-offset/);
    expect(() => sut({ incident: ['A_B:1:2026-11-27T09:00:00Z:2026-11-27T08:00:00Z'] })).toThrow(/incident/);
    expect(() => sut({ 'dead-per-day': '-1' })).toThrow(/--dead-per-day/);
    expect(() => sut({ 'dropout-share': '1.5' })).toThrow(/--dropout-share/);
    expect(() => sut({ 'no-faults': true, 'stuck-on-per-day': '1' })).toThrow(/--no-faults cannot be combined/);
  });
});
