import { MISSING, aggregated, derived, estimated, imputed, measured, weakenTo, weakestProvenance } from './provenance';

describe('provenance', () => {
  it('ranks imputed below estimated below measured, and missing below all', () => {
    expect(weakestProvenance([measured(1), measured(2)])).toBe('measured');
    expect(weakestProvenance([measured(1), estimated(2, 'm')])).toBe('estimated');
    expect(weakestProvenance([estimated(1, 'm'), imputed(2, 'i')])).toBe('imputed');
    expect(weakestProvenance([imputed(1, 'i'), MISSING])).toBe('missing');
  });

  it('never labels a value derived from an imputed input as measured or merely estimated', () => {
    expect(derived(5, 'speed-from-occupancy', [measured(1), measured(2)])).toEqual({ value: 5, provenance: 'estimated', method: 'speed-from-occupancy' });
    expect(derived(5, 'speed-from-occupancy', [measured(1), imputed(2, 'neighbour-regression')]).provenance).toBe('imputed');
    expect(derived(5, 'x', [MISSING])).toEqual(MISSING);
    expect(derived(Number.NaN, 'x', [measured(1)])).toEqual(MISSING);
  });

  it('keeps measured for an aggregate of measurements only', () => {
    expect(aggregated(3, 'sum', [measured(1), measured(2)])).toEqual(measured(3));
    expect(aggregated(3, 'sum', [measured(1), imputed(2, 'i')]).provenance).toBe('imputed');
    expect(aggregated(3, 'sum', []).provenance).toBe('missing');
  });

  it('weakens but never strengthens', () => {
    expect(weakenTo(measured(1), 'estimated', 'scaled').provenance).toBe('estimated');
    expect(weakenTo(imputed(1, 'i'), 'estimated', 'scaled').provenance).toBe('imputed');
    expect(weakenTo(MISSING, 'imputed', 'x')).toEqual(MISSING);
  });
});
