import { CompletenessSource } from './completeness.source';
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
});
