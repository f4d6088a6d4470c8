/** The detector × day matrix the quality heat map draws and exports. */
import type { DailyQualityAnswer, DetectorQualityDay } from '@arterial/contracts/api/v1';

export interface QualityCell extends DetectorQualityDay {
  detectorId: string;
}

export interface QualityMatrix {
  /** Every local day of the range (YYYY-MM-DD), oldest first, those without any report included. */
  days: string[];
  /** Detector ids, worst score first, so the ones needing a visit are at the top. */
  detectors: string[];
  /** One per detector and day with a report; a missing pair has no cell. */
  cells: QualityCell[];
  /** Detector × day pairs of the matrix without a report. */
  missing: number;
}

export function qualityMatrix(answer: DailyQualityAnswer | undefined): QualityMatrix {
  if (!answer) return { days: [], detectors: [], cells: [], missing: 0 };
  const cells: QualityCell[] = answer.detectors.flatMap(({ detectorId, days }) => days.map((d) => ({ ...d, detectorId })));
  const worst = new Map<string, number>();
  for (const c of cells) worst.set(c.detectorId, Math.min(worst.get(c.detectorId) ?? Infinity, c.score));
  const detectors = [...worst.keys()].sort((a, b) => (worst.get(a) ?? 0) - (worst.get(b) ?? 0) || a.localeCompare(b));
  return { days: answer.days, detectors, cells, missing: detectors.length * answer.days.length - cells.length };
}
