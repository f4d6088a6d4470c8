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
});
