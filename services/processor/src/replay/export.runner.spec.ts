import type { RecordingLine } from '@arterial/contracts/api/v1';
import { InMemoryTimeSeriesStore } from '../storage/in-memory-time-series-store';
import type { TimeRange } from '../storage/time-series-store';
import { measurement } from '../storage/time-series-store.suite';
import { exportRecording } from './export.runner';

describe(exportRecording.name, () => {
  const base = 1_772_409_600_000;

  it('writes every recorded message in [from, to) once, in time order, one window per query', async () => {
    const store = new InMemoryTimeSeriesStore();
    store.write([
      measurement('d2', base + 70_000),
      measurement('d1', base + 10_000),
      measurement('d1', base + 130_000),
      { kind: 'controller-status', intersectionId: 'i1', payload: { ts: base + 59_999, online: false, firmware: 'fw', faults: [] } },
      { kind: 'plan-ack', intersectionId: 'i1', payload: { planId: 'p', accepted: true }, receivedAt: base + 60_000 },
      measurement('d1', base + 180_000), // at `to`: left out
    ]);
    const windows: TimeRange[] = [];
    const sut = { rawRecords: (range: TimeRange) => (windows.push(range), store.rawRecords(range)) };
    const lines: RecordingLine[] = [];

    const count = await exportRecording({ store: sut, fromMs: base, toMs: base + 180_000, windowMs: 60_000, write: async (l) => void lines.push(l) });

    expect(count).toBe(5);
    expect(lines.map((l) => [l.topic, l.receivedAt - base])).toEqual([
      ['arterial/v1/detectors/d1/measurement', 10_000],
      ['arterial/v1/controllers/i1/status', 59_999],
      ['arterial/v1/controllers/i1/plan/ack', 60_000],
      ['arterial/v1/detectors/d2/measurement', 70_000],
      ['arterial/v1/detectors/d1/measurement', 130_000],
    ]);
    expect(lines[2]?.payload).toEqual({ planId: 'p', accepted: true });
    expect(windows.map((w) => [w.fromMs - base, w.toMs - base])).toEqual([
      [0, 60_000],
      [60_000, 120_000],
      [120_000, 180_000],
    ]);
  });

  it('refuses a window that is not positive', async () => {
    await expect(exportRecording({ store: new InMemoryTimeSeriesStore(), fromMs: 0, toMs: 1, windowMs: 0, write: async () => undefined })).rejects.toThrow(/positive/);
  });
});
