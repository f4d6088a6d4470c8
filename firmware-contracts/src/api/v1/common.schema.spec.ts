import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Type } from '@sinclair/typebox';
import { QueryTime } from './common.schema';

describe(QueryTime.name, () => {
  const sut = TypeCompiler.Compile(Type.Object({ t: QueryTime('a time') }));

  it.each([
    ['1735689600000', 1735689600000],
    ['2025-01-01', Date.UTC(2025, 0, 1)],
    ['2025-01-01T08:30:00Z', Date.UTC(2025, 0, 1, 8, 30)],
    ['2025-01-01T08:30', Date.UTC(2025, 0, 1, 8, 30)],
    ['2025-01-01T08:30:00.250+08:00', Date.UTC(2025, 0, 1, 0, 30, 0, 250)],
  ])('decodes %s to epoch ms', (text, ms) => {
    expect(sut.Check({ t: text })).toBe(true);
    expect(sut.Decode({ t: text })).toEqual({ t: ms });
  });

  it.each(['yesterday', '1.5e12', '', '2025-1-1'])('refuses %j by its pattern', (text) => {
    expect(sut.Check({ t: text })).toBe(false);
  });

  it('refuses an impossible date when decoding', () => {
    expect(sut.Check({ t: '2025-13-45' })).toBe(true);
    expect(() => sut.Decode({ t: '2025-13-45' })).toThrow(/not a valid time/);
  });
});
