import type { DailyQualityAnswer, DetectorQualityDay } from '@arterial/contracts/api/v1';
import { qualityMatrix } from './quality-matrix';

function report(day: string, score: number): DetectorQualityDay {
  return { day, score, completeness: score / 100, status: score > 60 ? 'good' : 'bad', faults: score === 0 ? ['dead'] : [], warnings: [] };
}

describe(qualityMatrix.name, () => {
  it('keeps every day of the range, lists detectors worst first and counts the missing reports', () => {
    const answer: DailyQualityAnswer = {
      days: ['2026-11-28', '2026-11-29', '2026-11-30'],
      detectors: [
        { detectorId: 'D1', days: [report('2026-11-29', 0)] },
        { detectorId: 'D2', days: [report('2026-11-29', 95), report('2026-11-30', 90)] },
        { detectorId: 'D3', days: [report('2026-11-30', 55)] },
      ],
    };
    const sut = qualityMatrix(answer);
    expect(sut.days).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
    expect(sut.detectors).toEqual(['D1', 'D3', 'D2']);
    expect(sut.cells.find((c) => c.detectorId === 'D1')).toMatchObject({ day: '2026-11-29', score: 0, status: 'bad', faults: ['dead'] });
    expect(sut.cells).toHaveLength(4);
    expect(sut.missing).toBe(5);
  });

  it('is empty before the answer arrives', () => {
    expect(qualityMatrix(undefined)).toEqual({ days: [], detectors: [], cells: [], missing: 0 });
  });
});
