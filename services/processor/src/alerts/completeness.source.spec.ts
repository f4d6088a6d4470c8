import { CompletenessSource, FLOOD_MIN_DETECTORS } from './completeness.source';
import { RecordingSink, measurement, noNames, status } from './recording-sink.spec-helper';

describe(CompletenessSource.name, () => {
  let sink: RecordingSink;
  let sut: CompletenessSource;

  beforeEach(() => {
    sink = new RecordingSink();
    sut = new CompletenessSource(sink, { missedIntervals: 3 }, noNames);
  });

  it('raises when a detector misses more than 3 of its own intervals, and ends when it reports again', () => {
    sut.observe(measurement('d1', 'ok', 10), 0);
    sut.observe(measurement('d2', 'ok', 60), 0);
    sut.tick(39_999);
    expect(sink.events).toEqual([]);

    sut.tick(40_000);
    expect(sink.events).toEqual([{ op: 'raise', condition: expect.objectContaining({ kind: 'completeness-low', place: { type: 'detector', id: 'd1' }, details: { intervals: 4, silentS: 40 } }) }]);

    sut.observe(measurement('d1', 'ok', 10), 41_000);
    expect(sink.summary()).toEqual(['raise completeness-low|detector|d1', 'end completeness-low|detector|d1']);
  });

  it('leaves out detectors never heard from and ignores controllers', () => {
    sut.observe(status('i1', true), 0);
    sut.tick(1_000_000);
    expect(sink.events).toEqual([]);
  });

  it('raises at the same ticks as a walk over every detector on every tick would', () => {
    // a detector that changes to a shorter interval, one heard late, and ticks every second
    const raisedAt: string[] = [];
    const silenceOf = (id: string, atMs: number, intervalS: number) => (nowMs: number) => Math.floor((nowMs - atMs) / (intervalS * 1000)) > 3 ? [`${id}@${nowMs}`] : [];
    sut.observe(measurement('d1', 'ok', 60), 0);
    sut.observe(measurement('d1', 'ok', 10), 5_000);
    const checks = [silenceOf('d1', 5_000, 10)];
    for (let now = 6_000; now <= 120_000; now += 1000) {
      if (now === 30_000) {
        sut.observe(measurement('d2', 'ok', 5), now);
        checks.push(silenceOf('d2', now, 5));
      }
      const before = sink.events.length;
      sut.tick(now);
      for (const e of sink.events.slice(before)) if (e.op === 'raise') raisedAt.push(`${e.condition.place.id}@${now}`);
      expect(raisedAt.filter((r) => r.endsWith(`@${now}`))).toEqual(checks.flatMap((c) => c(now)));
    }
    expect(raisedAt[0]).toBe('d1@45000');
    expect(raisedAt).toContain('d2@50000');
  });

  it('raises one network alert instead of one per detector when many fall silent at once, and hands back when it ends', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `d${i}`);
    for (const id of ids) sut.observe(measurement(id, 'ok', 10), 0);
    // 30 keep reporting, 70 fall silent (≥ 20 and ≥ 25 % of 100): a flood.
    for (let now = 10_000; now <= 40_000; now += 10_000) for (const id of ids.slice(70)) sut.observe(measurement(id, 'ok', 10), now);
    sut.tick(40_000);
    expect(sink.summary()).toEqual(['raise completeness-low|network|network']);
    expect(sink.events[0]).toEqual({ op: 'raise', condition: expect.objectContaining({ severity: 'critical', details: { detectors: 70, silentS: 40 } }) });
    // All but 10 come back: below the threshold the flood ends and the 10 still silent are raised one by one.
    for (const id of ids.slice(10)) sut.observe(measurement(id, 'ok', 10), 45_000);
    sut.tick(45_000);
    expect(sink.summary().slice(1)).toEqual(['end completeness-low|network|network', ...ids.slice(0, 10).map((id) => `raise completeness-low|detector|${id}`)]);
  });

  it('keeps per-detector alerts below the flood threshold (a cabinet of loops going quiet)', () => {
    const ids = Array.from({ length: FLOOD_MIN_DETECTORS - 1 }, (_, i) => `d${i}`);
    for (const id of ids) sut.observe(measurement(id, 'ok', 10), 0);
    sut.tick(40_000);
    expect(sink.summary()).toEqual(ids.map((id) => `raise completeness-low|detector|${id}`));
  });
});
