import { DetectorFaultSource } from './detector-fault.source';
import { RecordingSink, measurement, noNames, status } from './recording-sink.spec-helper';

describe(DetectorFaultSource.name, () => {
  let sink: RecordingSink;
  let sut: DetectorFaultSource;

  beforeEach(() => {
    sink = new RecordingSink();
    sut = new DetectorFaultSource(sink, { failedIntervals: 3 }, noNames);
  });

  it('raises only after the configured number of consecutive failed intervals', () => {
    sut.observe(measurement('d1', 'failed'));
    sut.observe(measurement('d1', 'failed'));
    expect(sink.events).toEqual([]);

    sut.observe(measurement('d1', 'failed'));
    expect(sink.events).toEqual([{ op: 'raise', condition: expect.objectContaining({ kind: 'detector-fault', place: { type: 'detector', id: 'd1' }, details: { faultCodes: ['health-failed'], intervals: 3 } }) }]);
  });

  it('restarts the count after a healthy interval and ends a raised condition', () => {
    sut.observe(measurement('d1', 'failed'));
    sut.observe(measurement('d1', 'failed'));
    sut.observe(measurement('d1', 'degraded'));
    sut.observe(measurement('d1', 'failed'));
    sut.observe(measurement('d1', 'failed'));
    expect(sink.events.filter((e) => e.op === 'raise')).toEqual([]);

    sut.observe(measurement('d1', 'failed'));
    sut.observe(measurement('d1', 'ok'));
    expect(sink.summary()).toEqual(['end detector-fault|detector|d1', 'raise detector-fault|detector|d1', 'end detector-fault|detector|d1']);
  });

  it('takes fault codes from the quality diagnosis, and ignores controllers', () => {
    sut.observe(status('i1', false));
    sut.diagnosed('d2', ['stuck-occupancy']);
    sut.diagnosed('d2', []);
    expect(sink.summary()).toEqual(['raise detector-fault|detector|d2', 'end detector-fault|detector|d2']);
    expect(sink.events[0]).toEqual({ op: 'raise', condition: expect.objectContaining({ details: { faultCodes: ['stuck-occupancy'] } }) });
  });
});
