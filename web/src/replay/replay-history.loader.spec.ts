import { MAX_BULK_HISTORY_CELLS } from '@arterial/contracts/api/v1';
import { replayStepS } from './replay-history.loader';

const HOUR_MS = 3_600_000;

describe(replayStepS.name, () => {
  const sut = replayStepS;

  it('picks a round step of about 720 buckets', () => {
    expect(sut(0, HOUR_MS)).toBe(10);
    expect(sut(0, 6 * HOUR_MS)).toBe(30);
    expect(sut(0, 24 * HOUR_MS)).toBe(300);
  });

  it("widens it until a big network's links × buckets fit the bulk routes' limit", () => {
    const stepS = sut(0, 24 * HOUR_MS, 5_001);
    expect(stepS).toBe(3600);
    expect(Math.ceil((24 * 3600) / stepS) * 5_001).toBeLessThanOrEqual(MAX_BULK_HISTORY_CELLS);
    expect(sut(0, HOUR_MS, 5_001)).toBe(300);
  });
});
