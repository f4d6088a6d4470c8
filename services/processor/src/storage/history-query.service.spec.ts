import { defaultStepS, HistoryQueryService, MAX_SERIES_POINTS } from './history-query.service';
import { InMemoryTimeSeriesStore } from './in-memory-time-series-store';
import { InvalidRangeError } from './storage.errors';
import { kpi, measurement } from './time-series-store.suite';

describe(HistoryQueryService.name, () => {
  const base = 1_700_000_000_000 - (1_700_000_000_000 % 3600_000);
  let store: InMemoryTimeSeriesStore;
  let sut: HistoryQueryService;

  beforeEach(() => {
    store = new InMemoryTimeSeriesStore();
    sut = new HistoryQueryService(store);
  });

  it('picks a default step that keeps the series near 360 buckets', async () => {
    store.write([measurement('d1', base + 1_000, { volume: 2 }), measurement('d1', base + 2_000, { volume: 3 })]);

    const history = await sut.detectorSeries('d1', { fromMs: base, toMs: base + 3600_000 });

    expect(history.stepS).toBe(10);
    expect(history.points).toEqual([expect.objectContaining({ ts: base, volume: 5, samples: 2 })]);
    expect(defaultStepS({ fromMs: 0, toMs: 86400_000 })).toBe(300);
    expect(defaultStepS({ fromMs: 0, toMs: 1000 })).toBe(1);
  });

  it('rejects reversed or empty ranges, bad steps and too many buckets with InvalidRangeError', async () => {
    await expect(sut.detectorSeries('d1', { fromMs: base, toMs: base })).rejects.toBeInstanceOf(InvalidRangeError);
    await expect(sut.detectorSeries('d1', { fromMs: base, toMs: base - 1 })).rejects.toThrow(/must be before/);
    await expect(sut.detectorSeries('d1', { fromMs: base, toMs: base + 60_000 }, 0)).rejects.toBeInstanceOf(InvalidRangeError);
    await expect(sut.detectorSeries('d1', { fromMs: base, toMs: base + (MAX_SERIES_POINTS + 1) * 1000 }, 1)).rejects.toThrow(/at most 10000/);
    await expect(sut.detectorSeries('d1', { fromMs: Number.NaN, toMs: base })).rejects.toBeInstanceOf(InvalidRangeError);
    await expect(sut.deadLetters({ fromMs: base, toMs: base + 1 }, 0)).rejects.toBeInstanceOf(InvalidRangeError);
  });

  it('answers KPI buckets of an area, refusing bad ranges and more than 10,000 buckets', async () => {
    store.write([kpi('network', base + 60_000, { delayVehH: 1 }), kpi('network', base + 120_000, { delayVehH: 2 })]);

    const history = await sut.kpiSeries('network', { fromMs: base, toMs: base + 3600_000 }, 300);

    expect(history).toEqual({ fromMs: base, toMs: base + 3600_000, stepS: 300, points: [expect.objectContaining({ ts: base, delayVehH: 3, samples: 2 })] });
    await expect(sut.kpiSeries('network', { fromMs: base, toMs: base }, 60)).rejects.toBeInstanceOf(InvalidRangeError);
    await expect(sut.kpiSeries('network', { fromMs: base, toMs: base + 10_001 * 60_000 }, 60)).rejects.toThrow(/at most 10000/);
  });

  it('passes valid state and dead-letter queries through', async () => {
    await expect(sut.intersectionStates('i1', { fromMs: base, toMs: base + 1 })).resolves.toEqual([]);
    await expect(sut.deadLetters({ fromMs: base, toMs: base + 1 }, 10)).resolves.toEqual([]);
  });
});
