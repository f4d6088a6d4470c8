import fc from 'fast-check';
import type { TimeSeriesRecord } from '../storage/time-series-store';
import { encodeRecordLine, predictionFieldsOf } from './record-line.encoder';

describe(encodeRecordLine.name, () => {
  const prediction = (over: Partial<Record<string, unknown>> = {}): TimeSeriesRecord =>
    ({ kind: 'prediction', ts: 1_772_381_100_000, place: { detectorId: 'XA-A1-N-S' }, target: 'flowVph', horizonMin: 5, value: Math.fround(29.10524), lower: 12, upper: 40.5, model: 'ridge', ...over }) as TimeSeriesRecord;

  it('writes a prediction as JSON.stringify does, for any numbers and ids', () => {
    const number = fc.oneof(fc.double(), fc.constantFrom(-0, NaN, Infinity, 1e21, 5e-324), fc.integer());
    fc.assert(
      fc.property(fc.boolean(), fc.string(), fc.string(), number, number, number, number, number, (link, id, model, ts, h, v, lo, hi) => {
        const record = prediction({ ts, place: link ? { linkId: id } : { detectorId: id }, horizonMin: h, value: v, lower: lo, upper: hi, model });
        expect(encodeRecordLine(record)).toBe(JSON.stringify(record));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves a prediction of another shape to JSON.stringify: other key order, extra or missing keys, wrong types', () => {
    const odd: TimeSeriesRecord[] = [
      { ts: 1, kind: 'prediction', place: { detectorId: 'd' }, target: 'flowVph', horizonMin: 5, value: 1, lower: 0, upper: 2, model: 'm' } as TimeSeriesRecord,
      prediction({ extra: true }),
      prediction({ place: { detectorId: 'd', linkId: 'l' } }),
      prediction({ value: '3' }),
      prediction({ upper: undefined }),
    ];
    for (const record of odd) {
      expect(predictionFieldsOf(record)).toBeUndefined();
      expect(encodeRecordLine(record)).toBe(JSON.stringify(record));
    }
  });

  it('writes every other kind with JSON.stringify', () => {
    const kpi = { kind: 'kpi', kpi: { ts: 1, note: 'é€😀' } } as unknown as TimeSeriesRecord;
    expect(encodeRecordLine(kpi)).toBe(JSON.stringify(kpi));
  });
});
